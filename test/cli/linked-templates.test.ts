import { brief, runCli, runJson } from '../helpers/run-cli';

describe('ARM linked templates (templateLink.relativePath)', () => {
  it('lints the linked file with the parameters its deployment passes, once', () => {
    const { code, report } = runJson(['BL201/arm-linked']);
    // nested/vm.json alone has no parameter values (Unknown) and stays silent: the one finding comes through main.json.
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/arm-linked/nested/vm.json:21 app-vm01']);
    expect(report.findings[0]).toMatchObject({ column: 13, resource: { type: 'Microsoft.Compute/virtualMachines', name: 'app-vm01' } });
    expect(report.files.map((f) => `${f.path} ${f.resources}`)).toEqual(['BL201/arm-linked/main.json 3', 'BL201/arm-linked/nested/vm.json 1']);
    expect(report).not.toHaveProperty('notes');
    expect(code).toBe(1);
  });

  it('reports the linked file finding when only the deploying template is named', () => {
    const { report } = runJson(['BL201/arm-linked/main.json']);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/arm-linked/nested/vm.json:21 app-vm01']);
  });

  it('lists a template linked by URI under "Not evaluated" with --explain, and only then', () => {
    const explained = runCli(['BL201/arm-linked', '--explain']);
    expect(explained.stdout).toContain(
      'Not evaluated:\n  BL201/arm-linked/main.json:21:5 linked template at https://example.com/templates/monitoring.json is not available offline; its resources are not linted\n',
    );
    expect(explained.stdout.indexOf('Not evaluated:')).toBeGreaterThan(explained.stdout.indexOf('Checks skipped because'));
    expect(runCli(['BL201/arm-linked']).stdout).not.toContain('Not evaluated');
  });
});
