import { DEFAULT_DEPLOYMENT_CONTEXT, expandTemplate } from '../../src/formats/arm/expand';
import { armTypeRead } from '../../src/model/builders/arm';
import { isUnknown } from '../../src/model/unknown';
import { RG_SCHEMA } from './expand-helpers';

// Issue #12: values of resource types no model builder reads are evaluated only if and when something reads them.
const HUGE = "[padLeft('x', 100000000, 'y')]";

function expandWithLazyValues(countAllNames = false, keepUnread = true) {
  return expandTemplate({
    ...(countAllNames ? { countAllNames } : {}),
    ...(keepUnread ? {} : { keepUnread }),
    file: 'main.json',
    format: 'arm',
    template: {
      $schema: RG_SCHEMA,
      contentVersion: '1.0.0.0',
      resources: [
        { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'st1', properties: { note: HUGE } },
        { type: 'Microsoft.Compute/virtualMachines', apiVersion: '2023-03-01', name: 'vm1', properties: { osProfile: { computerName: "[concat('vm', '1')]" } } },
      ],
    },
    context: DEFAULT_DEPLOYMENT_CONTEXT,
    valuesRead: armTypeRead,
  });
}

describe('ARM values evaluated by need', () => {
  it('knows which types the model reads (builders, and rules and routes joined to their parents)', () => {
    expect(armTypeRead('microsoft.compute/virtualmachines')).toBe(true);
    expect(armTypeRead('microsoft.network/networksecuritygroups/securityrules')).toBe(true);
    expect(armTypeRead('microsoft.network/routetables/routes')).toBe(true);
    expect(armTypeRead('microsoft.network/firewallpolicies/rulecollectiongroups')).toBe(true);
    expect(armTypeRead('microsoft.storage/storageaccounts')).toBe(false);
    expect(armTypeRead('constructor')).toBe(false);
  });

  it('does not evaluate an unread type during expansion: its over-budget value costs no limit hit', () => {
    const result = expandWithLazyValues();
    expect(result.limits).toEqual([]);
    const vm = result.resources.find((r) => r.name === 'vm1')!;
    expect(vm.values['properties']).toEqual({ osProfile: { computerName: 'vm1' } });
  });

  it('still evaluates an unread type on read, within the file budget', () => {
    const storage = expandWithLazyValues().resources.find((r) => r.name === 'st1')!;
    const note = (storage.values['properties'] as Record<string, unknown>)['note'];
    expect(isUnknown(note)).toBe(true);
    expect(storage.values).toBe(storage.values);
  });

  it("computes an unread type's ID on read only, the same ID as when it is computed during expansion", () => {
    const storage = expandWithLazyValues().resources.find((r) => r.name === 'st1')!;
    expect(typeof Object.getOwnPropertyDescriptor(storage, 'id')?.get).toBe('function');
    const vm = expandWithLazyValues().resources.find((r) => r.name === 'vm1')!;
    expect(Object.getOwnPropertyDescriptor(vm, 'id')?.get).toBeUndefined();
    expect(storage.id).toBe('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/backup-lint-rg/providers/Microsoft.Storage/storageAccounts/st1');
    expect(vm.id).toMatch(/\/providers\/Microsoft\.Compute\/virtualMachines\/vm1$/);
  });

  it("evaluates an unread type's name on read only, and counts it in the name statistics only when asked", () => {
    const lazy = expandWithLazyValues();
    const storage = lazy.resources.find((r) => r.type === 'Microsoft.Storage/storageAccounts')!;
    expect(typeof Object.getOwnPropertyDescriptor(storage, 'name')?.get).toBe('function');
    expect(storage.name).toBe('st1');
    expect(lazy.stats).toMatchObject({ resources: 2, namesResolved: 1 });
    expect(expandWithLazyValues(true).stats).toMatchObject({ resources: 2, namesResolved: 2 });
  });

  it('only counts the resources of unread types when asked not to keep them, their names too when all are counted', () => {
    const counted = expandWithLazyValues(false, false);
    expect(counted.resources.map((r) => r.name)).toEqual(['vm1']);
    expect(counted.stats).toMatchObject({ resources: 2, namesResolved: 1 });
    expect(expandWithLazyValues(true, false).stats).toMatchObject({ resources: 2, namesResolved: 2 });
    expect(counted.limits).toEqual([]);
  });

  it('evaluates every type during expansion when no reader is named (the default)', () => {
    const result = expandTemplate({
      file: 'main.json',
      format: 'arm',
      template: { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'st1', properties: { note: HUGE } }] },
      context: DEFAULT_DEPLOYMENT_CONTEXT,
    });
    expect(result.limits.length).toBe(1);
  });
});
