import { analyseSubject, explainSubject } from './boundary';
import { sourceOfItem } from './follow';
import type { Analysis, AnalysisOutput } from './types';
import { joinKey } from '../model';
import type { DomainNode, Model, Ref, VmNode } from '../model/domain';
import { GROUP_ANCHOR_KINDS, type Group, type GroupKind } from '../model/facts';
import type { SourceRef } from '../model/location';
import { unscopedAddress } from '../model/terraform-scope';
import { isUnknown, SymbolicText } from '../model/unknown';

/**
 * Groups of VMs that share an availability set or a scale set (DESIGN §5.3: many VMs of one group backing up at
 * once). VMs join a group by the reference they hold, so a group exists even when its availability set or scale
 * set is declared in no file of the run (then it has no anchor). A VM whose reference is Unknown (not symbolic), or
 * ambiguous (an ID declared in several other files, see NodesById), joins no group: its group cannot be told.
 */
export const groupsAnalysis: Analysis = {
  id: 'groups',
  run(model, output) {
    output.groups.push(...groupVms(model, output, 'availabilitySet', (vm) => vm.availabilitySetId, 'availabilitySetId'));
    output.groups.push(...groupVms(model, output, 'scaleSet', (vm) => vm.scaleSetId, 'scaleSetId'));
  },
  explain(_model, output, where) {
    const lines = output.groups.flatMap((g) =>
      explainSubject(g, () => [`${g.groupKind} ${g.label} (${where(g.at)}): ${g.members.length} VM${g.members.length === 1 ? '' : 's'}: ${g.members.map((m) => m.label).join(', ')}`]),
    );
    return lines.length > 0 ? { title: 'Groups (availability sets, scale sets, and of protected VMs: vaults, protected VMs, subnets, resource groups):', lines } : undefined;
  },
};

function groupVms(model: Model, output: AnalysisOutput, groupKind: GroupKind, refOf: (vm: VmNode) => Ref, field: string): Group[] {
  const groups = new Map<string, { key: string; ref: Ref; found: DomainNode | undefined; members: VmNode[]; via: SourceRef[] }>();
  for (const vm of model.ofKind('vm')) {
    // A VM the analysis fails on joins no group, like one whose group cannot be told.
    const joins = analyseSubject(output, 'groups', vm, () => membershipOf(vm, model, refOf(vm), field), () => undefined);
    if (!joins) continue;
    const { key, ref, found, via } = joins;
    // One ID declared in several files is several groups: VMs meet in the declaration they join.
    const groupKey = found ? `${key}\u0000${found.file}` : key;
    let group = groups.get(groupKey);
    if (!group) groups.set(groupKey, (group = { key, ref, found, members: [], via: [] }));
    group.members.push(vm);
    group.via.push(via);
  }
  const anchorKind = GROUP_ANCHOR_KINDS[groupKind];
  // A group the analysis fails on is left out (at its declaration, else at its first member): BL402 does not count it.
  return [...groups.values()].flatMap(({ key, ref, found, members, via }) =>
    analyseSubject(
      output,
      'groups',
      found ?? (members[0] as VmNode),
      (): Group[] => {
        const anchor = found && found.kind === anchorKind && (groupKind !== 'scaleSet' || (found as VmNode).isScaleSet) ? found : null;
        const at = anchor?.at ?? (via[0] as SourceRef);
        return [
          {
            kind: 'group',
            groupKind,
            id: key,
            label: anchor?.label ?? nameOf(ref),
            anchor,
            members,
            at,
            file: at.file,
            evidence: { at: via, why: `${members.length} VMs reference ${groupKind} ${anchor?.label ?? nameOf(ref)}` },
          },
        ];
      },
      () => [],
      'the group is left out: BL402 does not count its backup starts',
    ),
  );
}

/** The group the VM's reference joins (undefined when none, or when it cannot be told), and where it is written. */
function membershipOf(vm: VmNode, model: Model, ref: Ref, field: string): { key: string; ref: Ref; found: DomainNode | undefined; via: SourceRef } | undefined {
  const key = joinKey(ref);
  if (key === undefined) return undefined;
  const via = vm.sources[field] ?? sourceOfItem(vm, field, 0);
  const found = model.lookup(ref, via.file);
  if (isUnknown(found)) return undefined;
  return { key, ref, found, via };
}

/** The last segment of an ID (`…/availabilitySets/web-as` → `web-as`), else the address or symbolic display. */
function nameOf(ref: Ref): string {
  const text = ref instanceof SymbolicText ? ref.display : typeof ref === 'string' ? unscopedAddress(ref) : '?';
  return text.startsWith('/') ? (text.split('/').pop() ?? text) : text;
}
