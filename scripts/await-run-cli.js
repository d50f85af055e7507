#!/usr/bin/env node
'use strict';
// Migration aid for tests written against the old synchronous test/helpers/run-cli.ts: runCli/runJson now run the
// command in process and return promises. Adds `await` before each call (parenthesised where a member is read
// off the result), marks the enclosing functions async, and does the same for local helpers that become async,
// to a fixpoint. Calls at `describe` level are listed for a hand edit (move them into a beforeAll).
// By hand: a helper that takes a callback (test/cli/robustness.test.ts withProject) must `await` it and return a
// promise, or the test ends before its assertions run — the type checker does not flag a callback made async.
// Usage: node scripts/await-run-cli.js test/cli/some.test.ts …   (then npm run typecheck flags anything left)
const fs = require('node:fs');
const ts = require('typescript');

for (const file of process.argv.slice(2)) {
  const names = new Set(['runCli', 'runJson']);
  let text = fs.readFileSync(file, 'utf8');
  for (let round = 0; round < 10; round++) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const edits = [];
    const madeAsync = new Set();
    const visit = (node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && names.has(node.expression.text)) {
        let fn = node.parent;
        while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
        const inDescribe = fn && ts.isCallExpression(fn.parent) && ts.isIdentifier(fn.parent.expression) && fn.parent.expression.text === 'describe';
        if (inDescribe) {
          console.log(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: call at describe level, move it into a beforeAll`);
        } else {
          if (!ts.isAwaitExpression(node.parent)) {
            const wrap = (ts.isPropertyAccessExpression(node.parent) || ts.isElementAccessExpression(node.parent)) && node.parent.expression === node;
            edits.push([node.getStart(source), wrap ? '(await ' : 'await ']);
            if (wrap) edits.push([node.getEnd(), ')']);
          }
          if (fn && !(ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) && !madeAsync.has(fn)) {
            madeAsync.add(fn);
            edits.push([fn.getStart(source), 'async ']);
            if (ts.isFunctionDeclaration(fn) && fn.name) names.add(fn.name.text);
            if (ts.isArrowFunction(fn) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) names.add(fn.parent.name.text);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    if (edits.length === 0) break;
    edits.sort((a, b) => b[0] - a[0]);
    for (const [position, insert] of edits) text = text.slice(0, position) + insert + text.slice(position);
  }
  fs.writeFileSync(file, text);
}
