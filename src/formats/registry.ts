import type { ParseOutcome, TsParser } from './terraform/hcl/parser';

/**
 * The input formats backup-lint reads, in one place: how each is recognised and which family it belongs to. The
 * family decides which model builder takes its resources (ARM or azurerm) and which remediation a finding shows;
 * nothing downstream of the readers asks for a format by name.
 *
 * Two kinds of reader:
 * - a document format is one JSON file, guessed from its text before parsing (files that are none of ours are
 *   never parsed) and confirmed from the parsed content;
 * - a module file syntax is a member of a Terraform module folder, recognised by its name: all the files of one
 *   folder, whatever their syntax, form one module.
 */
export type FormatFamily = 'arm' | 'terraform';

export interface DocumentFormat {
  id: 'arm' | 'bicep-json' | 'arm-parameters' | 'tfplan';
  family: FormatFamily;
  /** From the raw text, without parsing: may this file be one of ours? */
  guess(text: string): boolean;
  /** From the parsed JSON: is it? */
  detect(document: Record<string, unknown>): boolean;
}

export interface ModuleFileSyntax {
  /** The format files of this syntax are reported under (`tf`: Terraform configuration, whatever its syntax). */
  id: 'tf';
  family: 'terraform';
  /** The file name suffix (`.tf`, `.tf.json`). */
  suffix: string;
  /** The file's syntax tree, the same whatever the syntax. */
  read(parser: TsParser, text: string, file: string): ParseOutcome;
}

const TEMPLATE_SCHEMA = /deploymentTemplate\.json/i;
const PARAMETERS_SCHEMA = /deploymentParameters\.json/i;
const SCHEMA_PROPERTY = /"\$schema"\s*:\s*"([^"]*)"/;
const BICEP_GENERATOR = /"_generator"\s*:\s*\{\s*"name"\s*:\s*"bicep"/;

const schemaIn = (text: string) => SCHEMA_PROPERTY.exec(text)?.[1] ?? '';
const schemaOf = (document: Record<string, unknown>) => (typeof document['$schema'] === 'string' ? document['$schema'] : '');

/**
 * What a file's first bytes tell whatever follows them: its format when its first `$schema` is among them and names a
 * template or a parameter file. `tentative` when a template's head does not name Bicep as its generator: the rest of
 * the text may yet (Bicep names it at the top). Undefined when only the whole text can tell: no `$schema` yet, another
 * schema, or a plan.
 */
export function guessFromHead(head: string): { format: SourceFormat; tentative: boolean } | undefined {
  const schema = SCHEMA_PROPERTY.exec(head)?.[1];
  if (schema === undefined) return undefined;
  if (TEMPLATE_SCHEMA.test(schema)) return BICEP_GENERATOR.test(head) ? { format: 'bicep-json', tentative: false } : { format: 'arm', tentative: true };
  if (PARAMETERS_SCHEMA.test(schema)) return { format: 'arm-parameters', tentative: false };
  return undefined;
}

/** In order: the first format whose test passes is the file's. */
export const DOCUMENT_FORMATS: readonly DocumentFormat[] = [
  {
    id: 'bicep-json',
    family: 'arm',
    guess: (text) => TEMPLATE_SCHEMA.test(schemaIn(text)) && BICEP_GENERATOR.test(text),
    detect: (document) => TEMPLATE_SCHEMA.test(schemaOf(document)) && isBicepOutput(document),
  },
  {
    id: 'arm',
    family: 'arm',
    guess: (text) => TEMPLATE_SCHEMA.test(schemaIn(text)),
    detect: (document) => TEMPLATE_SCHEMA.test(schemaOf(document)),
  },
  {
    id: 'arm-parameters',
    family: 'arm',
    guess: (text) => PARAMETERS_SCHEMA.test(schemaIn(text)),
    detect: (document) => PARAMETERS_SCHEMA.test(schemaOf(document)),
  },
  {
    id: 'tfplan',
    family: 'terraform',
    guess: (text) => /"format_version"\s*:/.test(text) && /"(planned_values|resource_changes)"\s*:/.test(text),
    detect: (document) => 'format_version' in document && ('planned_values' in document || 'resource_changes' in document),
  },
];

/** Longest suffix first: `main.tf.json` is JSON syntax, not a `.json` document. */
export const MODULE_FILE_SYNTAXES: readonly ModuleFileSyntax[] = [
  // The readers are required when a module file is read: a run without Terraform loads none of the HCL modules.
  {
    id: 'tf',
    family: 'terraform',
    suffix: '.tf.json',
    read: (parser, text, file) => (require('./terraform/hcl/json-syntax') as typeof import('./terraform/hcl/json-syntax')).parseTerraformJson(parser, text, file),
  },
  { id: 'tf', family: 'terraform', suffix: '.tf', read: (parser, text) => (require('./terraform/hcl/parser') as typeof import('./terraform/hcl/parser')).parseHcl(parser, text) },
];

/** Every format a file or resource can have. */
export type SourceFormat = DocumentFormat['id'] | ModuleFileSyntax['id'];

const FAMILIES: Record<SourceFormat, FormatFamily> = Object.fromEntries(
  [...DOCUMENT_FORMATS, ...MODULE_FILE_SYNTAXES].map((reader) => [reader.id, reader.family]),
) as Record<SourceFormat, FormatFamily>;

export function familyOf(format: SourceFormat): FormatFamily {
  return FAMILIES[format];
}

/** The module file syntax of a file name, if it is a Terraform module file. */
export function moduleFileSyntax(file: string): ModuleFileSyntax | undefined {
  return MODULE_FILE_SYNTAXES.find((syntax) => file.endsWith(syntax.suffix));
}

function isBicepOutput(document: Record<string, unknown>): boolean {
  const metadata = document['metadata'];
  if (typeof metadata !== 'object' || metadata === null) return false;
  const generator = (metadata as Record<string, unknown>)['_generator'];
  return typeof generator === 'object' && generator !== null && (generator as Record<string, unknown>)['name'] === 'bicep';
}
