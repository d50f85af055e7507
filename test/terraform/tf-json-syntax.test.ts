import { readModule } from './hcl-helpers';

// The same module written in native syntax and in JSON syntax evaluates to the same resources: the JSON reader
// produces the syntax tree the .tf reader does (templates, meta-arguments, locals, nested and dynamic blocks).

const native = `
variable "names" {
  default = ["a", "b"]
}

locals {
  prefix = "web"
}

resource "azurerm_linux_virtual_machine" "vm" {
  for_each           = toset(var.names)
  name               = "\${local.prefix}-\${each.key}"
  size               = "Standard_B2s"
  provision_vm_agent = each.key == "a"
  tags               = { role = "web", index = each.key }

  os_disk {
    caching = "ReadWrite"
  }

  dynamic "admin_ssh_key" {
    for_each = var.names
    content {
      username = admin_ssh_key.value
    }
  }
}

module "child" {
  source = "./child"
  count  = 2
  label  = "n\${count.index}"
}
`;

const json = JSON.stringify({
  variable: { names: { default: ['a', 'b'] } },
  locals: { prefix: 'web' },
  resource: {
    azurerm_linux_virtual_machine: {
      vm: {
        '//': 'a comment key is ignored',
        for_each: '${toset(var.names)}',
        name: '${local.prefix}-${each.key}',
        size: 'Standard_B2s',
        provision_vm_agent: '${each.key == "a"}',
        tags: { role: 'web', index: '${each.key}' },
        os_disk: [{ caching: 'ReadWrite' }],
        dynamic: { admin_ssh_key: { for_each: '${var.names}', content: { username: '${admin_ssh_key.value}' } } },
      },
    },
  },
  module: { child: { source: './child', count: 2, label: 'n${count.index}' } },
}, null, 2);

const child = `
variable "label" {}
resource "azurerm_availability_set" "set" {
  name = var.label
}
`;

function summary(result: Awaited<ReturnType<typeof readModule>>) {
  return result.resources.map((r) => ({ name: r.name, values: r.values }));
}

describe('.tf.json evaluates like the same .tf', () => {
  it('gives the same resources and values', async () => {
    const fromNative = await readModule({ 'main.tf': native, 'child/main.tf': child });
    const fromJson = await readModule({ 'main.tf.json': json, 'child/main.tf': child });
    expect(fromJson.fileErrors).toEqual([]);
    expect(summary(fromJson)).toEqual(summary(fromNative));
    expect(summary(fromJson).map((r) => r.name)).toEqual([
      'azurerm_linux_virtual_machine.vm["a"]',
      'azurerm_linux_virtual_machine.vm["b"]',
      'module.child[0].azurerm_availability_set.set',
      'module.child[1].azurerm_availability_set.set',
    ]);
  });

  it('points at the JSON lines of attributes', async () => {
    const result = await readModule({ 'main.tf.json': json, 'child/main.tf': child });
    const vm = result.resources.find((r) => r.name === 'azurerm_linux_virtual_machine.vm["a"]')!;
    const line = json.split('\n').findIndex((l) => l.includes('"provision_vm_agent"')) + 1;
    expect(vm.locate(['provision_vm_agent'])).toMatchObject({ file: 'app/main.tf.json', line });
  });
});

describe('.tf.json errors are the file\'s, at their line', () => {
  it('refuses a root that is not an object, and broken JSON, at the position', async () => {
    const result = await readModule({ 'a.tf.json': '[1, 2]', 'b.tf.json': '{\n  "resource": {\n    "x": \n}' });
    expect(result.fileErrors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([
      'app/a.tf.json:1 a .tf.json file must hold a JSON object',
      expect.stringMatching(/^app\/b\.tf\.json:4 /),
    ]);
  });

  it('reports a template that does not parse at the line of its string', async () => {
    const text = '{\n  "locals": {\n    "x": "${var.a +}"\n  }\n}\n';
    const result = await readModule({ 'main.tf.json': text });
    expect(result.fileErrors).toEqual([expect.objectContaining({ file: 'app/main.tf.json', line: 3, message: expect.stringMatching(/^invalid template "\$\{var\.a \+\}"/) })]);
  });
});
