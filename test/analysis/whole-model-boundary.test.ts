import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Model } from '../../src/model/domain';
import type { VmNode } from '../../src/model/domain';
import { briefs, CONTROL, lintHostile, outsideFolder } from '../hostile/hostile-project';

/**
 * The analyses' failure boundary on their whole-model steps (the per-subject work is test/hostile/analysis-isolation
 * and boundary.test.ts): gathering the texts each VM runs, egress's index of VM addresses and subnet prefixes, the
 * schedules' index of VM names, SQL-to-VM matching, and --explain. A failure is made on one resource of a/ (b/
 * holds another VM with its own findings): it is one BL001 at that resource, whatever depends on the failed part
 * is Unknown (a skipped check, never a finding nor a pass), and b/ and the control keep their findings.
 */

/** Called on the run's model as it is made, before the analyses: breaks a field of one node. */
let mockSabotage: ((model: Model) => void) | undefined;
let mockGrammarsFail = false;
let mockAddressesFailFor: ((vm: VmNode) => boolean) | undefined;
let mockPrefixesFailFor: string | undefined;
let mockTitleFailsFor: string | undefined;

jest.mock('../../src/model', () => {
  const actual = jest.requireActual<typeof import('../../src/model')>('../../src/model');
  return {
    ...actual,
    createModel: (...args: Parameters<typeof actual.createModel>) => {
      const model = actual.createModel(...args);
      mockSabotage?.(model);
      return model;
    },
  };
});

jest.mock('../../src/analysis/guest/grammars', () => {
  const actual = jest.requireActual<typeof import('../../src/analysis/guest/grammars')>('../../src/analysis/guest/grammars');
  return { ...actual, guestParsers: () => (mockGrammarsFail ? Promise.reject(new Error('the WebAssembly grammar could not be compiled')) : actual.guestParsers()) };
});

jest.mock('../../src/analysis/egress/addresses', () => {
  const actual = jest.requireActual<typeof import('../../src/analysis/egress/addresses')>('../../src/analysis/egress/addresses');
  return {
    ...actual,
    privateAddressesOf: (vm: VmNode) => {
      if (mockAddressesFailFor?.(vm)) throw new TypeError('Cannot read properties of undefined');
      return actual.privateAddressesOf(vm);
    },
    knownPrefixes: (...args: Parameters<typeof actual.knownPrefixes>) => {
      if (args[0].file === 'a/main.json' && args[0].label.endsWith(mockPrefixesFailFor ?? '\u0000')) throw new TypeError('Cannot read properties of undefined');
      return actual.knownPrefixes(...args);
    },
  };
});

jest.mock('../../src/analysis/network', () => {
  const actual = jest.requireActual<typeof import('../../src/analysis/network')>('../../src/analysis/network');
  return {
    ...actual,
    // The guest and egress explanations title each VM through vmTitle: it fails on a/'s VM of that name.
    vmTitle: (vm: VmNode) => {
      if (vm.file === 'a/main.json' && vm.label === mockTitleFailsFor) throw new TypeError('Cannot read properties of undefined');
      return actual.vmTitle(vm);
    },
  };
});

const outside = outsideFolder();
afterAll(() => outside.cleanup());
afterEach(() => {
  mockSabotage = undefined;
  mockGrammarsFail = false;
  mockAddressesFailFor = undefined;
  mockPrefixesFailFor = undefined;
  mockTitleFailsFor = undefined;
});

const fixture = (...parts: string[]) => readFileSync(path.join(__dirname, '..', '..', 'fixtures', ...parts), 'utf8');

/** Makes reading `field` of the node of `kind` declared in a/ throw, as a bug on some input would. */
function breakInA(kind: 'vm' | 'extension' | 'sqlVm' | 'subnet' | 'firewall', field: string, file = 'a/main.json'): (model: Model) => void {
  return (model) => {
    const node = model.ofKind(kind).find((n) => n.file === file);
    if (!node) throw new Error(`no ${kind} in a/`);
    Object.defineProperty(node, field, {
      get() {
        throw new TypeError('Cannot read properties of undefined');
      },
    });
  };
}

function lint(files: Record<string, string>) {
  return lintHostile(files, outside.dir);
}

/** Line (1-based) of the first line of `text` that holds `needle`, after line `from`. */
function lineOf(text: string, needle: string, from = 0): number {
  const index = text
    .split('\n')
    .findIndex((line, i) => i >= from && line.includes(needle));
  if (index < 0) throw new Error(`${needle} not in the template`);
  return index + 1;
}

/** Where a resource of a template is declared: its object's opening line, the line above its `type`. */
const declared = (text: string, type: string) => lineOf(text, `"type": "${type}"`) - 1;

const message = (doing: string, outcome: string, kind = 'TypeError') =>
  `a/main.json could not be analysed in full: internal error while running ${doing} (${kind}); ${outcome}, the rest of the file is linted`;

describe('gathering the texts a VM runs (guest analysis)', () => {
  /**
   * A Windows SQL VM (BL403's valid case: a Custom Script extension sets USEVSSCOPYBACKUP) whose customData also
   * disables the agent (BL203). Were the extension's text silently left out, BL403 would report a/ wrongly.
   */
  const TEMPLATE = (() => {
    const template = JSON.parse(fixture('BL403', 'valid', 'arm-cse-key.json')) as { resources: { type: string; properties: { osProfile?: Record<string, unknown> } }[] };
    const vm = template.resources.find((r) => r.type === 'Microsoft.Compute/virtualMachines')!;
    vm.properties.osProfile!['customData'] = Buffer.from('#ps1_sysnative\nSet-Service -Name WindowsAzureGuestAgent -StartupType Disabled\n').toString('base64');
    return JSON.stringify(template, null, 2);
  })();
  const VM = declared(TEMPLATE, 'Microsoft.Compute/virtualMachines');
  const EXTENSION = declared(TEMPLATE, 'Microsoft.Compute/virtualMachines/extensions');
  const BL203 = (dir: string) => `BL203 ${dir}/main.json:${lineOf(TEMPLATE, '"customData"')}`;
  const BL403 = (dir: string) => `BL403 ${dir}/main.json:${lineOf(TEMPLATE, '"enable": true')}`;
  const files = { 'a/main.json': TEMPLATE, 'b/main.json': TEMPLATE };

  it('without a failure, both VMs have their BL203 and no BL403 (the extension sets USEVSSCOPYBACKUP)', async () => {
    const { report } = await lint(files);
    expect(briefs(report)).toEqual([BL203('a'), BL203('b'), CONTROL]);
  });

  it("an extension whose texts cannot be gathered is a BL001 at it; its VM's guest facts are incomplete: BL403 is not checked on it, its own customData's BL203 stays", async () => {
    mockSabotage = breakInA('extension', 'guestTexts');
    const { report, stylish } = await lint(files);
    expect(briefs(report)).toEqual([BL203('a'), `BL001 a/main.json:${EXTENSION}`, BL203('b'), CONTROL]);
    expect(report.findings[1]?.message).toBe(
      message('the guest analysis on the extension', 'what the VM it runs on runs in its guest is not known in full: the findings that need it are left out'),
    );
    expect(report.findings.some((f) => f.ruleId === 'BL403')).toBe(false);
    expect(stylish.stdout).toContain('the guest analysis failed on this extension (reported as BL001)');
    expect(BL403('a')).toMatch(/^BL403/);
  });

  it('an extension whose VM cannot be told is a BL001 at it; every VM then lacks a text it may run, and keeps only what its own texts show', async () => {
    mockSabotage = breakInA('extension', 'vmId');
    const { report, stylish } = await lint(files);
    expect(briefs(report)).toEqual([BL203('a'), `BL001 a/main.json:${EXTENSION}`, BL203('b'), CONTROL]);
    expect(report.findings[1]?.message).toBe(
      message(
        'the guest analysis on the extension',
        'which VM it runs on is not known, so what any VM runs in its guest is not known in full: the findings that need it are left out',
      ),
    );
    // b/'s guest reads a text it cannot gather too (the extension of a/ may run on it).
    expect(stylish.stdout.match(/a guest text the analysis could not gather/g)).toHaveLength(3);
  });

  it("a VM whose own texts cannot be gathered is a BL001 at it, without the BL203 of its customData; b/'s as before", async () => {
    mockSabotage = breakInA('vm', 'guestTexts');
    const { report } = await lint(files);
    expect(briefs(report)).toEqual([`BL001 a/main.json:${VM}`, BL203('b'), CONTROL]);
    expect(report.findings[0]?.message).toBe(message('the guest analysis on the VM', 'its findings that depend on that analysis are left out'));
  });

  it('grammars that fail to load are a BL001 at each VM with guest text, not the end of the run; a VM without text is linted as before', async () => {
    mockGrammarsFail = true;
    const { report, json } = await lint(files);
    expect(briefs(report)).toEqual([`BL001 a/main.json:${VM}`, `BL001 b/main.json:${VM}`, CONTROL]);
    expect(report.findings[0]?.message).toBe(message('the guest analysis on the VM', 'its findings that depend on that analysis are left out', 'Error'));
    expect(json.stdout).not.toContain('WebAssembly');
  });
});

describe("egress's index of the run's addresses (BL104)", () => {
  /** A VM whose guest uses a proxy VM that has no egress itself (BL104 on the VM, BL101 on the proxy VM). */
  const PROXY = fixture('BL104', 'invalid', 'arm-proxy-vm-without-egress.json');
  /** A VM whose subnet NSG denies the Internet (BL101). */
  const BLOCKED = fixture('BL101', 'invalid', 'arm-deny-internet.json');
  const files = { 'a/main.json': PROXY, 'b/main.json': BLOCKED };
  const PROXY_VM = lineOf(PROXY, '"type": "Microsoft.Compute/virtualMachines"', lineOf(PROXY, '"name": "proxy-nic"')) - 1;
  const BL101 = (dir: string, text: string) => `BL101 ${dir}/main.json:${lineOf(text, '"networkInterfaces"', lineOf(text, '"Microsoft.Compute/virtualMachines"'))}`;
  const proxyVmBL101 = `BL101 a/main.json:${lineOf(PROXY, '"networkInterfaces"', PROXY_VM)}`;
  const BL104 = `BL104 a/main.json:${lineOf(PROXY, '"networkInterfaces"', lineOf(PROXY, '"name": "app-vm"'))}`;

  it("without a failure, a/'s VM has its BL104 (its proxy VM has no egress), the proxy VM its BL101, b/'s VM its BL101", async () => {
    const { report } = await lint(files);
    expect(briefs(report)).toEqual([BL104, proxyVmBL101, BL101('b', BLOCKED), CONTROL]);
  });

  it("a VM whose addresses cannot be indexed is a BL001 at it; a VM whose proxy may be it has BL104 Unknown (neither a finding nor a pass); the VM's own BL101 stays", async () => {
    mockAddressesFailFor = (vm) => vm.file === 'a/main.json' && vm.label === 'proxy-vm';
    const { report, stylish } = await lint(files);
    expect(briefs(report)).toEqual([`BL001 a/main.json:${PROXY_VM}`, proxyVmBL101, BL101('b', BLOCKED), CONTROL]);
    expect(report.findings[0]?.message).toBe(
      message('the egress analysis on the VM', 'its private addresses are not known to the proxy check: the BL104 checks of VMs whose proxy may be it are left out'),
    );
    expect(stylish.stdout).toContain('whether 10.0.1.50 is the address of a VM of the run is not known');
  });

  /**
   * BL104's case of an NSG denying the proxy port, its deny rule written for VirtualNetwork, and the proxy subnet in a
   * public range (20.0.1.0/24): only the subnet's prefix says the proxy is in the virtual network. Were that subnet
   * silently left out, the deny would not match and the VM would pass.
   */
  const PUBLIC_PROXY = (() => {
    const template = JSON.parse(fixture('BL104', 'invalid', 'arm-nsg-denies-proxy-port.json')) as { resources: Record<string, unknown>[] };
    const text = JSON.stringify(template, null, 2).replace('"destinationAddressPrefix": "10.0.1.0/24"', '"destinationAddressPrefix": "VirtualNetwork"');
    const customData = /"customData": "([^"]+)"/.exec(text)![1]!;
    const proxied = Buffer.from(Buffer.from(customData, 'base64').toString('utf8').replace('10.0.1.', '20.0.1.')).toString('base64');
    return text.replace(customData, proxied).replaceAll('10.0.1.', '20.0.1.');
  })();
  const PUBLIC_BL104 = `BL104 a/main.json:${lineOf(PUBLIC_PROXY, '"networkInterfaces"', lineOf(PUBLIC_PROXY, '"Microsoft.Compute/virtualMachines"'))}`;

  it("without a failure, the VM's BL104: its NSG denies the proxy port to the virtual network, which holds the proxy", async () => {
    const { report } = await lint({ 'a/main.json': PUBLIC_PROXY, 'b/main.json': BLOCKED });
    expect(briefs(report)).toEqual([PUBLIC_BL104, BL101('b', BLOCKED), CONTROL]);
  });

  it("a subnet whose prefixes cannot be indexed is a BL001 at it; whether the proxy is in the virtual network is Unknown, so a/'s BL104 is not checked", async () => {
    mockPrefixesFailFor = 'ProxySubnet';
    const { report, stylish } = await lint({ 'a/main.json': PUBLIC_PROXY, 'b/main.json': BLOCKED });
    expect(briefs(report)).toEqual([`BL001 a/main.json:${lineOf(PUBLIC_PROXY, '"name": "ProxySubnet"') - 1}`, BL101('b', BLOCKED), CONTROL]);
    expect(report.findings[0]?.message).toBe(
      message(
        'the egress analysis on the subnet',
        'its address prefixes are not known to the proxy check: the BL104 checks that need to know whether a proxy is in the virtual network are left out',
      ),
    );
    expect(stylish.stdout).toContain('whether 20.0.1.50 is in the virtual network is not known');
  });
});

describe('joining SQL Server automated backup to its VM (BL403)', () => {
  /** A protected SQL VM with SQL automated backup on and no guest text: BL403. */
  const SQL = fixture('BL403', 'invalid', 'arm-no-guest-text.json');
  const files = { 'a/main.json': SQL, 'b/main.json': SQL };
  const SQL_VM = declared(SQL, 'Microsoft.SqlVirtualMachine/sqlVirtualMachines');
  const BL403 = (dir: string) => `BL403 ${dir}/main.json:${lineOf(SQL, '"enable": true')}`;

  it('without a failure, both VMs have their BL403', async () => {
    const { report } = await lint(files);
    expect(briefs(report)).toEqual([BL403('a'), BL403('b'), CONTROL]);
  });

  it("a SQL VM resource whose setting cannot be read is a BL001 at it; its VM's BL403 is not checked, b/'s stays", async () => {
    mockSabotage = breakInA('sqlVm', 'autoBackupEnabled');
    const { report, stylish } = await lint(files);
    expect(briefs(report)).toEqual([`BL001 a/main.json:${SQL_VM}`, BL403('b'), CONTROL]);
    expect(report.findings[0]?.message).toBe(message('the sqlAutoBackup analysis on the SQL virtual machine', 'the BL403 check of the VM it configures is left out'));
    expect(stylish.stdout).toContain('the sqlAutoBackup analysis failed on this SQL virtual machine (reported as BL001)');
  });

  it("a SQL VM resource whose VM cannot be told is a BL001 at it; no VM's BL403 is checked unless another resource turns SQL backup on (b/'s does)", async () => {
    mockSabotage = breakInA('sqlVm', 'vmId');
    const { report, stylish } = await lint(files);
    // a/'s VM: a skipped check, not a VM without SQL backup (which BL403 would pass).
    expect(stylish.stdout).toMatch(/BL403 +a\/main\.json +sql-01: whether the rule applies is unknown: the sqlAutoBackup analysis failed on this SQL virtual machine/);
    expect(briefs(report)).toEqual([`BL001 a/main.json:${SQL_VM}`, BL403('b'), CONTROL]);
    expect(report.findings[0]?.message).toBe(
      message('the sqlAutoBackup analysis on the SQL virtual machine', 'which VM it configures is not known: the BL403 checks of the VMs it may configure are left out'),
    );
  });
});

describe("the schedules analysis' index of VM names (protected items joined by name)", () => {
  /** BL404's case (a protected B1s VM), its item naming a VM of another subscription: it joins its VM by name. */
  const PROTECTED = fixture('BL404', 'invalid', 'arm-b1s-protected.json');
  const BY_NAME = PROTECTED.replace(
    `"sourceResourceId": "[resourceId('Microsoft.Compute/virtualMachines', 'small-01')]"`,
    '"sourceResourceId": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/elsewhere/providers/Microsoft.Compute/virtualMachines/small-01"',
  );
  /** The same VM alone (same name, same stand-in resource group), unprotected. */
  const NAMESAKE = (() => {
    const template = JSON.parse(PROTECTED) as { resources: { type: string }[] };
    template.resources = template.resources.filter((r) => r.type === 'Microsoft.Compute/virtualMachines');
    return JSON.stringify(template, null, 2);
  })();
  /** Another protected B1s VM (small-02), joined by its ID. */
  const OTHER = fixture('BL404', 'invalid', 'arm-b2ats-v2-protected.json');
  const VM = declared(BY_NAME, 'Microsoft.Compute/virtualMachines');
  const BL404 = (dir: string) => `BL404 ${dir}/main.json:39`;

  it('without a failure, the item joins its VM by name (BL404)', async () => {
    expect(BY_NAME).not.toBe(PROTECTED);
    const { report } = await lint({ 'a/main.json': BY_NAME, 'b/main.json': OTHER });
    expect(briefs(report)).toEqual([BL404('a'), BL404('b'), CONTROL]);
  });

  it('a VM whose name cannot be indexed is a BL001 at it; no item joins by name, so nothing is reported on a namesake VM it might mean', async () => {
    const files = { 'a/main.json': BY_NAME, 'b/main.json': OTHER, 'c/main.json': NAMESAKE };
    // Two VMs of that name and resource group: the item's VM cannot be told, no join.
    expect(briefs((await lint(files)).report)).toEqual([BL404('b'), CONTROL]);
    mockSabotage = breakInA('vm', 'name');
    const { report } = await lint(files);
    // Left out of the index, a/'s VM would leave c/'s as the one VM of that name, and BL404 would report c/ wrongly.
    expect(briefs(report)).toEqual([`BL001 a/main.json:${VM}`, BL404('b'), CONTROL]);
    expect(report.findings[0]?.message).toBe(
      message(
        'the schedules analysis on the VM',
        'its name is not known to the join of protected items to VMs: protected items that name their VM only by its name join none, and the findings that need the join are left out',
      ),
    );
  });
});

describe('--explain', () => {
  const PROXY = fixture('BL104', 'invalid', 'arm-proxy-vm-without-egress.json');
  const BLOCKED = fixture('BL101', 'invalid', 'arm-deny-internet.json');

  it("a VM that cannot be explained says so in each section that failed on it; the other VMs' lines and every finding stay", async () => {
    const files = { 'a/main.json': PROXY, 'b/main.json': BLOCKED };
    const before = await lint(files);
    mockTitleFailsFor = 'app-vm';
    const { report, stylish } = await lint(files);
    expect(report.findings).toEqual(before.report.findings);
    const lines = stylish.stdout.split('\n').map((line) => line.trim());
    const failed = lines.filter((line) => line.includes('could not be explained'));
    // Guest and egress title their lines through vmTitle; b/'s app-vm is explained as before.
    expect(failed).toEqual(['VM app-vm: could not be explained (internal error, TypeError)', 'VM app-vm: could not be explained (internal error, TypeError)']);
    const verdicts = (run: typeof stylish) => run.stdout.split('\n').filter((line) => /VM (app|proxy)-vm: verdict/.test(line)).map((line) => line.trim());
    expect(verdicts(before.stylish)).toEqual([
      'VM app-vm: verdict BL101 ok, BL102 ok, BL103 ok, BL104 PROBLEM',
      'VM proxy-vm: verdict BL101 PROBLEM, BL102 ok, BL103 ok, BL104 ok',
      'VM app-vm: verdict BL101 PROBLEM, BL102 ok, BL103 ok, BL104 ok',
    ]);
    expect(verdicts(stylish)).toEqual(verdicts(before.stylish).slice(1));
  });
});

describe("the network analysis' index of inline subnets, and egress's firewalls", () => {
  const BLOCKED = fixture('BL101', 'invalid', 'arm-deny-internet.json');
  const BL101_B = `BL101 b/main.json:${lineOf(BLOCKED, '"networkInterfaces"', lineOf(BLOCKED, '"Microsoft.Compute/virtualMachines"'))}`;
  /** BL101's Terraform case whose NIC names its subnet through the virtual network's one inline subnet. */
  const INLINE = fixture('BL101', 'invalid', 'tf-inline-subnet', 'main.tf');
  const inlineFiles = { 'a/main.tf': INLINE, 'b/main.json': BLOCKED };

  it('without a failure, the NIC joins the inline subnet: BL101 on both VMs', async () => {
    const { report } = await lint(inlineFiles);
    expect(briefs(report)).toEqual(['BL101 a/main.tf:47', BL101_B, CONTROL]);
  });

  it("a subnet whose network cannot be indexed is a BL001 at it; NICs that name a network's inline subnet are not joined (one found may be one of two); b/ as before", async () => {
    mockSabotage = breakInA('subnet', 'vnetId', 'a/main.tf');
    const { report, stylish } = await lint(inlineFiles);
    expect(briefs(report)).toEqual([`BL001 a/main.tf:${lineOf(INLINE, 'subnet {')}`, BL101_B, CONTROL]);
    expect(report.findings[0]?.message).toBe(
      'a/main.tf could not be analysed in full: internal error while running the network analysis on the subnet (TypeError); which virtual network it is declared in is not known: NICs that name their subnet through a virtual network\'s inline subnets are not joined, and the findings that need it are left out, the rest of the file is linted',
    );
    expect(stylish.stdout).toContain('whose inline subnets the network analysis could not index (reported as BL001)');
  });

  /** BL103's case of a route to an Azure Firewall of the run that has no rule allowing backup. */
  const FIREWALL = fixture('BL103', 'invalid', 'arm-firewall-without-backup-rule.json');
  const firewallFiles = { 'a/main.json': FIREWALL, 'b/main.json': BLOCKED };

  it('without a failure, BL103 on the VM behind the firewall, BL101 on b/', async () => {
    const { report } = await lint(firewallFiles);
    expect(briefs(report)).toEqual(['BL103 a/main.json:172', BL101_B, CONTROL]);
  });

  it("a firewall the egress analysis fails on is a BL001 at it; it may be the appliance, so BL103 is not checked on the VM behind it; b/ as before", async () => {
    mockSabotage = breakInA('firewall', 'allowsBackup');
    const { report, stylish } = await lint(firewallFiles);
    expect(briefs(report)).toEqual([`BL001 a/main.json:${declared(FIREWALL, 'Microsoft.Network/azureFirewalls')}`, BL101_B, CONTROL]);
    expect(report.findings[0]?.message).toBe(
      message(
        'the egress analysis on the firewall',
        'whether it is the appliance a route sends Storage traffic to is not known: the BL103 checks of VMs behind an appliance are left out unless another firewall is that appliance',
      ),
    );
    expect(stylish.stdout).toMatch(/BL103 +a\/main\.json +app-vm: the egress analysis failed on this firewall \(reported as BL001\)/);
  });
});
