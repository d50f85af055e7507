import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GuestInput } from '../../src/analysis/guest/read';
import { briefs, CONTROL, lintHostile, outsideFolder, SECRET } from './hostile-project';

/**
 * The analyses' failure boundary: an analysis that throws on one VM (a bug, or a stack overflow on hostile input)
 * becomes one BL001 at that VM; its facts from that analysis are Unknown, so no rule that reads them reports on it,
 * and every other VM keeps its findings. The analyses are made to fail on purpose here, on the VM of a/ only (b/ holds the same template), through
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
    // The network analysis follows each VM's NIC references: it fails on those of a/.
    follow: (...args: Parameters<typeof actual.follow>) => {
      const [, , kind, via] = args;
      if (mockFailure?.analysis === 'network' && kind === 'nic' && via.file.startsWith('a/')) throw mockFailure.error();
      return actual.follow(...args);
    },
  };
});

jest.mock('../../src/analysis/egress/nsg', () => {
  const actual = jest.requireActual<typeof import('../../src/analysis/egress/nsg')>('../../src/analysis/egress/nsg');
  return {
    ...actual,
    // The egress analysis evaluates the NSGs on each VM's paths: it fails on the one of a/.
    evaluateNsg: (...args: Parameters<typeof actual.evaluateNsg>) => {
      if (mockFailure?.analysis === 'egress' && args[0].file.startsWith('a/')) throw mockFailure.error();
      return actual.evaluateNsg(...args);
    },
  };
});

jest.mock('../../src/analysis/guest/read', () => {
  const actual = jest.requireActual<typeof import('../../src/analysis/guest/read')>('../../src/analysis/guest/read');
  return {
    ...actual,
    // The guest analysis reads each text of each VM: it fails on the customData of a/.
    readGuestText: (parsers: Parameters<typeof actual.readGuestText>[0], input: GuestInput) => {
      if (mockFailure?.analysis === 'guest' && input.at.file.startsWith('a/')) throw mockFailure.error();
      return actual.readGuestText(parsers, input);
    },
  };
});

/** BL101's ARM fixture (a VM whose subnet NSG denies the Internet), its VM also stopping its agent in customData (BL203). */
function blockedVmStoppingItsAgent(): string {
  const template = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'BL101', 'invalid', 'arm-deny-internet.json'), 'utf8')) as {
    resources: { type: string; properties: { osProfile: Record<string, unknown> } }[];
  };
  const vm = template.resources.find((r) => r.type === 'Microsoft.Compute/virtualMachines')!;
  vm.properties.osProfile['customData'] = Buffer.from('#!/bin/bash\nsystemctl stop walinuxagent\n').toString('base64');
  return JSON.stringify(template, null, 2);
}

const TEMPLATE = blockedVmStoppingItsAgent();
/** Line (1-based) of the first line of TEMPLATE that holds `text`. */
const lineOf = (text: string) => TEMPLATE.split('\n').findIndex((line) => line.includes(text)) + 1;
/** Where the VM is declared (its object's opening line), and where its BL101 and BL203 are reported. */
const VM_LINE = lineOf('"type": "Microsoft.Compute/virtualMachines"') - 1;
const BL101 = (dir: string) => `BL101 ${dir}/main.json:${lineOf('"networkInterfaces"')}`;
const BL203 = (dir: string) => `BL203 ${dir}/main.json:${lineOf('"customData"')}`;

const outside = outsideFolder();
afterAll(() => outside.cleanup());
afterEach(() => (mockFailure = undefined));

function lintWith(failure: Failure) {
  mockFailure = failure;
  return lintHostile({ 'a/main.json': TEMPLATE, 'b/main.json': TEMPLATE }, outside.dir);
}

it('without a failure, both VMs have their BL101 and BL203 (the cases below take some of a/\'s away)', async () => {
  const { report } = await lintWith(undefined);
  expect(briefs(report)).toEqual([BL203('a'), BL101('a'), BL203('b'), BL101('b'), CONTROL]);
});

const message = (analysis: string, kind: string) =>
  `a/main.json could not be analysed in full: ${kind === 'TypeError' ? `internal error while running the ${analysis} analysis on the VM (TypeError)` : kind}; its findings that depend on that analysis are left out, the rest of the file is linted`;

it.each(['network', 'egress'] as const)('the %s analysis failing on one VM is a BL001 at it, which has no egress finding; the other VM keeps its findings', async (analysis) => {
  const { report, json, stylish } = await lintWith({ analysis, error: bug });
  expect(briefs(report)).toEqual([`BL001 a/main.json:${VM_LINE}`, BL203('a'), BL203('b'), BL101('b'), CONTROL]);
  expect(report.findings[0]?.message).toBe(message(analysis, 'TypeError'));
  expect(report.findings[0]?.fix).toMatch(/^Simplify what this resource holds/);
  expect(report.files.find((f) => f.path === 'a/main.json')?.status).toBe('ok');
  expect(json.code).toBe(1);
  // a/'s BL101 is a skipped check (its egress is Unknown): neither a finding nor a pass.
  expect(stylish.stdout).toContain(`the ${analysis} analysis failed on this VM (reported as BL001)`);
});

it('the guest analysis failing on one VM is a BL001 at it, which has no guest finding, nor an egress one (its proxy is not known)', async () => {
  const { report } = await lintWith({ analysis: 'guest', error: bug });
  expect(briefs(report)).toEqual([`BL001 a/main.json:${VM_LINE}`, BL203('b'), BL101('b'), CONTROL]);
  expect(report.findings[0]?.message).toBe(message('guest', 'TypeError'));
});

it('a stack overflow in an analysis says the VM is nested too deeply, never the error text', async () => {
  const { report, stylish } = await lintWith({ analysis: 'guest', error: overflow });
  expect(briefs(report)).toEqual([`BL001 a/main.json:${VM_LINE}`, BL203('b'), BL101('b'), CONTROL]);
  expect(report.findings[0]?.message).toBe(message('guest', 'the VM is nested too deeply to be analysed by the guest analysis'));
  expect(stylish.stdout).not.toMatch(/call stack/i);
});
