import { directivesAbove, type CommentDirective } from './directive';
import type { Finding } from '../findings/finding';
import type { LocationResolver } from '../findings/resolve-location';
import { parseJson } from '../formats/json/parse';
import type { ConfinedFiles } from '../io/confined-files';
import { pointerSegments } from '../model/location';
import type { RawResource } from '../model/resource';

/** A suppression written in the source, before its rule is matched against the finding. */
export interface InlineSuppression {
  rules: string[];
  reason: string;
  file: string;
  line: number;
  /** Set when the suppression is malformed (then `rules` is empty): why it is ignored. */
  problem?: string;
}

const BICEP_DECORATOR = /^\s*@/;

/**
 * Reads the suppressions written beside a finding's resource: ARM/Bicep resource `metadata`, `.tf` comments above
 * the resource block or the reported attribute, and `//` comments above the resource in the `.bicep` file beside a
 * compiled template. Files are read once per run, and only files that have findings.
 */
export class InlineSuppressions {
  private readonly texts = new Map<string, string[] | null>();
  private readonly templates = new Map<string, unknown>();

  constructor(
    private readonly files: ConfinedFiles,
    private readonly resolver: LocationResolver,
  ) {}

  for(finding: Finding, raw: RawResource | undefined): InlineSuppression[] {
    const found: InlineSuppression[] = [];
    if (raw && (raw.format === 'arm' || raw.format === 'bicep-json')) found.push(...this.fromMetadata(raw));
    if (finding.file.endsWith('.tf')) found.push(...this.fromTerraformComments(finding, raw));
    if (raw?.format === 'bicep-json') found.push(...this.fromBicepSource(raw));
    return found;
  }

  /** `"metadata": {"backup-lint": {"suppress": [{"rule": "BL201", "reason": "…"}]}}` on the resource. */
  private fromMetadata(raw: RawResource): InlineSuppression[] {
    const metadata = raw.values['metadata'];
    const section = isObject(metadata) ? metadata['backup-lint'] : undefined;
    if (section === undefined) return [];
    const entries = isObject(section) ? section['suppress'] : undefined;
    if (!Array.isArray(entries)) {
      const at = this.resolver.resolve(raw.locate(['metadata', 'backup-lint']));
      const problem = 'metadata "backup-lint" must hold "suppress": [{"rule": …, "reason": …}]';
      return [{ rules: [], reason: '', file: at.file, line: at.line, problem }];
    }
    return entries.flatMap((entry, index) => {
      const at = this.resolver.resolve(raw.locate(['metadata', 'backup-lint', 'suppress', index]));
      if (!isObject(entry) || typeof entry['rule'] !== 'string') {
        return [{ rules: [], reason: '', file: at.file, line: at.line, problem: 'a suppress entry needs "rule" (an ID or name) and "reason"' }];
      }
      const rule = entry['rule'].trim();
      return [
        {
          rules: [/^[a-z]{2}\d{3}$/i.test(rule) ? rule.toUpperCase() : rule.toLowerCase()],
          reason: typeof entry['reason'] === 'string' ? entry['reason'].trim() : '',
          file: at.file,
          line: at.line,
        },
      ];
    });
  }

  /** `# backup-lint-ignore BL201 <reason>` (or `//`) above the reported attribute or above the resource block. */
  private fromTerraformComments(finding: Finding, raw: RawResource | undefined): InlineSuppression[] {
    const lines = this.lines(finding.file);
    if (!lines) return [];
    const anchors = new Set([finding.line]);
    const block = raw ? terraformBlockLine(raw, finding.file, lines) : undefined;
    if (block !== undefined) anchors.add(block);
    return [...anchors].flatMap((line) => directivesAbove(lines, line).map((d) => located(d, finding.file)));
  }

  /** `// backup-lint-ignore BL201 <reason>` above the resource's declaration in `x.bicep` beside `x.json`. */
  private fromBicepSource(raw: RawResource): InlineSuppression[] {
    const segments = raw.at.pointer === undefined ? [] : pointerSegments(raw.at.pointer);
    // Only resources declared at the template's top level map to a declaration of the .bicep file beside it.
    if (segments.length !== 2 || segments[0] !== 'resources') return [];
    const bicepFile = raw.file.replace(/\.json$/i, '.bicep');
    if (bicepFile === raw.file) return [];
    const lines = this.lines(bicepFile);
    if (!lines) return [];
    const declarations = bicepDeclarations(lines);
    const key = segments[1]!;
    let declaration: BicepDeclaration | undefined;
    if (!/^\d+$/.test(key)) {
      // languageVersion 2.0: the JSON key is the symbolic name.
      declaration = declarations.find((d) => d.symbol === key);
    } else {
      // Classic output loses symbolic names: map only when the type is declared exactly once on both sides.
      const sameType = declarations.filter((d) => !d.existing && d.type.toLowerCase() === raw.type.toLowerCase());
      if (sameType.length === 1 && this.topLevelResourcesOfType(raw.file, raw.type) === 1) declaration = sameType[0];
    }
    if (!declaration) return [];
    return directivesAbove(lines, declaration.line, BICEP_DECORATOR).map((d) => located(d, bicepFile));
  }

  private topLevelResourcesOfType(file: string, type: string): number {
    let template = this.templates.get(file);
    if (!this.templates.has(file)) {
      const text = this.lines(file)?.join('\n');
      const parsed = text === undefined ? undefined : parseJson(text);
      template = parsed?.ok ? parsed.value : undefined;
      this.templates.set(file, template);
    }
    const resources = isObject(template) ? template['resources'] : undefined;
    if (!Array.isArray(resources)) return 0;
    return resources.filter((r) => isObject(r) && typeof r['type'] === 'string' && r['type'].toLowerCase() === type.toLowerCase()).length;
  }

  /** A file's lines, read through the run's confined access; null when it is absent, refused or unreadable. */
  private lines(file: string): string[] | null {
    let lines = this.texts.get(file);
    if (lines === undefined) {
      lines = this.files.readText(file)?.split(/\r?\n/) ?? null;
      this.texts.set(file, lines);
    }
    return lines;
  }
}

interface BicepDeclaration {
  symbol: string;
  type: string;
  existing: boolean;
  line: number;
}

const BICEP_RESOURCE = /^resource\s+([A-Za-z_][A-Za-z0-9_]*)\s+'([^'@]+)@[^']*'\s*(existing\b)?/;

/** Top-level `resource <symbol> '<type>@<apiVersion>'` declarations of a .bicep file (nested children are indented). */
function bicepDeclarations(lines: readonly string[]): BicepDeclaration[] {
  return lines.flatMap((text, index) => {
    const match = BICEP_RESOURCE.exec(text);
    return match ? [{ symbol: match[1]!, type: match[2]!, existing: match[3] !== undefined, line: index + 1 }] : [];
  });
}

/** The line of `resource "<type>" "<name>"` for a Terraform resource reported in this `.tf` file. */
function terraformBlockLine(raw: RawResource, file: string, lines: readonly string[]): number | undefined {
  if (raw.at.file === file && raw.at.line !== undefined) return raw.at.line;
  if (typeof raw.name !== 'string') return undefined;
  const address = /(?:^|\.)([A-Za-z][\w-]*)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?$/.exec(raw.name);
  if (!address || address[1] !== raw.type) return undefined;
  const declaration = new RegExp(`^\\s*resource\\s+"${escapeRegExp(address[1])}"\\s+"${escapeRegExp(address[2]!)}"`);
  const index = lines.findIndex((text) => declaration.test(text));
  return index < 0 ? undefined : index + 1;
}

function located(directive: CommentDirective, file: string): InlineSuppression {
  return { rules: directive.rules, reason: directive.reason, file, line: directive.line };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
