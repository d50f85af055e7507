import { brief, runJson } from '../helpers/run-cli';

// Issue #3: Bicep is linted as its compiled ARM JSON (metadata._generator.name == "bicep").

describe('Bicep-compiled ARM JSON', () => {
  it('classic array form: reports BL202 and BL201 at their property lines, format bicep-json', async () => {
    const { code, report } = await runJson(['BL201/invalid/bicep-classic.json']);
    expect(report.findings.map(brief)).toEqual([
      'BL202 BL201/invalid/bicep-classic.json:57 web-bicep-01',
      'BL201 BL201/invalid/bicep-classic.json:60 web-bicep-01',
    ]);
    expect(report.findings.map((f) => f.column)).toEqual([11, 13]);
    expect(report.findings[1]!.resource).toEqual({ type: 'Microsoft.Compute/virtualMachines', name: 'web-bicep-01' });
    expect(report.files).toEqual([{ path: 'BL201/invalid/bicep-classic.json', format: 'bicep-json', status: 'ok', resources: 2 }]);
    expect(code).toBe(1);
  });

  it('languageVersion 2.0: resources as an object of symbolic names, with a copy loop over range()', async () => {
    const { report } = await runJson(['BL201/invalid/bicep-symbolic-names.json']);
    expect(report.findings.map(brief)).toEqual([
      'BL201 BL201/invalid/bicep-symbolic-names.json:63 rpt-vm0',
      'BL201 BL201/invalid/bicep-symbolic-names.json:63 rpt-vm1',
    ]);
    expect(report.findings.map((f) => f.column)).toEqual([13, 13]);
    expect(report.files.map((f) => `${f.path} ${f.format} ${f.status} ${f.resources}`)).toEqual([
      'BL201/invalid/bicep-symbolic-names.json bicep-json ok 4',
    ]);
  });

  it('a module (nested deployment with inner scope) reports the VM inside it, named from the module parameters', async () => {
    const { report } = await runJson(['BL201/invalid/bicep-module.json']);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/bicep-module.json:72 ops-test-01']);
    expect(report.findings[0]!.column).toBe(21);
    expect(report.files.map((f) => `${f.path} ${f.format}`)).toEqual(['BL201/invalid/bicep-module.json bicep-json']);
  });

  it('the same module stays silent when main.parameters.json sets environment prod (agent enabled)', async () => {
    const { code, report } = await runJson(['BL201/valid/bicep-module-prod']);
    expect(report.findings).toEqual([]);
    expect(report.files.map((f) => `${f.path} ${f.format}`)).toEqual([
      'BL201/valid/bicep-module-prod/main.json bicep-json',
      'BL201/valid/bicep-module-prod/main.parameters.json arm-parameters',
    ]);
    expect(code).toBe(0);
  });

  it('an existing VM (existing: true) is not deployed by the template, so provisionVMAgent false on it reports nothing', async () => {
    const { code, report } = await runJson(['BL201/valid/bicep-existing-vm.json']);
    expect(report.findings).toEqual([]);
    expect(report.files.map((f) => `${f.path} ${f.format} ${f.status}`)).toEqual(['BL201/valid/bicep-existing-vm.json bicep-json ok']);
    expect(report.summary.skippedChecks).toBe(0);
    expect(code).toBe(0);
  });
});
