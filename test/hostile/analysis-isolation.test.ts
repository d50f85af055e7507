import type { GuestInput } from '../../src/analysis/guest/read';
import { briefs, CONTROL, expectNothingForeign, hostileProject, outsideFolder, runBoth, SECRET } from './hostile-project';

/**
 * The analyses' failure boundary: an analysis that throws on one VM (a bug, or a stack overflow on hostile input)
 * becomes one BL001 at that VM; its facts from that analysis are Unknown, so no rule that reads them reports on it,
 * and every other VM keeps its findings. The analyses are made to fail on purpose here, on VM `a` only, through
 * functions they call once per VM.
 */

type Failure = { analysis: 'network' | 'egress' | 'guest'; error: () => Error } | undefined;
let mockFailure: Failure;

const bug = () => new TypeError(`Cannot read properties of undefined (reading '${SECRET}')`);
/** A real stack overflow, as a script nested 20,000 deep once caused. */
const overflow = (): Error => {
  const deeper = (n: number): number => deeper(n + 1) + 1;
  try {
    deeper(0);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the stack did not overflow');
};

jest.mock('../../src/analysis/follow', () => {
  const actual = jest.requireActual<typeof import('../../src/analysis/follow')>('../../src/analysis/follow');
  return {
    ...actual,
    // The network analysis follows each VM's NIC references: it fails on VM a's.
    follow: (...args: Parameters<typeof actual.follow>) => {
      const linked = actual.follow(...args);
      if (mockFailure?.analysis === 'network' && args[2] === 'nic' && linked !== null && 'label' in linked && linked.label === 'azurerm_network_interface.a') throw mockFailure.error();
      return linked;
    },
  };
});

jest.mock('../../src/analysis/egress/match', () => {
  const actual = jest.requireActual<typeof import('../../src/analysis/egress/match')>('../../src/analysis/egress/match');
  return {
    ...actual,
    // The egress analysis reads each VM's region first: VM a is the one in northeurope.
    normalizeRegion: (region: string) => {
      if (mockFailure?.analysis === 'egress' && region === 'northeurope') throw mockFailure.error();
      return actual.normalizeRegion(region);
    },
  };
});

jest.mock('../../src/analysis/guest/read', () => {
  const actual = jest.requireActual<typeof import('../../src/analysis/guest/read')>('../../src/analysis/guest/read');
  return {
    ...actual,
    // The guest analysis reads each text of each VM: it fails on VM a's extension script.
    readGuestText: (parsers: Parameters<typeof actual.readGuestText>[0], input: GuestInput) => {
      if (mockFailure?.analysis === 'guest' && input.label.endsWith('setup-a')) throw mockFailure.error();
      return actual.readGuestText(parsers, input);
    },
  };
});

/** Two VMs on one subnet whose NSG denies the Internet (BL101 each), each stopping its agent in a script (BL203 each). */
function twoVms(): string {
  const vm = (name: string, location: string) => `
resource "azurerm_network_interface" "${name}" {
  name                = "nic-${name}"
  location            = "${location}"
  resource_group_name = "rg"
  ip_configuration {
    name                          = "ipconfig1"
    subnet_id                     = azurerm_subnet.app.id
    private_ip_address_allocation = "Dynamic"
  }
}

resource "azurerm_linux_virtual_machine" "${name}" {
  name                  = "vm-${name}"
  resource_group_name   = "rg"
  location              = "${location}"
  size                  = "Standard_B2s"
  admin_username        = "azureuser"
  network_interface_ids = [azurerm_network_interface.${name}.id]
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Standard_LRS"
  }
  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
}

resource "azurerm_virtual_machine_extension" "setup-${name}" {
  name                 = "setup"
  virtual_machine_id   = azurerm_linux_virtual_machine.${name}.id
  publisher            = "Microsoft.Azure.Extensions"
  type                 = "CustomScript"
  type_handler_version = "2.1"
  settings = jsonencode({
    commandToExecute = "systemctl stop walinuxagent && echo done"
  })
}
`;
  return `resource "azurerm_network_security_group" "app" {
  name                = "app-nsg"
  location            = "westeurope"
  resource_group_name = "rg"
  security_rule {
    name                       = "Deny_Internet_Outbound"
    priority                   = 4000
    direction                  = "Outbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "*"
    destination_address_prefix = "Internet"
  }
}

resource "azurerm_subnet" "app" {
  name                 = "app"
  resource_group_name  = "rg"
  virtual_network_name = "vnet"
  address_prefixes     = ["10.0.1.0/24"]
}

resource "azurerm_subnet_network_security_group_association" "app" {
  subnet_id                 = azurerm_subnet.app.id
  network_security_group_id = azurerm_network_security_group.app.id
}
${vm('a', 'northeurope')}${vm('b', 'westeurope')}`;
}

const MAIN = twoVms();
/** The line of the first line of MAIN that starts with `start` (after `from`, when given). */
function lineOf(start: string, from = ''): number {
  const lines = MAIN.split('\n');
  const after = from ? lines.findIndex((l) => l.startsWith(from)) : 0;
  return lines.findIndex((l, i) => i >= after && l.trimStart().startsWith(start)) + 1;
}
const VM_A = lineOf('resource "azurerm_linux_virtual_machine" "a"');
const VM_B = lineOf('resource "azurerm_linux_virtual_machine" "b"');
const BL101_A = `BL101 main.tf:${lineOf('network_interface_ids', 'resource "azurerm_linux_virtual_machine" "a"')}`;
const BL101_B = `BL101 main.tf:${lineOf('network_interface_ids', 'resource "azurerm_linux_virtual_machine" "b"')}`;
const BL203_A = `BL203 main.tf:${lineOf('settings', 'resource "azurerm_virtual_machine_extension" "setup-a"')}`;
const BL203_B = `BL203 main.tf:${lineOf('settings', 'resource "azurerm_virtual_machine_extension" "setup-b"')}`;

const outside = outsideFolder();
afterAll(() => outside.cleanup());
afterEach(() => (mockFailure = undefined));

async function lintWith(failure: Failure) {
  mockFailure = failure;
  const project = hostileProject({ 'main.tf': MAIN });
  try {
    const run = await runBoth(project.dir);
    expectNothingForeign([run.stylish, run.json], outside.dir);
    return run;
  } finally {
    project.cleanup();
  }
}

it('without a failure, both VMs have their BL101 and BL203 (the cases below take one of them away)', async () => {
  const { report } = await lintWith(undefined);
  expect(briefs(report)).toEqual([CONTROL, BL101_A, BL203_A, BL101_B, BL203_B]);
  expect(VM_A).toBeLessThan(VM_B);
});

it.each(['network', 'egress'] as const)('the %s analysis failing on VM a is a BL001 at it; a has no egress finding, b keeps its findings', async (analysis) => {
  const { report, json, stylish } = await lintWith({ analysis, error: bug });
  expect(briefs(report)).toEqual([CONTROL, `BL001 main.tf:${VM_A}`, BL203_A, BL101_B, BL203_B]);
  expect(report.findings[1]?.message).toBe(
    `main.tf could not be analysed in full: internal error while running the ${analysis} analysis on the VM (TypeError); its findings that depend on that analysis are left out, the rest of the file is linted`,
  );
  expect(report.findings[1]?.fix).toMatch(/^Simplify what this resource holds/);
  expect(report.files.find((f) => f.path === 'main.tf')?.status).toBe('ok');
  expect(json.code).toBe(1);
  // VM a's BL101 is a skipped check (its egress is Unknown), not a finding and not a pass.
  expect(stylish.stdout).toContain(`the ${analysis} analysis failed on this VM (reported as BL001)`);
});

it('the guest analysis failing on VM a is a BL001 at it; a has no guest finding, nor an egress one (its proxy is not known)', async () => {
  const { report } = await lintWith({ analysis: 'guest', error: bug });
  expect(briefs(report)).toEqual([CONTROL, `BL001 main.tf:${VM_A}`, BL101_B, BL203_B]);
  expect(report.findings[1]?.message).toBe(
    'main.tf could not be analysed in full: internal error while running the guest analysis on the VM (TypeError); its findings that depend on that analysis are left out, the rest of the file is linted',
  );
});

it('a stack overflow in an analysis says the VM is nested too deeply, never the error text', async () => {
  const { report, stylish } = await lintWith({ analysis: 'guest', error: overflow });
  expect(briefs(report)).toEqual([CONTROL, `BL001 main.tf:${VM_A}`, BL101_B, BL203_B]);
  expect(report.findings[1]?.message).toBe(
    'main.tf could not be analysed in full: the VM is nested too deeply to be analysed by the guest analysis; its findings that depend on that analysis are left out, the rest of the file is linted',
  );
  expect(stylish.stdout).not.toMatch(/call stack/i);
});
