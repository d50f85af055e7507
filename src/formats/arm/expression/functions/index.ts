import { ARRAY_FUNCTIONS } from './array';
import { CIDR_FUNCTIONS } from './cidr';
import { COLLECTION_FUNCTIONS } from './collection';
import { COMPARISON_FUNCTIONS } from './comparison';
import { DATE_FUNCTIONS } from './date';
import { DEPLOYMENT_FUNCTIONS } from './deployment';
import { ENCODING_FUNCTIONS } from './encoding';
import { HASH_FUNCTIONS } from './hash';
import { LAMBDA_FUNCTIONS } from './lambda';
import { LOGICAL_FUNCTIONS } from './logical';
import { NUMERIC_FUNCTIONS } from './numeric';
import { OBJECT_FUNCTIONS } from './object';
import { RESOURCE_ID_FUNCTIONS } from './resource-id';
import type { FunctionTable } from './spec';
import { STRING_FUNCTIONS } from './string';

/** Built-in functions by lower-cased name. */
export const BUILTIN_FUNCTIONS: FunctionTable = Object.assign(
  Object.create(null) as FunctionTable,
  ARRAY_FUNCTIONS,
  CIDR_FUNCTIONS,
  COLLECTION_FUNCTIONS,
  COMPARISON_FUNCTIONS,
  DATE_FUNCTIONS,
  DEPLOYMENT_FUNCTIONS,
  ENCODING_FUNCTIONS,
  HASH_FUNCTIONS,
  LAMBDA_FUNCTIONS,
  LOGICAL_FUNCTIONS,
  NUMERIC_FUNCTIONS,
  OBJECT_FUNCTIONS,
  RESOURCE_ID_FUNCTIONS,
  STRING_FUNCTIONS,
);
