import { spawnSync } from 'node:child_process';
import { formatJunit, xmlText } from '../../src/report/junit';
import { CATALOGUE, finding, resultOf } from './sample';

/**
 * Parses XML with Python's expat (a real, strict XML 1.0 parser) and returns its structure, or an error; undefined
 * when no python3 is available.
 */
function parseXml(xml: string): { error?: string; suites?: { name: string; tests: string; failures: string; cases: { name: string; failure?: string; failureText?: string; skipped?: string }[] }[] } | undefined {
  const script = `
import sys, json, xml.dom.minidom as m
try:
    d = m.parseString(sys.stdin.buffer.read())
except Exception as e:
    print(json.dumps({"error": str(e)})); sys.exit(0)
out = []
for s in d.getElementsByTagName("testsuite"):
    cases = []
    for c in s.getElementsByTagName("testcase"):
        e = {"name": c.getAttribute("name")}
        f = c.getElementsByTagName("failure")
        if f: e["failure"] = f[0].getAttribute("message"); e["failureText"] = "".join(n.data for n in f[0].childNodes)
        k = c.getElementsByTagName("skipped")
        if k: e["skipped"] = k[0].getAttribute("message")
        cases.append(e)
    out.append({"name": s.getAttribute("name"), "tests": s.getAttribute("tests"), "failures": s.getAttribute("failures"), "cases": cases})
print(json.dumps({"suites": out}))
`;
  const run = spawnSync('python3', ['-c', script], { input: xml, encoding: 'utf8' });
  if (run.error || run.status !== 0) return undefined;
  return JSON.parse(run.stdout);
}

const hasPython = parseXml('<a/>') !== undefined;
const xmlTest = hasPython ? it : it.skip;
if (!hasPython) console.warn('python3 not found: the JUnit well-formedness checks (expat) are skipped');

describe('junit format', () => {
  xmlTest('one testsuite per file, one testcase per rule and resource, failures with message and location', () => {
    const second = finding({ line: 60, endLine: 60, resource: { type: 'Microsoft.Compute/virtualMachines', name: 'db-01' } });
    const tf = finding({ file: 'infra/main.tf', ruleId: 'BL202', rule: 'extension-operations-disabled', line: 9, message: 'ext off' });
    const suppressed = { ...finding({ resource: { type: 'T', name: 'appliance' } }), suppression: { kind: 'inline' as const, reason: 'vendor image', file: 'infra/vm.json', line: 3 } };
    const parsed = parseXml(formatJunit(resultOf([finding(), second, tf], [suppressed]), CATALOGUE))!;
    expect(parsed.error).toBeUndefined();
    expect(parsed.suites!.map((s) => [s.name, s.tests, s.failures])).toEqual([
      ['infra/main.tf', '1', '1'],
      ['infra/vm.json', '3', '2'],
    ]);
    const vm = parsed.suites![1]!.cases;
    expect(vm.map((c) => c.name)).toEqual(['BL201 vm-agent-not-provisioned: web-01', 'BL201 vm-agent-not-provisioned: db-01', 'BL201 vm-agent-not-provisioned: appliance']);
    expect(vm[0]!.failure).toBe("VM 'web-01' is deployed without the Azure VM agent (provisionVMAgent: false).");
    expect(vm[0]!.failureText).toContain('at infra/vm.json:21:13');
    expect(vm[2]!.skipped).toBe('suppressed (inline, infra/vm.json:3): vendor image');
  });

  xmlTest('stays well-formed with markup, quotes and characters XML forbids in names and messages', () => {
    const hostile = finding({
      file: 'a&b<c>.json',
      message: 'quote " apos \' amp & lt < gt > nul \u0000 bell \u0007 esc \u001b lone \ud800 end',
      resource: { type: 'T', name: ']]><x/>' },
    });
    const parsed = parseXml(formatJunit(resultOf([hostile]), CATALOGUE))!;
    expect(parsed.error).toBeUndefined();
    expect(parsed.suites![0]!.name).toBe('a&b<c>.json');
    expect(parsed.suites![0]!.cases[0]!.failure).toBe('quote " apos \' amp & lt < gt > nul  bell  esc  lone  end');
    expect(parsed.suites![0]!.cases[0]!.name).toBe('BL201 vm-agent-not-provisioned: ]]><x/>');
  });

  it('lists a file without findings as one passing testcase', () => {
    const xml = formatJunit({ ...resultOf([]), files: [{ path: 'clean.json', format: 'arm', status: 'ok', resources: 2 }] }, CATALOGUE);
    expect(xml).toContain('<testsuite name="clean.json" tests="1" failures="0" errors="0" skipped="0">\n    <testcase classname="clean.json" name="no findings"/>');
  });

  it('drops characters XML 1.0 does not allow, keeps tab, newline and astral characters', () => {
    expect(xmlText('a\u0000b\u0008c\td\ne\uffff f\ud83d\ude00')).toBe('abc\td\ne f\ud83d\ude00');
  });
});
