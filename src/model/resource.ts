import type { SourceRef } from './location';
import type { Maybe, Unknown, Value } from './unknown';
import type { SourceFormat } from '../formats/registry';

export type { SourceFormat };

/**
 * One concrete resource as a format front end produced it (after expansion: expressions evaluated,
 * loops unrolled, false conditions dropped), before it is mapped into the domain model.
 */
export interface RawResource {
  format: SourceFormat;
  /** Relative, `/`-separated path of the file that declares it. */
  file: string;
  /** ARM full type (`Microsoft.Compute/virtualMachines/extensions`) or Terraform type (`azurerm_linux_virtual_machine`). */
  type: string;
  /**
   * ARM: evaluated full name (`vnet/subnet`); a SymbolicText when built from deploy-time inputs (`{vnetName}/app`).
   * Terraform: the resource address.
   */
  name: Maybe<string>;
  /** ARM: the name as written in the template (an expression stays an expression), for messages when `name` is Unknown. */
  declaredName?: string;
  /** ARM: resolved resource ID, maybe a SymbolicText. Terraform: the resource address (IDs are rarely known at plan time). */
  id: Maybe<string>;
  /**
   * ARM: the whole evaluated resource object (`properties`, `location`, `sku`, …). Terraform: the attribute values.
   * Once the model is built, only `id`, `location` and `metadata` are kept (model/release-values.ts).
   */
  values: { [key: string]: Value };
  /** Set when the resource is deployed only if a condition that could not be evaluated holds. */
  conditional?: Unknown;
  /** ARM languageVersion 2.0 `existing: true`: a reference, never a deployment. */
  existing?: boolean;
  /** The resource as a whole (its declaration). */
  at: SourceRef;
  /** Best source location for a path inside `values`: the value itself, or the deepest declared ancestor. */
  locate(path: readonly (string | number)[]): SourceRef;
  /** Terraform: attribute path (`custom_data`, `source.0.script`) → the file whose text it is (`file()`, `templatefile()`). */
  textFiles?: Record<string, TextFile>;
  /** Terraform: attribute path (`network_interface_ids`, `ip_configuration.0.subnet_id`) → referenced addresses. */
  references?: Record<string, string[]>;
  /**
   * Set when `values` are the provider's rather than the configuration's (a plan: defaults filled in, some
   * attributes kept only as hashes). What the configuration itself wrote at a path of `values`: undefined when it
   * did not declare it, else its literal value when it is one (`constant`).
   */
  configured?(path: readonly (string | number)[]): { constant?: Value } | undefined;
}

/** A file whose text an attribute holds: the path as reported, whether it is a template, and its text. */
export interface TextFile {
  file: string;
  template: boolean;
  text: string;
}
