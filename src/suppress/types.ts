import type { Finding } from '../findings/finding';

/**
 * Why a finding is not counted: written in the source (`inline`: ARM/Bicep resource metadata, a `.tf` or `.bicep`
 * comment), in the configuration's `suppress:` list (`config`), or present in the `--baseline` file (`baseline`).
 */
export interface Suppression {
  kind: 'inline' | 'config' | 'baseline';
  reason: string;
  /** Where the suppression is written: the comment or metadata's file and line, the configuration entry, the baseline. */
  file: string;
  line?: number;
  /** Config entries: the last day (YYYY-MM-DD) the suppression holds. */
  expires?: string;
}

export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

/** One `suppress:` entry of the configuration file. */
export interface ConfigSuppression {
  /** Rule ID (`BL201`) or name (`vm-agent-not-provisioned`). */
  rule: string;
  /** Glob over the resource name (ARM deployed name, Terraform address); `*` any text, `?` one character. */
  resource?: string;
  /** Glob over the reported file path (picomatch, relative to the working directory). */
  file?: string;
  reason: string;
  /** YYYY-MM-DD: from the day after, the entry no longer suppresses and says so. */
  expires?: string;
  /** Line of the entry in the configuration file. */
  line: number;
}
