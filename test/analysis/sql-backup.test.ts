import { runAnalyses } from '../../src/analysis';
import { loadModel } from '../../src/lint';
import type { VmNode } from '../../src/model/domain';
import { FIXTURES } from '../helpers/run-cli';

async function vms(dir: string): Promise<VmNode[]> {
  const { model } = await loadModel({ cwd: FIXTURES, paths: [dir], ignore: [], parameterPairs: new Map(), context: {} });
  runAnalyses(model);
  return model.ofKind('vm');
}

describe('SQL automated backup per VM (vm.facts.sqlAutoBackup, read by BL403)', () => {
  it('ARM: a sqlVirtualMachines resource with autoBackupSettings.enable, and a SqlIaaSAgent extension with AutoBackupSettings.Enable', async () => {
    const all = await vms('analysis/sql/arm');
    const byName = new Map(all.map((vm) => [vm.label, vm]));
    const viaSqlVm = byName.get('sql-01')!.facts!.sqlAutoBackup!;
    expect(viaSqlVm.enabled).toBe(true);
    expect(viaSqlVm.source.label).toBe('sql-01');
    expect(viaSqlVm.source.node.kind).toBe('sqlVm');
    expect(viaSqlVm.source.via.file).toMatch(/sql-vm\.json$/);
    const viaExtension = byName.get('sql-02')!.facts!.sqlAutoBackup!;
    expect(viaExtension.enabled).toBe(true);
    expect(viaExtension.source.node.kind).toBe('extension');
    expect(byName.get('web-01')!.facts!.sqlAutoBackup).toBeUndefined();
  });

  it('Terraform: azurerm_mssql_virtual_machine with an auto_backup block', async () => {
    const [vm] = await vms('analysis/sql/tf');
    expect(vm!.facts!.sqlAutoBackup!.enabled).toBe(true);
    expect(vm!.facts!.sqlAutoBackup!.source.label).toBe('azurerm_mssql_virtual_machine.sql');
  });
});
