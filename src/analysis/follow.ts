import type { DomainNode, Model, NodeKind, NodeOfKind, Ref } from '../model/domain';
import type { Link, Linked } from '../model/facts';
import type { SourceRef } from '../model/location';
import { unscopedAddress } from '../model/terraform-scope';
import { isSymbol, isUnknown, SymbolicText, unknown } from '../model/unknown';

/**
 * Follows a reference field to the node of `kind` it names. `null` stays null (none declared); an Unknown ID stays
 * that Unknown (its kind says why); an ID that names no node of this run, or a node of another kind, is Unknown.
 * `via` is where the reference is written: its file is the referrer's, for IDs declared in several files.
 */
export function follow<K extends NodeKind>(model: Model, ref: Ref | undefined, kind: K, via: SourceRef, what: string): Linked<NodeOfKind<K>> {
  if (ref === null || ref === undefined) return null;
  if (isUnknown(ref) && !isSymbol(ref)) return ref;
  if (ref === '') return unknown(`an empty ${what} ID`, via);
  const node = model.lookup(ref, via.file);
  const shown = ref instanceof SymbolicText ? ref.display : typeof ref === 'string' ? unscopedAddress(ref) : String(ref);
  if (isUnknown(node)) return unknown(`${what} ${node.reason}`, via, node.kind);
  if (!node) return unknown(`${what} ${shown} is not declared in the files of this run`, via, isUnknown(ref) ? ref.kind : 'not-in-run');
  if (node.kind !== kind) return unknown(`${what} ${shown} is a ${node.kind}, not a ${kind}`, via);
  return linkTo(node as NodeOfKind<K>, via);
}

export function linkTo<N extends DomainNode>(node: N, via: SourceRef): Link<N> {
  return { node, label: node.label, at: node.at, via };
}

/** Where element `index` of a list field is written: its own source when the builder recorded one, else the list's. */
export function sourceOfItem(node: DomainNode, field: string, index: number): SourceRef {
  const own = node.sources[`${field}.${index}`];
  if (own) return own;
  const list = node.sources[field] ?? node.at;
  return list.pointer !== undefined && list.line === undefined ? { ...list, pointer: `${list.pointer}/${index}` } : list;
}
