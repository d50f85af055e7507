import type { SourceFormat } from '../model/resource';

const TEMPLATE_SCHEMA = /deploymentTemplate\.json/i;
const PARAMETERS_SCHEMA = /deploymentParameters\.json/i;
const SCHEMA_PROPERTY = /"\$schema"\s*:\s*"([^"]*)"/;
const PLAN_KEYS = /"format_version"\s*:/;
const PLAN_CONTENT = /"(planned_values|resource_changes)"\s*:/;

/**
 * Classifies a JSON file from its text, without parsing it: which of our formats it may be. Files that are none
 * (package.json, editor settings, …) are never parsed. `detectJsonFormat` confirms the guess after parsing; a file
 * that does not parse is reported under its guessed format (a truncated template is ours, a broken tsconfig is not).
 */
export function guessJsonFormat(text: string): SourceFormat | undefined {
  const schema = SCHEMA_PROPERTY.exec(text)?.[1];
  if (schema !== undefined) {
    if (TEMPLATE_SCHEMA.test(schema)) return /"_generator"\s*:\s*\{\s*"name"\s*:\s*"bicep"/.test(text) ? 'bicep-json' : 'arm';
    if (PARAMETERS_SCHEMA.test(schema)) return 'arm-parameters';
  }
  if (PLAN_KEYS.test(text) && PLAN_CONTENT.test(text)) return 'tfplan';
  return undefined;
}

/** The format of parsed JSON by its top-level content (DESIGN §2); undefined for JSON that is none of ours. */
export function detectJsonFormat(value: unknown): SourceFormat | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const document = value as Record<string, unknown>;
  const schema = typeof document['$schema'] === 'string' ? document['$schema'] : '';
  if (TEMPLATE_SCHEMA.test(schema)) return isBicepOutput(document) ? 'bicep-json' : 'arm';
  if (PARAMETERS_SCHEMA.test(schema)) return 'arm-parameters';
  if ('format_version' in document && ('planned_values' in document || 'resource_changes' in document)) return 'tfplan';
  return undefined;
}

function isBicepOutput(document: Record<string, unknown>): boolean {
  const metadata = document['metadata'];
  if (typeof metadata !== 'object' || metadata === null) return false;
  const generator = (metadata as Record<string, unknown>)['_generator'];
  return typeof generator === 'object' && generator !== null && (generator as Record<string, unknown>)['name'] === 'bicep';
}
