import { sourceOfItem } from './follow';
import type { Analysis } from './types';
import { joinKey } from '../model';
import type { Model, Ref, VmNode } from '../model/domain';
import { GROUP_ANCHOR_KINDS, type Group, type GroupKind } from '../model/facts';
import type { SourceRef } from '../model/location';
import { unscopedAddress } from '../model/terraform-scope';
import { SymbolicText } from '../model/unknown';

/**
 * Groups of VMs that share an availability set or a scale set (DESIGN §5.3: many VMs of one group backing up at
 * once). VMs join a group by the reference they hold, so a group exists even when its availability set or scale
 * set is declared in no file of the run (then it has no anchor). A VM whose reference is Unknown (not symbolic)
 * joins no group: its group cannot be told.
 */
export const groupsAnalysis: Analysis = {
  id: 'groups',
  run(model, output) {
    output.groups.push(...groupVms(model, 'availabilitySet', (vm) => vm.availabilitySetId, 'availabilitySetId'));
    output.groups.push(...groupVms(model, 'scaleSet', (vm) => vm.scaleSetId, 'scaleSetId'));
  },
  explain(_model, output, where) {
    const lines = output.groups.map(
      (g) => `${g.groupKind} ${g.label} (${where(g.at)}): ${g.members.length} VM${g.members.length === 1 ? '' : 's'}: ${g.members.map((m) => m.label).join(', ')}`,
    );
    return lines.length > 0 ? { title: 'Groups (availability sets, scale sets, and of protected VMs: vaults, protected VMs, subnets, resource groups):', lines } : undefined;
  },
};

function groupVms(model: Model, groupKind: GroupKind, refOf: (vm: VmNode) => Ref, field: string): Group[] {
  const groups = new Map<string, { ref: Ref; members: VmNode[]; via: SourceRef[] }>();
  for (const vm of model.ofKind('vm')) {
    const ref = refOf(vm);
    const key = joinKey(ref);
    if (key === undefined) continue;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ref, members: [], via: [] }));
    group.members.push(vm);
    group.via.push(vm.sources[field] ?? sourceOfItem(vm, field, 0));
  }
  const anchorKind = GROUP_ANCHOR_KINDS[groupKind];
  return [...groups].map(([key, { ref, members, via }]): Group => {
    const found = model.resolve(ref);
    const anchor = found && found.kind === anchorKind ? found : null;
    const at = anchor?.at ?? (via[0] as SourceRef);
    return {
      kind: 'group',
      groupKind,
      id: key,
      label: anchor?.label ?? nameOf(ref),
      anchor,
      members,
      at,
      file: at.file,
      evidence: { at: via, why: `${members.length} VMs reference ${groupKind} ${anchor?.label ?? nameOf(ref)}` },
    };
  });
}

/** The last segment of an ID (`…/availabilitySets/web-as` → `web-as`), else the address or symbolic display. */
function nameOf(ref: Ref): string {
  const text = ref instanceof SymbolicText ? ref.display : typeof ref === 'string' ? unscopedAddress(ref) : '?';
  return text.startsWith('/') ? (text.split('/').pop() ?? text) : text;
}
