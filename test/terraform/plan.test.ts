import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_AFTER_APPLY, readPlan, refineLocations } from '../../src/formats/terraform/plan';
import { buildTerraformNodes } from '../../src/model/builders/terraform';
import { HASHED_CUSTOM_DATA } from '../../src/model/builders/terraform/compute';
import type { VmNode } from '../../src/model/domain';
import type { RawResource } from '../../src/model/resource';
import { isUnknown, Unknown } from '../../src/model/unknown';

const FILE = 'infra/plan.json';
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '../../fixtures/tfplan-eval', name), 'utf8'));

function byAddress(resources: RawResource[], address: string): RawResource {
  const found = resources.find((r) => r.id === address);
  if (!found) throw new Error(`no resource ${address} in ${resources.map((r) => r.id).join(', ')}`);
  return found;
}

function minimalPlan(resource: Record<string, unknown>, change: Record<string, unknown>, configuration?: unknown) {
  return {
    format_version: '1.2',
    planned_values: { root_module: { resources: [resource] } },
    resource_changes: [{ address: resource['address'], mode: 'managed', type: resource['type'], change }],
    ...(configuration === undefined ? {} : { configuration }),
  };
}

describe('readPlan: resources', () => {
  const result = readPlan({ file: FILE, plan: fixture('modules-and-instances.json') });

  it('reads managed resources of the root module and of nested child modules, with full addresses', () => {
    expect(result.fatal).toBeUndefined();
    expect(result.resources.map((r) => r.id)).toEqual([
      'azurerm_subnet.app',
      'azurerm_network_interface.nic[0]',
      'azurerm_network_interface.nic[1]',
      'azurerm_linux_virtual_machine.vm[0]',
      'azurerm_linux_virtual_machine.vm[1]',
      'module.net.azurerm_network_security_group.nsg',
      'module.net.azurerm_subnet_network_security_group_association.app',
      'module.net.module.routes["hub"].azurerm_route_table.rt',
    ]);
    expect(result.stats.resources).toBe(8);
  });

  it('leaves out data sources and resources being deleted', () => {
    const addresses = result.resources.map((r) => r.id);
    expect(addresses).not.toContain('data.azurerm_client_config.current');
    expect(addresses).not.toContain('azurerm_public_ip.old');
  });

  it('fills the RawResource fields: format, type, name = id = address, file', () => {
    const vm = byAddress(result.resources, 'azurerm_linux_virtual_machine.vm[1]');
    expect(vm).toMatchObject({
      format: 'tfplan',
      file: FILE,
      type: 'azurerm_linux_virtual_machine',
      name: 'azurerm_linux_virtual_machine.vm[1]',
      id: 'azurerm_linux_virtual_machine.vm[1]',
    });
  });

  it('points `at` to the resource in planned_values, also inside child modules', () => {
    expect(byAddress(result.resources, 'azurerm_subnet.app').at).toEqual({
      file: FILE,
      pointer: '/planned_values/root_module/resources/0',
    });
    expect(byAddress(result.resources, 'module.net.module.routes["hub"].azurerm_route_table.rt').at.pointer).toBe(
      '/planned_values/root_module/child_modules/0/child_modules/0/resources/0',
    );
  });
});

describe('readPlan: unknown values', () => {
  const result = readPlan({ file: FILE, plan: fixture('modules-and-instances.json') });

  it('turns top-level after_unknown attributes into Unknown "known after apply", also when absent from after', () => {
    const vm = byAddress(result.resources, 'azurerm_linux_virtual_machine.vm[0]');
    expect(vm.values['network_interface_ids']).toBeInstanceOf(Unknown);
    expect((vm.values['network_interface_ids'] as Unknown).reason).toBe(KNOWN_AFTER_APPLY);
    expect(isUnknown(vm.values['provision_vm_agent'])).toBe(true);
    expect(vm.values['size']).toBe('Standard_B2s');
  });

  it('turns nested after_unknown attributes inside blocks into Unknown and keeps their known siblings', () => {
    const nic = byAddress(result.resources, 'azurerm_network_interface.nic[0]');
    const [ipConfiguration] = nic.values['ip_configuration'] as Record<string, unknown>[];
    expect(isUnknown(ipConfiguration!['subnet_id'])).toBe(true);
    expect(isUnknown(ipConfiguration!['private_ip_address'])).toBe(true);
    expect(ipConfiguration!['private_ip_address_allocation']).toBe('Dynamic');
  });

  it('keeps list values whose after_unknown marks are false, and known values of updates', () => {
    expect(byAddress(result.resources, 'azurerm_subnet.app').values['address_prefixes']).toEqual(['10.0.1.0/24']);
    const nic = byAddress(result.resources, 'azurerm_network_interface.nic[1]');
    expect((nic.values['ip_configuration'] as Record<string, unknown>[])[0]!['subnet_id']).toBe(
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app',
    );
  });

  it('gives an Unknown the location of the attribute (or its deepest existing ancestor) in planned_values', () => {
    const nic = byAddress(result.resources, 'azurerm_network_interface.nic[0]');
    const subnetId = (nic.values['ip_configuration'] as Record<string, Unknown>[])[0]!['subnet_id']!;
    expect(subnetId.at).toEqual({ file: FILE, pointer: '/planned_values/root_module/resources/1/values/ip_configuration/0' });
  });

  it('counts the unknown attributes', () => {
    // subnet: id, service_endpoints; nic[0]: id, subnet_id, private_ip_address; vm[0]: id, nics, agent;
    // vm[1]: id, nics; nsg: id; association: id, subnet_id, nsg_id
    expect(result.stats.unknownAttributes).toBe(14);
  });
});

describe('readPlan: configuration references', () => {
  const result = readPlan({ file: FILE, plan: fixture('modules-and-instances.json') });

  it('maps nested block attributes to the referenced resource, without the trailing .id', () => {
    expect(byAddress(result.resources, 'azurerm_network_interface.nic[0]').references).toEqual({
      'ip_configuration.0.subnet_id': ['azurerm_subnet.app'],
    });
  });

  it('resolves `x[count.index]` to the instance with the referrer\'s own index', () => {
    expect(byAddress(result.resources, 'azurerm_linux_virtual_machine.vm[0]').references?.['network_interface_ids']).toEqual([
      'azurerm_network_interface.nic[0]',
    ]);
    expect(byAddress(result.resources, 'azurerm_linux_virtual_machine.vm[1]').references?.['network_interface_ids']).toEqual([
      'azurerm_network_interface.nic[1]',
    ]);
  });

  it('keeps references to resources outside the plan (data sources) as their address', () => {
    expect(byAddress(result.resources, 'azurerm_linux_virtual_machine.vm[0]').references?.['availability_set_id']).toEqual([
      'data.azurerm_availability_set.shared',
    ]);
  });

  it('prefixes references inside modules with the module address and follows `var.*` to the module call argument', () => {
    expect(byAddress(result.resources, 'module.net.azurerm_subnet_network_security_group_association.app').references).toEqual({
      subnet_id: ['azurerm_subnet.app'],
      network_security_group_id: ['module.net.azurerm_network_security_group.nsg'],
    });
  });

  it('follows `module.m.output` references into the child module', () => {
    const plan = {
      format_version: '1.1',
      planned_values: {
        root_module: {
          resources: [{ address: 'azurerm_network_interface_security_group_association.a', mode: 'managed', type: 'azurerm_network_interface_security_group_association', name: 'a', values: {} }],
          child_modules: [{ address: 'module.sec', resources: [{ address: 'module.sec.azurerm_network_security_group.this["web"]', mode: 'managed', type: 'azurerm_network_security_group', name: 'this', index: 'web', values: {} }] }],
        },
      },
      configuration: {
        root_module: {
          resources: [{ address: 'azurerm_network_interface_security_group_association.a', mode: 'managed', type: 'azurerm_network_interface_security_group_association', name: 'a', expressions: { network_security_group_id: { references: ['module.sec.nsg_id', 'module.sec'] } } }],
          module_calls: { sec: { source: './sec', module: { outputs: { nsg_id: { expression: { references: ['azurerm_network_security_group.this["web"].id', 'azurerm_network_security_group.this["web"]', 'azurerm_network_security_group.this'] } } }, resources: [] } } },
        },
      },
    };
    const [association] = readPlan({ file: FILE, plan }).resources;
    expect(association!.references).toEqual({ network_security_group_id: ['module.sec.azurerm_network_security_group.this["web"]'] });
  });

  it('refers to every instance when the expression does not pick one', () => {
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            { address: 'azurerm_network_interface.nic["a"]', mode: 'managed', type: 'azurerm_network_interface', name: 'nic', index: 'a', values: {} },
            { address: 'azurerm_network_interface.nic["b"]', mode: 'managed', type: 'azurerm_network_interface', name: 'nic', index: 'b', values: {} },
            { address: 'azurerm_linux_virtual_machine.vm', mode: 'managed', type: 'azurerm_linux_virtual_machine', name: 'vm', values: {} },
          ],
        },
      },
      configuration: {
        root_module: {
          resources: [{ address: 'azurerm_linux_virtual_machine.vm', mode: 'managed', type: 'azurerm_linux_virtual_machine', name: 'vm', expressions: { network_interface_ids: { references: ['azurerm_network_interface.nic'] } } }],
        },
      },
    };
    const vm = byAddress(readPlan({ file: FILE, plan }).resources, 'azurerm_linux_virtual_machine.vm');
    expect(vm.references).toEqual({ network_interface_ids: ['azurerm_network_interface.nic["a"]', 'azurerm_network_interface.nic["b"]'] });
  });
});

describe('readPlan: locate', () => {
  const result = readPlan({ file: FILE, plan: fixture('modules-and-instances.json') });
  const rt = byAddress(result.resources, 'module.net.module.routes["hub"].azurerm_route_table.rt');
  const base = '/planned_values/root_module/child_modules/0/child_modules/0/resources/0/values';

  it('points at an existing attribute under values in planned_values', () => {
    expect(rt.locate(['route', 0, 'next_hop_type'])).toEqual({ file: FILE, pointer: `${base}/route/0/next_hop_type` });
  });

  it('points at the deepest existing ancestor of a missing attribute', () => {
    expect(rt.locate(['route', 0, 'missing', 'deeper'])).toEqual({ file: FILE, pointer: `${base}/route/0` });
    expect(rt.locate(['route', 7])).toEqual({ file: FILE, pointer: `${base}/route` });
    expect(rt.locate([])).toEqual({ file: FILE, pointer: base });
  });
});

// The plan keeps the provider's values (a hash here); the azurerm builder knows that and asks the configuration.
describe('plan → model: legacy azurerm_virtual_machine custom_data', () => {
  const resource = {
    address: 'azurerm_virtual_machine.legacy',
    mode: 'managed',
    type: 'azurerm_virtual_machine',
    name: 'legacy',
    values: { os_profile: [{ computer_name: 'legacy', custom_data: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3' }] },
  };
  const change = { actions: ['create'], after: resource.values, after_unknown: {} };
  const configWith = (customData: unknown) => ({
    root_module: {
      resources: [{ address: 'azurerm_virtual_machine.legacy', mode: 'managed', type: 'azurerm_virtual_machine', name: 'legacy', expressions: { os_profile: [{ custom_data: customData }] } }],
    },
  });
  const customDataOf = (plan: unknown) => (buildTerraformNodes(readPlan({ file: FILE, plan }).resources)[0] as VmNode).guestTexts[0]!.text;

  it('replaces the SHA-1 hash with the configuration constant', () => {
    expect(customDataOf(minimalPlan(resource, change, configWith({ constant_value: '#!/bin/bash\necho hi' })))).toBe(
      '#!/bin/bash\necho hi',
    );
  });

  it('makes it Unknown (never the hash) when the configuration has no constant', () => {
    const value = customDataOf(minimalPlan(resource, change, configWith({ references: ['var.custom_data'] })));
    expect(value).toBeInstanceOf(Unknown);
    expect((value as Unknown).reason).toBe(HASHED_CUSTOM_DATA);
  });

  it('makes it Unknown when the plan has no configuration for the resource', () => {
    expect(customDataOf(minimalPlan(resource, change))).toEqual(expect.objectContaining({ reason: HASHED_CUSTOM_DATA }));
  });

  it('leaves custom_data of the new resource types alone', () => {
    const linux = { ...resource, address: 'azurerm_linux_virtual_machine.x', type: 'azurerm_linux_virtual_machine', values: { custom_data: 'IyEvYmluL2Jhc2g=' } };
    const plan = minimalPlan(linux, { actions: ['create'], after: linux.values, after_unknown: {} });
    expect(customDataOf(plan)).toBe('IyEvYmluL2Jhc2g=');
  });
});

describe('readPlan: format versions and bad input', () => {
  const resource = { address: 'azurerm_subnet.s', mode: 'managed', type: 'azurerm_subnet', name: 's', values: { name: 's' } };

  it.each(['0.1', '0.2', '1.0', '1.1', '1.2'])('reads format_version %s', (version) => {
    const plan = { ...minimalPlan(resource, { actions: ['create'], after: resource.values }), format_version: version };
    const result = readPlan({ file: FILE, plan });
    expect(result.fatal).toBeUndefined();
    expect(result.resources).toHaveLength(1);
  });

  it('reports an unsupported major format_version as fatal at /format_version', () => {
    const plan = { ...minimalPlan(resource, { actions: ['create'] }), format_version: '2.0' };
    expect(readPlan({ file: FILE, plan })).toEqual({
      resources: [],
      fatal: { message: expect.stringContaining('"2.0"'), pointer: '/format_version' },
      stats: { resources: 0, unknownAttributes: 0 },
    });
  });

  it.each([null, 42, 'text', [], { planned_values: {} }])('returns fatal instead of throwing for %p', (plan) => {
    const result = readPlan({ file: FILE, plan });
    expect(result.fatal).toBeDefined();
    expect(result.resources).toEqual([]);
  });

  it('survives malformed sections', () => {
    const plan = { format_version: '1.2', planned_values: { root_module: { resources: [null, 3, { address: 7 }], child_modules: 'x' } }, resource_changes: [null, { address: 'a.b', type: 'a', change: 'x' }], configuration: { root_module: { resources: 'x', module_calls: [] } } };
    const result = readPlan({ file: FILE, plan });
    expect(result.fatal).toBeUndefined();
    expect(result.resources).toEqual([]);
  });

  it('never prints values (sensitive ones included)', () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => {}));
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    readPlan({ file: FILE, plan: fixture('modules-and-instances.json') });
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    expect(write).not.toHaveBeenCalled();
    jest.restoreAllMocks();
  });
});

describe('refineLocations', () => {
  it('swaps locate and at for .tf locations of local modules, keeping plan pointers elsewhere', async () => {
    const result = readPlan({ file: FILE, plan: fixture('modules-and-instances.json') });
    const calls: string[] = [];
    const refined = await refineLocations(
      result.resources,
      { dir: 'infra', readFile: () => '', listTfFiles: (dir) => (dir === 'infra/modules/net' || dir === 'infra' ? [`${dir}/main.tf`] : []) },
      async (module, address, path) => {
        calls.push(`${module.dir}|${address}`);
        if (module.dir !== 'infra/modules/net' || address !== 'azurerm_network_security_group.nsg') return undefined;
        if (path.length === 0) return { file: 'infra/modules/net/main.tf', line: 3, column: 1 };
        if (path[0] === 'name') return { file: 'infra/modules/net/main.tf', line: 4, column: 3 };
        return undefined;
      },
    );
    expect(refined).toBe(1);
    const nsg = byAddress(result.resources, 'module.net.azurerm_network_security_group.nsg');
    expect(nsg.at).toEqual({ file: 'infra/modules/net/main.tf', line: 3, column: 1 });
    expect(nsg.locate(['name'])).toEqual({ file: 'infra/modules/net/main.tf', line: 4, column: 3 });
    expect(nsg.locate(['resource_group_name'])).toEqual({ file: 'infra/modules/net/main.tf', line: 3, column: 1 });
    // the routes module comes from git: not at hand, never asked for
    expect(calls.some((c) => c.includes('routes'))).toBe(false);
    expect(byAddress(result.resources, 'azurerm_subnet.app').at.pointer).toBe('/planned_values/root_module/resources/0');
  });
});
