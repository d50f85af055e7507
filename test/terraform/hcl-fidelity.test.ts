import { buildTerraformNodes } from '../../src/model/builders/terraform';
import type { VmNode } from '../../src/model/domain';
import { isUnknown } from '../../src/model/unknown';
import { readModule, valuesOf } from './hcl-helpers';

// Issue #13: each case is a minimal file whose expected value is what HashiCorp's HCL gives (checked with
// @cdktf/hcl2json, see hcl-differential.test.ts).

/** Values of `t_r.a` for a body of attributes. */
async function attributes(body: string): Promise<Record<string, unknown>> {
  const result = await readModule({ 'main.tf': `resource "t_r" "a" {\n${body}\n}\n` });
  expect(result.fileErrors).toEqual([]);
  return valuesOf(result, 't_r.a');
}

describe('HCL fidelity (#13)', () => {
  it('(1) `x.*.attr[i]` indexes the list the attribute splat made, and the VM links to the indexed NIC', async () => {
    const result = await readModule({
      'main.tf': `
resource "azurerm_network_interface" "nic" {
  count = 2
  name  = "nic\${count.index}"
}
resource "azurerm_linux_virtual_machine" "vm" {
  count                 = 2
  name                  = "vm\${count.index}"
  nic                   = azurerm_network_interface.nic.*.name[count.index]
  network_interface_ids = [azurerm_network_interface.nic.*.id[count.index]]
  nested                = [[1, 2], [3, 4]].*[0]
}`,
    });
    expect(result.fileErrors).toEqual([]);
    expect(valuesOf(result, 'azurerm_linux_virtual_machine.vm[0]')['nic']).toBe('nic0');
    expect(valuesOf(result, 'azurerm_linux_virtual_machine.vm[1]')['nic']).toBe('nic1');
    // An index right after `.*` applies to the list too.
    expect(valuesOf(result, 'azurerm_linux_virtual_machine.vm[0]')['nested']).toEqual([1, 2]);
    const vms = buildTerraformNodes(result.resources).filter((n): n is VmNode => n.kind === 'vm');
    expect(vms.map((vm) => [vm.id, vm.nicIds])).toEqual([
      ['azurerm_linux_virtual_machine.vm[0]', ['azurerm_network_interface.nic[0]']],
      ['azurerm_linux_virtual_machine.vm[1]', ['azurerm_network_interface.nic[1]']],
    ]);
  });

  it('(2) reads exponent numbers without a fraction (1e3, 1E3, 1e+2, 25e-1) and rejects hex like HCL', async () => {
    expect(await attributes('a = 1e3\nb = 1E3\nc = 1e+2\nd = 25e-1\ne = [1e3, 2]\nf = "${2e1}"\ng = 1e3-1')).toEqual({
      a: 1000, b: 1000, c: 100, d: 2.5, e: [1000, 2], f: 20, g: 999,
    });
    const hex = await readModule({ 'main.tf': 'locals {\n  a = 1\n  b = 0x10\n}\n' });
    expect(hex.fileErrors).toEqual([expect.objectContaining({ file: 'app/main.tf', line: 3 })]);
  });

  it('(3) an invalid escape makes only its own file BL001, at its line; the other files are still read', async () => {
    for (const escape of ['\\U00110000', '\\uD800', '\\q']) {
      const result = await readModule({
        'a.tf': `resource "t_r" "a" {\n  ok = 1\n}\n`,
        'b.tf': `resource "t_r" "b" {\n  x = 1\n  s = "${escape}"\n}\n`,
      });
      expect(result.fileErrors).toEqual([expect.objectContaining({ file: 'app/b.tf', line: 3, column: 8, message: expect.stringMatching(/escape/) })]);
      expect(result.resources.map((r) => r.name)).toEqual(['t_r.a']);
    }
    expect(await attributes('s = "\\U0001F600\\u00e9"')).toEqual({ s: '😀é' });
  });

  it('(4) heredoc strip markers trim only the rest of their own line', async () => {
    expect(await attributes('a = <<EOT\na ${"X" ~}\n   b\nEOT\nb = <<EOT\na\n  ${~ "X"}b\nEOT')).toEqual({ a: 'a X   b\n', b: 'a\nXb\n' });
  });

  it('(5) <<- heredocs de-indent lines inside directives, keep whitespace-only lines and count Unicode spaces', async () => {
    expect(
      await attributes(
        [
          'a = <<-EOT',
          '    %{ if true }',
          '    yes',
          '    %{ endif }',
          'EOT',
          'b = <<-EOT',
          '  x',
          '    ',
          '  y',
          'EOT',
          'c = <<-EOT',
          '\u3000\u3000x',
          '\u3000\u3000y',
          'EOT',
          'd = <<-EOT',
          '  x',
          '  %{~ if true ~}',
          '  y',
          '  %{~ endif ~}',
          '  z',
          'EOT',
        ].join('\n'),
      ),
    ).toEqual({ a: '\nyes\n\n', b: 'x\n    \ny\n', c: 'x\ny\n', d: '  x\n  y\n  z\n' });
  });

  it('(6) strip markers in quoted strings strip escaped whitespace too', async () => {
    expect(await attributes('a = "a\\n ${~ "X"}"\nb = "${"X" ~}\\t\\n b"')).toEqual({ a: 'aX', b: 'Xb' });
  });

  it('(7) `$$${x}` is the literal `$${x}` and `%%%{y}` the literal `%%{y}`', async () => {
    expect(await attributes('a = "$$${x}"\nb = "%%%{y}"\nc = <<EOT\n$$${x} %%%{y}\nEOT\nd = "$${x}"')).toEqual({
      a: '$${x}', b: '%%{y}', c: '$${x} %%{y}\n', d: '${x}',
    });
  });

  it('(8) a template whose text was stripped away is still a string', async () => {
    expect(await attributes('a = "  ${~ 5 ~}  "\nb = "${5}"')).toEqual({ a: '5', b: 5 });
  });

  it('(9) rejects what HCL rejects: an attribute set twice, a quoted string over lines, two attributes on a line', async () => {
    const cases: [string, number, RegExp][] = [
      ['resource "t_r" "b" {\n  x = 1\n  y = 2\n  x = 3\n}\n', 4, /set more than once|redefined/],
      ['locals {\n  s = "one\ntwo"\n}\n', 2, /split over/],
      ['locals {\n  a = 1 b = 2\n}\n', 2, /newline/],
      ['locals { a = 1\n}\n', 1, /single-line block/],
      ['locals {\n  o = { a = 1 b = 2 }\n}\n', 2, /separator/],
    ];
    for (const [text, line, message] of cases) {
      const result = await readModule({ 'a.tf': 'resource "t_r" "a" {}\n', 'b.tf': text });
      expect(result.fileErrors).toEqual([expect.objectContaining({ file: 'app/b.tf', line, message: expect.stringMatching(message) })]);
      expect(result.resources.map((r) => r.name)).toEqual(['t_r.a']);
    }
    // Still accepted: a single-line block, an interpolation spread over lines.
    expect(await attributes('n { a = 1 }\ns = "${\n  1 + 1\n}"')).toEqual({ n: [{ a: 1 }], s: 2 });
  });

  it('(10) evaluates list() and map(), and applies variable types and optional() defaults', async () => {
    const result = await readModule({
      'main.tf': `
variable "settings" {
  type = object({
    name = string
    size = optional(number, 2)
    tags = optional(map(string), {})
    note = optional(string)
  })
  default = { name = "vm", extra = true }
}
variable "count_text" {
  type    = number
  default = "3"
}
variable "names" {
  type    = set(string)
  default = ["b", "a", "b"]
}
variable "flags" {
  type    = list(bool)
  default = ["true", false]
}
variable "legacy" {
  type    = "list"
  default = ["x"]
}
variable "disks" {
  type = list(object({
    size    = number
    caching = optional(string, "ReadWrite")
  }))
  default = [{ size = "10" }, { size = 20, caching = null }, { size = 30, caching = "None" }]
}
variable "bad" {
  type    = number
  default = "three"
}
resource "t_r" "a" {
  l        = list("a", "b")
  m        = map("k1", 1, "k2", "two")
  settings = var.settings
  n        = var.count_text + 1
  names    = var.names
  flags    = var.flags
  legacy   = var.legacy
  bad      = var.bad
  disks    = var.disks
}
module "child" {
  source = "./child"
  size   = "7"
}`,
      'child/main.tf': `
variable "size" {
  type = number
}
resource "t_r" "child" {
  doubled = var.size * 2
  size    = var.size
}`,
    });
    expect(result.fileErrors).toEqual([]);
    const values = valuesOf(result, 't_r.a');
    expect(values).toMatchObject({
      l: ['a', 'b'],
      m: { k1: 1, k2: 'two' },
      settings: { name: 'vm', size: 2, tags: {}, note: null },
      n: 4,
      names: ['a', 'b'],
      flags: [true, false],
      legacy: ['x'],
      disks: [
        { size: 10, caching: 'ReadWrite' },
        { size: 20, caching: 'ReadWrite' },
        { size: 30, caching: 'None' },
      ],
    });
    expect(isUnknown(values['bad'])).toBe(true);
    // Module inputs are converted by the child's variable type too.
    expect(valuesOf(result, 'module.child.t_r.child')).toEqual({ doubled: 14, size: 7 });
  });
});
