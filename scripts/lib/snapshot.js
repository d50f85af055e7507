'use strict';
// The corpus snapshot's pure parts: lint results → snapshot text, and the difference between two snapshots.
// A snapshot is a header of counts (`# key: n`) followed by one line per finding, sorted; see scripts/corpus-snapshot.js.
const { noteClass } = require('./classes.js');

/** Rules whose lines carry the message: it says what went wrong, which the rule and resource alone do not. */
const WITH_MESSAGE = new Set(['BL001', 'BL002']);

/** Text on one line, and without `base` (an absolute folder), so that no machine-specific path is recorded. */
function oneLine(text, base) {
  const withoutBase = base ? text.split(`${base}/`).join('').split(base).join('.') : text;
  return withoutBase.replace(/\s+/g, ' ').trim();
}

/** `rule severity path:line resource`, plus ` | message` for BL001/BL002. */
function findingLine(finding, base) {
  const resource = finding.resource ? oneLine(finding.resource.name, base) || '-' : '-';
  const line = `${finding.ruleId} ${finding.severity} ${oneLine(finding.file, base)}:${finding.line} ${resource}`;
  return WITH_MESSAGE.has(finding.ruleId) ? `${line} | ${oneLine(finding.message, base)}` : line;
}

const byCodeUnits = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Findings grouped by rule, then by file and line (numerically), then the whole line: independent of locale. */
function compareFindingLines(a, b) {
  const parse = (text) => {
    const match = /^(\S+) \S+ (.*?):(\d+) /.exec(text);
    return match ? { rule: match[1], file: match[2], line: Number(match[3]) } : { rule: text, file: '', line: 0 };
  };
  const x = parse(a);
  const y = parse(b);
  return byCodeUnits(x.rule, y.rule) || byCodeUnits(x.file, y.file) || x.line - y.line || byCodeUnits(a, b);
}

function tally(counts, key) {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Counts in a fixed order: fixed keys first, then each group's keys sorted. */
function sortedGroup(counts, prefix) {
  return [...counts].sort((a, b) => byCodeUnits(a[0], b[0])).map(([key, n]) => [`${prefix}${key}`, n]);
}

/**
 * The snapshot of one corpus folder from its lint runs (LintResult objects, one per repository folder).
 * `base` is the folder's absolute path, removed from any text that would carry it.
 */
function summarise(results, base) {
  const formats = new Map();
  const statuses = new Map();
  const findingCounts = new Map();
  const skipped = new Map();
  const notes = new Map();
  const names = { resources: 0, literal: 0, symbolic: 0 };
  let files = 0;
  let resources = 0;
  let findings = 0;
  let skippedChecks = 0;
  let noteCount = 0;
  let policyErrors = 0;
  const lines = [];
  for (const result of results) {
    files += result.summary.files;
    resources += result.summary.resources;
    for (const file of result.files) {
      tally(formats, file.format);
      if (file.status !== 'ok') tally(statuses, file.status);
    }
    names.resources += result.armNames.resources;
    names.literal += result.armNames.literal;
    names.symbolic += result.armNames.symbolic;
    for (const finding of result.findings) {
      findings++;
      tally(findingCounts, `${finding.ruleId} ${finding.severity}`);
      lines.push(findingLine(finding, base));
    }
    for (const check of result.skippedChecks) {
      skippedChecks++;
      tally(skipped, `${check.ruleId} ${check.kind ?? 'not-evaluated'}`);
    }
    for (const note of result.notes) {
      noteCount++;
      tally(notes, oneLine(noteClass(note.message), base));
    }
    policyErrors += result.policyErrors.length;
  }
  const counts = [
    ['repositories', results.length],
    ['files read', files],
    ...sortedGroup(formats, 'files '),
    ...sortedGroup(statuses, 'files with status '),
    ['resources', resources],
    ...(names.resources > 0
      ? [
          ['ARM names literal', names.literal],
          ['ARM names symbolic', names.symbolic],
          ['ARM names unknown', names.resources - names.literal - names.symbolic],
        ]
      : []),
    ['findings', findings],
    ...sortedGroup(findingCounts, 'findings '),
    ['skipped checks', skippedChecks],
    ...sortedGroup(skipped, 'skipped '),
    ['notes (not evaluated)', noteCount],
    ...sortedGroup(notes, 'notes: '),
    ['policy errors', policyErrors],
  ];
  return { counts, findings: lines.sort(compareFindingLines) };
}

/** The snapshot file's text. */
function formatSnapshot(folder, snapshot) {
  const header = [
    `# backup-lint corpus snapshot of ../shared/corpus/${folder}: one lint run per repository folder.`,
    '# Regenerate with `npm run corpus:snapshot -- --update`; commit a change with the code that caused it.',
    ...snapshot.counts.map(([key, n]) => `# ${key}: ${n}`),
  ];
  return [...header, '', ...snapshot.findings].join('\n') + '\n';
}

/** Counts and finding lines of a snapshot file's text; comment lines that are not counts are ignored. */
function parseSnapshot(text) {
  const counts = new Map();
  const findings = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      const count = /^# (.*): (\d+)$/.exec(line);
      if (count) counts.set(count[1], Number(count[2]));
    } else if (line.trim() !== '') findings.push(line);
  }
  return { counts, findings };
}

/** Lines of `a` not matched one for one in `b` (a finding may occur twice: same rule, line and resource name). */
function linesMissingFrom(a, b) {
  const remaining = new Map();
  for (const line of b) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  const missing = [];
  for (const line of a) {
    const left = remaining.get(line) ?? 0;
    if (left > 0) remaining.set(line, left - 1);
    else missing.push(line);
  }
  return missing;
}

/** What changed from the committed snapshot to the current one: findings added and removed, counts changed. */
function diffSnapshots(committedText, currentText) {
  const before = parseSnapshot(committedText);
  const after = parseSnapshot(currentText);
  const keys = [...before.counts.keys(), ...[...after.counts.keys()].filter((key) => !before.counts.has(key))];
  const counts = keys
    .map((key) => ({ key, before: before.counts.get(key) ?? 0, after: after.counts.get(key) ?? 0 }))
    .filter((change) => change.before !== change.after);
  return {
    added: linesMissingFrom(after.findings, before.findings),
    removed: linesMissingFrom(before.findings, after.findings),
    counts,
  };
}

const isEmptyDiff = (diff) => diff.added.length === 0 && diff.removed.length === 0 && diff.counts.length === 0;

/** The difference for a person: added and removed findings first (at most `limit` each), changed counts after. */
function formatDiff(diff, limit = 100) {
  const out = [];
  const section = (title, lines, sign) => {
    if (lines.length === 0) return;
    out.push(`  ${title} (${lines.length}):`);
    for (const line of lines.slice(0, limit)) out.push(`    ${sign} ${line}`);
    if (lines.length > limit) out.push(`    … and ${lines.length - limit} more (run with --update and read git diff)`);
  };
  section('findings added', diff.added, '+');
  section('findings removed', diff.removed, '-');
  if (diff.counts.length > 0) {
    out.push(`  counts changed (${diff.counts.length}):`);
    for (const change of diff.counts) {
      const delta = change.after - change.before;
      out.push(`    ${change.key}: ${change.before} → ${change.after} (${delta > 0 ? '+' : ''}${delta})`);
    }
  }
  return out.join('\n') + '\n';
}

module.exports = { findingLine, compareFindingLines, summarise, formatSnapshot, parseSnapshot, diffSnapshots, isEmptyDiff, formatDiff };
