import { cell, formatMarkdown, MARKDOWN_LIMIT } from '../../src/report/markdown';
import { CATALOGUE, finding, resultOf } from './sample';
import { FIXTURES, runCli } from '../helpers/run-cli';

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

describe('markdown line links', () => {
  it('links each line to the source at the commit when given a base URL, with the path encoded', () => {
    const text = formatMarkdown(resultOf([finding({ file: 'infra/my vm (prod).json' })]), CATALOGUE, { sourceBaseUrl: 'https://github.com/acme/infra/blob/0123456789abcdef0123456789abcdef01234567/' });
    expect(text).toContain('| [21:13](https://github.com/acme/infra/blob/0123456789abcdef0123456789abcdef01234567/infra/my%20vm%20%28prod%29.json#L21) |');
  });

  it('the command adds the links in a GitHub Actions job run from the workspace root, not elsewhere', async () => {
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_WORKSPACE: FIXTURES,
    };
    const linked = await runCli(['-f', 'markdown', 'BL202/invalid/arm-extensions-disabled.json'], { env });
    expect(linked.stdout).toContain('| [15:11](https://github.com/acme/infra/blob/0123456789abcdef0123456789abcdef01234567/BL202/invalid/arm-extensions-disabled.json#L15) |');
    const elsewhere = await runCli(['-f', 'markdown', 'BL202/invalid/arm-extensions-disabled.json'], { env: { ...env, GITHUB_WORKSPACE: '/somewhere/else' } });
    expect(elsewhere.stdout).toContain('| 15:11 |');
  });
});
