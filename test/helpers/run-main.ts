import { main } from '../../src/cli/main';
import { FIXTURES } from './run-cli';

export interface MainRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command in process against the source (no build needed), with a fixed environment and no colour. */
export async function runMain(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<MainRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text) },
    env: { ...options.env },
    cwd: options.cwd ?? FIXTURES,
  });
  return { code, stdout, stderr };
}
