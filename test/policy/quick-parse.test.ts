import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse as estreeParse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { compileProgram } from '../../src/policy/expression/compile';
import { ExpressionError } from '../../src/policy/expression/errors';
import { quickParse } from '../../src/policy/expression/quick-parse';
import { REPO_ROOT } from '../helpers/run-cli';

// Issue #12: user policies' expressions are parsed without the TypeScript compiler (~250 ms of every run with a user
// policy) when quickParse reads them; it must then give the tree typescript-estree gives, so that the compiled
// expression (nodes, spans) and every refusal are the same. Anything else it leaves to typescript-estree.

const wrap = (source: string) => `(${source}\n)`;

/** What compiling gives: the AST, or the error with its place. */
function outcome(program: TSESTree.Program, source: string): unknown {
  try {
    return compileProgram(program, source).ast;
  } catch (error) {
    if (error instanceof ExpressionError) return { error: error.message, start: error.start, end: error.end };
    throw error;
  }
}

function both(source: string): { quick: unknown; estree: unknown } | undefined {
  const quick = quickParse(wrap(source));
  if (!quick) return undefined;
  let estree: unknown;
  try {
    estree = outcome(estreeParse(wrap(source), { loc: true, range: true }), source);
  } catch (error) {
    estree = { syntaxError: (error as Error).message };
  }
  return { quick: outcome(quick, source), estree };
}

function builtinSources(): string[] {
  const sources: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record['source'] === 'string' && record['ast'] !== null && typeof record['ast'] === 'object') sources.push(record['source']);
      Object.values(record).forEach(walk);
    }
  };
  walk(JSON.parse(readFileSync(path.join(REPO_ROOT, 'dist', 'builtin-policies.json'), 'utf8')));
  return sources;
}

describe('quickParse, the policy expression parser without TypeScript', () => {
  it('reads every built-in policy expression, as typescript-estree does', () => {
    const sources = builtinSources();
    expect(sources.length).toBeGreaterThan(100);
    const unread = sources.filter((source) => !quickParse(wrap(source)));
    // Those it leaves (if any) must be rare: each one is a run that loads TypeScript for a policy written the same way.
    expect(unread.length).toBeLessThanOrEqual(sources.length / 20);
    for (const source of sources) {
      const compared = both(source);
      if (compared) expect({ source, ast: compared.quick }).toEqual({ source, ast: compared.estree });
    }
  });

  it('gives the same nodes and spans around parentheses, optional chains, arrows, templates and operators', () => {
    const cases = [
      '(a) + b',
      '!(a)',
      '(a).b',
      'a?.b.c(d).e',
      '(a?.b).c',
      'a?.[0]?.(1)',
      'xs.some((x) => (x.ok))',
      'xs.every(x => x.a === 1 && (x.b || !x.c))',
      'a ?? b ?? c',
      'a ? b : c ? d : e',
      '`n ${ vm.label } has ${ `${x}` } ${1 + 2}`',
      '-5 + +"3" - typeof x',
      '1e3 * 0.5 / 2 % 7',
      "{ a: 1, 'b-c': [1, 'x'], default: null }",
      ' vm.isScaleSet ? "Scale set" : "VM" ',
      'undefined === x',
      'lower(vm.name).startsWith("x")',
      'vm.raw',
      'f(x)',
    ];
    for (const source of cases) {
      const compared = both(source);
      expect({ source, read: compared !== undefined }).toEqual({ source, read: true });
      expect({ source, ast: compared!.quick }).toEqual({ source, ast: compared!.estree });
    }
  });

  it('leaves to typescript-estree what it does not read for certain', () => {
    const left = [
      'f<T>(x)',
      'a < b && c > d',
      'x!',
      'a /* note */ && b',
      '"a\\nb"',
      '`a\\n${b}`',
      '0x10',
      '1_000',
      '.5',
      '5.',
      'a ?? b || c',
      'a && b ?? c',
      '[a, , b]',
      '[a, b,]',
      'f(a,)',
      '{ a }',
      '{ [k]: 1 }',
      '{ 1: 1 }',
      '...xs',
      'new Date()',
      'this.x',
      'a in b',
      'x as string',
      'a ** 2',
      'a = 1',
      'a++',
      'tag`x`',
      '/re/.test(x)',
      '(x: string) => x',
      'async x => x',
      'x => { return x }',
      'a, b',
      'é',
      '#x',
      'a) || (b',
      '(a || b) ?? c',
      'c ? (x) : y',
      'xs.some(x\n=> x)',
      'xs.some((a)\n=> a)',
    ];
    for (const source of left) expect({ source, read: quickParse(wrap(source)) !== undefined }).toEqual({ source, read: false });
  });

  it('reads a hostile expression in time linear in its size (a policy comes from the repository)', () => {
    const started = performance.now();
    const long = `[${Array.from({ length: 50_000 }, (_, i) => `${i} + x.a?.b(\`t\${y}\`)`).join(', ')}]`;
    expect(quickParse(wrap(long))).toBeDefined();
    const nested = `${'('.repeat(5_000)}x${')'.repeat(5_000)}`;
    expect(quickParse(wrap(nested))).toBeUndefined(); // deeper than MAX_DEPTH: typescript-estree decides
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('gives typescript-estree’s result for generated expressions it reads (property test)', () => {
    const name = fc.constantFrom('vm', 'nic', 'x', 'options', 'model', 'undefined', 'lower', 'label', 'default', 'type', 'raw');
    const space = fc.constantFrom('', ' ', '  ', '\n', '\t ');
    const expression = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        name,
        fc.integer({ min: 0, max: 1000 }).map(String),
        fc.constantFrom('0.5', '1e3', 'true', 'false', 'null', '"text"', "'x-y'", '``', '`a${b}c`'),
        fc.tuple(tie('expr'), space, fc.constantFrom('.', '?.'), space, name).map(([e, s1, dot, s2, n]) => `${e}${s1}${dot}${s2}${n}`),
        fc.tuple(tie('expr'), fc.constantFrom('[', '?.['), tie('expr')).map(([e, open, k]) => `${e}${open}${k}]`),
        fc.tuple(tie('expr'), fc.constantFrom('(', '?.('), fc.array(tie('expr'), { maxLength: 3 })).map(([e, open, args]) => `${e}${open}${args.join(', ')})`),
        fc.tuple(fc.constantFrom('x', '(x)', '(a, b)', '()'), space, tie('expr')).map(([params, s, body]) => `xs.some(${params}${s}=>${s}${body})`),
        fc.tuple(tie('expr'), space, fc.constantFrom('===', '!==', '==', '!=', '<=', '>=', '+', '-', '*', '/', '%', '&&', '||', '??', '<', '>'), space, tie('expr')).map(([a, s1, op, s2, b]) => `${a}${s1}${op}${s2}${b}`),
        fc.tuple(fc.constantFrom('!', '-', '+', 'typeof '), tie('expr')).map(([op, e]) => `${op}${e}`),
        fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
        tie('expr').map((e) => `(${e})`),
        fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', "'c d'", 'default'), tie('expr')), { maxLength: 3 }).map((props) => `{ ${props.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
        fc.tuple(fc.string({ maxLength: 4 }).filter((t) => !/[`$\\]/.test(t)), tie('expr')).map(([t, e]) => `\`${t}\${${e}}\``),
      ),
    }));
    let read = 0;
    fc.assert(
      fc.property(expression.expr, (source) => {
        const compared = both(source);
        if (!compared) return;
        read++;
        expect(compared.quick).toEqual(compared.estree);
      }),
      { numRuns: 3000 },
    );
    expect(read).toBeGreaterThan(1000);
  });
});
