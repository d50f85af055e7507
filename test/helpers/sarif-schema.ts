import Ajv from 'ajv';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './run-cli';

export const SARIF_SCHEMA_FILE = path.join(REPO_ROOT, '..', 'shared', 'schemas', 'sarif-schema-2.1.0.json');

/**
 * A validator for the official SARIF 2.1.0 schema. The schema is draft-04, which ajv 8 does not load (the
 * `ajv-draft-04` package is not a dependency); the only draft-04-only construct it uses is the top-level `id`, so
 * it is loaded as draft-07 with `id` renamed `$id` (it has no boolean exclusiveMinimum/Maximum, whose meaning
 * changed). Its `uri`, `uri-reference` and `date-time` formats are checked by the functions below.
 * Returns undefined when the schema file (in the shared reference folder) is absent.
 */
export function sarifValidator(): ((log: unknown) => string[]) | undefined {
  if (!existsSync(SARIF_SCHEMA_FILE)) return undefined;
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  if (schema['$schema'] !== 'http://json-schema.org/draft-04/schema#') throw new Error('expected the draft-04 SARIF schema');
  const { id, $schema: _draft04, ...rest } = schema;
  const adapted: Record<string, unknown> = { $schema: 'http://json-schema.org/draft-07/schema#', $id: id, ...rest };
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (value: string) => {
    try {
      new URL(value);
      return true;
    } catch {
      return false;
    }
  });
  ajv.addFormat('uri-reference', (value: string) => {
    try {
      new URL(value, 'file:///base/');
      return !/\s/.test(value);
    } catch {
      return false;
    }
  });
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value));
  const validate = ajv.compile(adapted);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}
