import { readFileSync } from 'node:fs';
import path from 'node:path';
import { format } from '../../src/report';
import { makeColors } from '../../src/report/color';
import { formatSarif } from '../../src/report/sarif';
import { tempProject } from '../helpers/temp-project';
import { sarifValidator, SARIF_SCHEMA_FILE } from '../helpers/sarif-schema';
import { CATALOGUE, finding, resultOf } from './sample';
import { FIXTURES, runCli } from '../helpers/run-cli';

interface SarifLog {
  runs: {
    tool: { driver: { rules: Record<string, any>[] } };
    results: Record<string, any>[];
  }[];
}

const validate = sarifValidator();
const schemaTest = validate ? it : it.skip;
if (!validate) console.warn(`SARIF schema not found at ${SARIF_SCHEMA_FILE}: schema validation skipped`);

describe('sarif format', () => {
  schemaTest('is valid SARIF 2.1.0 for a real run with findings, BL001 and suppressed findings', async () => {
    const run = await runCli(['-f', 'sarif', 'suppress/arm', 'suppress/tf', 'BL001/invalid/tf-unclosed-block']);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(validate!(log)).toEqual([]);
    const results = log.runs[0]!.results;
    expect(results.some((r) => r['ruleId'] === 'BL001')).toBe(true);
    expect(results.filter((r) => r['suppressions']).length).toBe(4);
    // The suppressions ignored for want of a reason reach the log as tool notifications.
    const notifications = (log.runs[0] as unknown as { invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }).invocations[0]!
      .toolExecutionNotifications;
    expect(notifications.map((n) => `${n.level} ${n.message.text}`)).toEqual([
      'warning suppress/arm/metadata.json:91: suppression of BL201 has no reason, so it is ignored; every suppression must say why.',
      'warning suppress/tf/main.tf:36: suppression of BL201 has no reason, so it is ignored; every suppression must say why.',
    ]);
  });

  schemaTest('is valid with related locations, odd file names and control characters in messages', () => {
    const odd = finding({
      file: 'infra/my templates/vm#1 ü.json',
      message: 'VM \u001b[31mred\u001b[0m has a\nproblem',
      related: [{ file: 'infra/nsg.json', line: 88, column: 13, message: 'Deny_Internet, priority 1000' }],
    });
    const log = JSON.parse(format('sarif', resultOf([odd]), CATALOGUE, { colors: makeColors(false), explain: false })) as SarifLog;
    expect(validate!(log)).toEqual([]);
    const [result] = log.runs[0]!.results;
    expect(result!['message'].text).toBe('VM \\x1b[31mred\\x1b[0m has a\\nproblem.');
    expect(result!['locations'][0].physicalLocation.artifactLocation).toEqual({ uri: 'infra/my%20templates/vm%231%20%C3%BC.json', uriBaseId: '%SRCROOT%' });
    expect(result!['relatedLocations']).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'infra/nsg.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 88, startColumn: 13 } },
        message: { text: 'Deny_Internet, priority 1000.' },
      },
    ]);
  });

  schemaTest('the schema check itself rejects an invalid log (a level SARIF does not have)', () => {
    const log = JSON.parse(formatSarif(resultOf([finding()]), CATALOGUE)) as SarifLog;
    log.runs[0]!.results[0]!['level'] = 'fatal';
    expect(validate!(log).join('\n')).toMatch(/results\/0\/level must be equal to one of the allowed values/);
  });

  it("links a user policy's rule to its own docs (or to nothing), never to a built-in doc page that does not exist", async () => {
    const policy = (id: string, docs: string) =>
      `id: ${id}\nname: ${id.toLowerCase()}-rule\ntitle: No B2s VMs\nseverity: warning\nsubject: vm\nassert: vm.size !== "Standard_B2s"\nmessage: too small\n` +
      `rationale: House rule.\ndocs: ${docs}\n`;
    const p = tempProject({
      'vm.json': readFileSync(path.join(FIXTURES, 'BL201/invalid/arm-linux-agent-off.json'), 'utf8'),
      '.backup-lint.yaml': 'policies:\n  - house\n',
      'house/ACME001.yaml': policy('ACME001', '[https://wiki.example.com/acme-001]'),
      'house/ACME002.yaml': policy('ACME002', '[]'),
    });
    try {
      const run = await runCli(['-f', 'sarif', 'vm.json'], { cwd: p.dir });
      const log = JSON.parse(run.stdout) as SarifLog;
      const rules = new Map(log.runs[0]!.tool.driver.rules.map((r) => [r['id'] as string, r]));
      expect(rules.get('ACME001')!['helpUri']).toBe('https://wiki.example.com/acme-001');
      expect(rules.get('ACME002')!['helpUri']).toBeUndefined();
      expect(rules.get('BL201')!['helpUri']).toBe('https://github.com/backup-lint/backup-lint/blob/main/docs/rules/BL201.md');
      expect(log.runs[0]!.results.map((r) => r['ruleId']).sort()).toEqual(['ACME001', 'ACME002', 'BL201']);
    } finally {
      p.cleanup();
    }
  });

  it('describes every catalogue rule from its policy: descriptions, help text and markdown, helpUri, level, cause tag', () => {
    const log = JSON.parse(formatSarif(resultOf([finding()]), CATALOGUE)) as SarifLog;
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r['id'])).toEqual(CATALOGUE.map((r) => r.id));
    const bl201 = rules.find((r) => r['id'] === 'BL201')!;
    expect(bl201).toMatchObject({
      name: 'VmAgentNotProvisioned',
      shortDescription: { text: 'The VM is deployed without the Azure VM agent' },
      helpUri: 'https://github.com/backup-lint/backup-lint/blob/main/docs/rules/BL201.md',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['azure-backup', 'reliability', 'cause-2'], cause: 2 },
    });
    expect(bl201['fullDescription'].text).toMatch(/^Azure VM Backup works through the VM agent/);
    expect(bl201['help'].text).toContain('How to fix (Terraform)');
    expect(bl201['help'].markdown).toMatch(/^# BL201 vm-agent-not-provisioned\n/);
    expect(rules.find((r) => r['id'] === 'BL404')!['defaultConfiguration']).toEqual({ level: 'note' });
  });

  it('reports a result with its full region, rule index, resource and a fingerprint without line numbers', () => {
    const log = JSON.parse(formatSarif(resultOf([finding()]), CATALOGUE)) as SarifLog;
    const [result] = log.runs[0]!.results;
    expect(result).toMatchObject({
      ruleId: 'BL201',
      ruleIndex: CATALOGUE.findIndex((r) => r.id === 'BL201'),
      level: 'error',
      locations: [
        {
          physicalLocation: { region: { startLine: 21, startColumn: 13, endLine: 21, endColumn: 38 } },
          logicalLocations: [{ name: 'web-01', kind: 'resource' }],
        },
      ],
    });
    const moved = JSON.parse(formatSarif(resultOf([finding({ line: 40, endLine: 40 })]), CATALOGUE)) as SarifLog;
    expect(moved.runs[0]!.results[0]!['partialFingerprints']).toEqual(result!['partialFingerprints']);
    expect(result!['partialFingerprints']['backupLint/v1']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves out an end that precedes the start instead of writing an invalid region (Multitool SARIF1007)', () => {
    const log = JSON.parse(formatSarif(resultOf([finding({ line: 41, endLine: 40 })]), CATALOGUE)) as SarifLog;
    expect(log.runs[0]!.results[0]!['locations'][0].physicalLocation.region).toEqual({ startLine: 41, startColumn: 13 });
  });

  it('writes suppressed findings as SARIF suppressions: inSource for inline, external for config and baseline', () => {
    const inline = { ...finding(), suppression: { kind: 'inline' as const, reason: 'appliance', file: 'infra/vm.json', line: 12 } };
    const config = { ...finding({ line: 50 }), suppression: { kind: 'config' as const, reason: 'legacy', file: '.backup-lint.yaml', line: 3, expires: '2027-01-01' } };
    const log = JSON.parse(formatSarif(resultOf([], [inline, config]), CATALOGUE)) as SarifLog;
    expect(log.runs[0]!.results.map((r) => r['suppressions'])).toEqual([
      [
        {
          kind: 'inSource',
          status: 'accepted',
          justification: 'appliance',
          location: { physicalLocation: { artifactLocation: { uri: 'infra/vm.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 12 } } },
          properties: { backupLintKind: 'inline' },
        },
      ],
      [
        {
          kind: 'external',
          status: 'accepted',
          justification: 'legacy',
          location: { physicalLocation: { artifactLocation: { uri: '.backup-lint.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 3 } } },
          properties: { backupLintKind: 'config', expires: '2027-01-01' },
        },
      ],
    ]);
  });
});
