import type { ExpandInput, ExpandResult } from '../../src/formats/arm/expand';
import type { RawResource } from '../../src/model/resource';
import { armTemplate, armVm, briefs, CONTROL, expectNothingForeign, hostileProject, outsideFolder, runBoth, SECRET, tfVm } from './hostile-project';

/**
 * Issue #14, isolation of failures: one file that breaks the engine becomes one BL001 at that file, every other file
 * keeps its findings, and the JSON report is one document. The engine is made to fail on purpose here (the real
 * triggers take tens of seconds), at the places the crafted inputs of the issue broke it.
 */

jest.mock('../../src/formats/arm/expand', () => {
  const actual = jest.requireActual<typeof import('../../src/formats/arm/expand')>('../../src/formats/arm/expand');
  return {
    ...actual,
    expandTemplate: (input: ExpandInput): ExpandResult => {
      // What 160k+ instances of one file are: resources enough that spreading them into push() throws a RangeError.
      if (input.file.endsWith('huge.json')) {
        const result = actual.expandTemplate(input);
        const many: RawResource[] = new Array<RawResource>(200_000).fill(result.resources[0]!);
        return { ...result, resources: many };
      }
      if (input.file.endsWith('stack.json')) throw new RangeError('Maximum call stack size exceeded');
      if (input.file.endsWith('bug.json')) throw new TypeError(`Cannot read properties of undefined (reading '${SECRET}')`);
      return actual.expandTemplate(input);
    },
  };
});

jest.mock('../../src/formats/terraform/hcl/parser', () => {
  const actual = jest.requireActual<typeof import('../../src/formats/terraform/hcl/parser')>('../../src/formats/terraform/hcl/parser');
  return {
    ...actual,
    // What a 100 MB heredoc did to tree-sitter: the shared parser is left unusable, and this parse throws.
    parseHcl: (parser: import('../../src/formats/terraform/hcl/parser').TsParser, source: string) => {
      if (source.includes('BREAK_THE_PARSER')) {
        parser.delete();
        throw new Error('memory access out of bounds');
      }
      return actual.parseHcl(parser, source);
    },
  };
});

jest.mock('../../src/policy/engine', () => {
  const actual = jest.requireActual<typeof import('../../src/policy/engine')>('../../src/policy/engine');
  return {
    ...actual,
    // An analysis that throws on some model: here whenever BL202 is evaluated over a VM named `crash-the-engine`.
    runPolicies: (...args: Parameters<typeof actual.runPolicies>) => {
      const [policies, model] = args;
      const crashes = model.ofKind('vm').some((vm) => (vm as { label?: string }).label === 'crash-the-engine');
      if (crashes && policies.some((p) => p.id === 'BL202')) throw new TypeError(`Cannot read properties of undefined (reading '${SECRET}')`);
      return actual.runPolicies(...args);
    },
  };
});

const outside = outsideFolder();
afterAll(() => outside.cleanup());

it('200k resources from one file are kept without spreading them into a call (no RangeError, no lost run)', async () => {
  const project = hostileProject({ 'arm/huge.json': armTemplate([{ type: 'Microsoft.Compute/availabilitySets', apiVersion: '2023-03-01', name: 'as' }]) });
  try {
    const { stylish, json, report } = await runBoth(project.dir);
    expectNothingForeign([stylish, json], outside.dir);
    expect(briefs(report)).toEqual([CONTROL]);
    expect(report.files.find((f) => f.path === 'arm/huge.json')?.status).toBe('ok');
    expect(json.code).toBe(1);
  } finally {
    project.cleanup();
  }
});

it('a file that overflows the stack or hits a bug is one BL001 at it, without the exception text; the others are linted', async () => {
  const project = hostileProject({
    'arm/stack.json': armTemplate([armVm('deep')]),
    'arm/bug.json': armTemplate([armVm('buggy')]),
    'arm/fine.json': armTemplate([armVm('fine')]),
  });
  try {
    const { stylish, json, report } = await runBoth(project.dir);
    expect(report.findings.map((f) => `${f.ruleId} ${f.file} ${f.message}`)).toEqual([
      'BL001 arm/bug.json arm/bug.json could not be read: internal error while evaluating the file (TypeError); the other files are linted',
      expect.stringMatching(/^BL201 arm\/fine\.json VM 'fine' /),
      'BL001 arm/stack.json arm/stack.json could not be read: the file is nested too deeply to be evaluated',
      expect.stringMatching(/^BL201 control\/vm\.json /),
    ]);
    expect(report.files.filter((f) => f.status === 'error').map((f) => f.path)).toEqual(['arm/bug.json', 'arm/stack.json']);
    expectNothingForeign([stylish, json], outside.dir);
  } finally {
    project.cleanup();
  }
});

it('a module that breaks the shared tree-sitter parser is BL001; the parser is replaced and later modules are linted', async () => {
  const project = hostileProject({
    'a/main.tf': `locals {\n  x = <<EOT\nBREAK_THE_PARSER\nEOT\n}\n`,
    'b/main.tf': tfVm('b'),
    'c/main.tf': tfVm('c'),
  });
  try {
    const { stylish, json, report } = await runBoth(project.dir);
    expectNothingForeign([stylish, json], outside.dir);
    expect(briefs(report)).toEqual(['BL001 a/main.tf:1', 'BL201 b/main.tf:8', 'BL201 c/main.tf:8', CONTROL]);
    expect(report.findings[0]?.message).toBe('a/main.tf could not be read: internal error while parsing: memory access out of bounds');
  } finally {
    project.cleanup();
  }
});

it('a rule whose evaluation crashes is a policy error on stderr; every other rule keeps its findings', async () => {
  const project = hostileProject({ 'arm/crash.json': armTemplate([armVm('crash-the-engine')]) });
  try {
    const { stylish, json, report } = await runBoth(project.dir);
    expect(briefs(report)).toEqual(['BL201 arm/crash.json:15', CONTROL]);
    expect(json.stderr).toMatch(/^backup-lint: warning: policy could not be evaluated: \S*BL202\S*:1:1: rule BL202 \(extension-operations-disabled\) could not be evaluated: internal error \(TypeError\)\n$/);
    expect(json.code).toBe(1);
    expectNothingForeign([stylish, json], outside.dir);
  } finally {
    project.cleanup();
  }
});
