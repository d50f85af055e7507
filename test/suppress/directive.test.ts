import { directivesAbove, parseDirective } from '../../src/suppress/directive';

describe('backup-lint-ignore comments', () => {
  it('reads the rules (IDs upper-cased, names lower-cased) and the reason, in #, // and one-line /* */ comments', () => {
    expect(parseDirective('  # backup-lint-ignore bl201 vendor image, see ADR-7', 4)).toEqual({ rules: ['BL201'], reason: 'vendor image, see ADR-7', line: 4 });
    expect(parseDirective('// backup-lint-ignore BL201,VM-Agent-Not-Provisioned   why', 1)).toEqual({ rules: ['BL201', 'vm-agent-not-provisioned'], reason: 'why', line: 1 });
    expect(parseDirective('/* backup-lint-ignore BL202 managed elsewhere */', 2)).toEqual({ rules: ['BL202'], reason: 'managed elsewhere', line: 2 });
    expect(parseDirective('# backup-lint-ignore BL201', 3)).toEqual({ rules: ['BL201'], reason: '', line: 3 });
  });

  it('ignores text that is not such a comment', () => {
    expect(parseDirective('name = "backup-lint-ignore BL201 x"', 1)).toBeUndefined();
    expect(parseDirective('# backup-lint-ignored BL201 x', 1)).toBeUndefined();
  });

  it('collects the comment block directly above a line; blank lines and code end it, Bicep decorators may sit between', () => {
    const lines = ['# backup-lint-ignore BL202 far', '', '# other comment', '# backup-lint-ignore BL201 near', 'resource "x" "y" {'];
    expect(directivesAbove(lines, 5).map((d) => d.rules[0])).toEqual(['BL201']);
    const bicep = ["// backup-lint-ignore BL201 appliance", "@description('vm')", '@batchSize(2)', "resource vm 'Microsoft.Compute/virtualMachines@2024-07-01' = {"];
    expect(directivesAbove(bicep, 4, /^\s*@/).map((d) => d.line)).toEqual([1]);
    expect(directivesAbove(bicep, 4).map((d) => d.line)).toEqual([]);
  });
});
