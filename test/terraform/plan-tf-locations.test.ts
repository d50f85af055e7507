import { locateInModule } from '../../src/formats/terraform/hcl';
import { readPlan, refineLocations } from '../../src/formats/terraform/plan';

const MAIN_TF = `resource "azurerm_windows_virtual_machine" "vm" {
  name = "vm-\${count.index}"
  count = 2
  provision_vm_agent = false
}
`;

const plan = {
  format_version: '1.2',
  planned_values: {
    root_module: {
      resources: [0, 1].map((i) => ({
        address: `azurerm_windows_virtual_machine.vm[${i}]`,
        mode: 'managed',
        type: 'azurerm_windows_virtual_machine',
        name: 'vm',
        index: i,
        values: { name: `vm-${i}`, provision_vm_agent: false, size: 'Standard_B2s' },
      })),
    },
  },
  configuration: {
    root_module: {
      resources: [
        {
          address: 'azurerm_windows_virtual_machine.vm',
          mode: 'managed',
          type: 'azurerm_windows_virtual_machine',
          name: 'vm',
          expressions: { provision_vm_agent: { constant_value: false } },
        },
      ],
    },
  },
};

describe('refineLocations with the .tf reader', () => {
  it('points every instance at the attribute line in main.tf, and undeclared attributes at the block', async () => {
    const { resources } = readPlan({ file: 'infra/plan.json', plan });
    const files: Record<string, string> = { 'infra/main.tf': MAIN_TF };
    const refined = await refineLocations(
      resources,
      { dir: 'infra', readFile: (path) => files[path], listTfFiles: () => ['infra/main.tf'] },
      locateInModule,
    );
    expect(refined).toBe(2);
    for (const vm of resources) {
      expect(vm.at).toMatchObject({ file: 'infra/main.tf', line: 1 });
      expect(vm.locate(['provision_vm_agent'])).toMatchObject({ file: 'infra/main.tf', line: 4 });
      expect(vm.locate(['size'])).toMatchObject({ file: 'infra/main.tf', line: 1 });
    }
  });
});
