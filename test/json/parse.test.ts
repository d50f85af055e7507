import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as fc from 'fast-check';
import { lineColumnAt, lineStarts } from '../../src/formats/json/lines';
import { collectSpans, parseJson, stripBom } from '../../src/formats/json/parse';
import { JsonPositionIndex } from '../../src/formats/json/positions';
import { pointerOf, pointerSegments, type Location } from '../../src/model/location';
import { FIXTURES } from '../helpers/run-cli';

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

describe('JsonPositionIndex agrees with a full parse of the spans', () => {
  /** The index as it was before it became lazy: every span collected by the tolerant parser, looked up by pointer. */
  function fullIndex(text: string): (pointer: string) => Location {
    const body = stripBom(text);
    const spans = collectSpans(body);
    const starts = lineStarts(body);
    return (pointer) => {
      const segments = pointerSegments(pointer);
      for (let length = segments.length; length >= 0; length--) {
        const span = spans.get(pointerOf(segments.slice(0, length)));
        if (span) {
          const start = lineColumnAt(starts, span.keyStart ?? span.start);
          const end = lineColumnAt(starts, span.end);
          return { file: 'f.json', line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
        }
      }
      return { file: 'f.json', line: 1, column: 1, endLine: 1, endColumn: 1 };
    };
  }

  /** Every pointer of a value, and one that does not exist below each. */
  function pointersOf(value: unknown, prefix: string[] = []): string[] {
    const here = [pointerOf(prefix), pointerOf([...prefix, 'made-by-evaluation'])];
    if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => pointersOf(item, [...prefix, String(index)]))];
    if (typeof value === 'object' && value !== null) return [...here, ...Object.entries(value).flatMap(([key, item]) => pointersOf(item, [...prefix, key]))];
    return here;
  }

  /** JSON text in the dialect ARM accepts: indented or not, with comments and trailing commas sprinkled in. */
  function dialectOf(value: unknown, indent: number, extras: boolean): string {
    const json = JSON.stringify(value, null, indent);
    if (!extras) return json;
    return json.replace(/([,{[])\n/g, (match, token: string, offset: number) => (offset % 3 === 0 ? `${token} // note ${offset}\n` : offset % 3 === 1 ? `${token} /* c */\n` : match)).replace(/(\d|"|true|false|null)(\n\s*[}\]])/g, '$1,$2');
  }

  it('locates every pointer of generated documents as the full parse does (names with escapes, comments, trailing commas)', () => {
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a/b', 'x~y', 'q"uote', 'back\\slash', 'é', '__proto__', 'copy'));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 8 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('tree'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(tree, fc.constantFrom(0, 2), fc.boolean(), (value, indent, extras) => {
        const text = dialectOf(value, indent, extras);
        const lazy = new JsonPositionIndex('f.json', text);
        const full = fullIndex(text);
        for (const pointer of pointersOf(value)) expect(lazy.locate(pointer)).toEqual(full(pointer));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on the real templates of the fixtures', () => {
    const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = readFileSync(path.join(FIXTURES, file), 'utf8');
      const parsed = parseJson(text);
      if (!parsed.ok) continue;
      const lazy = new JsonPositionIndex('f.json', text);
      const full = fullIndex(text);
      for (const pointer of pointersOf(parsed.value)) expect([file, lazy.locate(pointer)]).toEqual([file, full(pointer)]);
    }
  });
});

describe('JsonPositionIndex on hostile nesting', () => {
  it('parses the file whole once lazy scans would cost more than a few passes, with the same answer', () => {
    // 900 levels around a megabyte of blanks: scanning each level on the way down would pass over them 900 times.
    const depth = 900;
    const bottom = `"x"${' '.repeat(1_000_000)}`;
    const text = `${'{"a": '.repeat(depth)}${bottom}${'}'.repeat(depth)}`;
    const pointer = pointerOf(Array.from({ length: depth }, () => 'a'));
    const started = performance.now();
    const location = new JsonPositionIndex('deep.json', text).locate(pointer);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(location).toEqual({ file: 'deep.json', line: 1, column: 1 + 6 * (depth - 1) + 1, endLine: 1, endColumn: 1 + 6 * depth + 3 });
  });
});
