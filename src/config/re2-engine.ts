import type { RegExpEngine } from 'ajv/dist/types';

/**
 * `pattern`, `patternProperties` and `propertyNames` run on RE2 (re2js), in time linear in the input: a user
 * policy's option schema and the configuration value it checks both come from the repository, so a JavaScript
 * backtracking pattern could hang the run. RE2 has no lookaround or backreferences; such a pattern is an error
 * when the schema is compiled. Its `code` is how the validators the build writes beside this module
 * (scripts/compile-schemas.js) reach it.
 */
export const re2RegExp: RegExpEngine = Object.assign(
  (pattern: string): { test(text: string): boolean; toString(): string } => {
    const { RE2JS } = require('re2js') as typeof import('re2js');
    let compiled;
    try {
      compiled = RE2JS.compile(pattern);
    } catch (error) {
      throw new Error(`pattern ${JSON.stringify(pattern)} is not a regular expression in RE2 syntax (${error instanceof Error ? error.message : String(error)})`);
    }
    // ajv shares compiled patterns by their toString(): it must name the pattern.
    return { test: (text: string) => compiled.matcher(text).find(), toString: () => `/${pattern}/` };
  },
  { code: 'require("./re2-engine.js").re2RegExp' },
);
