#!/usr/bin/env python3
"""Writes fixtures/BL105, BL203, BL204, BL205, BL303 and BL401 (valid/ and invalid/ cases of the guest rules).

The ARM cases carry their guest text encoded (literal base64, gzip+base64) or as a variable passed to base64();
the decoded text is repeated under the template's `metadata.decodedGuestText` so a reader can see it. Run from the
repository root: python3 scripts/make-guest-fixtures.py (it rewrites those six folders).
"""
import base64, gzip, json, os, shutil

ROOT = 'fixtures'

def b64(text): return base64.b64encode(text.encode()).decode()
def gz64(text): return base64.b64encode(gzip.compress(text.encode(), mtime=0)).decode()
def utf16(text): return base64.b64encode(text.encode('utf-16-le')).decode()

LINUX_IMAGE = {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server", "version": "latest"}
WINDOWS_IMAGE = {"publisher": "MicrosoftWindowsServer", "offer": "WindowsServer", "sku": "2022-datacenter-azure-edition", "version": "latest"}

def arm_vm(name, os_, custom_data=None):
    profile = {"computerName": name, "adminUsername": "azureuser"}
    profile["linuxConfiguration" if os_ == 'linux' else "windowsConfiguration"] = {"provisionVMAgent": True}
    if custom_data is not None: profile["customData"] = custom_data
    return {
        "type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-07-01", "name": name, "location": "westeurope",
        "properties": {
            "hardwareProfile": {"vmSize": "Standard_B2s"}, "osProfile": profile,
            "storageProfile": {"imageReference": LINUX_IMAGE if os_ == 'linux' else WINDOWS_IMAGE},
            "networkProfile": {"networkInterfaces": [{"id": f"[resourceId('Microsoft.Network/networkInterfaces', '{name}-nic')]"}]},
        },
    }

def arm_extension(vm, publisher, handler, settings_key, command):
    return {
        "type": "Microsoft.Compute/virtualMachines/extensions", "apiVersion": "2024-07-01", "name": f"{vm}/setup",
        "location": "westeurope",
        "dependsOn": [f"[resourceId('Microsoft.Compute/virtualMachines', '{vm}')]"],
        "properties": {"publisher": publisher, "type": handler, "typeHandlerVersion": "2.1" if 'Azure' in publisher else "1.10",
                       "autoUpgradeMinorVersion": True, settings_key: {"commandToExecute": command}},
    }

def arm_run_command(vm, script):
    return {
        "type": "Microsoft.Compute/virtualMachines/runCommands", "apiVersion": "2024-07-01", "name": f"{vm}/configure",
        "location": "westeurope", "dependsOn": [f"[resourceId('Microsoft.Compute/virtualMachines', '{vm}')]"],
        "properties": {"source": {"script": script}},
    }

def arm_nic(name, static=False):
    config = {"privateIPAllocationMethod": "Static" if static else "Dynamic",
              "subnet": {"id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'app-vnet', 'app')]"}}
    if static: config["privateIPAddress"] = "10.0.0.4"
    return {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2024-05-01", "name": name, "location": "westeurope",
            "properties": {"ipConfigurations": [{"name": "ipconfig1", "properties": config}]}}

def arm_template(resources, decoded, variables=None):
    template = {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                "contentVersion": "1.0.0.0", "metadata": {"decodedGuestText": decoded.split('\n')}}
    if variables: template["variables"] = variables
    template["resources"] = resources
    return json.dumps(template, indent=2) + '\n'

def line_of(text, needle, after=None):
    lines = text.split('\n')
    start = 0
    if after:
        start = next(i for i, l in enumerate(lines) if after in l)
    return next(i for i, l in enumerate(lines) if i >= start and needle in l) + 1

def tf_vm(os_, name, custom_data_expr):
    kind = 'azurerm_linux_virtual_machine' if os_ == 'linux' else 'azurerm_windows_virtual_machine'
    image = LINUX_IMAGE if os_ == 'linux' else WINDOWS_IMAGE
    extra = '  admin_password        = var.admin_password\n' if os_ == 'windows' else ''
    return f'''resource "{kind}" "{name}" {{
  name                  = "{name}"
  resource_group_name   = "app-rg"
  location              = "westeurope"
  size                  = "Standard_B2s"
  admin_username        = "azureuser"
{extra}  network_interface_ids = []
  custom_data           = {custom_data_expr}

  os_disk {{
    caching              = "ReadWrite"
    storage_account_type = "Standard_LRS"
  }}

  source_image_reference {{
    publisher = "{image['publisher']}"
    offer     = "{image['offer']}"
    sku       = "{image['sku']}"
    version   = "latest"
  }}
}}
'''

def tf_vars(os_, template_var):
    out = ''
    if os_ == 'windows': out += 'variable "admin_password" {\n  type      = string\n  sensitive = true\n}\n\n'
    if template_var: out += f'variable "{template_var}" {{\n  type = string\n}}\n\n'
    return out

def tf_extension(vm_kind, vm, publisher, handler, command):
    return f'''
resource "azurerm_virtual_machine_extension" "setup" {{
  name                 = "setup"
  virtual_machine_id   = {vm_kind}.{vm}.id
  publisher            = "{publisher}"
  type                 = "{handler}"
  type_handler_version = "2.1"

  settings = jsonencode({{
    commandToExecute = {json.dumps(command)}
  }})
}}
'''

class Rule:
    def __init__(self, rule):
        self.rule = rule
        self.expected = {}
        self.notes = {}
        base = os.path.join(ROOT, rule)
        shutil.rmtree(base, ignore_errors=True)
        os.makedirs(os.path.join(base, 'valid'))
        os.makedirs(os.path.join(base, 'invalid'))
        self.base = base

    def write(self, kind, rel, text):
        path = os.path.join(self.base, kind, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f: f.write(text)

    def expect(self, case, file, line, resource):
        self.expected.setdefault(case, []).append((file, line, resource))

    def note(self, case, text):
        """A comment written above the case in expected.yaml: what the case shows."""
        self.notes[case] = text

    # ---- ARM cases
    def arm_custom_data(self, kind, case, os_, text, encoding, vm=None):
        vm = vm or f"{self.rule.lower()}-{case.split('.')[0]}"[:40]
        variables = None
        if encoding == 'base64': value = b64(text)
        elif encoding == 'gzip': value = gz64(text)
        elif encoding == 'variable':
            value = "[base64(variables('guestScript'))]"
            variables = {"guestScript": text}
        resources = [arm_vm(vm, os_, value)]
        doc = arm_template(resources, text, variables)
        self.write(kind, case, doc)
        if kind == 'invalid': self.expect(case, case, line_of(doc, '"customData"'), vm)

    def arm_extension_case(self, kind, case, os_, publisher, handler, settings_key, command, nic_static=False):
        vm = f"{self.rule.lower()}-{case.split('.')[0]}"[:40]
        resources = [arm_vm(vm, os_), arm_extension(vm, publisher, handler, settings_key, command)]
        if nic_static: resources.append(arm_nic(f"{vm}-nic", static=True))
        doc = arm_template(resources, command)
        self.write(kind, case, doc)
        if kind == 'invalid': self.expect(case, case, line_of(doc, '"commandToExecute"'), vm)

    def arm_run_command_case(self, kind, case, os_, script):
        vm = f"{self.rule.lower()}-{case.split('.')[0]}"[:40]
        doc = arm_template([arm_vm(vm, os_), arm_run_command(vm, script)], script)
        self.write(kind, case, doc)
        if kind == 'invalid': self.expect(case, case, line_of(doc, '"script"'), vm)

    # ---- Terraform cases
    def tf_file(self, kind, case, os_, filename, text, needle=None):
        name = 'app'
        kind_tf = 'azurerm_linux_virtual_machine' if os_ == 'linux' else 'azurerm_windows_virtual_machine'
        main = tf_vars(os_, None) + tf_vm(os_, name, f'base64encode(file("${{path.module}}/{filename}"))')
        self.write(kind, f'{case}/main.tf', main)
        self.write(kind, f'{case}/{filename}', text)
        # The finding points at the line of the file that file() read.
        if kind == 'invalid': self.expect(case, f'{case}/{filename}', line_of(text, needle), f'{kind_tf}.{name}')

    def tf_templatefile(self, kind, case, os_, filename, text, var, needle=None):
        name = 'app'
        kind_tf = 'azurerm_linux_virtual_machine' if os_ == 'linux' else 'azurerm_windows_virtual_machine'
        main = tf_vars(os_, var) + tf_vm(os_, name, f'base64encode(templatefile("${{path.module}}/{filename}", {{ {var} = var.{var} }}))')
        self.write(kind, f'{case}/main.tf', main)
        self.write(kind, f'{case}/{filename}', text)
        # The finding points at the template's line (interpolations matched as wildcards).
        if kind == 'invalid': self.expect(case, f'{case}/{filename}', line_of(text, needle), f'{kind_tf}.{name}')

    def tf_extension_case(self, kind, case, os_, publisher, handler, command):
        kind_tf = 'azurerm_linux_virtual_machine' if os_ == 'linux' else 'azurerm_windows_virtual_machine'
        main = tf_vars(os_, None) + tf_vm(os_, 'app', 'null') + tf_extension(kind_tf, 'app', publisher, handler, command)
        self.write(kind, f'{case}/main.tf', main)
        if kind == 'invalid': self.expect(case, f'{case}/main.tf', line_of(main, 'settings = '), f'{kind_tf}.app')

    def finish(self):
        lines = [f'# {self.rule}: the findings each invalid case must produce (and no other {self.rule} finding); file is relative to this folder.']
        for case in sorted(self.expected):
            if case in self.notes: lines.append(f'# {self.notes[case]}')
            lines.append(f'{case}:')
            for file, line, resource in self.expected[case]:
                lines.append(f'  - {{ rule: {self.rule}, file: {file}, line: {line}, resource: {resource} }}')
        self.write('invalid', 'expected.yaml', '\n'.join(lines) + '\n')

LINUX_CSE = ('Microsoft.Azure.Extensions', 'CustomScript')

# A data "cloudinit_config" whose rendered MIME message is the VM's custom_data.
CLOUDINIT_CONFIG_MAIN = '''# custom_data from the cloudinit provider's data source: its parts are read as the guest runs them.
data "cloudinit_config" "init" {
  gzip          = true
  base64_encode = true

  part {
    content_type = "text/cloud-config"
    content      = yamlencode({ packages = ["nginx"] })
  }

  part {
    content_type = "text/x-shellscript"
    content      = <<-EOT
      #!/bin/bash
      systemctl disable --now walinuxagent
    EOT
  }
}

resource "azurerm_linux_virtual_machine" "app" {
  name                  = "app"
  resource_group_name   = "app-rg"
  location              = "westeurope"
  size                  = "Standard_B2s"
  admin_username        = "azureuser"
  network_interface_ids = []
  custom_data           = data.cloudinit_config.init.rendered

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Standard_LRS"
  }

  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
}
'''
WINDOWS_CSE = ('Microsoft.Compute', 'CustomScriptExtension')

# ---------------------------------------------------------------- BL401
r = Rule('BL401')
r.arm_custom_data('invalid', 'arm-literal-base64.json', 'linux', '''#cloud-config
package_update: true
packages:
  - nginx
write_files:
  - path: /etc/netplan/60-static.yaml
    permissions: '0600'
    content: |
      network:
        version: 2
        ethernets:
          eth0:
            dhcp4: false
            addresses: [10.0.0.4/24]
            routes:
              - to: default
                via: 10.0.0.1
runcmd:
  - netplan apply
''', 'base64')
r.arm_custom_data('invalid', 'arm-base64-variable.json', 'linux', '''#cloud-config
write_files:
  - path: /etc/sysconfig/network-scripts/ifcfg-eth0
    content: |
      DEVICE=eth0
      ONBOOT=yes
      BOOTPROTO=static
      IPADDR=10.0.0.5
      NETMASK=255.255.255.0
''', 'variable')
r.arm_custom_data('invalid', 'arm-gzip.json', 'linux', '''#!/bin/bash
set -euo pipefail
nmcli connection modify "System eth0" ipv4.method manual ipv4.addresses 10.0.0.6/24 ipv4.gateway 10.0.0.1
nmcli connection up "System eth0"
''', 'gzip')
r.arm_run_command_case('invalid', 'arm-run-command-windows.json', 'windows', '''$ErrorActionPreference = 'Stop'
New-NetIPAddress -InterfaceAlias 'Ethernet' -IPAddress 10.0.0.7 -PrefixLength 24 -DefaultGateway 10.0.0.1
''')
r.arm_extension_case('invalid', 'arm-cse-netsh.json', 'windows', *WINDOWS_CSE, 'settings',
    'netsh interface ip set address name="Ethernet" static 10.0.0.8 255.255.255.0 10.0.0.1 && ipconfig /all')
r.tf_file('invalid', 'tf-file', 'linux', 'cloud-init.sh', '''#!/bin/bash
apt-get update
cat > /etc/network/interfaces.d/50-static <<EOF
auto eth0
iface eth0 inet static
  address 10.0.0.9
  netmask 255.255.255.0
EOF
''', needle='inet static')
r.tf_templatefile('invalid', 'tf-templatefile', 'windows', 'setup.ps1.tpl', '''<powershell>
Rename-Computer -NewName "${hostname}" -Force
Set-NetIPInterface -InterfaceAlias Ethernet -Dhcp Disabled
</powershell>
''', 'hostname', needle='Set-NetIPInterface')
# Look-alikes: a static IP on the NIC, DHCP configurations, commands that are only printed, commented or read.
r.arm_custom_data('valid', 'arm-nic-static-dhcp-guest.json', 'linux', '''#cloud-config
write_files:
  - path: /etc/netplan/60-dhcp.yaml
    content: |
      network:
        version: 2
        ethernets:
          eth0:
            dhcp4: true
''', 'base64')
doc = arm_template([arm_vm('bl401-nic-static', 'linux'), arm_nic('bl401-nic-static-nic', static=True)], '')
r.write('valid', 'arm-nic-static.json', doc)
r.arm_custom_data('valid', 'arm-dhcp-look-alikes.json', 'linux', '''#!/bin/bash
# nmcli connection modify eth0 ipv4.method manual
echo "BOOTPROTO=static is not what we want"
cat <<EOF
iface eth0 inet static
EOF
cat > /etc/sysconfig/network-scripts/ifcfg-eth0 <<EOF
BOOTPROTO=dhcp
EOF
cat > /etc/network/interfaces.d/60-dhcp <<EOF
iface eth0 inet dhcp
iface lo inet static
EOF
nmcli connection modify eth0 ipv4.method auto
''', 'gzip')
r.tf_file('valid', 'tf-powershell-look-alikes', 'windows', 'setup.ps1', '''#ps1_sysnative
# New-NetIPAddress -IPAddress 10.0.0.4
Write-Host "New-NetIPAddress is not used here"
Get-NetIPAddress -InterfaceAlias Ethernet
Set-NetIPInterface -InterfaceAlias Ethernet -Dhcp Enabled
''')
r.finish()

# ---------------------------------------------------------------- BL203
r = Rule('BL203')
r.arm_custom_data('invalid', 'arm-literal-base64.json', 'linux', '''#!/bin/bash
apt-get update
systemctl disable --now walinuxagent
''', 'base64')
r.arm_custom_data('invalid', 'arm-base64-variable.json', 'linux', '''#cloud-config
runcmd:
  - [systemctl, mask, walinuxagent.service]
''', 'variable')
r.arm_custom_data('invalid', 'arm-gzip.json', 'linux', '''#cloud-config
write_files:
  - path: /etc/waagent.conf
    append: true
    content: |
      Extensions.Enabled=n
''', 'gzip')
mime = '''Content-Type: multipart/mixed; boundary="==BOUNDARY=="
MIME-Version: 1.0

--==BOUNDARY==
Content-Type: text/cloud-config; charset="us-ascii"

#cloud-config
package_update: true

--==BOUNDARY==
Content-Type: text/x-shellscript; charset="us-ascii"

#!/bin/sh
service walinuxagent stop
--==BOUNDARY==--
'''
r.arm_custom_data('invalid', 'arm-mime-multipart.json', 'linux', mime, 'base64')
r.arm_extension_case('invalid', 'arm-cse-linux-protected.json', 'linux', *LINUX_CSE, 'protectedSettings',
    "sed -i 's/^Extensions.Enabled=y/Extensions.Enabled=n/' /etc/waagent.conf")
r.arm_extension_case('invalid', 'arm-cse-windows.json', 'windows', *WINDOWS_CSE, 'settings',
    'powershell -ExecutionPolicy Unrestricted -Command "Stop-Service -Name WindowsAzureGuestAgent -Force"')
r.tf_file('invalid', 'tf-file', 'linux', 'init.sh', '''#!/bin/bash
apt-get purge -y walinuxagent
''', needle='apt-get purge')
r.tf_templatefile('invalid', 'tf-templatefile', 'windows', 'setup.ps1.tpl', '''#ps1_sysnative
Rename-Computer -NewName "${hostname}" -Force
Set-Service -Name RdAgent -StartupType Disabled
''', 'hostname', needle='Set-Service')
r.tf_extension_case('invalid', 'tf-extension', 'linux', *LINUX_CSE, 'systemctl stop walinuxagent && echo done')
# Look-alikes: restarting the agent, installing it from the distribution, printed and commented commands.
r.arm_custom_data('valid', 'arm-restart-and-install.json', 'linux', '''#!/bin/bash
# systemctl stop walinuxagent
echo "never run: systemctl stop walinuxagent"
apt-get install -y walinuxagent
systemctl restart walinuxagent
systemctl enable walinuxagent
cat <<EOF
systemctl mask walinuxagent
EOF
sed -i 's/^Extensions.Enabled=n/Extensions.Enabled=y/' /etc/waagent.conf
''', 'base64')
r.arm_extension_case('valid', 'arm-cse-windows-restart.json', 'windows', *WINDOWS_CSE, 'settings',
    'powershell -Command "Restart-Service -Name WindowsAzureGuestAgent; Get-Service RdAgent"')
# BL203: a PowerShell variable that stands for the agent's name; a script block stored and never run.
r.tf_file('invalid', 'tf-file-variable', 'windows', 'setup.ps1', '''#ps1_sysnative
$agent = 'WindowsAzureGuestAgent'
Write-Host "Configuring $agent"
Stop-Service -Name $agent -Force
Set-Service -Name $agent -StartupType Disabled
''', needle='Stop-Service')
r.arm_run_command_case('invalid', 'arm-run-command-variable.json', 'windows', '''$ErrorActionPreference = 'Stop'
$services = 'Spooler', 'WindowsAzureGuestAgent'
foreach ($name in $services) { Write-Host "stopping $name" }
$services | Stop-Service -Force
''')
r.note('arm-run-command-variable.json', "A PowerShell variable holding the agent's name among others, piped into Stop-Service.")
r.arm_run_command_case('valid', 'arm-run-command-block-never-run.json', 'windows', '''$ErrorActionPreference = 'Stop'
# Kept for troubleshooting; never run by this script.
$disableAgent = { Set-Service WindowsAzureGuestAgent -StartupType Disabled }
Install-WindowsFeature -Name Web-Server
''')
r.tf_file('valid', 'tf-file-variable-reassigned', 'windows', 'setup.ps1', '''#ps1_sysnative
$svc = 'WindowsAzureGuestAgent'
Stop-Service -Name $svc
Copy-Item C:\\agent\\config.xml C:\\WindowsAzure\\config.xml
Start-Service -Name $svc
$svc = 'Spooler'
Set-Service -Name $svc -StartupType Disabled
''')
# BL203: a PowerShell variable built from others (`+`, "…$agent"); one built from a file's content.
r.tf_file('invalid', 'tf-file-derived-variable', 'windows', 'setup.ps1', '''#ps1_sysnative
$agent = 'WindowsAzure' + 'GuestAgent'
$agentKey = "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\$agent"
Write-Host "Disabling $agent"
Set-ItemProperty -Path $agentKey -Name Start -Value 4
''', needle='Set-ItemProperty')
r.note('tf-file-derived-variable', "The agent's registry key in a PowerShell variable built from another, itself built with +.")
r.tf_file('valid', 'tf-file-derived-from-command', 'windows', 'setup.ps1', '''#ps1_sysnative
$suffix = Get-Content C:\\config\\service-suffix.txt
$service = 'BackupHelper' + $suffix
Set-ItemProperty -Path "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\$service" -Name Start -Value 4
''')
# BL203: a PowerShell variable reassigned from its own value ("$agent"): the value before; one given another value after.
r.tf_file('invalid', 'tf-file-variable-self-assigned', 'windows', 'setup.ps1', '''#ps1_sysnative
$agent = 'WindowsAzureGuestAgent'
# As a string, whatever was assigned above.
$agent = "$agent"
Stop-Service -Name $agent -Force
''', needle='Stop-Service')
r.note('tf-file-variable-self-assigned', "A PowerShell variable holding the agent's name, reassigned from its own value before the read.")
r.tf_file('valid', 'tf-file-variable-self-assigned-changed', 'windows', 'setup.ps1', '''#ps1_sysnative
$service = 'WindowsAzure'
$service = "${service}Telemetry"
Stop-Service -Name $service -Force
''')
# BL203: a ForEach-Object block fed a list of literals, $_ the agent's name in one pass; the same list filtered by Where-Object.
r.tf_file('invalid', 'tf-file-foreach-object', 'windows', 'setup.ps1', '''#ps1_sysnative
# Services this image does not need.
$unneeded = 'Fax', 'XblGameSave', 'WindowsAzureGuestAgent'
$unneeded | ForEach-Object {
  Set-Service -Name $_ -StartupType Disabled
}
''', needle='Set-Service')
r.note('tf-file-foreach-object', "A ForEach-Object block fed a list of literals, one of them the agent's name: the finding is the line that reads $_.")
r.tf_file('valid', 'tf-file-foreach-object-filtered', 'windows', 'setup.ps1', '''#ps1_sysnative
$services = 'Fax', 'XblGameSave', 'WindowsAzureGuestAgent'
# Keep the Azure agent: disable the others only.
$services | Where-Object { $_ -notlike 'WindowsAzure*' } | ForEach-Object {
  Set-Service -Name $_ -StartupType Disabled
}
''')
# BL203: ForEach-Object -Begin/-Process/-End (the grammar gives an ERROR node for each parameter name): the -Process block
# read once per literal; the same service stopped for a copy and started again, both through -Process.
r.tf_file('invalid', 'tf-file-foreach-object-process', 'windows', 'setup.ps1', '''#ps1_sysnative
$unneeded = 'Fax', 'XblGameSave', 'WindowsAzureGuestAgent'
$unneeded | ForEach-Object -Begin {
  Write-Host 'Disabling the services this image does not need'
} -Process {
  Set-Service -Name $_ -StartupType Disabled
} -End {
  Write-Host 'Done'
}
''', needle='Set-Service')
r.note('tf-file-foreach-object-process', "ForEach-Object -Process fed a list of literals, one of them the agent's name: the finding is the line that reads $_.")
# BL203: ForEach-Object parameter mixes the grammar gives as one ERROR node: -ThrottleLimit before -Parallel, and
# -Process given two blocks as one array (the first runs as -Begin).
r.tf_file('invalid', 'tf-file-foreach-object-parallel-throttled', 'windows', 'setup.ps1', '''#ps1_sysnative
$unneeded = 'Fax', 'XblGameSave', 'WindowsAzureGuestAgent'
$unneeded | ForEach-Object -ThrottleLimit 2 -Parallel {
  Stop-Service -Name $_ -Force
}
''', needle='Stop-Service')
r.note('tf-file-foreach-object-parallel-throttled', "ForEach-Object -ThrottleLimit 2 -Parallel fed literals, one of them the agent's name: the finding is the line that reads $_.")
r.tf_file('invalid', 'tf-file-foreach-object-process-array', 'windows', 'setup.ps1', '''#ps1_sysnative
'Fax', 'RdAgent' | ForEach-Object -Process { Write-Host 'Disabling services' },{
  Set-Service -Name $_ -StartupType Disabled
}
''', needle='Set-Service')
r.note('tf-file-foreach-object-process-array', "ForEach-Object -Process {a},{b}: the first block runs as -Begin, the second once per literal, one of them the agent's name.")
# BL203: ForEach-Object's parameters after the block (the form of its documentation), which the grammar makes an ERROR
# of (the value a statement of its own, a switch swallowing the next lines): read from a copy where ForEach-Object
# parses as a plain command. A filtered list stays silent; a throttle limit in a variable is not read (as before).
r.tf_file('invalid', 'tf-file-foreach-object-parallel-trailing', 'windows', 'setup.ps1', '''#ps1_sysnative
$unneeded = 'Fax', 'XblGameSave', 'WindowsAzureGuestAgent'
$unneeded | ForEach-Object -Parallel {
  Stop-Service -Name $_ -Force
} -ThrottleLimit 5 -AsJob
Get-Job | Wait-Job
''', needle='Stop-Service')
r.note('tf-file-foreach-object-parallel-trailing', "ForEach-Object -Parallel { … } -ThrottleLimit 5 -AsJob fed literals, one of them the agent's name: the finding is the line that reads $_.")
r.tf_file('valid', 'tf-file-foreach-object-parallel-trailing-filtered', 'windows', 'setup.ps1', '''#ps1_sysnative
$services = 'Fax', 'XblGameSave', 'WindowsAzureGuestAgent'
$services | Where-Object { $_ -notlike 'WindowsAzure*' } | ForEach-Object -Parallel {
  Set-Service -Name $_ -StartupType Disabled
} -ThrottleLimit 5
''')
r.tf_file('valid', 'tf-file-foreach-object-parallel-limit-variable', 'windows', 'setup.ps1', '''#ps1_sysnative
$limit = 5
'WindowsAzureGuestAgent' | ForEach-Object -Parallel {
  Stop-Service -Name $_ -Force
} -ThrottleLimit $limit
''')
r.tf_file('valid', 'tf-file-foreach-object-process-restarted', 'windows', 'setup.ps1', '''#ps1_sysnative
$maintenance = 'WindowsAzureGuestAgent', 'RdAgent'
$maintenance | ForEach-Object -Process { Stop-Service -Name $_ -Force }
Copy-Item C:\\agent\\config.xml C:\\WindowsAzure\\config.xml
$maintenance | ForEach-Object -Process { Start-Service -Name $_ }
''')
# BL203: variables built from a loop's variable, assigned anew in every pass before the read ($_ of a ForEach-Object fed
# literals, a foreach's variable); one copied from a foreach's variable and read after the loop (the last item only).
r.tf_file('invalid', 'tf-file-foreach-object-derived', 'windows', 'setup.ps1', '''#ps1_sysnative
$unneeded = 'Fax', 'XblGameSave', 'WindowsAzureGuestAgent'
$unneeded | ForEach-Object {
  $key = "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\$_"
  Set-ItemProperty -Path $key -Name Start -Value 4
}
''', needle='Set-ItemProperty')
r.note('tf-file-foreach-object-derived', "A registry key built from $_ in a ForEach-Object block fed a list of literals: the pass for the agent's name.")
r.tf_file('invalid', 'tf-file-foreach-derived', 'windows', 'setup.ps1', '''#ps1_sysnative
foreach ($service in 'Fax', 'WindowsAzureGuestAgent') {
  $name = "$service"
  Write-Host "Disabling $name"
  Set-Service -Name $name -StartupType Disabled
}
''', needle='Set-Service')
r.note('tf-file-foreach-derived', "A string built from a foreach's variable in its body, before the read: each item in turn, one of them the agent's name.")
r.tf_file('valid', 'tf-file-foreach-copy-after-loop', 'windows', 'setup.ps1', '''#ps1_sysnative
foreach ($service in 'WindowsAzureGuestAgent', 'Fax') {
  Write-Host "Checking $service"
  $last = $service
}
# The last one checked only: Fax.
Set-Service -Name $last -StartupType Disabled
''')
r.tf_file('valid', 'tf-file-foreach-object-if-filtered', 'windows', 'setup.ps1', '''#ps1_sysnative
$services = 'Fax', 'XblGameSave', 'WindowsAzureGuestAgent'
$services | ForEach-Object {
  # Keep the Azure agent: the others only.
  if ($_ -notlike 'WindowsAzure*') {
    Set-Service -Name $_ -StartupType Disabled
  }
}
''')
# BL203: a foreach statement over literals, its body read once per item: the message names the agent's item only; the
# same loop keeping the agent by an if.
r.tf_file('invalid', 'tf-file-foreach-statement', 'windows', 'setup.ps1', '''#ps1_sysnative
foreach ($service in 'Fax', 'XblGameSave', 'WindowsAzureGuestAgent') {
  Write-Host "Disabling $service"
  Set-Service -Name $service -StartupType Disabled
}
''', needle='Set-Service')
r.note('tf-file-foreach-statement', "A foreach statement over literals, one of them the agent's name: the finding is the line that reads the loop's variable, for that item.")
r.tf_file('valid', 'tf-file-foreach-statement-filtered', 'windows', 'setup.ps1', '''#ps1_sysnative
foreach ($service in 'Fax', 'XblGameSave', 'WindowsAzureGuestAgent') {
  # Keep the Azure agent: the others only.
  if ($service -notlike 'WindowsAzure*') {
    Set-Service -Name $service -StartupType Disabled
  }
}
''')
# BL203: commands after an unconditional exit never run (PowerShell and bash): a stop there is no finding, and a start
# there does not undo a stop before the exit.
r.tf_file('valid', 'tf-file-after-exit', 'windows', 'setup.ps1', '''#ps1_sysnative
Install-WindowsFeature -Name Web-Server
exit 0
# Troubleshooting steps kept for reference: never reached.
Stop-Service -Name WindowsAzureGuestAgent -Force
Set-Service -Name WindowsAzureGuestAgent -StartupType Disabled
''')
r.tf_file('invalid', 'tf-file-stop-before-exit', 'windows', 'setup.ps1', '''#ps1_sysnative
Stop-Service -Name WindowsAzureGuestAgent -Force
Copy-Item C:\\agent\\config.xml C:\\WindowsAzure\\config.xml
exit 0
Start-Service -Name WindowsAzureGuestAgent
''', needle='Stop-Service')
r.note('tf-file-stop-before-exit', 'The agent stopped, then an exit: the start after it never runs, so the stop stands.')
r.tf_file('valid', 'tf-file-shell-after-exit', 'linux', 'init.sh', '''#!/bin/bash
set -euo pipefail
apt-get update
exit 0
# Troubleshooting steps kept for reference: never reached.
systemctl stop walinuxagent
systemctl disable walinuxagent
''')
r.tf_file('invalid', 'tf-file-shell-stop-before-exit', 'linux', 'init.sh', '''#!/bin/bash
systemctl stop walinuxagent
cp /opt/agent/waagent.conf /etc/waagent.conf
exit 0
systemctl start walinuxagent
''', needle='systemctl stop')
r.note('tf-file-shell-stop-before-exit', 'The agent stopped, then an exit: the start after it never runs, so the stop stands.')
# BL203: batch lines after a top-level exit /b never run, unless a label some call names starts them.
r.tf_file('valid', 'tf-file-cmd-after-exit', 'windows', 'setup.txt', '''<script>
@echo off
call :install
exit /b 0

:install
dism /online /enable-feature /featurename:IIS-WebServerRole /norestart
goto :eof

:troubleshoot
rem Kept for reference: no jump reaches this label.
sc stop WindowsAzureGuestAgent
sc config WindowsAzureGuestAgent start= disabled
</script>
''')
r.tf_file('invalid', 'tf-file-cmd-called-label', 'windows', 'setup.txt', '''<script>
@echo off
if exist C:\\agent-off.txt call :disable_agent
exit /b 0

:disable_agent
sc config WindowsAzureGuestAgent start= disabled
goto :eof
sc config WindowsAzureGuestAgent start= auto
</script>
''', needle='start= disabled')
r.note('tf-file-cmd-called-label', 'A label after exit /b that a call names runs; the enable after its goto :eof never does, so the disable stands.')
r.tf_file('invalid', 'tf-file-shell-variable-after-exit', 'linux', 'init.sh', '''#!/bin/bash
UNIT=walinuxagent
systemctl stop "$UNIT"
exit 0
# Never reached: this assignment gives $UNIT no other value.
UNIT=cups
systemctl restart "$UNIT"
''', needle='systemctl stop')
r.note('tf-file-shell-variable-after-exit', 'A variable given another literal only after the exit still stands for the agent where the stop reads it.')
r.write('invalid', 'tf-cloudinit-config/main.tf', CLOUDINIT_CONFIG_MAIN)
r.expect('tf-cloudinit-config', 'tf-cloudinit-config/main.tf', line_of(CLOUDINIT_CONFIG_MAIN, 'custom_data           ='), 'azurerm_linux_virtual_machine.app')
r.note('tf-cloudinit-config', 'custom_data = data.cloudinit_config.<name>.rendered: the MIME message the provider builds from the parts.')
# BL203: shell variables that stand for the agent's unit and for /etc/waagent.conf; one given two values, one a command's output.
r.tf_file('invalid', 'tf-file-shell-variable', 'linux', 'init.sh', '''#!/bin/bash
set -euo pipefail
AGENT=walinuxagent
echo "stopping $AGENT"
systemctl stop "$AGENT"
systemctl disable ${AGENT}
''', needle='systemctl stop')
r.note('tf-file-shell-variable', 'A shell variable that stands for the agent\'s unit: the finding is the line that reads it.')
r.tf_file('invalid', 'tf-file-shell-conf-variable', 'linux', 'init.sh', '''#!/bin/bash
CONF=/etc/waagent.conf
cp "$CONF" "$CONF.bak"
sed -i 's/^Extensions.Enabled=.*/Extensions.Enabled=n/' "$CONF"
''', needle='sed -i')
r.note('tf-file-shell-conf-variable', '/etc/waagent.conf named by a shell variable, edited by sed -i.')
r.arm_extension_case('invalid', 'arm-cse-shell-conf-variable.json', 'linux', *LINUX_CSE, 'settings',
    "CONF=/etc/waagent.conf; echo 'Extensions.Enabled=n' >> $CONF")
r.arm_custom_data('invalid', 'arm-shell-loop.json', 'linux', '''#!/bin/bash
# Hardening: services this image does not need.
for unit in bluetooth cups walinuxagent; do
  systemctl disable --now "$unit"
done
''', 'gzip')
r.note('arm-shell-loop.json', 'A for loop over literals, one of them the agent\'s unit.')
r.arm_custom_data('invalid', 'arm-runcmd-variable.json', 'linux', '''#cloud-config
package_update: true
runcmd:
  - AGENT_UNIT=walinuxagent.service
  - echo "masking $AGENT_UNIT"
  - systemctl mask "$AGENT_UNIT"
''', 'base64')
r.note('arm-runcmd-variable.json', 'cloud-init runs the runcmd strings as one script: a variable one entry sets names the agent in the next.')
r.tf_file('valid', 'tf-file-shell-variable-reassigned', 'linux', 'init.sh', '''#!/bin/bash
SERVICE=walinuxagent
systemctl restart "$SERVICE"
SERVICE=nginx
systemctl stop "$SERVICE"
''')
r.arm_custom_data('valid', 'arm-shell-variable-from-command.json', 'linux', '''#!/bin/bash
UNIT=$(systemctl list-units --type=service --no-legend | awk '/backup-helper/ {print $1}')
systemctl stop "$UNIT"
''', 'base64')
# BL203: a shell variable built from another (CONF="$AGENT_DIR/waagent.conf"); one built from a command's output.
r.tf_file('invalid', 'tf-file-shell-derived-variable', 'linux', 'init.sh', '''#!/bin/bash
AGENT_DIR=/etc
CONF="$AGENT_DIR/waagent.conf"
cp "$CONF" "$CONF.bak"
sed -i 's/^Extensions.Enabled=y/Extensions.Enabled=n/' "$CONF"
''', needle='sed -i')
r.note('tf-file-shell-derived-variable', '/etc/waagent.conf named by a shell variable built from another, edited by sed -i.')
r.tf_file('valid', 'tf-file-shell-derived-from-command', 'linux', 'init.sh', '''#!/bin/bash
# Edits a scratch copy of the configuration, never the agent's own file.
WORK=$(mktemp -d)
CONF="$WORK/waagent.conf"
cp /etc/waagent.conf "$CONF"
sed -i 's/^Extensions.Enabled=y/Extensions.Enabled=n/' "$CONF"
''')
r.finish()

# ---------------------------------------------------------------- BL204
r = Rule('BL204')
r.arm_custom_data('invalid', 'arm-literal-base64.json', 'linux', '''#!/bin/bash
echo "AutoUpdate.Enabled=n" >> /etc/waagent.conf
''', 'base64')
r.arm_custom_data('invalid', 'arm-base64-variable.json', 'linux', '''#!/bin/bash
sed -i 's/^AutoUpdate.Enabled=.*/AutoUpdate.Enabled=n/' /etc/waagent.conf
systemctl restart walinuxagent
''', 'variable')
waagent_conf = 'Provisioning.Agent=auto\nAutoUpdate.Enabled=n\nExtensions.Enabled=y\n'
r.arm_custom_data('invalid', 'arm-gzip.json', 'linux', f'''#cloud-config
write_files:
  - path: /etc/waagent.conf
    encoding: b64
    content: {b64(waagent_conf)}
''', 'gzip')
r.tf_file('invalid', 'tf-file', 'linux', 'cloud-init.yaml', f'''#cloud-config
write_files:
  - path: /etc/waagent.conf
    encoding: gz+b64
    content: {gz64(waagent_conf)}
''', needle='content:')
r.tf_templatefile('invalid', 'tf-templatefile', 'linux', 'init.sh.tpl', '''#!/bin/bash
hostnamectl set-hostname ${hostname}
cat >> /etc/waagent.conf <<EOF
AutoUpdate.Enabled=n
EOF
''', 'hostname', needle='AutoUpdate.Enabled=n')
r.arm_custom_data('valid', 'arm-autoupdate-on.json', 'linux', '''#!/bin/bash
echo "AutoUpdate.Enabled=y" >> /etc/waagent.conf
grep -q "AutoUpdate.Enabled=n" /etc/waagent.conf && echo "auto-update is off"
echo "AutoUpdate.Enabled=n" > /tmp/waagent.conf.example
''', 'base64')
r.finish()

# ---------------------------------------------------------------- BL205
r = Rule('BL205')
r.arm_custom_data('invalid', 'arm-literal-base64.json', 'linux', '''#!/bin/bash
git clone https://github.com/Azure/WALinuxAgent.git /opt/WALinuxAgent
cd /opt/WALinuxAgent && python3 setup.py install --register-service
''', 'base64')
r.arm_custom_data('invalid', 'arm-base64-variable.json', 'linux', '''#cloud-config
runcmd:
  - pip3 install git+https://github.com/Azure/WALinuxAgent@v2.9.1.1
''', 'variable')
r.arm_custom_data('invalid', 'arm-gzip.json', 'linux', '''#!/bin/bash
wget -q https://github.com/Azure/WALinuxAgent/archive/refs/tags/v2.9.1.1.tar.gz -O /tmp/agent.tgz
''', 'gzip')
r.tf_file('invalid', 'tf-file', 'linux', 'init.sh', '''#!/bin/bash
sudo git clone --depth 1 https://github.com/Azure/WALinuxAgent /usr/src/WALinuxAgent
''', needle='git clone')
r.tf_templatefile('invalid', 'tf-templatefile', 'linux', 'init.sh.tpl', '''#!/bin/bash
echo "${hostname}" > /etc/hostname
bash -c "pip install https://github.com/Azure/WALinuxAgent/archive/refs/heads/master.zip"
''', 'hostname', needle='pip install')
r.arm_custom_data('valid', 'arm-distribution-package.json', 'linux', '''#!/bin/bash
apt-get install -y walinuxagent
yum install -y WALinuxAgent
git clone https://github.com/contoso/app.git /opt/app
# git clone https://github.com/Azure/WALinuxAgent
''', 'base64')
r.finish()

# ---------------------------------------------------------------- BL303
r = Rule('BL303')
r.arm_custom_data('invalid', 'arm-literal-base64.json', 'windows', '''Set-Service -Name iaasvmprovider -StartupType Disabled
''', 'base64')
r.arm_custom_data('invalid', 'arm-base64-variable.json', 'windows', '''#ps1_sysnative
sc.exe config iaasvmprovider start= demand
''', 'variable')
r.arm_custom_data('invalid', 'arm-gzip.json', 'windows', '''Get-Service iaasvmprovider | Stop-Service -Force
''', 'gzip')
r.arm_extension_case('invalid', 'arm-cse-cmd.json', 'windows', *WINDOWS_CSE, 'protectedSettings',
    'cmd /c "sc config iaasvmprovider start= disabled"')
r.arm_extension_case('invalid', 'arm-cse-encoded-command.json', 'windows', *WINDOWS_CSE, 'settings',
    'powershell.exe -NoProfile -EncodedCommand ' + utf16('Set-Service -Name iaasvmprovider -StartupType Manual'))
r.tf_file('invalid', 'tf-file', 'windows', 'setup.ps1', '''#ps1_sysnative
net stop iaasvmprovider
''', needle='net stop')
r.tf_templatefile('invalid', 'tf-templatefile', 'windows', 'setup.ps1.tpl', '''<powershell>
Rename-Computer -NewName "${hostname}" -Force
Set-Service iaasvmprovider -StartupType Disabled
</powershell>
''', 'hostname', needle='Set-Service')
r.arm_custom_data('valid', 'arm-provider-automatic.json', 'windows', '''# Set-Service -Name iaasvmprovider -StartupType Disabled
Write-Output "sc config iaasvmprovider start= disabled"
Set-Service -Name iaasvmprovider -StartupType Automatic
Restart-Service -Name iaasvmprovider
''', 'base64')
# BL303: a script block run here by Invoke-Command, naming the provider's key by a variable; a block sent to another computer.
r.tf_file('invalid', 'tf-file-invoke-command', 'windows', 'setup.ps1', '''#ps1_sysnative
$providerKey = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\IaaSVmProvider'
Invoke-Command -ScriptBlock {
  Set-ItemProperty -Path $providerKey -Name Start -Value 4
}
''', needle='Set-ItemProperty')
r.note('tf-file-invoke-command', 'A script block Invoke-Command runs here, the provider\'s registry key named by a PowerShell variable.')
r.tf_file('valid', 'tf-file-remote-invoke-command', 'windows', 'setup.ps1', '''#ps1_sysnative
$node = 'sql-02'
# Configures the other node of the cluster, not this VM.
Invoke-Command -ComputerName $node -ScriptBlock {
  Set-Service -Name iaasvmprovider -StartupType Disabled
}
''')
r.finish()

# ---------------------------------------------------------------- BL105
r = Rule('BL105')
r.arm_custom_data('invalid', 'arm-literal-base64.json', 'linux', '''#!/bin/bash
iptables -A OUTPUT -d 168.63.129.16 -j DROP
''', 'base64')
r.arm_custom_data('invalid', 'arm-base64-variable.json', 'linux', '''#cloud-config
runcmd:
  - nft add rule inet filter output ip daddr 168.63.129.16 drop
''', 'variable')
r.arm_custom_data('invalid', 'arm-gzip.json', 'linux', '''#!/bin/bash
firewall-cmd --permanent --direct --add-rule ipv4 filter OUTPUT 0 -d 168.63.129.16/32 -j REJECT
''', 'gzip')
r.arm_extension_case('invalid', 'arm-cse-windows.json', 'windows', *WINDOWS_CSE, 'settings',
    'powershell -Command "New-NetFirewallRule -DisplayName Block-WireServer -Direction Outbound -RemoteAddress 168.63.129.16 -Action Block"')
r.arm_run_command_case('invalid', 'arm-run-command-netsh.json', 'windows',
    'netsh advfirewall firewall add rule name="block wire" dir=out action=block remoteip=168.63.129.16\n')
r.tf_file('invalid', 'tf-file', 'linux', 'init.sh', '''#!/bin/bash
sudo iptables -I OUTPUT 1 --destination 168.63.129.16 --jump REJECT
''', needle='iptables')
r.tf_templatefile('invalid', 'tf-templatefile', 'linux', 'init.yaml.tpl', '''#cloud-config
hostname: ${hostname}
runcmd:
  - [firewall-cmd, --permanent, "--add-rich-rule=rule family=ipv4 destination address=168.63.129.16 drop"]
''', 'hostname', needle='firewall-cmd')
r.arm_custom_data('valid', 'arm-accept-wireserver.json', 'linux', '''#!/bin/bash
iptables -I OUTPUT -d 168.63.129.16 -p tcp -m multiport --dports 80,32526 -j ACCEPT
iptables -A OUTPUT -d 10.9.9.9 -j DROP
# iptables -A OUTPUT -d 168.63.129.16 -j DROP
''', 'base64')
r.arm_extension_case('valid', 'arm-cse-allow-wireserver.json', 'windows', *WINDOWS_CSE, 'settings',
    'powershell -Command "New-NetFirewallRule -DisplayName Allow-WireServer -Direction Outbound -RemoteAddress 168.63.129.16 -Action Allow"')
r.finish()
