import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { default as Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { RegExpEngine } from 'ajv/dist/types';

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
  ajv ??= new (require('ajv') as typeof import('ajv')).default({ allErrors: true, strict: false, code: { regExp: re2RegExp } });
  return ajv.compile(schema);
}

/**
 * `pattern`, `patternProperties` and `propertyNames` run on RE2 (re2js), in time linear in the input: a user
 * policy's option schema and the configuration value it checks both come from the repository, so a JavaScript
 * backtracking pattern could hang the run. RE2 has no lookaround or backreferences; such a pattern is an error
 * when the schema is compiled.
 */
const re2RegExp: RegExpEngine = Object.assign(
  (pattern: string): { test(text: string): boolean; toString(): string } => {
    const { RE2JS } = require('re2js') as typeof import('re2js');
    let compiled;
    try {
      compiled = RE2JS.compile(pattern);
    } catch (error) {
      throw new Error(`pattern ${JSON.stringify(pattern)} is not a regular expression in RE2 syntax (${error instanceof Error ? error.message : String(error)})`);
    }
    // ajv shares compiled patterns by their toString(): it must name the pattern.
    return { test: (text: string) => compiled.matcher(text).find(), toString: () => `/${pattern}/` };
  },
  { code: 'RE2JS.compile' },
);

const shippedValidators = new Map<string, ValidateFunction>();

/** The validator of a schema in `schemas/` (`config.schema.json`), read and compiled once. */
export function schemaValidator(name: string): ValidateFunction {
  let validate = shippedValidators.get(name);
  if (!validate) {
    validate = compileSchema(readSchema(name));
    shippedValidators.set(name, validate);
  }
  return validate;
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
