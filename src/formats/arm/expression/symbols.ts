import { createHash } from '../../../io/hash';
import { joinText, type Text } from '../../../model/symbolic-text';
import { SymbolicValue } from '../../../model/symbolic-value';
import { escapeSymbolIdentity, SymbolicText } from '../../../model/unknown';

function parameterIdentity(file: string, pointer: string): string {
  return escapeSymbolIdentity(`${file}#${pointer}`);
}

/**
 * The value of a string parameter that has no value: a symbol unique to its declaration (file + JSON pointer),
 * so that a same-named parameter of another file or of an inner-scope nested template is another symbol.
 */
export function parameterSymbol(name: string, file: string, pointer: string, reason: string): SymbolicText {
  return new SymbolicText([{ display: `{${name}}`, identity: parameterIdentity(file, pointer) }], reason);
}

/** The value of an object or array parameter that has no value: its members are symbols (`{vm.name}`). */
export function parameterValueSymbol(name: string, file: string, pointer: string, reason: string): SymbolicValue {
  return new SymbolicValue(name, parameterIdentity(file, pointer), [], reason);
}

/**
 * `uniqueString()` / `guid()` of symbolic input: an opaque symbol whose identity is a hash of the exact input
 * identity. ARM hashes the dash-joined arguments, so the identity does too (`f('a-b')` equals `f('a', 'b')`).
 */
export function hashSymbol(functionName: string, args: readonly Text[]): Text {
  const input = joinText(args, '-');
  if (typeof input === 'string') return input;
  const digest = createHash('sha256').update(input.identity).digest('hex').slice(0, 32);
  return new SymbolicText([{ display: `{${functionName}(…)}`, identity: `${functionName}#${digest}` }], input.reason, input.at);
}
