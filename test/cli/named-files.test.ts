import { brief, runJson } from '../helpers/run-cli';

// pre-commit passes only the changed files; their context still has to be read and their consequences reported.
describe('named files (pre-commit)', () => {
  it('a changed parameter file reports the findings of the template it configures', async () => {
    const { code, report } = await runJson(['BL201/invalid/arm-paired/vm.parameters.json']);
    expect(report.findings.map(brief)).toEqual([
      'BL202 BL201/invalid/arm-paired/vm.json:20 api-prod-01',
      'BL201 BL201/invalid/arm-paired/vm.json:23 api-prod-01',
    ]);
    expect(code).toBe(1);
  });

  it('a changed root module file reports the findings of the local modules it instantiates', async () => {
    const { report } = await runJson(['BL201/invalid/tf-module/main.tf']);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/tf-module/modules/vm/main.tf:8 module.vm.azurerm_linux_virtual_machine.this']);
  });

  it('a changed .tf file is evaluated with the other files of its folder, and the module\'s findings are reported', async () => {
    const { report } = await runJson(['BL201/invalid/tf-variable-default/variables.tf']);
    expect(report.files.map((f) => f.path)).toEqual(['BL201/invalid/tf-variable-default/main.tf', 'BL201/invalid/tf-variable-default/variables.tf']);
    // The variable default in variables.tf is what turns the agent off in main.tf.
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['BL201 BL201/invalid/tf-variable-default/main.tf']);
  });

  it('findings of other templates in the folder are not reported for a named template', async () => {
    const { report } = await runJson(['BL201/valid/arm-windows-agent-default.json']);
    expect(report.findings).toEqual([]);
  });
});
