import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { COMPUTED_FIX, ruleDoc } from '../../src/report/rule-doc';
import { ruleDocFiles } from '../../src/report/rule-docs';
import { CATALOGUE, resultOf } from '../report/sample';
import { formatSarif } from '../../src/report/sarif';
import { ruleDocUrl, TOOL_HOMEPAGE } from '../../src/version';
import { tempProject } from '../helpers/temp-project';
import { REPO_ROOT, runCli } from '../helpers/run-cli';

const DOCS = path.join(REPO_ROOT, 'docs', 'rules');

/** The plain-text help a SARIF log gives for a rule (what GitHub code scanning shows). */
function sarifRuleHelp(id: string): string {
  const log = JSON.parse(formatSarif(resultOf([]), CATALOGUE)) as { runs: { tool: { driver: { rules: { id: string; help: { text: string } }[] } } }[] };
  return log.runs[0]!.tool.driver.rules.find((r) => r.id === id)!.help.text;
}

describe('rule docs (docs/rules/<id>.md)', () => {
  it('are up to date with the policies: run `npm run docs:rules` when this fails', () => {
    const wanted = ruleDocFiles();
    const present = existsSync(DOCS) ? readdirSync(DOCS).filter((f) => f.endsWith('.md')) : [];
    expect(present.sort()).toEqual([...wanted.keys()].sort());
    for (const [name, text] of wanted) {
      const current = readFileSync(path.join(DOCS, name), 'utf8');
      if (current !== text) throw new Error(`docs/rules/${name} is out of date: run npm run docs:rules`);
    }
  });

  it('link from one base URL, the homepage in package.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { homepage: string };
    expect(TOOL_HOMEPAGE).toBe(pkg.homepage);
    expect(ruleDocUrl('BL201')).toBe(`${pkg.homepage}/blob/main/docs/rules/BL201.md`);
  });

  it('say when a rule is not implemented yet', () => {
    const docs = ruleDocFiles();
    for (const rule of CATALOGUE) {
      expect([rule.id, docs.get(`${rule.id}.md`)!.includes('> **Not implemented yet.**')]).toEqual([rule.id, !rule.implemented]);
    }
  });

  it('mark a catalogue-only entry (implemented: false) as not implemented yet', () => {
    // Every built-in rule is implemented now, so the banner is checked on one of them turned into a catalogue entry.
    const entry = { ...CATALOGUE.find((r) => r.id === 'BL403')!, implemented: false };
    expect(ruleDoc(entry)).toContain('> **Not implemented yet.**');
    expect(ruleDoc(CATALOGUE.find((r) => r.id === 'BL403')!)).not.toContain('Not implemented yet');
  });

  it('never print a fix template placeholder: computed fixes are described, `{{ vm.label }}` reads <vm name>', () => {
    const docs = ruleDocFiles();
    for (const [name, text] of docs) expect([name, text.includes('{{')]).toEqual([name, false]);
    expect(docs.get('BL101.md')).toContain(`## How to fix\n\n${COMPUTED_FIX}\n`);
    expect(docs.get('BL403.md')).toContain('"name": "<vm name>/copy-only-backup"');
    const help = sarifRuleHelp('BL101');
    expect(help).not.toContain('{{');
    expect(help).toContain(`How to fix:\n${COMPUTED_FIX}`);
  });

  it('`backup-lint explain` prints the same text as the doc', async () => {
    const run = await runCli(['explain', 'bl201']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(path.join(DOCS, 'BL201.md'), 'utf8'));
    expect(run.stdout).toContain('| Portal error codes | `UserErrorGuestAgentStatusUnavailable`, `GuestAgentSnapshotTaskStatusError` |');
  });

  // The docs' examples are real: the bad ARM and Terraform snippets are reported by their rule, the good ones are not.
  // (Bicep snippets would need the Bicep compiler.)
  for (const rule of CATALOGUE.filter((r) => r.implemented && (r.examples.arm || r.examples.terraform))) {
    it(`${rule.id}'s ARM and Terraform examples: bad is reported, good is not`, async () => {
      const arm = (resource: string) =>
        JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [JSON.parse(resource)] });
      const files: Record<string, string> = {};
      if (rule.examples.arm) Object.assign(files, { 'bad/arm.json': arm(rule.examples.arm.bad), 'good/arm.json': arm(rule.examples.arm.good) });
      if (rule.examples.terraform) Object.assign(files, { 'bad/tf/main.tf': rule.examples.terraform.bad, 'good/tf/main.tf': rule.examples.terraform.good });
      const p = tempProject(files);
      try {
        const found = async (dir: string) => {
          const run = await runCli(['-f', 'json', '--rule', `${rule.id}=error`, dir], { cwd: p.dir });
          return (JSON.parse(run.stdout) as { findings: { ruleId: string; file: string }[] }).findings.filter((f) => f.ruleId === rule.id).map((f) => f.file);
        };
        const expected = [...(rule.examples.arm ? ['bad/arm.json'] : []), ...(rule.examples.terraform ? ['bad/tf/main.tf'] : [])];
        expect([...new Set(await found('bad'))].sort()).toEqual(expected.sort());
        expect(await found('good')).toEqual([]);
      } finally {
        p.cleanup();
      }
    });
  }
});
