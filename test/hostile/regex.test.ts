import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';
import { readModule, valuesOf } from '../terraform/hcl-helpers';

/** Issue #14 part 5: regular expressions from the repository run on RE2, linear in the input and faithful to Terraform. */

async function tags(expressions: Record<string, string>): Promise<Record<string, unknown>> {
  const lines = Object.entries(expressions).map(([name, expr]) => `    ${name} = ${expr}`);
  const result = await readModule({ 'main.tf': `resource "azurerm_resource_group" "rg" {\n  name = "rg"\n  tags = {\n${lines.join('\n')}\n  }\n}\n` });
  return valuesOf(result, 'azurerm_resource_group.rg').tags as Record<string, unknown>;
}

describe('Terraform regex, regexall and replace on RE2', () => {
  it('answers a string, a list of groups or a map of named groups, as the Terraform docs say', async () => {
    expect(
      await tags({
        whole: 'regex("[a-z]+", "53453453.345345aaabbbccc23454")',
        groups: 'regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")',
        list: 'regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")',
        all: 'regexall("[a-z]+", "1234abcd5678efgh9")',
        none: 'length(regexall("[a-z]+", "1234"))',
      }),
    ).toEqual({
      whole: 'aaabbbccc',
      groups: { scheme: 'https', authority: 'terraform.io' },
      list: ['2019', '02', '01'],
      all: ['abcd', 'efgh'],
      none: 0,
    });
  });

  it("expands $1, ${1} and $name in replace() as Go does ($1x names group '1x': empty)", async () => {
    expect(
      await tags({
        swapped: 'replace("hello world", "/(\\\\w+) (\\\\w+)/", "$2 $${1}")',
        greedy: 'replace("ab", "/(a)/", "$1x")',
        dollar: 'replace("a", "/a/", "$$")',
      }),
    ).toEqual({ swapped: 'world hello', greedy: 'b', dollar: '$' });
  });

  it('makes a pattern RE2 rejects (lookahead, backreference) an evaluation error, not a JavaScript match', async () => {
    const result = await tags({ lookahead: 'regex("a(?=b)", "ab")', backreference: 'regex("(a)\\\\1", "aa")' });
    expect(String((result.lookahead as { reason: string }).reason)).toMatch(/invalid regular expression/);
    expect(String((result.backreference as { reason: string }).reason)).toMatch(/invalid regular expression/);
  });

  it('runs a catastrophic-backtracking pattern on 100,000 characters in linear time', async () => {
    const started = Date.now();
    const result = await tags({ matches: `length(regexall("(a+)+$", "${'a'.repeat(100_000)}!"))` });
    expect(result.matches).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('user policy option patterns on RE2', () => {
  const vm = readFileSync(path.join(FIXTURES, 'BL201/valid/arm-windows-agent-default.json'), 'utf8');
  const policy = (pattern: string) => `id: ACME002
name: vm-name-pattern
title: VM names follow the naming standard
cause: 4
severity: warning
errorCodes: []
subject: vm
assert: "false"
message: "VM '{{ vm.name }}'"
rationale: Our platform standard.
options:
  type: object
  properties:
    prefix:
      type: string
      pattern: '${pattern}'
      default: app
docs: []
`;

  it('checks a configuration value against a backtracking pattern in linear time', async () => {
    const project = tempProject({
      'vm.json': vm,
      '.backup-lint.yaml': `policies:\n  - acme\nrules:\n  ACME002:\n    options:\n      prefix: "${'a'.repeat(50_000)}!"\n`,
      'acme/ACME002.yaml': policy('^(a+)+$'),
    });
    try {
      const started = Date.now();
      const run = await runCli(['vm.json'], { cwd: project.dir });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^backup-lint: .*prefix.* must match/);
    } finally {
      project.cleanup();
    }
  });

  it('refuses a pattern RE2 cannot run with a clear error at the policy', async () => {
    const project = tempProject({ 'vm.json': vm, '.backup-lint.yaml': 'policies:\n  - acme\n', 'acme/ACME002.yaml': policy('^(?=a)a$') });
    try {
      const run = await runCli(['vm.json'], { cwd: project.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/ACME002\.yaml:\d+:\d+: `options` is not a valid JSON Schema: pattern "\^\(\?=a\)a\$" is not a regular expression in RE2 syntax/);
    } finally {
      project.cleanup();
    }
  });

  it('still accepts a policy whose pattern RE2 supports', async () => {
    const project = tempProject({ 'vm.json': vm, '.backup-lint.yaml': 'policies:\n  - acme\n', 'acme/ACME002.yaml': policy('^[a-z]+$') });
    try {
      expect((await runJson(['vm.json'], { cwd: project.dir })).report.findings.map((f) => f.ruleId)).toEqual(['ACME002']);
    } finally {
      project.cleanup();
    }
  });
});
