import { runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

describe('a local module called by a root module in the same run', () => {
  const files = {
    'main.tf': 'module "vm" {\n  source             = "./modules/vm"\n  name               = "reporting-01"\n  provision_vm_agent = true\n}\n',
    'modules/vm/variables.tf':
      'variable "name" {\n  default = "unnamed"\n}\n\nvariable "provision_vm_agent" {\n  type    = bool\n  default = false\n}\n',
    'modules/vm/main.tf': [
      'resource "azurerm_linux_virtual_machine" "this" {',
      '  name                  = var.name',
      '  resource_group_name   = "rg-reporting"',
      '  location              = "westeurope"',
      '  size                  = "Standard_B2s"',
      '  admin_username        = "azureuser"',
      '  network_interface_ids = []',
      '  provision_vm_agent    = var.provision_vm_agent',
      '}',
      '',
    ].join('\n'),
  };

  it("is evaluated with its caller's inputs only, never as a root with its own defaults", async () => {
    const project = tempProject(files);
    try {
      const { code, report } = await runJson(['.'], { cwd: project.dir });
      expect(report.findings).toEqual([]);
      expect(report.summary['resources']).toBe(1);
      expect(report.files.find((f) => f.path === 'modules/vm/main.tf')).toMatchObject({ status: 'ok', resources: 1 });
      expect(code).toBe(0);
    } finally {
      project.cleanup();
    }
  });

  it('is linted as a root with its defaults when it is linted on its own', async () => {
    const project = tempProject(files);
    try {
      const { report } = await runJson(['modules/vm'], { cwd: project.dir });
      expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.resource?.name}`)).toEqual([
        'BL201 modules/vm/main.tf:8 azurerm_linux_virtual_machine.this',
      ]);
    } finally {
      project.cleanup();
    }
  });
});
