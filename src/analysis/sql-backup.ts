import { analyseSubject } from './boundary';
import { linkTo } from './follow';
import type { Analysis } from './types';
import type { ExtensionNode, SqlVmNode, VmNode } from '../model/domain';
import type { SqlAutoBackupFact } from '../model/facts';
import { isUnknown, type Maybe, type Unknown } from '../model/unknown';

/**
 * SQL Server automated backup per VM (BL403), from the SQL VM resources (`virtualMachineResourceId` /
 * `virtual_machine_id`) and the SQL IaaS Agent extensions (`AutoBackupSettings.Enable`) that name the VM. A VM
 * named by none gets no fact.
 */
export const sqlBackupAnalysis: Analysis = {
  id: 'sqlAutoBackup',
  run(model, output) {
    const sources = new Map<VmNode, { node: SqlVmNode | ExtensionNode; enabled: Maybe<boolean | null> }[]>();
    const add = (node: SqlVmNode | ExtensionNode, enabled: Maybe<boolean | null>) => {
      const vm = model.resolve(node.vmId, (node.sources['vmId'] ?? node.at).file);
      if (vm?.kind !== 'vm') return;
      sources.set(vm, [...(sources.get(vm) ?? []), { node, enabled }]);
    };
    for (const sqlVm of model.ofKind('sqlVm')) add(sqlVm, sqlVm.autoBackupEnabled);
    for (const extension of model.ofKind('extension')) if (extension.sqlAutoBackup !== null) add(extension, extension.sqlAutoBackup);
    for (const [vm, list] of sources) {
      const fact = analyseSubject(output, 'sqlAutoBackup', vm, () => factOf(list), (cause) => unknownFact(list, cause));
      vm.facts = { ...vm.facts, sqlAutoBackup: fact };
      // BL403 reports at the setting that turns SQL automated backup on.
      vm.sources['facts.sqlAutoBackup'] = fact.source.via;
    }
  },
};

/** The fact of a VM the analysis failed on: whether SQL automated backup is on is Unknown, so BL403 stays silent. */
function unknownFact(list: { node: SqlVmNode | ExtensionNode }[], cause: Unknown): SqlAutoBackupFact {
  const first = (list[0] as (typeof list)[number]).node;
  return { enabled: cause, source: linkTo(first, first.at), evidence: { at: list.map((s) => s.node.at), why: cause.reason } };
}

function factOf(list: { node: SqlVmNode | ExtensionNode; enabled: Maybe<boolean | null> }[]): SqlAutoBackupFact {
  const on = list.find((s) => s.enabled === true);
  const unknown = list.find((s) => isUnknown(s.enabled));
  const chosen = on ?? unknown ?? (list[0] as (typeof list)[number]);
  const field = chosen.node.kind === 'sqlVm' ? 'autoBackupEnabled' : 'sqlAutoBackup';
  const via = chosen.node.sources[field] ?? chosen.node.at;
  const enabled: Maybe<boolean> = on ? true : unknown ? (unknown.enabled as Maybe<boolean>) : false;
  return {
    enabled,
    source: linkTo(chosen.node, via),
    evidence: {
      at: list.map((s) => s.node.sources[s.node.kind === 'sqlVm' ? 'autoBackupEnabled' : 'sqlAutoBackup'] ?? s.node.at),
      why: on ? `SQL automated backup is enabled by ${chosen.node.label}` : unknown ? 'SQL automated backup cannot be told' : 'SQL automated backup is not enabled',
    },
  };
}
