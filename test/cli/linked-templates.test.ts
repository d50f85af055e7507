import { brief, runCli, runJson } from '../helpers/run-cli';

describe('ARM linked templates (templateLink.relativePath)', () => {
  it('lints the linked file with the parameters its deployment passes, once', async () => {
    const { code, report } = await runJson(['BL201/invalid/arm-linked']);
    // nested/vm.json alone has no parameter values (Unknown) and stays silent: the one finding comes through main.json.
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/arm-linked/nested/vm.json:21 app-vm01']);
    expect(report.findings[0]).toMatchObject({ column: 13, resource: { type: 'Microsoft.Compute/virtualMachines', name: 'app-vm01' } });
    expect(report.files.map((f) => `${f.path} ${f.resources}`)).toEqual(['BL201/invalid/arm-linked/main.json 3', 'BL201/invalid/arm-linked/nested/vm.json 1']);
    expect(report).not.toHaveProperty('notes');
    expect(code).toBe(1);
  });

  it('reports the linked file finding when only the deploying template is named', async () => {
    const { report } = await runJson(['BL201/invalid/arm-linked/main.json']);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/arm-linked/nested/vm.json:21 app-vm01']);
  });

  it('lists a template linked by URI under "Evaluation notes" with --explain, and only then', async () => {
    const explained = await runCli(['BL201/invalid/arm-linked', '--explain']);
    expect(explained.stdout).toContain(
      'Evaluation notes:\n  BL201/invalid/arm-linked/main.json:21:5 linked template at https://example.com/templates/monitoring.json is not available offline; its resources are not linted\n',
    );
    expect(explained.stdout.indexOf('Evaluation notes:')).toBeGreaterThan(explained.stdout.indexOf('Checks skipped because'));
    expect((await runCli(['BL201/invalid/arm-linked'])).stdout).not.toContain('Evaluation notes');
  });
});

describe('ARM templates linked by a URI built from their own location (_artifactsLocation, templateLink.uri)', () => {
  it('lints the local copy beside the template with the parameters passed, and says so with --explain', async () => {
    const { report } = await runJson(['BL201/invalid/arm-linked-artifacts']);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/arm-linked-artifacts/nested/vm.json:21 qs-vm01']);
    const explained = (await runCli(['BL201/invalid/arm-linked-artifacts', '--explain'])).stdout;
    expect(explained).toContain(
      "BL201/invalid/arm-linked-artifacts/azuredeploy.json:13:5 linked template 'nested/vm.json' (templateLink.uri) is read from its local copy BL201/invalid/arm-linked-artifacts/nested/vm.json\n",
    );
  });

  it('never follows a relative part that leaves the template folder, nor a file that is not there', async () => {
    const explained = (await runCli(['BL201/invalid/arm-linked-artifacts/azuredeploy.json', '--explain'])).stdout;
    expect(explained).not.toContain('outside-vm');
    expect(explained).toMatch(/azuredeploy\.json:26:5 linked template at an unknown URI is not available offline/);
    expect(explained).toMatch(/azuredeploy\.json:39:5 linked template at an unknown URI is not available offline/);
  });
});
