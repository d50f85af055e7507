import { brief, runJson } from '../helpers/run-cli';

describe('BL201 vm-agent-not-provisioned on ARM templates', () => {
  it('reports provisionVMAgent: false under linuxConfiguration at the property line', async () => {
    const { code, report } = await runJson(['BL201/invalid/arm-linux-agent-off.json']);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/arm-linux-agent-off.json:21 web-01']);
    const [finding] = report.findings;
    expect(finding).toMatchObject({
      rule: 'vm-agent-not-provisioned',
      severity: 'error',
      cause: 2,
      column: 13,
      resource: { type: 'Microsoft.Compute/virtualMachines', name: 'web-01' },
    });
    expect(finding!.errorCodes).toContain('UserErrorGuestAgentStatusUnavailable');
    expect(finding!.fix).toMatch(/provisionVMAgent/);
    expect(code).toBe(1);
  });

  it('reports provisionVMAgent: false under windowsConfiguration', async () => {
    const { report } = await runJson(['BL201/invalid/arm-windows-agent-off.json']);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/arm-windows-agent-off.json:15 sql-01']);
  });

  it('stays silent when provisionVMAgent is absent (Azure defaults it to true)', async () => {
    const { code, report } = await runJson(['BL201/valid/arm-windows-agent-default.json']);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('BL202 extension-operations-disabled on ARM templates', () => {
  it('reports allowExtensionOperations: false at the property line', async () => {
    const { code, report } = await runJson(['BL202/invalid/arm-extensions-disabled.json']);
    expect(report.findings.map(brief)).toEqual(['BL202 BL202/invalid/arm-extensions-disabled.json:15 batch-01']);
    expect(report.findings[0]).toMatchObject({ rule: 'extension-operations-disabled', severity: 'error', cause: 2 });
    expect(code).toBe(1);
  });

  it('stays silent when extension operations are allowed', async () => {
    const { code, report } = await runJson(['BL202/valid/arm-extensions-allowed.json']);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});
