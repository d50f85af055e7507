import v8 from 'node:v8';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { FIXTURES } from '../helpers/run-cli';

// The lint command sets V8's flags for a lint (tuneEngineForLint in src/cli/main.ts); the other commands and the library do not.

const silentIo = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: FIXTURES };

describe('engine flags of the lint command', () => {
  afterEach(() => jest.restoreAllMocks());

  it('--version sets no V8 flag', async () => {
    const setFlags = jest.spyOn(v8, 'setFlagsFromString');
    await main(['--version'], silentIo);
    expect(setFlags).not.toHaveBeenCalled();
  });

  it('a lint turns TurboFan inlining off and raises the interrupt budget before the pipeline runs', async () => {
    const setFlags = jest.spyOn(v8, 'setFlagsFromString');
    const code = await main([path.join('BL201', 'valid')], silentIo);
    expect(code).toBe(0);
    const flags = setFlags.mock.calls.map(([flag]) => flag);
    expect(flags.slice(0, 2)).toEqual(['--no-turbo-inlining', '--interrupt-budget=500000']);
    // Then only the baseline compiler turned on and off around WebAssembly compiles (its small Terraform modules).
    expect(flags.slice(2).filter((flag) => flag !== '--liftoff-only' && flag !== '--no-liftoff-only')).toEqual([]);
  });
});
