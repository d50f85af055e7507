import { isUnknown } from '../../src/model/unknown';
import { readModule, valuesOf } from './hcl-helpers';

describe('HCL values', () => {
  it('evaluates literals, lists, objects, operators and conditionals', async () => {
    const result = await readModule({
      'main.tf': `
resource "t_r" "a" {
  s = "text"
  n = 42
  f = 1.5
  b = true
  z = null
  l = [1, "two", false]
  o = { key = "v", "quoted key" = 2 }
  arith = 2 + 3 * 4 - -1
  cmp = 3 >= 2 && !false
  cond = 1 == 1 ? "yes" : "no"
  chain = "c" == "a" ? 1 : "c" == "b" ? 2 : 3
  esc = "a\\tb\\"c\\u0041 $\${lit}"
  paren = ( # a comment inside parentheses
    1 + 1
  )
}`,
    });
    expect(result.fileErrors).toEqual([]);
    expect(valuesOf(result, 't_r.a')).toEqual({
      s: 'text', n: 42, f: 1.5, b: true, z: null, l: [1, 'two', false], o: { key: 'v', 'quoted key': 2 },
      arith: 15, cmp: true, cond: 'yes', chain: 3, esc: 'a\tb"cA ${lit}', paren: 2,
    });
  });

  it('renders heredocs, stripping indentation for <<-', async () => {
    const result = await readModule({
      'main.tf': [
        'resource "t_r" "a" {',
        '  plain = <<EOF',
        '  keep ${"x"}',
        'EOF',
        '  flush = <<-EOT',
        '    line one',
        '      indented',
        '    EOT',
        '}',
      ].join('\n'),
    });
    expect(valuesOf(result, 't_r.a')).toEqual({ plain: '  keep x\n', flush: 'line one\n  indented\n' });
  });

  it('evaluates templates with interpolation and directives', async () => {
    const result = await readModule({
      'main.tf': `
variable "env" { default = "prod" }
resource "t_r" "a" {
  name = "\${var.env}-vm"
  tif  = "%{ if var.env == "prod" }P%{ else }D%{ endif }"
  tfor = "%{ for x in ["a", "b"] }\${x};%{ endfor }"
  tunk = "%{ if var.missing }y%{ endif }"
}
variable "missing" {}`,
    });
    const values = valuesOf(result, 't_r.a');
    expect(values.name).toBe('prod-vm');
    expect(values.tif).toBe('P');
    expect(values.tfor).toBe('a;b;');
    expect(isUnknown(values.tunk)).toBe(true);
  });

  it('evaluates for expressions over known collections', async () => {
    const result = await readModule({
      'main.tf': `
locals { m = { b = 2, a = 1 } }
resource "t_r" "a" {
  list = [for k, v in local.m : "\${k}=\${v}" if v > 0]
  map  = { for k, v in local.m : upper(k) => v * 10 }
  group = { for s in ["x", "y", "x"] : s => s... }
}`,
    });
    expect(valuesOf(result, 't_r.a')).toEqual({ list: ['a=1', 'b=2'], map: { A: 10, B: 20 }, group: { x: ['x', 'x'], y: ['y'] } });
  });

  it('calls the supported functions and names unsupported ones', async () => {
    const result = await readModule({
      'main.tf': `
resource "t_r" "a" {
  b64  = base64encode("hi")
  dec  = base64decode("aGk=")
  json = jsonencode({ b = [1, "<"], a = true })
  jd   = jsondecode("{\\"x\\": 1}").x
  fmt  = format("%s-%03d", "vm", 7)
  join = join(",", concat(["a"], ["b"]))
  mrg  = merge({ a = 1 }, { b = 2 })
  look = lookup({ a = 1 }, "b", 9)
  case = "\${lower("AB")}\${upper("cd")}"
  rep  = replace("a-b-c", "-", "_")
  conv = [tostring(1), tonumber("2"), tobool("true")]
  len  = length([1, 2, 3])
  el   = element(["a", "b"], 3)
  coal = coalesce("", "x")
  tr   = try(jsondecode("nope"), "fallback")
  can  = can(jsondecode("nope"))
  flat = flatten([[1], [2, [3]]])
  kv   = [keys({ b = 1, a = 2 }), values({ b = 1, a = 2 })]
  has  = contains(["a"], "a")
  rng  = range(3)
  cidr = cidrsubnet("10.0.0.0/16", 8, 2)
  trim = trimspace("  x ")
  spl  = split(",", "a,b")
  nope = timestamp()
}`,
    });
    const values = valuesOf(result, 't_r.a');
    expect(values).toMatchObject({
      b64: 'aGk=', dec: 'hi', json: '{"a":true,"b":[1,"\\u003c"]}', jd: 1, fmt: 'vm-007', join: 'a,b', mrg: { a: 1, b: 2 },
      look: 9, case: 'abCD', rep: 'a_b_c', conv: ['1', 2, true], len: 3, el: 'b', coal: 'x', tr: 'fallback', can: false,
      flat: [1, 2, 3], kv: [['a', 'b'], [2, 1]], has: true, rng: [0, 1, 2], cidr: '10.0.2.0/24', trim: 'x', spl: ['a', 'b'],
    });
    expect(isUnknown(values.nope) && values.nope.reason).toBe('function `timestamp` is not supported');
  });

  it('reads file() and templatefile() relative to the module, with path.module', async () => {
    const result = await readModule({
      'main.tf': `
resource "t_r" "a" {
  raw  = file("\${path.module}/init.sh")
  b64  = base64encode(file("init.sh"))
  tmpl = templatefile("\${path.module}/cloud.tpl", { host = "proxy", ports = [80, 443] })
}`,
      'init.sh': '#!/bin/sh\necho hi\n',
      'cloud.tpl': 'proxy=${host}\n%{ for p in ports ~}\nport ${p}\n%{ endfor ~}\n',
    });
    expect(valuesOf(result, 't_r.a')).toEqual({
      raw: '#!/bin/sh\necho hi\n',
      b64: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
      tmpl: 'proxy=proxy\nport 80\nport 443\n',
    });
  });

  it('shapes nested blocks as arrays of objects and expands dynamic blocks', async () => {
    const result = await readModule({
      'main.tf': `
variable "rules" { default = { ssh = 22, https = 443 } }
variable "unknown_rules" {}
resource "azurerm_network_security_group" "nsg" {
  security_rule {
    name = "first"
  }
  dynamic "security_rule" {
    for_each = var.rules
    iterator = rule
    content {
      name  = rule.key
      port  = rule.value
    }
  }
  dynamic "other" {
    for_each = var.unknown_rules
    content { x = other.value }
  }
  os_profile_windows_config {
    provision_vm_agent = true
  }
}`,
    });
    const values = valuesOf(result, 'azurerm_network_security_group.nsg');
    expect(values.security_rule).toEqual([{ name: 'first' }, { name: 'https', port: 443 }, { name: 'ssh', port: 22 }]);
    expect(values.os_profile_windows_config).toEqual([{ provision_vm_agent: true }]);
    expect(isUnknown(values.other)).toBe(true);
  });
});
