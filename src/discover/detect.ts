import type { SourceFormat } from '../model/resource';

const TEMPLATE_SCHEMA = /deploymentTemplate\.json/i;
const PARAMETERS_SCHEMA = /deploymentParameters\.json/i;

/** Classifies parsed JSON by content (DESIGN §2); undefined for JSON that is none of ours (skipped silently). */
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

/**
 * For JSON that does not parse: does the raw text look like one of our formats? A truncated template must be
 * reported (BL001) while a broken unrelated JSON file is none of our business.
 */
export function guessFormatOfBrokenJson(text: string): SourceFormat | undefined {
  const head = text.slice(0, 4096);
  if (TEMPLATE_SCHEMA.test(head)) return /"_generator"\s*:\s*\{\s*"name"\s*:\s*"bicep"/.test(text) ? 'bicep-json' : 'arm';
  if (PARAMETERS_SCHEMA.test(head)) return 'arm-parameters';
  if (/"format_version"/.test(head) && /"(planned_values|resource_changes)"/.test(text)) return 'tfplan';
  return undefined;
}
