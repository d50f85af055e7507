import type { SourceRef } from '../location';
import type { GuestText, NodeBase, Ref } from '../domain';
import type { RawResource } from '../resource';
import { isUnknown, unknown, type Maybe, type Value } from '../unknown';
import { asBoolean, asNumber, asString, asStringList, read, readId, valueAt, type Read } from './read';

export type Path = readonly (string | number)[];

/**
 * Reads the fields of one raw resource (ARM properties or Terraform attributes) and records where each domain
 * field came from: the declared value itself (with its property as written), else its deepest declared ancestor.
 */
export class FieldReader {
  constructor(
    readonly raw: RawResource,
    readonly sources: NodeBase['sources'],
  ) {}

  read(path: Path): Read {
    return read(this.raw, path);
  }

  value(path: Path): Value | undefined {
    return valueAt(this.raw, path);
  }

  /** Records `sources[field]` as the location of `path` (or its deepest declared ancestor). */
  source(field: string, path: Path): SourceRef {
    const at = read(this.raw, path).at;
    this.sources[field] = at;
    return at;
  }

  /** The value at `path`, recording `sources[field]` as where it came from (one walk for both). */
  private sourced(field: string, path: Path): Value | undefined {
    const found = read(this.raw, path);
    this.sources[field] = found.at;
    return found.value;
  }

  /**
   * The singular and plural forms of one setting (`destinationAddressPrefix` / `destinationAddressPrefixes`,
   * `destination_address_prefix` / `destination_address_prefixes`): Azure applies both when both are set, so the
   * union, singular first. Empty strings mean "not set"; an Unknown form makes the whole Unknown.
   */
  union(single: Path, plural: Path): Maybe<Maybe<string>[]> {
    const one = this.value(single);
    const many = this.value(plural);
    if (isUnknown(one)) return one;
    if (isUnknown(many)) return many;
    const items = [one, ...(Array.isArray(many) ? many : [many])];
    return items.filter((item) => item !== undefined && item !== null && item !== '').map((item) => (isUnknown(item) ? item : String(item)));
  }

  /** Texts run in the guest at the given paths: the text as given (base64 stays encoded), Unknown kept; absent skipped. */
  guestTexts(paths: readonly Path[]): GuestText[] {
    const texts: GuestText[] = [];
    for (const path of paths) {
      const found = read(this.raw, path);
      const value = found.value;
      if (value === undefined || value === null || value === '') continue;
      const property = path.filter((step) => typeof step === 'string').join('.');
      const text: GuestText = { property, text: isUnknown(value) ? value : String(value), at: found.at };
      // Terraform: the file whose text this is (file(), templatefile()), so findings can point at its lines.
      const origin = this.raw.textFiles?.[path.join('.')];
      if (origin) text.origin = origin;
      texts.push(text);
    }
    return texts;
  }

  /** An ARM sub-resource reference (`{ "id": "…" }` at `path`), or null when absent. */
  id(field: string, path: Path): Maybe<string | null> {
    const { value, at } = readId(this.raw, path);
    this.sources[field] = at;
    return value;
  }

  string(field: string, path: Path): Maybe<string | null> {
    const value = asString(this.sourced(field, path));
    return value === '' ? null : value;
  }

  number(field: string, path: Path): Maybe<number | null> {
    return asNumber(this.sourced(field, path), path.join('.'));
  }

  /** A boolean, or `undefined` when the attribute is absent (the caller applies the provider default). */
  boolean(field: string, path: Path): Maybe<boolean> | undefined {
    return asBoolean(this.sourced(field, path), path.join('.'));
  }

  strings(field: string, path: Path): Maybe<Maybe<string>[]> | null {
    return asStringList(this.sourced(field, path));
  }

  /** A nested block list (`ip_configuration`): its length, Unknown, or 0 when absent. */
  blockCount(path: Path): Maybe<number> {
    const value = this.value(path);
    if (isUnknown(value)) return value;
    return Array.isArray(value) ? value.length : 0;
  }

  /**
   * A reference to another resource: a known Azure resource ID as given; otherwise the resource the
   * configuration's expression refers to (`RawResource.references`); otherwise Unknown, or null when absent.
   */
  ref(field: string, path: Path): Ref {
    const value = this.sourced(field, path);
    if (typeof value === 'string' && isAzureId(value)) return value;
    const targets = this.raw.references?.[path.join('.')];
    if (targets && targets.length === 1) return targets[0]!;
    if (targets && targets.length > 1) return unknown(`refers to one of ${targets.join(', ')}`, this.raw.locate(path));
    if (value === undefined || value === null || value === '') return null;
    if (isUnknown(value)) return value;
    return String(value);
  }

  /** A list of references (`network_interface_ids`): known IDs as given, plus the resources the expression refers to. */
  refList(field: string, path: Path): Maybe<Ref[]> {
    const value = this.sourced(field, path);
    const items = Array.isArray(value) ? value : [];
    // `[a.id, b.id]` records references per element (`network_interface_ids.0`), a whole expression at the list.
    const references = this.raw.references ?? {};
    const targets = [path, ...items.map((_, i) => [...path, i])].flatMap((p) => references[p.join('.')] ?? []);
    const knownIds = items.filter((item): item is string => typeof item === 'string' && isAzureId(item));
    if (targets.length > 0) return [...knownIds, ...targets.filter((t) => !knownIds.includes(t))];
    if (isUnknown(value)) return value;
    // A `.tf` list literal records its references per element (`network_interface_ids.0`).
    const itemRef = (item: Value, index: number): Ref => {
      const own = this.raw.references?.[[...path, index].join('.')];
      if (own?.length === 1 && !(typeof item === 'string' && isAzureId(item))) return own[0]!;
      return isUnknown(item) ? item : String(item);
    };
    return items.flatMap((item, index) => (item === null || item === '' ? [] : [itemRef(item, index)]));
  }
}

export function isAzureId(value: string): boolean {
  return value.startsWith('/');
}

