import { ANALYSES, explainAnalyses, runAnalyses } from '../../src/analysis';
import { analyseSubject } from '../../src/analysis/boundary';
import type { Analysis, AnalysisOutput } from '../../src/analysis/types';
import { loadModel } from '../../src/lint';
import { analysisProblem } from '../../src/lint/problems';
import type { DomainNode, VmNode } from '../../src/model/domain';
import { isUnknown, type Unknown } from '../../src/model/unknown';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

/**
 * The analyses' failure boundary on the subjects the CLI tests (test/hostile/analysis-isolation.test.ts) do not
 * reach: the groups analysis per VM, the schedules analysis per protected item and per VM (twelve VMs of one
 * availability set, each protected by the same policy: BL402's fixture; one of them is made to fail), and the
 * sqlAutoBackup analysis per VM.
 */

let mockExpandFailsFor: string | undefined;

jest.mock('../../src/analysis/schedules/expand', () => {
  const actual = jest.requireActual<typeof import('../../src/analysis/schedules/expand')>('../../src/analysis/schedules/expand');
  return {
    ...actual,
    expandSchedule: (...args: Parameters<typeof actual.expandSchedule>) => {
      if (args[1] === mockExpandFailsFor) throw new RangeError('Maximum call stack size exceeded');
      return actual.expandSchedule(...args);
    },
  };
});

let mockJoinKeyFailsFor: unknown;

jest.mock('../../src/model', () => {
  const actual = jest.requireActual<typeof import('../../src/model')>('../../src/model');
  return {
    ...actual,
    // The analyses key groups by joinKey (a VM's, a vault's ID): it fails on one ID.
    joinKey: (...args: Parameters<typeof actual.joinKey>) => {
      if (mockJoinKeyFailsFor !== undefined && args[0] === mockJoinKeyFailsFor) throw new TypeError('Cannot read properties of undefined');
      return actual.joinKey(...args);
    },
  };
});

afterEach(() => {
  mockExpandFailsFor = undefined;
  mockJoinKeyFailsFor = undefined;
});

async function twelveProtectedVms() {
  const { model } = await loadModel({ cwd: FIXTURES, paths: ['BL402/invalid/arm-twelve-at-2200-utc'], ignore: [], parameterPairs: new Map(), context: {} });
  const vms = model.ofKind('vm');
  expect(vms).toHaveLength(12);
  return { model, vms, failing: vms[3] as VmNode };
}

/** Makes reading `field` of `node` throw, as a bug on some input would. */
function breakField(node: DomainNode, field: string): void {
  Object.defineProperty(node, field, {
    get() {
      throw new TypeError('Cannot read properties of undefined');
    },
  });
}

const membersOf = (output: AnalysisOutput, groupKind: string) => output.groups.filter((g) => g.groupKind === groupKind).map((g) => g.members.length);

it('a failure on one subject is recorded once per analysis, and the subject gets the Unknown fallback at its location', async () => {
  const { vms } = await twelveProtectedVms();
  const output: AnalysisOutput = { groups: [], failures: [] };
  const vm = vms[0] as VmNode;
  const fail = (): never => {
    throw new TypeError('x');
  };
  const first = analyseSubject<string | Unknown>(output, 'egress', vm, fail, (cause) => cause);
  analyseSubject(output, 'egress', vm, fail, () => undefined);
  analyseSubject(output, 'guest', vm, fail, () => undefined);
  expect(isUnknown(first) && first.at).toBe(vm.at);
  expect(isUnknown(first) && first.reason).toBe('the egress analysis failed on this VM (reported as BL001)');
  expect(output.failures.map((f) => `${f.analysis} ${f.subject}`)).toEqual(['egress VM', 'guest VM']);
  expect(analyseSubject(output, 'egress', vm, () => 'done', () => 'fallback')).toBe('done');
  expect(analysisProblem(output.failures[0]!)).toEqual({
    at: vm.at,
    message: 'internal error while running the egress analysis on the VM (TypeError); its findings that depend on that analysis are left out, the rest of the file is linted',
    headline: 'could not be analysed in full',
    fix: expect.stringMatching(/^Simplify what this resource holds/),
  });
});

it('the groups analysis failing on one VM leaves it out of its availability set; the other eleven are grouped as before', async () => {
  const { model, failing } = await twelveProtectedVms();
  expect(membersOf(await runAnalyses(model), 'availabilitySet')).toEqual([12]);
  breakField(failing, 'availabilitySetId');
  const output = await runAnalyses(model);
  expect(output.failures.map((f) => [f.analysis, f.subject, f.at])).toEqual([['groups', 'VM', failing.at]]);
  expect(membersOf(output, 'availabilitySet')).toEqual([11]);
  expect(output.groups.find((g) => g.groupKind === 'availabilitySet')?.members).not.toContain(failing);
});

it('the schedules analysis failing on one protected item leaves its VM unprotected; the other VMs keep their protection', async () => {
  const { model, vms, failing } = await twelveProtectedVms();
  const item = model.ofKind('protectedItem').find((i) => failing.facts?.backup?.protections.some((p) => p.item.node === i))!;
  breakField(item, 'vmId');
  // The facts loadModel's own run wrote stay on the nodes: the VM's backup fact must not be the earlier one.
  for (const vm of vms) delete vm.facts;
  const output = await runAnalyses(model);
  expect(output.failures.map((f) => [f.analysis, f.subject, f.at])).toEqual([['schedules', 'protected item', item.at]]);
  expect(failing.facts?.backup).toBeUndefined();
  expect(vms.filter((vm) => vm.facts?.backup?.protections.length === 1)).toHaveLength(11);
  expect(membersOf(output, 'vault')).toEqual([11]);
});

it("the schedules analysis failing on one VM's schedule leaves its starts Unknown; the group counts it as unknown, the others' starts as before", async () => {
  const { model, vms, failing } = await twelveProtectedVms();
  const startsBefore = vms.map((vm) => vm.facts?.backup?.starts);
  mockExpandFailsFor = failing.label;
  const output = await runAnalyses(model);
  expect(output.failures.map((f) => [f.analysis, f.subject, f.at])).toEqual([['schedules', 'VM', failing.at]]);
  const starts = failing.facts?.backup?.starts;
  expect(isUnknown(starts) && starts.reason).toBe('the schedules analysis failed on this VM (reported as BL001)');
  expect(failing.facts?.backup?.protections).toHaveLength(1);
  expect(vms.map((vm) => vm.facts?.backup?.starts).filter((_, i) => vms[i] !== failing)).toEqual(startsBefore.filter((_, i) => vms[i] !== failing));
  const availabilitySet = output.groups.find((g) => g.groupKind === 'availabilitySet')!;
  expect(availabilitySet.unknownStarts).toEqual([failing.label]);
});

it('the sqlAutoBackup analysis failing on one VM leaves whether SQL backup is on Unknown (what the condition of BL403 reads); the other VM as before', async () => {
  const template = readFileSync(path.join(FIXTURES, 'BL403', 'invalid', 'arm-no-guest-text.json'), 'utf8');
  const project = tempProject({ 'a/main.json': template, 'b/main.json': template });
  try {
    const { model } = await loadModel({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map(), context: {} });
    const [a, b] = ['a/', 'b/'].map((dir) => model.ofKind('vm').find((vm) => vm.file.startsWith(dir))!);
    expect(b!.facts?.sqlAutoBackup?.enabled).toBe(true);
    const sqlVm = model.ofKind('sqlVm').find((node) => node.file.startsWith('a/'))!;
    // Where its setting is written cannot be read: the fact's own step fails, after the VM was joined.
    const sources = sqlVm.sources;
    sqlVm.sources = new Proxy(sources, {
      get: (target, key) => {
        if (key === 'autoBackupEnabled') throw new TypeError('Cannot read properties of undefined');
        return target[key as string];
      },
    });
    const output = await runAnalyses(model);
    expect(output.failures.map((f) => [f.analysis, f.subject, f.at])).toEqual([['sqlAutoBackup', 'VM', a!.at]]);
    const enabled = a!.facts?.sqlAutoBackup?.enabled;
    expect(isUnknown(enabled) && enabled.reason).toBe('the sqlAutoBackup analysis failed on this VM (reported as BL001)');
    expect(b!.facts?.sqlAutoBackup?.enabled).toBe(true);
  } finally {
    project.cleanup();
  }
});

describe('the group building of the groups and schedules analyses', () => {
  const startsOf = (output: AnalysisOutput, groupKind: string) => output.groups.find((g) => g.groupKind === groupKind)?.backupStarts?.length;

  it("a VM whose own group of protected items cannot be built is a BL001 at it, without that group (BL405 is not checked on it); the other VMs' as before", async () => {
    const { model, failing } = await twelveProtectedVms();
    mockJoinKeyFailsFor = failing.id;
    const output = await runAnalyses(model);
    expect(output.failures.map((f) => [f.analysis, f.subject, f.at])).toEqual([['schedules', 'VM', failing.at]]);
    const protectedVms = output.groups.filter((g) => g.groupKind === 'protectedVm');
    expect(protectedVms).toHaveLength(11);
    expect(protectedVms.map((g) => g.anchor)).not.toContain(failing);
    // Its protection and its starts are its own fact, untouched: the vault still counts them.
    expect(failing.facts?.backup?.protections).toHaveLength(1);
    expect(membersOf(output, 'vault')).toEqual([12]);
  });

  it('a vault whose group cannot be built is a BL001 at it, without its group; the availability set keeps its members and starts', async () => {
    const { model } = await twelveProtectedVms();
    const before = await runAnalyses(model);
    const vault = model.ofKind('vault')[0]!;
    mockJoinKeyFailsFor = vault.id;
    const output = await runAnalyses(model);
    expect(output.failures.map((f) => [f.analysis, f.subject, f.at])).toEqual([['schedules', 'vault', vault.at]]);
    expect(membersOf(output, 'vault')).toEqual([]);
    expect(membersOf(output, 'availabilitySet')).toEqual([12]);
    expect(startsOf(output, 'availabilitySet')).toBe(startsOf(before, 'availabilitySet'));
    expect(analysisProblem(output.failures[0]!).message).toBe(
      'internal error while running the schedules analysis on the vault (TypeError); the group is left out: BL402 does not count its backup starts, the rest of the file is linted',
    );
  });

  it("a group whose members' starts cannot be gathered is a BL001 at it and counts no starts; the other groups count theirs", async () => {
    const { model } = await twelveProtectedVms();
    const before = await runAnalyses(model);
    const policy = model.ofKind('backupPolicy')[0]!;
    const kindsBefore = policy.facts?.groups.map((g) => g.groupKind);
    expect(kindsBefore).toContain('availabilitySet');
    // Between the groups analysis and the schedules analysis, the availability set group's members become unreadable.
    const sabotage: Analysis = {
      id: 'sabotage',
      run(_model, output) {
        Object.defineProperty(output.groups.find((g) => g.groupKind === 'availabilitySet')!, 'members', {
          get() {
            throw new TypeError('Cannot read properties of undefined');
          },
        });
      },
    };
    const analyses = [...ANALYSES.slice(0, ANALYSES.indexOf(schedulesOf())), sabotage, ...ANALYSES.slice(ANALYSES.indexOf(schedulesOf()))];
    const output = await runAnalyses(model, analyses);
    const availabilitySet = output.groups.find((g) => g.groupKind === 'availabilitySet')!;
    expect(output.failures.map((f) => [f.analysis, f.subject, f.at])).toEqual([['schedules', 'availability set group', availabilitySet.at]]);
    expect(availabilitySet.backupStarts).toEqual([]);
    expect(startsOf(output, 'vault')).toBe(startsOf(before, 'vault'));
    expect(startsOf(output, 'vault')).toBeGreaterThan(0);
    // The policy's BL402 no longer sees the availability set, the other groups as before.
    expect(policy.facts?.groups.map((g) => g.groupKind)).toEqual(kindsBefore?.filter((kind) => kind !== 'availabilitySet'));
  });

  it('an availability set whose group cannot be built is a BL001 at it, without its group; the schedules groups as before', async () => {
    const { model } = await twelveProtectedVms();
    const availabilitySet = model.ofKind('availabilitySet')[0]!;
    breakField(availabilitySet, 'label');
    const output = await runAnalyses(model);
    expect(output.failures.map((f) => [f.analysis, f.subject, f.at])).toEqual([['groups', 'availability set', availabilitySet.at]]);
    expect(membersOf(output, 'availabilitySet')).toEqual([]);
    expect(membersOf(output, 'vault')).toEqual([12]);
  });
});

it("an analysis whose --explain section cannot be made says so; the other analyses' sections stay", async () => {
  const { model } = await twelveProtectedVms();
  const output = await runAnalyses(model);
  const broken: Analysis = {
    id: 'broken',
    run: () => undefined,
    explain: () => {
      throw new RangeError('Maximum call stack size exceeded');
    },
  };
  const sections = explainAnalyses(model, output, (at) => at.file, [broken, ...ANALYSES]);
  expect(sections[0]).toEqual({ title: 'The broken analysis:', lines: ['could not be explained (internal error, RangeError)'] });
  expect(sections.slice(1)).toEqual(explainAnalyses(model, output, (at) => at.file));
});

function schedulesOf(): Analysis {
  return ANALYSES.find((a) => a.id === 'schedules')!;
}
