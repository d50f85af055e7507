import { parseJson } from '../../src/formats/json/parse';
import { JsonPositionIndex } from '../../src/formats/json/positions';

describe('parseJson: the JSON dialect ARM accepts', () => {
  it('uses JSON.parse for strict JSON and says no fallback was needed', () => {
    expect(parseJson('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] }, tolerant: false });
  });

  it('strips a byte-order mark', () => {
    expect(parseJson('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 }, tolerant: false });
  });

  it('accepts line and block comments, trailing commas and raw newlines inside strings', () => {
    const text = '{\n  // note\n  "name": "[concat(\n    \'a\', \'b\')]", /* block\n comment */\n  "list": [1, 2,],\n}';
    expect(parseJson(text)).toEqual({ ok: true, value: { name: "[concat(\n    'a', 'b')]", list: [1, 2] }, tolerant: true });
  });

  it('keeps a "__proto__" key as data, never as the prototype', () => {
    const result = parseJson('{"__proto__": {"polluted": true}, // comment\n "x": 1}');
    expect(result.ok).toBe(true);
    const value = (result as { value: Record<string, unknown> }).value;
    expect(Object.keys(value)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it.each([
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, "expected ',' or '}' after a property value but found '\"'"],
    ['{\n  "a": [1, 2\n', 3, 1, "unexpected end of file: expected ',' or ']' in an array"],
    ['{ "a": "open', 1, 8, 'unterminated string: the closing double quote is missing'],
    ['{ "a": tru }', 1, 8, "expected a value but found 't'"],
    ['/* never closed', 1, 1, 'unterminated block comment: the closing */ is missing'],
    ['', 1, 1, 'the file is empty; expected a JSON value'],
    ['{} {}', 1, 4, "unexpected '{' after the end of the JSON value"],
  ])('reports %j at line %i column %i', (text, line, column, message) => {
    expect(parseJson(text)).toEqual({ ok: false, message, line, column, offset: expect.any(Number) });
  });
});

describe('JsonPositionIndex: JSON pointers to lines, built lazily for files with findings', () => {
  const text = '\uFEFF{\n  "resources": [\n    {\n      "name": "vm",\n      "properties": { "osProfile": { "a/b": true } }\n    }\n  ]\n}\n';
  const index = new JsonPositionIndex('vm.json', text);

  it('locates a property from its name to the end of its value', () => {
    expect(index.locate('/resources/0/name')).toEqual({ file: 'vm.json', line: 4, column: 7, endLine: 4, endColumn: 19 });
  });

  it('escapes pointer segments (~1 for /)', () => {
    expect(index.locate('/resources/0/properties/osProfile/a~1b')).toMatchObject({ line: 5, column: 38 });
  });

  it('falls back to the deepest existing ancestor for a path that evaluation made', () => {
    expect(index.locate('/resources/0/properties/osProfile/linuxConfiguration/provisionVMAgent')).toMatchObject({ line: 5, column: 23 });
  });

  it('locates array elements by index', () => {
    expect(index.locate('/resources/0')).toMatchObject({ line: 3, column: 5, endLine: 6, endColumn: 6 });
  });
});

describe('parseJson: nesting', () => {
  it('accepts 1,000 levels through the tolerant parser and reports deeper nesting as an error, never a stack overflow', () => {
    const nest = (n: number) => '// generated\n' + '['.repeat(n) + ']'.repeat(n);
    expect(parseJson(nest(1000))).toMatchObject({ ok: true, tolerant: true });
    expect(parseJson(nest(20000))).toMatchObject({ ok: false, message: 'nesting deeper than 1000 levels', line: 2, column: 1001 });
  });
});
