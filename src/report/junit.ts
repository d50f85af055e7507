import type { Finding, LintResult } from '../findings/finding';
import type { CatalogueEntry } from '../policy/catalogue';
import type { SuppressedFinding } from '../suppress/types';
import { TOOL_NAME } from '../version';

interface TestCase {
  name: string;
  failures: Finding[];
  skipped?: string;
}

/**
 * JUnit XML: one testsuite per linted file, one testcase per rule and resource that failed (its failures carry the
 * message and the location), suppressed findings and unknown-input checks as skipped testcases, and one passing
 * testcase for a file without findings, so every file shows up in CI test reports.
 */
export function formatJunit(result: LintResult, catalogue: readonly CatalogueEntry[]): string {
  const titles = new Map(catalogue.map((r) => [r.id, r.title]));
  const suites = new Map<string, Map<string, TestCase>>();
  const suite = (file: string) => {
    let cases = suites.get(file);
    if (!cases) suites.set(file, (cases = new Map()));
    return cases;
  };
  for (const file of result.files) suite(file.path);
  const testCase = (file: string, ruleId: string, rule: string, resource: string | undefined) => {
    const name = `${ruleId} ${rule}${resource ? `: ${resource}` : ''}`;
    const cases = suite(file);
    let found = cases.get(name);
    if (!found) cases.set(name, (found = { name, failures: [] }));
    return found;
  };
  for (const f of result.findings) testCase(f.file, f.ruleId, f.rule, f.resource?.name).failures.push(f);
  for (const f of result.suppressed) {
    const found = testCase(f.file, f.ruleId, f.rule, f.resource?.name);
    if (found.failures.length === 0) found.skipped = suppressedText(f);
  }
  for (const check of result.skippedChecks) {
    const found = testCase(check.file, check.ruleId, titles.get(check.ruleId) ?? check.ruleId, check.resource);
    if (found.failures.length === 0) found.skipped ??= `not checked, its inputs are unknown: ${check.reason}`;
  }

  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const body: string[] = [];
  for (const [file, cases] of [...suites].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const list = [...cases.values()];
    if (list.length === 0) list.push({ name: 'no findings', failures: [] });
    const suiteFailures = list.filter((c) => c.failures.length > 0).length;
    const suiteSkipped = list.filter((c) => c.failures.length === 0 && c.skipped !== undefined).length;
    tests += list.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    body.push(`  <testsuite name="${attr(file)}" tests="${list.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}">`);
    for (const c of list) body.push(...testCaseXml(file, c, titles));
    body.push('  </testsuite>');
  }
  const seconds = (result.summary.durationMs / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${TOOL_NAME}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds}">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

function testCaseXml(file: string, c: TestCase, titles: ReadonlyMap<string, string>): string[] {
  const open = `    <testcase classname="${attr(file)}" name="${attr(c.name)}"`;
  if (c.failures.length > 0) {
    const [first] = c.failures;
    const text = c.failures.map((f) => failureText(f, titles)).join('\n\n');
    return [`${open}>`, `      <failure message="${attr(first!.message)}" type="${attr(first!.ruleId)}">${escapeText(text)}</failure>`, '    </testcase>'];
  }
  if (c.skipped !== undefined) return [`${open}>`, `      <skipped message="${attr(c.skipped)}"/>`, '    </testcase>'];
  return [`${open}/>`];
}

function failureText(f: Finding, titles: ReadonlyMap<string, string>): string {
  const lines = [`${f.severity}: ${f.message}`, `at ${f.file}:${f.line}:${f.column}`, `rule: ${f.ruleId} ${f.rule} (${titles.get(f.ruleId) ?? ''})`];
  if (f.errorCodes.length > 0) lines.push(`portal error: ${f.errorCodes.join(', ')}`);
  for (const r of f.related) lines.push(`related: ${r.file}:${r.line}:${r.column} ${r.message}`);
  if (f.fix) lines.push(`fix: ${f.fix.trim()}`);
  return lines.join('\n');
}

function suppressedText(f: SuppressedFinding): string {
  return `suppressed (${f.suppression.kind}, ${f.suppression.file}${f.suppression.line ? `:${f.suppression.line}` : ''}): ${f.suppression.reason}`;
}

/** Characters XML 1.0 does not allow at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped. */
export function xmlText(text: string): string {
  return text.replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '');
}

function escapeText(text: string): string {
  return xmlText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value: also quotes escaped, and line breaks and tabs as character references (kept by parsers). */
function attr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
