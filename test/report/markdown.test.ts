import { cell, formatMarkdown, MARKDOWN_LIMIT } from '../../src/report/markdown';
import { CATALOGUE, finding, resultOf } from './sample';

describe('markdown format (job summary)', () => {
  it('shows totals, then a table per file with links to the rule docs', () => {
    const tf = finding({ file: 'infra/main.tf', line: 14, column: 3, resource: { type: 'azurerm_linux_virtual_machine', name: 'azurerm_linux_virtual_machine.web' } });
    const text = formatMarkdown(resultOf([finding(), tf]), CATALOGUE);
    expect(text).toContain('| Errors | Warnings | Infos | Suppressed | Skipped checks | Files | Resources |\n|---:|---:|---:|---:|---:|---:|---:|\n| 2 | 0 | 0 | 0 | 0 | 2 | 2 |');
    expect(text).toContain('### `infra/vm.json`');
    expect(text).toContain('### `infra/main.tf`');
    expect(text).toContain(
      '| 14:3 | ❌ error | [BL201](https://github.com/backup-lint/backup-lint/blob/main/docs/rules/BL201.md "The VM is deployed without the Azure VM agent") | azurerm\\_linux\\_virtual\\_machine.web |',
    );
    expect(text).not.toContain('```mermaid');
  });

  it('escapes | and Markdown/HTML in cells and keeps each row on one line', () => {
    expect(cell('a|b <script>x</script> *bold* [link](u)\nnext')).toBe('a\\|b \\<script\\>x\\</script\\> \\*bold\\* \\[link\\](u) next');
    const text = formatMarkdown(resultOf([finding({ message: 'pipe | in\nmessage', resource: { type: 'T', name: 'x|y' } })]), CATALOGUE);
    const row = text.split('\n').find((l) => l.startsWith('| 21:13'))!;
    expect(row).toContain('| x\\|y | pipe \\| in message |');
  });

  it('stays under 1 MiB with a line saying how many findings were left out', () => {
    const findings = Array.from({ length: 8000 }, (_, i) =>
      finding({ file: `infra/${String(i % 400).padStart(3, '0')}.json`, line: i + 1, endLine: i + 1, message: `VM ${i} ${'is misconfigured '.repeat(8)}` }),
    );
    const text = formatMarkdown(resultOf(findings), CATALOGUE);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(Buffer.byteLength(text)).toBeGreaterThan(MARKDOWN_LIMIT - 4096);
    const listed = text.split('\n').filter((l) => l.startsWith('| ') && l.includes('[BL201]')).length;
    expect(text).toContain(`**Report truncated:** ${8000 - listed} more findings are not listed`);
    const small = formatMarkdown(resultOf(findings.slice(0, 50)), CATALOGUE, { maxBytes: 4000 });
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(4000);
    expect(small).toMatch(/\*\*Report truncated:\*\* \d+ more findings are not listed, to stay under the 4 KiB limit/);
  });
});
