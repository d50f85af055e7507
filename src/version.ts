export const TOOL_NAME = 'backup-lint';
// Kept in step with package.json: test/cli/commands.test.ts compares --version with it.
export const TOOL_VERSION = '0.1.0';
/**
 * The project's home (package.json `homepage`; a placeholder until the repository is published): rule docs links
 * (SARIF `helpUri`, the markdown report) and SARIF `informationUri` are built from it, here only.
 */
export const TOOL_HOMEPAGE = 'https://github.com/backup-lint/backup-lint';

/** Where a rule's generated documentation (docs/rules/<id>.md) is published. */
export function ruleDocUrl(ruleId: string): string {
  return `${TOOL_HOMEPAGE}/blob/main/docs/rules/${ruleId}.md`;
}
