import type { Severity } from '../../src/findings/finding';
import { format } from '../../src/report';
import { makeColors } from '../../src/report/color';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github';
import { CATALOGUE, finding, resultOf } from './sample';

describe('github format (workflow commands)', () => {
  it('writes an ::error with file, line, col, endLine, endColumn and title, then the closing notice', () => {
    const out = formatGithub(resultOf([finding()]), CATALOGUE).split('\n');
    expect(out[0]).toMatch(/^::error file=infra\/vm.json,line=21,col=13,endLine=21,endColumn=38,title=BL201 vm-agent-not-provisioned::VM 'web-01' is deployed/);
    expect(out[1]).toBe('::notice title=backup-lint::1 errors, 0 warnings, 0 infos in 1 files. Full report: the job summary or the SARIF upload, or run backup-lint locally');
    expect(out[2]).toBe('');
  });

  it('escapes % CR LF in data, and also : and , in properties, so a message cannot start a new command', () => {
    expect(escapeData('100% done\r\n::set-output name=x::y')).toBe('100%25 done%0D%0A::set-output name=x::y');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
    const hostile = finding({ file: 'dir,x/a:b.json', message: 'bad\n::error::injected', resource: { type: 'T', name: 'n' } });
    const [line] = formatGithub(resultOf([hostile]), CATALOGUE).split('\n');
    expect(line).toMatch(/^::error file=dir%2Cx\/a%3Ab.json,line=21,/);
    expect(line).toContain('::bad%0A::error::injected');
    expect(line!.split('\n')).toHaveLength(1);
  });

  it('through format(), ANSI escapes and other control characters are made visible instead of reaching the log', () => {
    const [line] = format('github', resultOf([finding({ message: 'red \u001b[31mtext\u0007' })]), CATALOGUE, { colors: makeColors(false), explain: false }).split('\n');
    expect(line).toContain('red \\x1b[31mtext\\x07');
    expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it('puts errors first and annotates at most 10 per level (9 notices), then one notice with the totals and where the rest is', () => {
    const many = (severity: Severity, count: number) =>
      Array.from({ length: count }, (_, i) => finding({ severity, line: i + 1, endLine: i + 1, message: `${severity} ${i}` }));
    const result = resultOf([...many('info', 12), ...many('warning', 12), ...many('error', 15)]);
    const lines = formatGithub(result, CATALOGUE, { fullReport: 'backup-lint.sarif' }).trimEnd().split('\n');
    const kinds = lines.map((l) => /^::(\w+)/.exec(l)![1]);
    expect(kinds).toEqual([...Array(10).fill('error'), ...Array(10).fill('warning'), ...Array(10).fill('notice')]);
    expect(lines[0]).toContain('::error 0');
    expect(lines[29]).toBe(
      '::notice title=backup-lint::15 errors, 12 warnings, 12 infos in 1 files; 10 not annotated here (GitHub shows 10 per level). Full report: backup-lint.sarif',
    );
  });

  it('prints nothing for a clean run', () => {
    expect(formatGithub(resultOf([]), CATALOGUE)).toBe('');
  });
});
