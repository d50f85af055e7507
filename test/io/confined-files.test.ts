import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { ConfinedFiles, findRunRoot } from '../../src/io/confined-files';
import { sanitizeText } from '../../src/findings/sanitize';
import { tempProject } from '../helpers/temp-project';

describe('ConfinedFiles', () => {
  it('reads regular files inside the root, refuses what is outside as written or through a link, and tells missing apart', () => {
    const project = tempProject({ 'a/x.json': '{}', 'b/y.tf': 'x' });
    try {
      const files = new ConfinedFiles(path.join(project.dir, 'a'), project.dir);
      symlinkSync('../b/y.tf', path.join(project.dir, 'a', 'link.tf'));
      symlinkSync('../b/none.tf', path.join(project.dir, 'a', 'dangling.tf'));
      expect(files.read('a/x.json')).toEqual({ text: '{}' });
      expect(files.read('b/y.tf')).toEqual({ refused: 'outside the repository' });
      expect(files.read('a/link.tf')).toEqual({ refused: 'outside the repository' });
      expect(files.read('a/dangling.tf')).toEqual({ refused: 'outside the repository' });
      expect(files.read('a/missing.json')).toEqual({ missing: true });
      // Outside as written: refused whether it exists or not, so existence outside is never told.
      expect(files.read('b/nothing-here')).toEqual({ refused: 'outside the repository' });
      expect(files.refusal('a/link.tf')).toBe('outside the repository');
    } finally {
      project.cleanup();
    }
  });

  it('reads a repository named through a link (paths written under the link), and still refuses what leads outside', () => {
    const project = tempProject({ 'repo/a/x.json': '{}', 'repo/a/deep/z.json': '[]', 'elsewhere/secret.json': '{"s":1}' });
    try {
      const link = path.join(project.dir, 'link-to-repo');
      symlinkSync('repo', link);
      symlinkSync('../../elsewhere/secret.json', path.join(project.dir, 'repo', 'a', 'out.json'));
      const files = new ConfinedFiles(link, project.dir);
      expect(files.root).toBe(path.join(project.dir, 'repo'));
      expect(files.read('link-to-repo/a/x.json')).toEqual({ text: '{}' });
      expect(files.read('link-to-repo/a/deep/z.json')).toEqual({ text: '[]' });
      expect(files.read('repo/a/x.json')).toEqual({ text: '{}' });
      expect(files.listFiles('link-to-repo/a')).toEqual(expect.arrayContaining(['x.json', 'out.json']));
      // Under the link as under the real folder: a link leading out is refused, a missing file in a folder of the
      // repository is missing; outside it is refused whether it exists or not.
      expect(files.read('link-to-repo/a/out.json')).toEqual({ refused: 'outside the repository' });
      expect(files.read('repo/a/missing.json')).toEqual({ missing: true });
      expect(files.read('link-to-repo/a/missing.json')).toEqual({ missing: true });
      expect(files.read('link-to-repo/nowhere/missing.json')).toEqual({ refused: 'outside the repository' });
      expect(files.read('elsewhere/missing.json')).toEqual({ refused: 'outside the repository' });
      expect(files.read('elsewhere/secret.json')).toEqual({ refused: 'outside the repository' });
      expect(files.read('link-to-repo/../elsewhere/secret.json')).toEqual({ refused: 'outside the repository' });
    } finally {
      project.cleanup();
    }
  });

  it('checks the size cap before reading, and reads files whose size the kernel does not report only up to it', () => {
    const project = tempProject({ 'big.json': 'x'.repeat(2048) });
    try {
      const files = new ConfinedFiles(project.dir, project.dir, 1024);
      expect(files.read('big.json')).toEqual({ refused: 'larger than the size limit of 1 KiB (--max-file-size)' });
      expect(files.read('big.json', 4096)).toEqual({ text: 'x'.repeat(2048) });
      expect(files.terraformMaxBytes).toBe(64);
      // /proc files report size 0 but have content: read to the cap, never further.
      const everywhere = new ConfinedFiles('/', project.dir, 16);
      expect(everywhere.read('/proc/self/status')).toEqual({ refused: 'larger than the size limit of 16 bytes (--max-file-size)' });
      expect(new ConfinedFiles('/', project.dir).readText('/proc/self/status')).toMatch(/^Name:/);
      expect(everywhere.read('/dev/null')).toEqual({ refused: 'not a regular file' });
    } finally {
      project.cleanup();
    }
  });

  it('reads the head of a file with the same refusals as a whole read, and tells whether the head is the whole file', () => {
    const project = tempProject({ 'small.json': '{"a":1}', 'big.json': 'x'.repeat(2048), 'dir/x.json': '{}' });
    try {
      const files = new ConfinedFiles(project.dir, project.dir, 1024);
      expect(files.readHead('small.json', 100)).toEqual({ text: '{"a":1}', whole: true });
      expect(files.readHead('small.json', 7)).toEqual({ text: '{"a":1}', whole: true });
      expect(files.readHead('big.json', 100, 4096)).toEqual({ text: 'x'.repeat(100), whole: false });
      // Over the cap: refused as the whole file would be, though the head alone is small.
      expect(files.readHead('big.json', 100)).toEqual({ refused: 'larger than the size limit of 1 KiB (--max-file-size)' });
      expect(files.refusal('big.json')).toBe('larger than the size limit of 1 KiB (--max-file-size)');
      expect(files.readHead('dir', 100)).toEqual({ refused: 'it is a folder' });
      expect(files.readHead('none.json', 100)).toEqual({ missing: true });
      expect(new ConfinedFiles('/', project.dir).readHead('/dev/null', 100)).toEqual({ refused: 'not a regular file' });
    } finally {
      project.cleanup();
    }
  });

  it('lists a folder inside the root (links included, checked when read) and refuses one outside', () => {
    const project = tempProject({ 'in/a.tf': '', 'out/b.tf': '' });
    try {
      const files = new ConfinedFiles(path.join(project.dir, 'in'), project.dir);
      mkdirSync(path.join(project.dir, 'in', 'sub'));
      symlinkSync('../out/b.tf', path.join(project.dir, 'in', 'b.tf'));
      expect(files.listFiles('in')?.sort()).toEqual(['a.tf', 'b.tf']);
      expect(files.listFiles('out')).toBeUndefined();
      expect(files.refusal('out')).toBe('outside the repository');
    } finally {
      project.cleanup();
    }
  });
});

describe('findRunRoot', () => {
  it('is the git work tree holding the paths, --root when given, and refuses paths in two work trees', () => {
    const project = tempProject({ 'repo/.git/HEAD': '', 'repo/infra/vm.json': '{}', 'other/.git/HEAD': '', 'other/x.json': '{}' });
    try {
      expect(findRunRoot(path.join(project.dir, 'repo', 'infra'), ['.'], undefined)).toEqual({ root: expect.stringMatching(/\/repo$/) });
      expect(findRunRoot(project.dir, ['repo/infra/vm.json'], undefined)).toEqual({ root: expect.stringMatching(/\/repo$/) });
      expect(findRunRoot(project.dir, ['repo', 'other'], undefined)).toEqual({ error: expect.stringContaining('different repositories') });
      expect(findRunRoot(project.dir, ['.'], 'repo/infra')).toEqual({ root: expect.stringMatching(/\/repo\/infra$/) });
      expect(findRunRoot(project.dir, ['.'], 'nowhere')).toEqual({ error: "--root: no such folder 'nowhere'" });
    } finally {
      project.cleanup();
    }
  });
});

describe('sanitizeText', () => {
  it('escapes control, separator, zero-width and bidi characters visibly and cuts long texts', () => {
    expect(sanitizeText('a\u001b[2Jb\r\n\t\u0000\u007f\u0085\u2028\u202e\u2066\u200b\ufeffz')).toBe('a\\x1b[2Jb\\r\\n\\t\\x00\\x7f\\x85\\u2028\\u202e\\u2066\\u200b\\ufeffz');
    expect(sanitizeText('naïve — ok ✔')).toBe('naïve — ok ✔');
    expect(sanitizeText('x'.repeat(12), 10)).toBe('xxxxxxxxxx… (2 more characters)');
  });
});
