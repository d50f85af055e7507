import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';

/** A JSON Schema shipped in the package's `schemas/` folder (the same relative place from `src/` and `dist/`). */
export function readSchema(name: string): object {
  return JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'schemas', name), 'utf8')) as object;
}

/** Loads ajv only when a file needs validating: a run without config or user policies never pays for it. */
export function compileSchema(schema: object): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

/** The most useful of ajv's errors (the deepest one), as a sentence and the instance path it concerns. */
export function describeSchemaError(errors: readonly ErrorObject[]): { path: string; message: string } {
  const deepest = [...errors].sort((a, b) => depth(b) - depth(a) || rank(a) - rank(b))[0]!;
  const where = deepest.instancePath ? `'${deepest.instancePath.slice(1).replace(/\//g, '.')}'` : 'the document';
  switch (deepest.keyword) {
    case 'additionalProperties': {
      const key = String((deepest.params as { additionalProperty: string }).additionalProperty);
      return { path: `${deepest.instancePath}/${key}`, message: `unknown key '${key}' in ${where}` };
    }
    case 'enum':
      return {
        path: deepest.instancePath,
        message: `${where} must be one of ${((deepest.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'propertyNames':
    case 'pattern':
      return { path: deepest.instancePath, message: `${where} ${deepest.message ?? 'is invalid'}` };
    default:
      return { path: deepest.instancePath, message: `${where} ${deepest.message ?? 'is invalid'}` };
  }
}

function depth(error: ErrorObject): number {
  return error.instancePath.split('/').length + (error.keyword === 'additionalProperties' ? 1 : 0);
}

/** Among equally deep errors prefer the ones that say what is allowed. */
function rank(error: ErrorObject): number {
  return ['additionalProperties', 'enum', 'type', 'pattern'].indexOf(error.keyword) >>> 0;
}
