import type { GuestParsers } from './grammars';
import type { SourceRef } from '../../model/location';
import { Unknown, type UnknownKind } from '../../model/unknown';

/** The facts the guest readers report (keys of GuestFact holding observations). */
export type GuestFactKey =
  | 'staticIp'
  | 'agentDisabled'
  | 'agentAutoUpdateDisabled'
  | 'agentFromSource'
  | 'iaasVmProviderDisabled'
  | 'vssCopyBackup'
  | 'wireserverBlocked';

/** What a reader found, before it becomes a GuestObservation with the text's source. */
export interface Hit {
  /**
   * `serviceRestored`: a later command that undoes a stop or disable (see `service`); `wireserverAllowed`: a firewall
   * rule that accepts the agent's traffic to the WireServer. Neither is a fact of its own: they undo others.
   */
  fact: GuestFactKey | 'proxy' | 'waagent' | 'serviceRestored' | 'wireserverAllowed';
  /** The sentence without the trailing "(line N of …)": "the script runs `systemctl stop walinuxagent`". */
  sentence: string;
  quote: string;
  /** 1-based line in the decoded top-level text. */
  line: number;
  guestFile: string | null;
  proxy?: { scope: 'waagent' | 'environment' | 'localsystem' | 'winhttp'; host: string | null; port: number | null };
  waagent?: { key: string; value: string | null };
  /**
   * A service command: what it does to which service. A stop is undone by a later start, a disable by a later enable,
   * a package removal by a later install, in the same text: the service then runs again.
   */
  service?: { name: 'agent' | 'provider'; action: ServiceAction };
  /** A waagent.conf setting that disables (lower-case key, and the values that disable): undone by a later line that sets the key otherwise. */
  setting?: { key: string; disabling: RegExp };
}

export type ServiceAction = 'stop' | 'disable' | 'remove' | 'start' | 'enable' | 'install';

/** Where a piece of text sits in the decoded top-level text: its first line, or one fixed line (encoded content). */
export interface Span {
  /** 1-based line of the piece's first line. */
  line: number;
  /** Every line of the piece maps to `line` (the piece was itself encoded: write_files b64, -EncodedCommand). */
  fixed: boolean;
  /** The line of each line of the piece, when they do not follow one another (cloud-init runcmd entries read as one script). */
  lines?: readonly number[];
}

export function lineIn(span: Span, innerLine: number): number {
  if (span.lines) return span.lines[Math.min(Math.max(innerLine, 1), span.lines.length) - 1] ?? span.line;
  return span.fixed ? span.line : span.line + innerLine - 1;
}

/** Bounds on hostile text. */
export const LIMITS = {
  /** Decoded text of one guest text (Azure's customData limit is 64 KiB encoded). */
  textBytes: 1024 * 1024,
  /** What gzip may inflate to. */
  inflatedBytes: 1024 * 1024,
  /** Nesting of texts inside texts (bash -c inside -EncodedCommand inside runcmd …). */
  depth: 6,
  /** Hits kept per guest text. */
  hits: 200,
  /** MIME parts read. */
  mimeParts: 32,
  quoteChars: 120,
} as const;

/** One reading of one guest text: where hits go, what could not be read. */
export class ReadContext {
  readonly hits: Hit[] = [];
  readonly unreadable: Unknown[] = [];
  readonly kinds = new Set<string>();
  /** The MIME parts of the decoded text (1-based, by lines), so that a line is told within its part. */
  readonly mimeParts: { index: number; type: string; from: number; to: number }[] = [];
  /** The decoded top-level text (unknown parts as markers), once decoded. */
  decoded: string | undefined;
  constructor(
    readonly parsers: GuestParsers,
    /** Marker → display (`${name}`) for the unknown parts of a partially-known text. */
    readonly markers: ReadonlyMap<string, string>,
    /** The property the text is in (for the Unknowns' location). */
    readonly at: SourceRef,
    /** How messages name the text: "the decoded customData". */
    readonly label: string,
  ) {}

  /** (Part of) the text could not be read: the facts it could hold are Unknown unless found elsewhere. */
  unreadableText(reason: string, kind: UnknownKind = 'not-evaluated'): void {
    if (this.unreadable.length < 10) this.unreadable.push(new Unknown(`${this.label}: ${reason}`, this.at, kind));
  }

  add(hit: Hit): void {
    if (this.hits.length < LIMITS.hits) this.hits.push(hit);
  }

  /**
   * Reads the same text once per value (a `for` loop's body, a `ForEach-Object` block): what it does without reading
   * the value is reported once, a hit of a later pass that an earlier pass made already (fact, line, sentence) dropped.
   */
  readPerValue<T>(values: readonly T[], read: (value: T) => void): void {
    const earlier = new Set<string>();
    for (const value of values) {
      const from = this.hits.length;
      read(value);
      const fresh = this.hits.splice(from).filter((hit) => !earlier.has(`${hit.fact}\n${hit.line}\n${hit.sentence}`));
      for (const hit of fresh) earlier.add(`${hit.fact}\n${hit.line}\n${hit.sentence}`);
      this.hits.push(...fresh);
    }
  }

  /** Whether a value contains an unknown part: it decides nothing. */
  isUnknownPart(value: string): boolean {
    for (const marker of this.markers.keys()) if (value.includes(marker)) return true;
    return false;
  }

  /** A guest line as quoted in messages: unknown parts shown as `${name}`, short, control characters escaped. */
  quote(line: string): string {
    let text = line.trim();
    for (const [marker, display] of this.markers) text = text.split(marker).join(display);
    text = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029`]/g, (ch) => (ch === '`' ? "'" : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
    return text.length > LIMITS.quoteChars ? text.slice(0, LIMITS.quoteChars - 1) + '…' : text;
  }
}
