import { locateInBlock, locationSkeleton } from '../../src/formats/terraform/hcl/locate';
import { parseHcl, terraformParser } from '../../src/formats/terraform/hcl/parser';
import type { Block } from '../../src/formats/terraform/hcl/ast';

// Issue #12: a resource read on a worker thread sends the skeleton of its block, not the whole syntax tree; the main
// thread's locate() reads the skeleton. Every path must be located exactly as in the whole block.

const SOURCE = `resource "azurerm_linux_virtual_machine" "vm" {
  name = "vm-\${var.env}"
  tags = {
    owner   = "team"
    "cost"  = var.cost
    (local.k) = "computed key"
  }
  zones = ["1", var.zone, ["nested", { deep = "x" }]]
  os_disk {
    caching = "ReadWrite"
  }
  network_interface {
    ip_configuration {
      subnet_id = azurerm_subnet.a.id
    }
  }
  network_interface {
    ip_configuration {
      subnet_id = azurerm_subnet.b.id
    }
  }
  dynamic "data_disk" {
    for_each = var.disks
    content {
      lun = data_disk.key
    }
  }
  custom_data = base64encode(templatefile("init.sh", { a = 1 }))
}
`;

const PATHS: (string | number)[][] = [
  [],
  ['name'],
  ['tags'],
  ['tags', 'owner'],
  ['tags', 'cost'],
  ['tags', 'missing'],
  ['zones', 0],
  ['zones', 1],
  ['zones', 2, 0],
  ['zones', 2, 1, 'deep'],
  ['zones', 9],
  ['os_disk'],
  ['os_disk', 0, 'caching'],
  ['network_interface', 1, 'ip_configuration', 0, 'subnet_id'],
  ['network_interface', 5, 'ip_configuration'],
  ['network_interface', 'ip_configuration', 'subnet_id'],
  ['data_disk', 0, 'lun'],
  ['custom_data'],
  ['custom_data', 'a'],
  ['absent', 'deeper'],
];

describe('the location skeleton of a Terraform block', () => {
  let block: Block;
  beforeAll(async () => {
    const parsed = parseHcl(await terraformParser(), SOURCE);
    if (!parsed.ok) throw new Error(parsed.error.message);
    block = parsed.file.body.blocks[0]!;
  });

  it('locates every path (attributes, object keys, tuple items, nested and dynamic blocks, missing paths) as the whole block does', () => {
    const skeleton = locationSkeleton(block);
    const locate = (from: Block) => PATHS.map((path) => locateInBlock(from, path, 'main.tf', 'resource.azurerm_linux_virtual_machine.vm'));
    const whole = locate(block);
    expect(locate(skeleton)).toEqual(whole);
    // The paths reach inside objects and tuples, not only to their attributes.
    expect(whole[3]).toMatchObject({ line: 4, blockPath: 'resource.azurerm_linux_virtual_machine.vm.tags' });
    expect(whole[9]).toMatchObject({ line: 8, column: 47 }); // the `"x"` of `deep`
    expect(whole[13]).toMatchObject({ line: 19, blockPath: 'resource.azurerm_linux_virtual_machine.vm.network_interface.ip_configuration.subnet_id' });
  });

  it('keeps no expression it does not descend into, and keeps a block shared by two resources shared', () => {
    const copies = new Map<Block, Block>();
    const skeleton = locationSkeleton(block, copies);
    expect(locationSkeleton(block, copies)).toBe(skeleton);
    const kinds = new Set<string>();
    JSON.stringify(skeleton, (key, value: unknown) => {
      if (key === 'kind' && typeof value === 'string') kinds.add(value);
      return value;
    });
    expect([...kinds].sort()).toEqual(['invalid', 'literal', 'object', 'tuple']);
  });
});
