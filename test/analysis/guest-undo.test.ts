import { loadModel } from '../../src/lint';
import type { GuestObservation } from '../../src/model/facts';
import { tempProject } from '../helpers/temp-project';

// A stop, disable or removal that the same script undoes later leaves the agent running: no fact, no finding.
async function agentDisabled(os: 'linux' | 'windows', script: string): Promise<string[]> {
  const vm = os === 'linux' ? 'azurerm_linux_virtual_machine' : 'azurerm_windows_virtual_machine';
  const extension =
    os === 'linux'
      ? `resource "azurerm_virtual_machine_extension" "setup" {
  name                 = "setup"
  virtual_machine_id   = ${vm}.vm.id
  publisher            = "Microsoft.Azure.Extensions"
  type                 = "CustomScript"
  type_handler_version = "2.1"
  settings             = jsonencode({ commandToExecute = ${JSON.stringify(script)} })
}`
      : `resource "azurerm_virtual_machine_run_command" "setup" {
  name               = "setup"
  location           = "westeurope"
  virtual_machine_id = ${vm}.vm.id
  source {
    script = ${JSON.stringify(script)}
  }
}`;
  const project = tempProject({ 'main.tf': `resource "${vm}" "vm" {\n  name = "vm"\n  size = "Standard_B2s"\n}\n${extension}\n` });
  try {
    const { model } = await loadModel({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map(), context: {} });
    const facts = model.ofKind('vm')[0]!.facts!.guest!;
    return (facts.agentDisabled as GuestObservation[]).map((o) => o.quote);
  } finally {
    project.cleanup();
  }
}

describe('guest facts: what the same text undoes later', () => {
  it('a stop undone by a later start or restart (Linux: systemctl, service; Windows: Stop-/Start-Service)', async () => {
    expect(await agentDisabled('linux', 'systemctl stop walinuxagent && sed -i s/a/b/ /etc/waagent.conf && systemctl start walinuxagent')).toEqual([]);
    expect(await agentDisabled('linux', 'service walinuxagent stop; cp x /etc/waagent.conf; service walinuxagent restart')).toEqual([]);
    expect(await agentDisabled('windows', 'Stop-Service WindowsAzureGuestAgent\nCopy-Item a b\nStart-Service WindowsAzureGuestAgent')).toEqual([]);
  });

  it('a disable undone by a later enable only: a start does not bring the agent back after a reboot', async () => {
    expect(await agentDisabled('linux', 'systemctl disable walinuxagent; systemctl enable walinuxagent')).toEqual([]);
    expect(await agentDisabled('linux', 'systemctl disable walinuxagent; systemctl start walinuxagent')).toEqual(['systemctl disable walinuxagent']);
    expect(await agentDisabled('windows', 'Set-Service WindowsAzureGuestAgent -StartupType Disabled\nSet-Service WindowsAzureGuestAgent -StartupType Automatic')).toEqual([]);
    expect(await agentDisabled('windows', 'Set-Service WindowsAzureGuestAgent -StartupType Disabled\nStart-Service WindowsAzureGuestAgent')).toEqual([
      'Set-Service WindowsAzureGuestAgent -StartupType Disabled',
    ]);
  });

  it('an undo must come after: a start before the stop undoes nothing', async () => {
    expect(await agentDisabled('linux', 'systemctl start walinuxagent; systemctl stop walinuxagent')).toEqual(['systemctl stop walinuxagent']);
  });

  it('PowerShell: a start naming the agent by a variable undoes; a start in a script block never run does not', async () => {
    expect(await agentDisabled('windows', "$agent = 'WindowsAzureGuestAgent'\nStop-Service WindowsAzureGuestAgent\nCopy-Item a b\nStart-Service $agent")).toEqual([]);
    expect(await agentDisabled('windows', 'Stop-Service WindowsAzureGuestAgent\n$restore = { Start-Service WindowsAzureGuestAgent }')).toEqual(['Stop-Service WindowsAzureGuestAgent']);
    expect(await agentDisabled('windows', 'Stop-Service WindowsAzureGuestAgent\n$restore = { Start-Service WindowsAzureGuestAgent }\n& $restore')).toEqual([]);
  });

  it('a package removal undone by a reinstall, and a waagent.conf setting by a later line setting it otherwise', async () => {
    expect(await agentDisabled('linux', 'apt-get remove -y walinuxagent && apt-get install -y walinuxagent')).toEqual([]);
    expect(await agentDisabled('linux', "echo 'Extensions.Enabled=n' >> /etc/waagent.conf; sed -i 's/^Extensions.Enabled=n/Extensions.Enabled=y/' /etc/waagent.conf")).toEqual([]);
    expect(await agentDisabled('linux', "echo 'Extensions.Enabled=n' >> /etc/waagent.conf; echo 'Extensions.Enabled=N' >> /etc/waagent.conf")).toEqual([
      'Extensions.Enabled=n',
      'Extensions.Enabled=N',
    ]);
  });
});
