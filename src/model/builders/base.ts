import type { NodeBase, NodeKind, VmAgent, VmNode } from '../domain';
import type { RawResource } from '../resource';
import { isUnknown, SymbolicText, unknown, type Maybe } from '../unknown';

/** Identity and origin shared by every domain node built from a raw resource. */
export function nodeBase<K extends NodeKind>(kind: K, raw: RawResource): NodeBase & { kind: K } {
  return {
    kind,
    id: raw.id,
    name: raw.name,
    label: labelOf(raw.name, raw.declaredName),
    type: raw.type,
    format: raw.format,
    file: raw.file,
    at: raw.at,
    sources: {},
    ...(raw.conditional ? { conditional: raw.conditional.reason } : {}),
    raw,
  };
}

/** A known name, else the symbolic display (`{vmName}`), else the name as declared. */
export function labelOf(name: Maybe<string>, declaredName: string | undefined): string {
  if (name instanceof SymbolicText) return name.display;
  if (isUnknown(name)) return declaredName ?? '(name unknown before deployment)';
  return name;
}

/** Azure's VM agent defaults: provisioned (by default), extension operations allowed. */
export function defaultAgent(): VmAgent {
  return { provisioned: true, provisionedByDefault: true, extensionOperationsAllowed: true };
}

/** A VM node with Azure's defaults, for a builder to fill in from what the resource declares. */
export function vmNode(raw: RawResource): VmNode {
  return Object.assign(nodeBase('vm', raw), {
    os: unknown('the operating system could not be determined'),
    size: null,
    image: { publisher: null, offer: null, sku: null },
    agent: defaultAgent(),
    nicIds: [],
    availabilitySetId: null,
    scaleSetId: null,
    isScaleSet: false,
    orchestrationMode: null,
    guestTexts: [],
  });
}
