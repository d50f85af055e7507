import { lint } from '../../src/lint';
import { loadBuiltinPolicies } from '../../src/policy';
import { FIXTURES } from '../helpers/run-cli';

// Issue #12: evaluation notes are printed by --explain only (no report format holds them), and each note's line costs
// a read of its file: ~1,000 notes on the corpus, 2–3 % of a run. They are located only when asked for.

function lintLinked(options: { explain?: boolean; notes?: boolean }) {
  return lint({ cwd: FIXTURES, paths: ['BL201/invalid/arm-linked'], ignore: [], parameterPairs: new Map(), context: {}, policies: loadBuiltinPolicies(), rules: {}, quiet: false, ...options });
}

describe('evaluation notes of a lint', () => {
  it('are located with --explain, or when asked for (the corpus snapshot counts them)', async () => {
    const expected = [{ file: 'BL201/invalid/arm-linked/main.json', line: 21, column: 5, message: 'linked template at https://example.com/templates/monitoring.json is not available offline; its resources are not linted' }];
    expect((await lintLinked({ explain: true })).notes).toEqual(expected);
    expect((await lintLinked({ notes: true })).notes).toEqual(expected);
  });

  it('are left out otherwise, with the same findings', async () => {
    const plain = await lintLinked({});
    const explained = await lintLinked({ explain: true });
    expect(plain.notes).toEqual([]);
    expect(plain.findings.length).toBeGreaterThan(0);
    expect(plain.findings).toEqual(explained.findings);
  });
});
