import type { Finding, LintResult } from '../findings/finding';
import { TOOL_NAME, TOOL_VERSION } from '../version';

/**
 * The JSON report (DESIGN §7, a contract): its keys, plus these additions: `fingerprint` on each finding,
 * `suppressed` (the suppressed findings, each with its `suppression`) and `summary.suppressed`.
 */
export function formatJson(result: LintResult): string {
  const report = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    files: result.files,
    findings: result.findings.map(reported),
    suppressed: result.suppressed.map((f) => ({ ...reported(f), suppression: f.suppression })),
    summary: result.summary,
  };
  return JSON.stringify(report, null, 2) + '\n';
}

function reported(f: Finding) {
  return {
    ruleId: f.ruleId,
    rule: f.rule,
    severity: f.severity,
    cause: f.cause,
    errorCodes: f.errorCodes,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    ...(f.resource ? { resource: f.resource } : {}),
    related: f.related,
    fix: f.fix,
    fingerprint: f.fingerprint,
  };
}
