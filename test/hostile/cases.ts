/**
 * Generated hostile inputs for the evaluation budget (issue #14): each case is a small project whose evaluation
 * would run for minutes or take gigabytes without the budget, next to an ordinary file whose findings must
 * survive. `scale` 'issue' builds them at the sizes the issue reports; 'test' smaller where the budget still trips.
 */

export type Scale = 'test' | 'issue';

export interface HostileCase {
  name: string;
  files: Record<string, string>;
  /** The file and (1-based) line where BL002 must be reported; none when the input must simply be fast (RE2). */
  limitAt?: { file: string; line: number };
  /** Part of the BL002 message naming the limit. */
  limit?: RegExp;
}

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** An ordinary template beside each hostile one: its BL201 finding must survive. */
export const BYSTANDER = {
  file: 'bystander/vm.json',
  text: JSON.stringify(
    {
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      resources: [armVm('bystander-vm', { osProfile: { computerName: 'bystander', adminUsername: 'a', linuxConfiguration: { provisionVMAgent: false } } })],
    },
    null,
    2,
  ),
};

/** An ARM VM declaration: its properties beside a hardware profile, and other top-level members (`tags`). */
export function armVm(name: unknown, properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'Microsoft.Compute/virtualMachines',
    apiVersion: '2024-07-01',
    name,
    location: 'westeurope',
    ...extra,
    properties: { hardwareProfile: { vmSize: 'Standard_B2s' }, ...properties },
  };
}

function armTemplate(body: Record<string, unknown>): string {
  return JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...body }, null, 2);
}

/** 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`no ${needle} in the case`);
  return text.slice(0, index).split('\n').length;
}

function deployment(name: string, count: number, inner: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2022-09-01',
    name: `[concat('${name}-', copyIndex())]`,
    copy: { name, count },
    properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, template: { $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [inner] } },
  };
}

function nestedCopies(n: number): HostileCase {
  const vms = armVm("[concat('vm-', copyIndex())]", {}, { copy: { name: 'vms', count: n } });
  const text = armTemplate({ resources: [deployment('outer', n, deployment('middle', n, vms))] });
  return { name: 'ARM copy loops nested 800×800×800', files: { 'hostile/main.json': text }, limitAt: { file: 'hostile/main.json', line: lineOf(text, '"name": "vms"') - 1 }, limit: /limit of [\d,]+ instances/ };
}

function userFunctionFanOut(depth: number): HostileCase {
  const members: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) {
    const next = i + 1 < depth ? `ns.f${i + 1}(parameters('x'))` : "parameters('x')";
    members[`f${i}`] = { parameters: [{ name: 'x', type: 'int' }], output: { type: 'int', value: `[add(${next}, ${next})]` } };
  }
  const text = armTemplate({
    functions: [{ namespace: 'ns', members }],
    resources: [armVm('fan-vm', { userData: '[string(ns.f0(1))]' })],
  });
  return { name: 'ARM user-function fan-out', files: { 'hostile/main.json': text }, limitAt: { file: 'hostile/main.json', line: lineOf(text, '"type": "Microsoft.Compute/virtualMachines"') - 1 }, limit: /limit of [\d,]+ steps/ };
}

function padLeftVms(length: number): HostileCase {
  const vm = armVm(`[padLeft('', ${length})]`, {}, { copy: { name: 'vms', count: 20 } });
  const text = armTemplate({ resources: [vm] });
  return { name: "padLeft('', 400000000) on 20 VMs", files: { 'hostile/main.json': text }, limitAt: { file: 'hostile/main.json', line: lineOf(text, '"type": "Microsoft.Compute/virtualMachines"') - 1 }, limit: /padLeft\(\) stopped at the limit of 16 MB per value/ };
}

function concatDoubling(levels: number, build: 'concat' | 'createArray'): HostileCase {
  const variables: Record<string, unknown> = { a0: ['x'] };
  for (let i = 1; i <= levels; i++) variables[`a${i}`] = `[${build}(variables('a${i - 1}'), variables('a${i - 1}'))]`;
  const text = armTemplate({ variables, resources: [armVm('doubling-vm', { userData: `[base64(string(variables('a${levels}')))]` })] });
  return {
    name: `ARM ${build}(variables('a'), variables('a')) chain`,
    files: { 'hostile/main.json': text },
    // concat() copies: 2^17 elements pass the list limit; createArray() shares: about 8·2^21 characters pass the value size.
    limitAt: { file: 'hostile/main.json', line: lineOf(text, build === 'concat' ? '"a17"' : '"a21"') },
    limit: build === 'concat' ? /concat\(\) stopped at the limit of 100,000 list elements/ : /createArray\(\) stopped at the limit of 16 MB per value/,
  };
}

function deepJson(depth: number): HostileCase {
  let deep = '"x"';
  for (let i = 0; i < depth; i++) deep = `{"a":${deep}}`;
  const text = armTemplate({ resources: [armVm('deep-vm', { osProfile: { computerName: 'deep', adminUsername: 'a', linuxConfiguration: { provisionVMAgent: false } }, deep: '__DEEP__' })] }).replace('"__DEEP__"', deep);
  return { name: 'JSON nested 10,000 deep', files: { 'hostile/main.json': text }, limitAt: { file: 'hostile/main.json', line: lineOf(text, '"deep": {') }, limit: /limit of 256 levels of nesting/ };
}

function deepDeployments(levels: number): HostileCase {
  let inner: Record<string, unknown> = armVm('deep-vm', { osProfile: { computerName: 'deep', adminUsername: 'a', linuxConfiguration: { provisionVMAgent: false } } });
  for (let i = levels; i >= 1; i--) inner = { ...deployment(`level${i}`, 1, inner) };
  const text = armTemplate({ resources: [inner] });
  return { name: 'nested deployments deeper than 10 levels', files: { 'hostile/main.json': text }, limitAt: { file: 'hostile/main.json', line: lineOf(text, `"name": "[concat('level11-'`) - 3 }, limit: /limit of 10 levels of nested deployments/ };
}

const TF_VM = (extra: string) => `resource "azurerm_linux_virtual_machine" "vm" {
  name                = "hostile-vm"
  resource_group_name = "rg"
  location            = "westeurope"
  size                = "Standard_B2s"
  admin_username      = "azureuser"
  provision_vm_agent  = false
${extra}
  network_interface_ids = []
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
`;

function tfHugeCount(): HostileCase {
  const text = TF_VM('  count = 1000000000');
  return { name: 'count = 1000000000', files: { 'hostile/main.tf': text }, limitAt: { file: 'hostile/main.tf', line: lineOf(text, 'count =') }, limit: /limit of [\d,]+ instances/ };
}

function tfFormatWidth(): HostileCase {
  const text = TF_VM('  custom_data = base64encode(format("%0300000000d", 1))');
  return { name: 'a 40-character expression producing 300 MB', files: { 'hostile/main.tf': text }, limitAt: { file: 'hostile/main.tf', line: lineOf(text, 'format(') }, limit: /format\(\) stopped at the limit of 16 MB per value/ };
}

function tfLocalsDoubling(levels: number): HostileCase {
  const locals = [`  l0 = [var.unknown_input]`];
  for (let i = 1; i <= levels; i++) locals.push(`  l${i} = [local.l${i - 1}, local.l${i - 1}]`);
  const text = `variable "unknown_input" {}\nlocals {\n${locals.join('\n')}\n}\n` + TF_VM(`  custom_data = base64encode(jsonencode(local.l${levels}))`);
  // Each level doubles the measured size (19·2^k characters): level 20 passes 16 MB.
  return { name: 'Terraform locals doubling', files: { 'hostile/main.tf': text }, limitAt: { file: 'hostile/main.tf', line: lineOf(text, '  l20 =') }, limit: /a tuple stopped at the limit of 16 MB per value/ };
}

function tfTemplateFanOut(n: number): HostileCase {
  const text = `locals {\n  rendered = [for i in range(${n}) : templatefile("\${path.module}/t.tpl", { i = i })]\n}\n` + TF_VM('  custom_data = base64encode(join("", local.rendered))');
  const template = `%{ for a in range(${n}) }%{ for b in range(${n}) }\${i}-\${a}-\${b}%{ endfor }%{ endfor }`;
  return { name: 'templatefile fan-out', files: { 'hostile/main.tf': text, 'hostile/t.tpl': template }, limitAt: { file: 'hostile/t.tpl', line: 1 }, limit: /limit of [\d,]+ steps/ };
}

function tfRedos(): HostileCase {
  const text = `locals {\n  input = "${'a'.repeat(5000)}!"\n  matched = regexall("(a+)+$", local.input)\n}\n` + TF_VM('  computer_name = length(local.matched) == 0 ? "none" : "some"');
  return { name: 'ReDoS pattern in regexall()', files: { 'hostile/main.tf': text } };
}

function armDeepExpression(depth: number): HostileCase {
  let nested = '1';
  for (let i = 0; i < depth; i++) nested = `add(${nested}, 1)`;
  const text = armTemplate({ resources: [armVm('deep-expression-vm', { userData: `[${nested}]` })] });
  return { name: 'ARM expression nested 3,000 deep', files: { 'hostile/main.json': text }, limitAt: { file: 'hostile/main.json', line: lineOf(text, '"type": "Microsoft.Compute/virtualMachines"') - 1 }, limit: /limit of 256 levels of nesting/ };
}

function tfDynamicNesting(n: number): HostileCase {
  const text = `resource "azurerm_network_security_group" "nsg" {
  name = "nsg"
  dynamic "a" {
    for_each = range(${n})
    content {
      dynamic "b" {
        for_each = range(${n})
        content {
          dynamic "c" {
            for_each = range(${n})
            content {}
          }
        }
      }
    }
  }
}
`;
  return { name: 'Terraform dynamic blocks nested 1000×1000×1000', files: { 'hostile/main.tf': text }, limitAt: { file: 'hostile/main.tf', line: 10 }, limit: /limit of [\d,]+ steps/ };
}

function tfDistinct(lists: number): HostileCase {
  const parts = Array.from({ length: lists }, (_, i) => `[for i in range(1024) : "p${i}-\${i}"]`);
  const text = `locals {
  all      = concat(${parts.join(', ')})
  distinct = distinct(local.all)
}
` + TF_VM('  computer_name = "n${length(local.distinct)}"');
  return { name: 'Terraform distinct() of 20,480 elements', files: { 'hostile/main.tf': text }, limitAt: { file: 'hostile/main.tf', line: 3 }, limit: /limit of [\d,]+ steps/ };
}

function tfModuleDepth(levels: number): HostileCase {
  const files: Record<string, string> = { 'hostile/main.tf': 'module "next" {\n  source = "./m1"\n}\n' };
  for (let level = 1; level <= levels; level++) files[`hostile/m${level}/main.tf`] = `module "next" {\n  source = "../m${level + 1}"\n}\n`;
  files[`hostile/m${levels + 1}/main.tf`] = TF_VM('');
  return { name: 'Terraform local modules nested 12 deep', files, limitAt: { file: 'hostile/m7/main.tf', line: 1 }, limit: /limit of 8 levels of nested modules/ };
}

export function hostileCases(scale: Scale): HostileCase[] {
  const issue = scale === 'issue';
  return [
    nestedCopies(issue ? 800 : 60),
    userFunctionFanOut(issue ? 30 : 24),
    padLeftVms(400_000_000),
    concatDoubling(issue ? 60 : 23, 'concat'),
    concatDoubling(issue ? 60 : 23, 'createArray'),
    deepJson(10_000),
    deepDeployments(12),
    tfHugeCount(),
    tfFormatWidth(),
    tfLocalsDoubling(issue ? 60 : 23),
    tfTemplateFanOut(issue ? 1000 : 200),
    tfRedos(),
    armDeepExpression(3000),
    tfDynamicNesting(issue ? 1000 : 100),
    tfDistinct(20),
    tfModuleDepth(12),
  ];
}
