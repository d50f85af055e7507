import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileSchema, schemaValidator } from '../config/validate';

/** JSON Schema validation (ajv) for policy files and rule options. Loaded only when something needs it. */

export function validatePolicyDocument(document: unknown): ErrorObject[] {
  const validate = schemaValidator('policy.schema.json');
  return validate(document) ? [] : relevant(validate.errors ?? []);
}

const optionValidators = new WeakMap<Record<string, unknown>, ValidateFunction>();

/**
 * Compiles a policy's options schema, once per schema object (the policy is checked when loaded, the
 * configuration's options by the CLI, then by the engine); unknown option names are refused unless the schema
 * says otherwise. Throws when the schema itself is invalid.
 */
export function compileOptionsSchema(schema: Record<string, unknown>): ValidateFunction {
  let validate = optionValidators.get(schema);
  if (!validate) {
    validate = compileSchema({ additionalProperties: false, ...schema });
    optionValidators.set(schema, validate);
  }
  return validate;
}

export function validateOptions(schema: Record<string, unknown>, options: Record<string, unknown>): ErrorObject[] {
  const validate = compileOptionsSchema(schema);
  return validate(options) ? [] : relevant(validate.errors ?? []);
}

/** Drops ajv's `if`/`then` bookkeeping errors, which only repeat the real ones. */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((error) => error.keyword !== 'if');
}

/** One sentence for an ajv error, naming the field. */
export function describeSchemaError(error: ErrorObject): string {
  const field = error.instancePath === '' ? 'policy' : `\`${error.instancePath.slice(1).replace(/\//g, '.')}\``;
  switch (error.keyword) {
    case 'required': {
      const missing = `missing required field \`${(error.params as { missingProperty: string }).missingProperty}\``;
      return error.instancePath === '' ? missing : `${field}: ${missing}`;
    }
    case 'additionalProperties':
      return `unknown field \`${(error.params as { additionalProperty: string }).additionalProperty}\``;
    case 'enum':
      return `${field} must be one of: ${((error.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`;
    case 'false schema':
      return `${field} is not allowed here${error.instancePath === '/groupKind' ? ' (only with `subject: group`)' : ''}`;
    case 'pattern':
      return `${field} must match ${(error.params as { pattern: string }).pattern}`;
    default:
      return `${field} ${error.message ?? 'is invalid'}`;
  }
}
