import * as fs from 'node:fs';
import { readTerraformModule, locateInModule } from '../../src/formats/terraform/hcl';
import { isUnknown } from '../../src/model/unknown';
import { readModule, valuesOf } from './hcl-helpers';

describe('HCL module reading', () => {
  it('records references per attribute path, with indexes, and resolves literal attributes of other resources', async () => {
    const result = await readModule({
      'main.tf': `
resource "azurerm_resource_group" "rg" {
  name = "rg-app"
}
resource "azurerm_subnet" "app" {
  count = 2
  name  = "snet-\${count.index}"
}
resource "azurerm_network_interface" "nic" {
  resource_group_name = azurerm_resource_group.rg.name
  ip_configuration {
    subnet_id = azurerm_subnet.app[0].id
  }
}
resource "azurerm_linux_virtual_machine" "vm" {
  network_interface_ids = [azurerm_network_interface.nic.id]
  custom_data           = data.template_file.init.rendered
  subnet_name           = azurerm_subnet.app[1].name
}`,
    });
    const nic = result.resources.find((r) => r.name === 'azurerm_network_interface.nic')!;
    expect(nic.values.resource_group_name).toBe('rg-app');
    expect(isUnknown((nic.values.ip_configuration as Record<string, unknown>[])[0]!.subnet_id)).toBe(true);
    expect(nic.references).toEqual({
      resource_group_name: ['azurerm_resource_group.rg'],
      'ip_configuration.0.subnet_id': ['azurerm_subnet.app[0]'],
    });
    const vm = result.resources.find((r) => r.name === 'azurerm_linux_virtual_machine.vm')!;
    expect(vm.references).toEqual({
      'network_interface_ids.0': ['azurerm_network_interface.nic'],
      custom_data: ['data.template_file.init'],
      subnet_name: ['azurerm_subnet.app[1]'],
    });
    expect(vm.values.subnet_name).toBe('snet-1');
  });

  it('takes variables from defaults, then terraform.tfvars, terraform.tfvars.json and *.auto.tfvars in that order', async () => {
    const result = await readModule({
      'main.tf': `
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "none" {}
resource "t_r" "x" {
  a = var.a
  b = var.b
  c = var.c
  d = var.d
  none = var.none
}`,
      'terraform.tfvars': 'b = "tfvars"\nc = "tfvars"\nd = "tfvars"\n',
      'terraform.tfvars.json': '{"c": "json", "d": "json"}',
      'x.auto.tfvars': 'd = "auto"\n',
    });
    const values = valuesOf(result, 't_r.x');
    expect(values).toMatchObject({ a: 'default', b: 'tfvars', c: 'json', d: 'auto' });
    expect(isUnknown(values.none) && values.none.reason).toBe('`var.none` has no value and no default');
  });

  it('evaluates locals in dependency order and makes cycles Unknown', async () => {
    const result = await readModule({
      'main.tf': `
locals {
  full = "\${local.base}-\${local.suffix}"
  base = upper(var.p)
  loop_a = local.loop_b
  loop_b = local.loop_a
}
locals { suffix = "01" }
variable "p" { default = "web" }
resource "t_r" "x" {
  name = local.full
  bad  = local.loop_a
}`,
    });
    const values = valuesOf(result, 't_r.x');
    expect(values.name).toBe('WEB-01');
    expect(isUnknown(values.bad)).toBe(true);
  });

  it('expands count and for_each into Terraform addresses, and keeps one representative when unknown', async () => {
    const result = await readModule({
      'main.tf': `
variable "n" {}
resource "t_r" "counted" {
  count = 2
  name  = "vm-\${count.index}"
}
resource "t_r" "none" {
  count = 0
}
resource "t_r" "keyed" {
  for_each = { web = "10.0.1.0/24", db = "10.0.2.0/24" }
  prefix   = each.value
  key      = each.key
}
resource "t_r" "set" {
  for_each = toset(["a"])
  key      = each.value
}
resource "t_r" "unknown" {
  count = var.n
  name  = "x"
}`,
    });
    expect(result.resources.map((r) => r.name)).toEqual([
      't_r.counted[0]', 't_r.counted[1]', 't_r.keyed["db"]', 't_r.keyed["web"]', 't_r.set["a"]', 't_r.unknown[*]',
    ]);
    expect(valuesOf(result, 't_r.counted[1]').name).toBe('vm-1');
    expect(valuesOf(result, 't_r.keyed["web"]')).toEqual({ prefix: '10.0.1.0/24', key: 'web' });
    expect(isUnknown(result.resources.find((r) => r.name === 't_r.unknown[*]')!.conditional)).toBe(true);
  });

  it('loads local child modules with inputs, outputs and address prefixes; remote modules give Unknown outputs', async () => {
    const result = await readModule({
      'main.tf': `
module "net" {
  source = "./modules/net"
  name   = "core"
}
module "vms" {
  source    = "./modules/vm"
  for_each  = toset(["a"])
  subnet_id = module.net.subnet_id
  label     = module.net.label
}
module "remote" {
  source = "Azure/network/azurerm"
}
resource "t_r" "uses" {
  remote = module.remote.vnet_id
}`,
      'modules/net/main.tf': `
variable "name" {}
resource "azurerm_subnet" "app" {
  name = "snet-\${var.name}"
}
output "subnet_id" { value = azurerm_subnet.app.id }
output "label" { value = azurerm_subnet.app.name }`,
      'modules/vm/main.tf': `
variable "subnet_id" {}
variable "label" {}
resource "azurerm_network_interface" "nic" {
  name = "nic-\${var.label}"
  ip_configuration {
    subnet_id = var.subnet_id
  }
}`,
    });
    expect(result.resources.map((r) => r.name)).toEqual([
      't_r.uses',
      'module.net.azurerm_subnet.app',
      'module.vms["a"].azurerm_network_interface.nic',
    ]);
    const nic = result.resources[2]!;
    expect(nic.file).toBe('app/modules/vm/main.tf');
    expect(nic.values.name).toBe('nic-snet-core');
    // The name is derived from the subnet's (literal) name, so it records the subnet too.
    expect(nic.references).toEqual({
      name: ['module.net.azurerm_subnet.app'],
      'ip_configuration.0.subnet_id': ['module.net.azurerm_subnet.app'],
    });
    expect(isUnknown(valuesOf(result, 't_r.uses').remote)).toBe(true);
  });

  it('skips a broken file as a whole with its first error position and still reads the others', async () => {
    const result = await readModule({
      'a.tf': 'resource "t_r" "good" {\n  name = "ok"\n}\n',
      'b.tf': 'resource "t_r" "bad" {\n  name = "x"\n  list = [1, 2\n}\n',
    });
    expect(result.resources.map((r) => r.name)).toEqual(['t_r.good']);
    // The list lacks its `]`: like Terraform, the error is where the list should have ended (the `}`).
    expect(result.fileErrors).toEqual([{ file: 'app/b.tf', message: 'syntax error: missing "]"', line: 4, column: 1 }]);
  });

  it('locates attributes, nested blocks and missing paths at exact lines', async () => {
    const result = await readModule({
      'main.tf': [
        'resource "azurerm_windows_virtual_machine" "vm" {',
        '  name = "vm"',
        '  os_profile_windows_config {',
        '    provision_vm_agent = false',
        '  }',
        '  network_interface_ids = [',
        '    "a",',
        '    "b",',
        '  ]',
        '}',
      ].join('\n'),
    });
    const vm = result.resources[0]!;
    expect(vm.at).toMatchObject({ file: 'app/main.tf', line: 1, column: 1, endLine: 10, endColumn: 2, blockPath: 'resource.azurerm_windows_virtual_machine.vm' });
    expect(vm.locate(['os_profile_windows_config', 0, 'provision_vm_agent'])).toMatchObject({ line: 4, column: 5, endLine: 4, endColumn: 31 });
    expect(vm.locate(['os_profile_windows_config', 0, 'enable_automatic_updates'])).toMatchObject({ line: 3, column: 3, endLine: 5 });
    expect(vm.locate(['network_interface_ids', 1])).toMatchObject({ line: 8, column: 5 });
    expect(vm.locate(['missing'])).toMatchObject({ line: 1, column: 1 });
  });

  it('locates a plan address with module prefix and instance keys in the module source folder', async () => {
    const dir = 'fixtures/tf-eval/modules';
    const input = {
      dir,
      files: fs.readdirSync(dir).map((f) => `${dir}/${f}`),
      readFile: (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
    };
    const at = await locateInModule(input, 'module.app[0].azurerm_linux_virtual_machine.vm["x"]', ['admin_ssh_key', 0, 'username']);
    expect(at).toMatchObject({ file: `${dir}/child/vm.tf`, line: 4, column: 5 });
    const result = await readTerraformModule(input);
    expect(result.resources.map((r) => r.name)).toEqual(['module.app[0].azurerm_linux_virtual_machine.vm["x"]']);
  });
  it('lists resources of types the model does not read without values, evaluating them only when a read one refers to them', async () => {
    const lists = Array.from({ length: 20 }, (_, i) => `[for i in range(1024) : "p${i}-\${i}"]`).join(', ');
    const main = `
resource "azurerm_storage_account" "logs" {
  count = 2
  name  = "logs\${count.index}"
}
resource "azurerm_key_vault" "kv" {
  name = "kv"
  # Evaluated, this would stop at the module's step limit (BL002): nothing reads it.
  tags = { n = length(distinct(concat(${lists}))) }
}
resource "azurerm_linux_virtual_machine" "vm" {
  name      = "vm"
  boot_diag = azurerm_storage_account.logs[1].name
}
`;
    const result = await readTerraformModule({
      dir: 'app',
      files: ['app/main.tf'],
      readFile: (path) => (path === 'app/main.tf' ? main : undefined),
      modelledTypes: new Set(['azurerm_linux_virtual_machine']),
    });
    expect(result.resources.map((r) => [r.name, r.values])).toEqual([
      ['azurerm_storage_account.logs[0]', {}],
      ['azurerm_storage_account.logs[1]', {}],
      ['azurerm_key_vault.kv', {}],
      ['azurerm_linux_virtual_machine.vm', { name: 'vm', boot_diag: 'logs1' }],
    ]);
    expect(result.limits).toEqual([]);
    const everything = await readTerraformModule({ dir: 'app', files: ['app/main.tf'], readFile: (path) => (path === 'app/main.tf' ? main : undefined) });
    expect(everything.limits.map((hit) => hit.message)).toEqual(['evaluation of module app stopped at the limit of 1,000,000 steps']);
    const kv = result.resources[2]!;
    expect(kv.locate(['tags', 'n'])).toEqual(kv.at);
    expect(kv.at).toMatchObject({ file: 'app/main.tf', line: 6, blockPath: 'resource.azurerm_key_vault.kv' });
  });
});
