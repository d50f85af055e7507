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
    const sources = new Map<VmNode, Source[]>();
    // A source the analysis failed on: its VM's fact (every VM's, when its VM cannot be told) is Unknown unless
    // another source turns SQL automated backup on, which settles it whatever the failed one says.
    const failed = new Map<VmNode, FailedSource>();
    let failedForEveryVm: FailedSource | undefined;
    const add = (node: SqlVmNode | ExtensionNode, settingOf: () => { enabled: Maybe<boolean | null> } | undefined) => {
      let notRead: Unknown | undefined;
      const setting = analyseSubject(output, ID, node, settingOf, (cause) => void (notRead = cause), SETTING_NOT_READ);
      if (!setting && !notRead) return;
      const vm = analyseSubject(
        output,
        ID,
        node,
        () => {
          const found = model.resolve(node.vmId, (node.sources['vmId'] ?? node.at).file);
          return found?.kind === 'vm' ? found : undefined;
        },
        (cause) => void (failedForEveryVm ??= { node, cause }),
        VM_NOT_KNOWN,
      );
      if (!vm) return;
      if (setting) sources.set(vm, [...(sources.get(vm) ?? []), { node, enabled: setting.enabled }]);
      else if (notRead && !failed.has(vm)) failed.set(vm, { node, cause: notRead });
    };
    for (const sqlVm of model.ofKind('sqlVm')) add(sqlVm, () => ({ enabled: sqlVm.autoBackupEnabled }));
    for (const extension of model.ofKind('extension')) add(extension, () => (extension.sqlAutoBackup !== null ? { enabled: extension.sqlAutoBackup } : undefined));
    const vms = failedForEveryVm ? model.ofKind('vm') : [...new Set([...sources.keys(), ...failed.keys()])];
    for (const vm of vms) {
      const list = sources.get(vm) ?? [];
      const notKnown = failed.get(vm) ?? failedForEveryVm;
      const fact = analyseSubject(
        output,
        ID,
        vm,
        () => {
          if (list.length === 0) return unknownFact([notKnown as FailedSource], (notKnown as FailedSource).cause);
          const known = factOf(list);
          return notKnown && known.enabled !== true ? unknownFact([...list, notKnown], notKnown.cause) : known;
        },
        (cause) => unknownFact(list.length > 0 ? list : [notKnown as FailedSource], cause),
      );
      vm.facts = { ...vm.facts, sqlAutoBackup: fact };
      // BL403 reports at the setting that turns SQL automated backup on.
      vm.sources['facts.sqlAutoBackup'] = fact.source.via;
    }
  },
};

const ID = 'sqlAutoBackup';

/** What a failure on one SQL VM resource or SQL IaaS Agent extension costs (see analyseSubject). */
const SETTING_NOT_READ = 'the BL403 check of the VM it configures is left out';
const VM_NOT_KNOWN = 'which VM it configures is not known: the BL403 checks of the VMs it may configure are left out';

interface Source {
  node: SqlVmNode | ExtensionNode;
  enabled: Maybe<boolean | null>;
}

interface FailedSource {
  node: SqlVmNode | ExtensionNode;
  cause: Unknown;
}

/** The fact of a VM the analysis failed on: whether SQL automated backup is on is Unknown, so BL403 stays silent. */
function unknownFact(list: { node: SqlVmNode | ExtensionNode }[], cause: Unknown): SqlAutoBackupFact {
  const first = (list[0] as (typeof list)[number]).node;
  return { enabled: cause, source: linkTo(first, first.at), evidence: { at: list.map((s) => s.node.at), why: cause.reason } };
}

function factOf(list: Source[]): SqlAutoBackupFact {
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
