// The corpus snapshot's pure parts (scripts/lib/snapshot.js) on synthetic lint results, not on the corpus:
// the line per finding, the header counts, the order, and the diff that CI prints.
import type { Finding, LintResult } from '../../src/findings/finding';

interface Snapshot {
  counts: [string, number][];
  findings: string[];
}
interface Diff {
  added: string[];
  removed: string[];
  counts: { key: string; before: number; after: number }[];
}
const lib = require('../../scripts/lib/snapshot.js') as {
  findingLine(finding: Finding, base?: string): string;
  summarise(results: LintResult[], base: string): Snapshot;
  formatSnapshot(folder: string, snapshot: Snapshot): string;
  parseSnapshot(text: string): { counts: Map<string, number>; findings: string[] };
  diffSnapshots(committed: string, current: string): Diff;
  isEmptyDiff(diff: Diff): boolean;
  formatDiff(diff: Diff, limit?: number): string;
};

const BASE = '/home/someone/corpus/tf';

function finding(ruleId: string, file: string, line: number, resource: string | undefined, message = 'a message'): Finding {
  return {
    ruleId,
    rule: 'some-rule',
    severity: 'error',
    cause: null,
    errorCodes: [],
    message,
    file,
    line,
    column: 3,
    endLine: line,
    endColumn: 9,
    ...(resource ? { resource: { type: 'azurerm_linux_virtual_machine', name: resource } } : {}),
    related: [],
    fix: '',
    fingerprint: `${ruleId}:${file}:${resource ?? ''}`,
  };
}

function result(parts: Partial<LintResult>): LintResult {
  const findings = parts.findings ?? [];
  return {
    files: [],
    findings,
    suppressed: [],
    skippedChecks: [],
    notes: [],
    policyErrors: [],
    suppressionWarnings: [],
    armNames: { resources: 0, literal: 0, symbolic: 0 },
    summary: { files: parts.files?.length ?? 0, resources: 0, errors: findings.length, warnings: 0, infos: 0, skippedChecks: 0, suppressed: 0, durationMs: 1234 },
    ...parts,
  };
}

const repoA = result({
  files: [
    { path: 'a/main.tf', format: 'tf', status: 'ok', resources: 2 },
    { path: 'a/broken.tf', format: 'tf', status: 'error', resources: 0 },
  ],
  findings: [
    finding('BL201', 'a/main.tf', 27, 'azurerm_linux_virtual_machine.fail'),
    finding('BL201', 'a/main.tf', 9, 'azurerm_linux_virtual_machine.first'),
    finding('BL001', 'a/broken.tf', 1, undefined, `${BASE}/a/broken.tf could not be read:\n  syntax error`),
  ],
  skippedChecks: [
    { ruleId: 'BL201', resource: 'x', file: 'a/main.tf', reason: '`var.os` has no value and no default', kind: 'deploy-time-input' },
    { ruleId: 'BL201', resource: 'y', file: 'a/main.tf', reason: '`var.image` has no value and no default', kind: 'deploy-time-input' },
  ],
});
repoA.summary.resources = 2;
const repoB = result({
  files: [{ path: 'b/vm.json', format: 'arm', status: 'ok', resources: 3 }],
  findings: [finding('BL202', 'b/vm.json', 40, 'vm-1')],
  skippedChecks: [{ ruleId: 'BL202', resource: 'z', file: 'b/vm.json', reason: "parameter 'osType' has no value", kind: 'deploy-time-input' }],
  notes: [{ file: 'b/vm.json', line: 5, column: 1, message: 'linked template at https://example.com/x.json is not available offline; its resources are not linted' }],
  armNames: { resources: 3, literal: 1, symbolic: 1 },
});
repoB.summary.resources = 3;

describe('corpus snapshot: one line per finding', () => {
  test('a finding is `rule severity path:line resource`, without its message', () => {
    expect(lib.findingLine(finding('BL201', 'a/main.tf', 27, 'azurerm_linux_virtual_machine.fail'))).toBe(
      'BL201 error a/main.tf:27 azurerm_linux_virtual_machine.fail',
    );
  });

  test('BL001 and BL002 carry their message, on one line and without the absolute folder', () => {
    const parseError = finding('BL001', 'a/broken.tf', 1, undefined, `${BASE}/a/broken.tf could not be read:\n  syntax error`);
    expect(lib.findingLine(parseError, BASE)).toBe('BL001 error a/broken.tf:1 - | a/broken.tf could not be read: syntax error');
    const limit = finding('BL002', 'a/main.tf', 4, 'azurerm_linux_virtual_machine.vm', 'evaluation stopped at 10000 instances');
    expect(lib.findingLine(limit, BASE)).toBe('BL002 error a/main.tf:4 azurerm_linux_virtual_machine.vm | evaluation stopped at 10000 instances');
  });
});

describe('corpus snapshot: the file of one corpus folder', () => {
  const expected = [
    '# backup-lint corpus snapshot of ../shared/corpus/tf: one lint run per repository folder.',
    '# Regenerate with `npm run corpus:snapshot -- --update`; commit a change with the code that caused it.',
    '# repositories: 2',
    '# files read: 3',
    '# files arm: 1',
    '# files tf: 2',
    '# files with status error: 1',
    '# resources: 5',
    '# ARM names literal: 1',
    '# ARM names symbolic: 1',
    '# ARM names unknown: 1',
    '# findings: 4',
    '# findings BL001 error: 1',
    '# findings BL201 error: 2',
    '# findings BL202 error: 1',
    '# skipped checks: 3',
    '# skipped BL201 deploy-time-input: 2',
    "# skipped BL202 deploy-time-input: 1",
    '# notes (not evaluated): 1',
    '# notes: linked template at <uri> is not available offline; its resources are not linted: 1',
    '# policy errors: 0',
    '',
    'BL001 error a/broken.tf:1 - | a/broken.tf could not be read: syntax error',
    'BL201 error a/main.tf:9 azurerm_linux_virtual_machine.first',
    'BL201 error a/main.tf:27 azurerm_linux_virtual_machine.fail',
    'BL202 error b/vm.json:40 vm-1',
    '',
  ].join('\n');

  test('header of counts (skipped checks by rule and Unknown kind, notes by class), then findings by rule, file and line (numerically)', () => {
    expect(lib.formatSnapshot('tf', lib.summarise([repoA, repoB], BASE))).toBe(expected);
  });

  test('the order of the runs does not change the text (no timings either: durationMs is not recorded)', () => {
    expect(lib.formatSnapshot('tf', lib.summarise([repoB, repoA], BASE))).toBe(expected);
  });

  test('parsing reads the counts (keys may contain ": ") and the finding lines back', () => {
    const parsed = lib.parseSnapshot(expected + '# skipped BL201 the OS disk is attached: the agent is unknown: 7\n');
    expect(parsed.counts.get('findings BL201 error')).toBe(2);
    expect(parsed.counts.get('skipped BL201 the OS disk is attached: the agent is unknown')).toBe(7);
    expect(parsed.findings).toHaveLength(4);
  });
});

describe('corpus snapshot: the diff CI prints', () => {
  const committed = lib.formatSnapshot('tf', lib.summarise([repoA, repoB], BASE));

  test('a severity change names the findings it moves, removed and added, and the counts after', () => {
    const warning = { ...repoB, findings: repoB.findings.map((f) => ({ ...f, severity: 'warning' as const })) };
    const diff = lib.diffSnapshots(committed, lib.formatSnapshot('tf', lib.summarise([repoA, warning], BASE)));
    expect(diff).toEqual({
      added: ['BL202 warning b/vm.json:40 vm-1'],
      removed: ['BL202 error b/vm.json:40 vm-1'],
      counts: [
        { key: 'findings BL202 error', before: 1, after: 0 },
        { key: 'findings BL202 warning', before: 0, after: 1 },
      ],
    });
    expect(lib.formatDiff(diff)).toBe(
      [
        '  findings added (1):',
        '    + BL202 warning b/vm.json:40 vm-1',
        '  findings removed (1):',
        '    - BL202 error b/vm.json:40 vm-1',
        '  counts changed (2):',
        '    findings BL202 error: 1 → 0 (-1)',
        '    findings BL202 warning: 0 → 1 (+1)',
        '',
      ].join('\n'),
    );
  });

  test('identical lines count one for one: losing one of two is one removed finding', () => {
    const twice = ['# findings: 2', '', 'BL201 error a/main.tf:5 vm[*]', 'BL201 error a/main.tf:5 vm[*]', ''].join('\n');
    const once = ['# findings: 1', '', 'BL201 error a/main.tf:5 vm[*]', ''].join('\n');
    expect(lib.diffSnapshots(twice, once)).toEqual({ added: [], removed: ['BL201 error a/main.tf:5 vm[*]'], counts: [{ key: 'findings', before: 2, after: 1 }] });
  });

  test('the same snapshot is no difference; a long list is cut at the limit with the number left', () => {
    expect(lib.isEmptyDiff(lib.diffSnapshots(committed, committed))).toBe(true);
    const many = { added: ['BL201 error a:1 x', 'BL201 error a:2 y', 'BL201 error a:3 z'], removed: [], counts: [] };
    expect(lib.formatDiff(many, 2)).toBe(
      [
        '  findings added (3):',
        '    + BL201 error a:1 x',
        '    + BL201 error a:2 y',
        '    … and 1 more (run with --update and read git diff)',
        '',
      ].join('\n'),
    );
  });
});
