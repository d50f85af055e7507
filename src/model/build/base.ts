import type { NodeBase, NodeKind } from '../domain';
import type { RawResource } from '../resource';
import { isUnknown } from '../unknown';

/** Identity and origin shared by every domain node built from a raw resource. */
export function nodeBase<K extends NodeKind>(kind: K, raw: RawResource): NodeBase & { kind: K } {
  return {
    kind,
    id: raw.id,
    name: raw.name,
    label: isUnknown(raw.name) ? (raw.declaredName ?? '(name unknown before deployment)') : raw.name,
    type: raw.type,
    format: raw.format,
    file: raw.file,
    at: raw.at,
    sources: {},
    ...(raw.conditional ? { conditional: raw.conditional.reason } : {}),
    raw,
  };
}
