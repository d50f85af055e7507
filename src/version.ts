export const TOOL_NAME = 'backup-lint';
// Kept in step with package.json: test/cli/commands.test.ts compares --version with it.
export const TOOL_VERSION = '0.1.0';
