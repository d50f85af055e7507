import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/run-cli';

const ACTION_DIR = path.join(REPO_ROOT, 'action');

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
    .sort();
}

// The runner runs the committed action/ folder as it is: a source change without `npm run build:action` would ship
// the old code. Needs `npm run build` (for the compiled policies), which `npm test` does first.
describe('the committed Action bundle', () => {
  it('is what `npm run build:action` builds from the current sources (rebuilt into a temporary folder, compared byte for byte)', () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'backup-lint-action-'));
    try {
      const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-action.js'), fresh], { encoding: 'utf8' });
      expect(build.stderr).toBe('');
      expect(build.status).toBe(0);
      expect(listFiles(ACTION_DIR)).toEqual(listFiles(fresh));
      const stale = listFiles(fresh).filter((file) => !readFileSync(path.join(fresh, file)).equals(readFileSync(path.join(ACTION_DIR, file))));
      if (stale.length > 0) throw new Error(`action/ is stale (${stale.join(', ')}): run npm run build:action and commit action/`);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 60_000);
});
