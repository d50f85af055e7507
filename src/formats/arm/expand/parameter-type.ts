import { isRawObject, type RawObject } from './body';

/** How many `$ref` hops are followed before giving up (definitions may refer to each other, even in a cycle). */
const MAX_REF_HOPS = 8;

export interface DeclaredType {
  /** Lower-cased ARM type: `string`, `object`, `array`…; undefined when not declared or not resolvable. */
  type: string | undefined;
  /** Nullable anywhere along the chain (Bicep `T?`, or a nullable type definition). */
  nullable: boolean;
}

/**
 * A parameter's type, following Bicep user-defined types (`"$ref": "#/definitions/vmConfig"`) into the
 * template's own `definitions`.
 */
export function declaredTypeOf(definition: unknown, template: RawObject): DeclaredType {
  let nullable = false;
  let current = definition;
  for (let hop = 0; hop <= MAX_REF_HOPS && isRawObject(current); hop++) {
    if (current.nullable === true) nullable = true;
    if (typeof current.type === 'string') return { type: current.type.toLowerCase(), nullable };
    current = localDefinition(current.$ref, template);
  }
  return { type: undefined, nullable };
}

function localDefinition(ref: unknown, template: RawObject): unknown {
  if (typeof ref !== 'string' || !ref.startsWith('#/definitions/') || !isRawObject(template.definitions)) return undefined;
  const name = ref.slice('#/definitions/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
  return Object.prototype.hasOwnProperty.call(template.definitions, name) ? template.definitions[name] : undefined;
}
