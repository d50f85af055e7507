import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { default as Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { re2RegExp } from './re2-engine';

/** A JSON Schema shipped in the package's `schemas/` folder (the same relative place from `src/` and `dist/`). */
function readSchema(name: string): object {
  return JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'schemas', name), 'utf8')) as object;
}

let ajv: Ajv | undefined;

/**
 * Compiles a JSON Schema with the one ajv instance of the process (configuration, policy files, rule options).
 * ajv is loaded only when a file needs validating: a run without config or user policies never pays for it.
 */
export function compileSchema(schema: object): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ajv ??= new (require('ajv') as typeof import('ajv')).default({ ...AJV_OPTIONS, code: { regExp: re2RegExp } });
  return ajv.compile(schema);
}

const shippedValidators = new Map<string, ValidateFunction>();

/**
 * The validator of a schema in `schemas/` (`config.schema.json`): the one the build wrote, else read and compiled
 * once (running from the sources).
 */
export function schemaValidator(name: string): ValidateFunction {
  let validate = shippedValidators.get(name);
  if (!validate) {
    validate = builtValidator(name) ?? compileSchema(readSchema(name));
    shippedValidators.set(name, validate);
  }
  return validate;
}

/**
 * The build writes each shipped schema's validator beside this module in `dist/` (scripts/compile-schemas.js, ajv's
 * standalone code, the same options as compileSchema): loading it needs no ajv. ajv's compiler takes about 90 ms to
 * start and compile the configuration schema, which every run with a `.backup-lint.yaml` would pay.
 */
function builtValidator(name: string): ValidateFunction | undefined {
  const file = path.join(__dirname, builtValidatorName(name));
  return existsSync(file) ? (require(file) as ValidateFunction) : undefined;
}

/** `config.schema.json` → `config.schema.validate.js`. */
export function builtValidatorName(schema: string): string {
  return schema.replace(/\.json$/, '.validate.js');
}

/** The options every validator is compiled with, at run time or by the build. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

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
