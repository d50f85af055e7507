/**
 * Which lines of a batch script may run. A line alone at the top level (not in a parenthesised block, not continued
 * from the line before with `^`, no `&`, `|`, `if` or `for` on it) that is `exit` (with or without `/b`, and a literal
 * code or one variable: `%RC%`, `!RC!`, `%1`), `goto :eof` or `goto label` never lets cmd fall through to the next
 * line: the lines after it run only from a label (`:name`) that a `goto` or `call :name` on a line that may run
 * names. A `goto` or `call` whose target is written with a variable (`goto %step%`), or names no label of the script,
 * may reach any label. One pass over the lines, then one visit of each label's section: linear in the script's size.
 */
export function cmdLinesRun(lines: readonly string[]): boolean[] {
  const sections = sectionsOf(lines);
  const labels = new Map<string, number[]>();
  for (const section of sections) {
    if (section.label === undefined) continue;
    const same = labels.get(section.label);
    if (same) same.push(section.index);
    else labels.set(section.label, [section.index]);
  }
  const reached = new Set<number>([0]);
  const queue = [0];
  const reach = (index: number) => {
    if (index < sections.length && !reached.has(index)) {
      reached.add(index);
      queue.push(index);
    }
  };
  // Each label followed once, until every section is reached (a jump to any label reaches them all at once).
  const followed = new Set<string>();
  while (queue.length > 0 && reached.size < sections.length) {
    const section = sections[queue.pop()!]!;
    for (const target of section.targets) {
      if (reached.size === sections.length) break;
      if (followed.has(target)) continue;
      followed.add(target);
      const found = target === ANY_LABEL ? undefined : labels.get(target);
      if (found) found.forEach(reach);
      else sections.forEach((_, index) => reach(index));
    }
    if (section.fallsThrough) reach(section.index + 1);
  }
  const run: boolean[] = new Array<boolean>(lines.length).fill(false);
  for (const index of reached) {
    const section = sections[index]!;
    for (let line = section.start; line < section.runUntil; line++) run[line] = true;
  }
  return run;
}

/** A target that may be any label. */
const ANY_LABEL = '\0any';

interface Section {
  index: number;
  /** The label that starts it (lower case), undefined for the script's start. */
  label: string | undefined;
  start: number;
  /** The lines from `start` up to this one (excluded) run when the section is entered: up to its first end. */
  runUntil: number;
  fallsThrough: boolean;
  /** The labels named by the `goto` and `call` commands of the lines that run. */
  targets: string[];
}

/** `:name`, not the `::` comment: the name up to the first delimiter. */
const LABEL = /^[\s,;=@]*:([^\s:+,;=&|<>()^"]+)/;
/**
 * `exit` ends the script whatever its code is: the code only sets the exit code (a number read from its start, if it
 * has one). So a code written with one variable ends it as a literal does: `exit /b %RC%` (empty when RC is not set),
 * `exit /b !RC!` (delayed expansion; left as text without it), `exit /b %1`. A value that would make the line
 * another command once expanded (`set RC=0 ^& goto x`, or `/?`, which prints help) is not looked for.
 */
const EXIT = /^\s*@*\s*exit(\s+\/b)?(\s+(-?\d+|%[^\s%!&|<>^"()]+%|![^\s%!&|<>^"()]+!|%[0-9]))?\s*$/i;
/** Not `goto %step%`: empty, it may not jump. */
const GOTO_LINE = /^\s*@*\s*goto(?:\s*:\s*|\s+)([^\s&|<>()^"%!]+)\s*$/i;
/** `goto x`, `goto:x`, `call :x` anywhere on a line (conditional ones too), with what follows. */
const JUMP = /\b(?:goto(?:\s*:\s*|\s+)|call\s+:\s*)([^\s&|<>()^"]*)/gi;

function sectionsOf(lines: readonly string[]): Section[] {
  const sections: Section[] = [];
  let current: Section = { index: 0, label: undefined, start: 0, runUntil: -1, fallsThrough: true, targets: [] };
  let depth = 0;
  let continued = false;
  lines.forEach((line, at) => {
    const label = continued ? undefined : LABEL.exec(line)?.[1];
    if (label !== undefined && at > 0) {
      closeSection(current, at);
      sections.push(current);
      current = { index: sections.length, label: label.toLowerCase(), start: at, runUntil: -1, fallsThrough: true, targets: [] };
    } else if (label !== undefined) current.label = label.toLowerCase();
    const opened = depth;
    depth = Math.max(0, depth + parenthesesOf(line));
    const ends = !continued && opened === 0 && (EXIT.test(line) || GOTO_LINE.test(line));
    continued = /(^|[^^])(\^\^)*\^$/.test(line);
    if (current.runUntil >= 0) return;
    current.targets.push(...jumpTargets(line));
    if (ends) {
      current.runUntil = at + 1;
      current.fallsThrough = false;
    }
  });
  closeSection(current, lines.length);
  sections.push(current);
  return sections;
}

function closeSection(section: Section, end: number): void {
  if (section.runUntil < 0) section.runUntil = end;
}

/** The labels a line's `goto` and `call :` commands name; `goto :eof` names none. */
function jumpTargets(line: string): string[] {
  const targets: string[] = [];
  for (const match of line.matchAll(JUMP)) {
    const target = match[1]!.toLowerCase();
    if (target === 'eof' && /:\s*eof$/i.test(match[0])) continue;
    targets.push(target === '' || /[%!]/.test(target) ? ANY_LABEL : target);
  }
  return targets;
}

/**
 * How far a line opens parenthesised blocks: `(` counted minus `)`, outside double quotes and not escaped with `^`.
 * A `rem` or `::` line counts nothing (its text is not parsed). Any `(` counts, not only a block's: a line taken to
 * stay in a block only keeps its exits read as conditional.
 */
function parenthesesOf(line: string): number {
  if (/^[\s@]*(rem(\s|$)|::)/i.test(line)) return 0;
  let count = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '^' && !quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') count++;
    else if (!quoted && ch === ')') count--;
  }
  return count;
}
