import { brief, type JsonReport, runCli, runJson } from '../helpers/run-cli';

describe('a folder mixing templates, a broken template and unrelated JSON', () => {
  let code!: number | null, report!: JsonReport, stderr!: string;
  beforeAll(async () => {
    ({ code, report, stderr } = await runJson(['mixed']));
  });

  it('reports BL201 and BL202 at the property lines of a template with a BOM, comments and trailing commas', () => {
    expect(report.findings.filter((f) => f.ruleId !== 'BL001').map(brief)).toEqual([
      'BL201 mixed/vm-with-comments.json:17 legacy-01',
      'BL202 mixed/vm-with-comments.json:31 legacy-02',
    ]);
  });

  it('reports BL001 at the line and column where the truncated template ends', () => {
    const parseErrors = report.findings.filter((f) => f.ruleId === 'BL001');
    expect(parseErrors.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['mixed/truncated.json:12:1']);
    expect(parseErrors[0]!.message).toMatch(/unexpected end of file/);
  });

  it('skips unrelated JSON (package.json, tsconfig.json, a broken editor settings file) silently', () => {
    expect(report.files.map((f) => `${f.path} ${f.format} ${f.status}`)).toEqual([
      'mixed/truncated.json arm error',
      'mixed/vm-with-comments.json arm ok',
    ]);
    expect(stderr).toBe('');
  });

  it('fails the run with exit code 1', () => {
    expect(code).toBe(1);
    expect(report.summary).toMatchObject({ files: 2, errors: 3, warnings: 0 });
  });
});

describe('exit codes', () => {
  it('exits 0 on a clean folder', async () => {
    expect((await runCli(['clean'])).code).toBe(0);
  });

  it('exits 2 with one line on stderr for an unknown flag', async () => {
    const run = await runCli(['--no-such-flag', 'clean']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^backup-lint: Unknown option '--no-such-flag'/);
    expect(run.stdout).toBe('');
  });

  it('exits 2 for a path that does not exist', async () => {
    const run = await runCli(['does-not-exist']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('backup-lint: no such file or directory: does-not-exist\n');
  });
});
