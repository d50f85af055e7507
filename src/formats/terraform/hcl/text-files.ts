import type { TextFile } from '../../../model/resource';
import type { Body, Expr } from './ast';
import { evaluate, type Scope } from './evaluate';

/**
 * Attributes whose value is the text of a file: `file(p)`, `templatefile(p, …)` or `filebase64(p)`, maybe inside
 * `base64encode()`/`base64gzip()`. Recorded per attribute path (as `RawResource.textFiles`), so that a finding about a
 * line of that text can point at the line in the file. Top-level attributes and those of nested blocks.
 */
export function textFilesOf(body: Body, scope: Scope, readFile: (path: string) => string | undefined, resolvePath: (path: string) => string): Record<string, TextFile> {
  const found: Record<string, TextFile> = {};
  const visit = (current: Body, path: (string | number)[]) => {
    for (const attribute of current.attributes) {
      const call = fileCall(attribute.expr);
      if (!call) continue;
      const target = evaluate(call.path, scope);
      if (typeof target !== 'string') continue;
      const text = readFile(target);
      if (text !== undefined) found[[...path, attribute.name].join('.')] = { file: resolvePath(target), template: call.template, text };
    }
    const counts = new Map<string, number>();
    for (const block of current.blocks) {
      if (block.type === 'dynamic' || path.length > 2) continue;
      const index = counts.get(block.type) ?? 0;
      counts.set(block.type, index + 1);
      visit(block.body, [...path, block.type, index]);
    }
  };
  visit(body, []);
  return found;
}

function fileCall(expr: Expr): { path: Expr; template: boolean } | undefined {
  if (expr.kind !== 'call') return undefined;
  if ((expr.name === 'base64encode' || expr.name === 'base64gzip') && expr.args.length === 1) return fileCall(expr.args[0]!);
  if ((expr.name === 'file' || expr.name === 'filebase64') && expr.args.length === 1) return { path: expr.args[0]!, template: false };
  if (expr.name === 'templatefile' && expr.args.length === 2) return { path: expr.args[0]!, template: true };
  return undefined;
}
