import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brief, FIXTURES, type JsonReport, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

// Issue #3: BL201/BL202 must see the value a VM is deployed with, after ARM expressions are evaluated,
// and name the VM as it is deployed.

describe('parameter values from parameter files', () => {
  it('uses the parameter file paired by name (vm.json + vm.parameters.json) when linting the folder', async () => {
    const { code, report } = await runJson(['BL201/invalid/arm-paired']);
    expect(report.findings.map(brief)).toEqual([
      'BL202 BL201/invalid/arm-paired/vm.json:20 api-prod-01',
      'BL201 BL201/invalid/arm-paired/vm.json:23 api-prod-01',
    ]);
    expect(report.findings.map((f) => f.column)).toEqual([11, 13]);
    expect(report.files.map((f) => `${f.path} ${f.format} ${f.status}`)).toEqual([
      'BL201/invalid/arm-paired/vm.json arm ok',
      'BL201/invalid/arm-paired/vm.parameters.json arm-parameters ok',
    ]);
    expect(code).toBe(1);
  });

  it('still pairs the parameter file when only the template is named on the command line', async () => {
    const { report } = await runJson(['BL201/invalid/arm-paired/vm.json']);
    expect(report.findings.map(brief)).toEqual([
      'BL202 BL201/invalid/arm-paired/vm.json:20 api-prod-01',
      'BL201 BL201/invalid/arm-paired/vm.json:23 api-prod-01',
    ]);
  });

  it('stays silent for the same template without a parameter file (defaultValue true)', async () => {
    const { code, report } = await runJson(['BL201/valid/arm-unpaired']);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ files: 1, resources: 1, skippedChecks: 3 }); // + BL101-BL103 per VM: its NIC is not in the file, so the egress checks are skipped
    expect(code).toBe(0);
  });

  it('does not pair a parameter file whose name does not match (prod.json next to template.json)', async () => {
    const { code, report } = await runJson(['BL201/valid/arm-cli-params']);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('uses --parameters template=params given on the command line', async () => {
    const { code, report } = await runJson([
      '--parameters',
      'BL201/valid/arm-cli-params/template.json=BL201/valid/arm-cli-params/prod.json',
      'BL201/valid/arm-cli-params',
    ]);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/valid/arm-cli-params/template.json:23 api-cli-01']);
    expect(report.findings[0]).toMatchObject({ column: 13, resource: { type: 'Microsoft.Compute/virtualMachines', name: 'api-cli-01' } });
    expect(code).toBe(1);
  });

  it('uses -p template=params relative to the working directory', async () => {
    const { report } = await runJson(['-p', 'template.json=prod.json', '.'], { cwd: path.join(FIXTURES, 'BL201/valid/arm-cli-params') });
    expect(report.findings.map(brief)).toEqual(['BL201 template.json:23 api-cli-01']);
  });

  it('uses --parameters with a single parameter file for every template', async () => {
    const { report } = await runJson(['--parameters', 'BL201/valid/arm-cli-params/prod.json', 'BL201/valid/arm-cli-params/template.json']);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/valid/arm-cli-params/template.json:23 api-cli-01']);
  });
});

describe('variables and conditional expressions', () => {
  it('reports a variable holding the whole linuxConfiguration object at the VM property that uses it', async () => {
    // The finding is per VM, so it points at the VM's "linuxConfiguration": "[variables(...)]" line (29),
    // not at the shared variable (line 10), which many VMs may use.
    const { report } = await runJson(['BL201/invalid/arm-variable-config.json']);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/arm-variable-config.json:29 jump-01']);
    expect(report.findings[0]).toMatchObject({ column: 11, endLine: 29 });
    expect(report.findings[0]!.message).toMatch(/provisionVMAgent: false/);
  });

  it("evaluates if(parameters('isWindows'), json('null'), variables('linuxConfiguration'))", async () => {
    const { report } = await runJson(['BL201/invalid/arm-conditional-config/template.json']);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/arm-conditional-config/template.json:27 build-01']);
    expect(report.findings[0]!.column).toBe(11);
  });

  it("stays silent when the same template is deployed with isWindows: true (linuxConfiguration is json('null'))", async () => {
    const { code, report } = await runJson([
      '-p',
      'BL201/invalid/arm-conditional-config/template.json=BL201/invalid/arm-conditional-config/params/windows.json',
      'BL201/invalid/arm-conditional-config/template.json',
    ]);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ resources: 1, skippedChecks: 3 }); // + BL101-BL103 per VM: its NIC is not in the file, so the egress checks are skipped
    expect(code).toBe(0);
  });
});

describe('copy loops', () => {
  it("names each instance of [format('app-{0}', copyIndex(1))] as app-1, app-2, app-3", async () => {
    const { report } = await runJson(['BL201/invalid/arm-copy-loop.json']);
    expect(report.findings.map(brief)).toEqual([
      'BL201 BL201/invalid/arm-copy-loop.json:20 app-1',
      'BL201 BL201/invalid/arm-copy-loop.json:20 app-2',
      'BL201 BL201/invalid/arm-copy-loop.json:20 app-3',
    ]);
    expect(report.findings.map((f) => f.column)).toEqual([13, 13, 13]);
    expect(report.files).toEqual([{ path: 'BL201/invalid/arm-copy-loop.json', format: 'arm', status: 'ok', resources: 3 }]);
    expect(report.summary).toMatchObject({ resources: 3, errors: 3 });
  });
});

describe('nested deployments', () => {
  let report!: JsonReport;
  beforeAll(async () => {
    ({ report } = await runJson(['BL201/invalid/arm-nested-deployments.json']));
  });

  it('inner scope: evaluates the VM with the parameters passed in and names it as deployed', () => {
    expect(report.findings.filter((f) => f.ruleId === 'BL201').map(brief)).toEqual([
      'BL201 BL201/invalid/arm-nested-deployments.json:40 inner-prod-01',
    ]);
  });

  it("outer scope (default): evaluates the VM with the parent template's variables", () => {
    expect(report.findings.filter((f) => f.ruleId === 'BL202').map(brief)).toEqual([
      'BL202 BL201/invalid/arm-nested-deployments.json:74 outer-prod-01',
    ]);
    expect(report.findings.find((f) => f.ruleId === 'BL202')!.column).toBe(19);
  });

  it('reports nothing else (the outer-scope VM has provisionVMAgent: true)', () => {
    expect(report.findings).toHaveLength(2);
  });
});

describe('conditions', () => {
  let code!: number | null, report!: JsonReport;
  beforeAll(async () => {
    ({ code, report } = await runJson(['BL201/invalid/arm-conditions.json']));
  });

  it('a false condition deploys nothing, so it reports nothing', () => {
    expect(report.findings.map((f) => f.resource?.name)).not.toContain('debug-01');
    expect(report.files[0]!.resources).toBe(1);
  });

  it('an unknowable condition still reports, saying "if deployed" and why', () => {
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/arm-conditions.json:41 legacy-01']);
    expect(report.findings[0]!.message).toMatch(/if deployed/);
    expect(report.findings[0]!.message).toMatch(/deployLegacyVm/);
    expect(code).toBe(1);
  });
});

describe('values that cannot be known before deployment', () => {
  it('stays silent when provisionVMAgent and allowExtensionOperations come from parameters without value, and counts skipped checks', async () => {
    const { code, report } = await runJson(['BL201/valid/arm-unknown-agent.json']);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ resources: 1, errors: 0, skippedChecks: 5 }); // + BL101-BL103 per VM: its NIC is not in the file, so the egress checks are skipped
    expect(code).toBe(0);
  });

  it('--explain lists the skipped checks under the kind of their Unknown (deploy-time input)', async () => {
    const { stdout } = await runCli(['BL201/valid/arm-unknown-agent.json', '--explain']);
    const section = stdout.slice(stdout.indexOf('Checks skipped because'));
    expect(section).toMatch(/^ {2}deploy-time-input \(chosen at deployment[^\n]*\)\n {4}BL201 {2}BL201\/valid\/arm-unknown-agent\.json {2}[^\n]*: parameter '[^']+' has no value\n {4}BL202 /m);
  });
});

describe('deployment context from the config file', () => {
  const template = readFileSync(path.join(FIXTURES, 'BL201/invalid/arm-resource-group-name.json'), 'utf8');

  it('evaluates resourceGroup().name to a default without a config file', async () => {
    const { report } = await runJson(['BL201/invalid/arm-resource-group-name.json']);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/arm-resource-group-name.json:18 backup-lint-rg-sql']);
  });

  it('context.resourceGroup changes resourceGroup().name in the VM name', async () => {
    const project = tempProject({ 'infra/vm.json': template, '.backup-lint.yaml': 'context:\n  resourceGroup: rg-payroll-prod\n' });
    try {
      const { code, report } = await runJson(['.'], { cwd: project.dir });
      expect(report.findings.map(brief)).toEqual(['BL201 infra/vm.json:18 rg-payroll-prod-sql']);
      expect(report.findings[0]!.column).toBe(37);
      expect(code).toBe(1);
    } finally {
      project.cleanup();
    }
  });
});
