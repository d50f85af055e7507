import { lineIn, type ReadContext, type Span } from './context';

/** A command as a grammar sees it: its name and argument values (quotes removed), where it sits, its line. */
export interface Command {
  name: string;
  args: string[];
  /** 1-based line inside the piece of text it was read from. */
  line: number;
  /** The command's own text (first line), for the quote. */
  text: string;
  /** The variables read as literals in it, as the sentence shows them: `$svc = 'WindowsAzureGuestAgent'`. */
  given?: string;
}

/** What a reader hands to the interpreters: the command plus the reading it belongs to. */
export interface CommandSite {
  ctx: ReadContext;
  span: Span;
  depth: number;
  /** Who runs it, for sentences: "the script", "cloud-init runcmd", "PowerShell". */
  actor: string;
}

/** How a sentence shows the variables read as literals: " with $svc = 'WindowsAzureGuestAgent'", or nothing. */
export function givenClause(ctx: ReadContext, given: string | undefined): string {
  return given ? ` with ${ctx.quote(given)}` : '';
}

/** A command's sentence: "the script runs `systemctl stop $AGENT` with $AGENT = 'walinuxagent'". */
export function runsSentence(site: CommandSite, command: Command, quote: string): string {
  return `${site.actor} runs \`${quote}\`${givenClause(site.ctx, command.given)}`;
}

export function siteLine(site: CommandSite, command: Command): number {
  return lineIn(site.span, command.line);
}

/** The command name without directory and `.exe`, lower case: `/usr/bin/systemctl` → `systemctl`. */
export function baseName(name: string): string {
  return name.replace(/^.*[\\/]/, '').replace(/\.exe$/i, '').toLowerCase();
}

/** Strips `sudo` (with its options) in front of a command. */
export function withoutSudo(command: Command): Command {
  let { name, args } = command;
  while (baseName(name) === 'sudo' && args.length > 0) {
    let i = 0;
    while (i < args.length && args[i]!.startsWith('-')) i++;
    if (i >= args.length) break;
    name = args[i]!;
    args = args.slice(i + 1);
  }
  return { ...command, name, args };
}

/** Positional arguments (not options) of a command. */
export function positional(args: readonly string[]): string[] {
  return args.filter((arg) => !arg.startsWith('-'));
}

/** The value after an option (`-d x`, `--destination x`, `--destination=x`), first match. */
export function optionValue(args: readonly string[], names: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    for (const name of names) {
      if (arg === name && i + 1 < args.length) return args[i + 1];
      if (name.startsWith('--') && arg.startsWith(name + '=')) return arg.slice(name.length + 1);
    }
  }
  return undefined;
}

/** The value of a PowerShell parameter (`-Name x`, `-Name:x`), case-insensitive, prefix abbreviations not read. */
export function psParameter(args: readonly string[], names: readonly string[]): string | undefined {
  const wanted = names.map((n) => n.toLowerCase());
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!.toLowerCase();
    for (const name of wanted) {
      if (arg === `-${name}` && i + 1 < args.length && !args[i + 1]!.startsWith('-')) return args[i + 1];
      if (arg.startsWith(`-${name}:`)) return args[i]!.slice(name.length + 2);
    }
  }
  return undefined;
}

/** PowerShell positional arguments: those not a parameter nor a parameter's value (switches are known by name). */
export function psPositional(args: readonly string[], switches: readonly string[] = []): string[] {
  const result: string[] = [];
  const switchSet = new Set(switches.map((s) => `-${s.toLowerCase()}`));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (/^-[A-Za-z]/.test(arg)) {
      if (!switchSet.has(arg.toLowerCase()) && !arg.includes(':')) i++;
      continue;
    }
    result.push(arg);
  }
  return result;
}

export const WIRESERVER = '168.63.129.16';

/** The WireServer ports the agent and the extensions use: 80 (WireServer) and 32526 (the host plugin). */
const WIRESERVER_PORTS = [80, 32526];

/** Whether a port list (`80,443`, ranges written `from<separator>to`) takes in a WireServer port. */
export function coversWireServerPort(list: string, rangeSeparator: ':' | '-'): boolean {
  return list.split(',').some((part) => {
    const [from, to] = part.trim().split(rangeSeparator).map(Number) as [number, number | undefined];
    return WIRESERVER_PORTS.some((port) => (to === undefined ? port === from : port >= from && port <= to));
  });
}

/** Whether an address list (comma/space separated, CIDR allowed) names the WireServer address. */
export function namesWireServer(value: string): boolean {
  return value
    .split(/[\s,]+/)
    .map((part) => part.replace(/^["']|["']$/g, ''))
    .some((part) => part === WIRESERVER || part === `${WIRESERVER}/32`);
}
