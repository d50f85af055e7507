import { SymbolicText, Unknown, unknown } from '../../src/model/unknown';
import { compileExpression, evaluate, ExpressionError, ModelHandle } from '../../src/policy/expression';
import type { Model } from '../../src/model/domain';

function run(source: string, scope: Record<string, unknown> = {}): unknown {
  const result = evaluate(compileExpression(source), scope);
  if (!result.ok) throw new Error(`evaluation error: ${result.error.message}`);
  return result.value;
}

function evaluationError(source: string, scope: Record<string, unknown> = {}): ExpressionError {
  const result = evaluate(compileExpression(source), scope);
  if (result.ok) throw new Error(`expected an evaluation error, got ${String(result.value)}`);
  return result.error;
}

function refusal(source: string, globals?: string[]): ExpressionError {
  try {
    compileExpression(source, globals ? { globals } : {});
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected \`${source}\` to be refused`);
}

const U = unknown('parameter without value');

describe('allowed constructs', () => {
  test.each<[string, unknown]>([
    ['"text"', 'text'],
    ["'single'", 'single'],
    ['42', 42],
    ['true', true],
    ['null', null],
    ['undefined', undefined],
    ['1 + 2 * 3 - 4 / 2 % 3', 5],
    ['"a" + 1', 'a1'],
    ['-(2) + +3', 1],
    ['!true', false],
    ['typeof "x"', 'string'],
    ['typeof null', 'object'],
    ['typeof undefined', 'undefined'],
    ['1 === 1 && 1 !== 2', true],
    ['null == undefined', true],
    ['0 == null', false],
    ['1 != 2', true],
    ['1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3', true],
    ['"a" < "b"', true],
    ['null ?? "fallback"', 'fallback'],
    ['0 ?? 1', 0],
    ['0 || "or"', 'or'],
    ['1 && "and"', 'and'],
    ['true ? "yes" : "no"', 'yes'],
    ['`n=${1 + 1}!`', 'n=2!'],
    ['[1, "two", null]', [1, 'two', null]],
    ['({ a: 1, "b": [2] })', { a: 1, b: [2] }],
    ['{ a: 1 }', { a: 1 }],
  ])('%s evaluates to %p', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  const vm = {
    name: 'app-vm',
    nics: [{ name: 'a', primary: true }, { name: 'b', primary: false }],
    tags: { 'cost-center': 'x' },
  };

  test.each<[string, unknown]>([
    ['vm.name', 'app-vm'],
    ['vm["name"]', 'app-vm'],
    ['vm.tags["cost-center"]', 'x'],
    ['vm.nics[1].name', 'b'],
    ['vm.nics.length', 2],
    ['vm.name.length', 6],
    ['vm.name[0]', 'a'],
    ['vm.missing', undefined],
    ['vm.missing === undefined', true],
    ['vm.missing?.deeper.still', undefined],
    ['vm.missing?.some(x => x)', undefined],
    ['vm.nics.some(n => n.primary)', true],
    ['vm.nics.every(n => n.primary)', false],
    ['vm.nics.filter(n => !n.primary).map(n => n.name)', ['b']],
    ['vm.nics.find(n => n.name === "b").primary', false],
    ['vm.nics.map(n => n.name).includes("a")', true],
    ['vm.nics.flatMap(n => [n.name, n.name])', ['a', 'a', 'b', 'b']],
    ['vm.nics.map((n, i) => i)', [0, 1]],
    ['vm.nics.map(n => n.name).join("+")', 'a+b'],
    ['vm.name.startsWith("app") && vm.name.endsWith("vm") && vm.name.includes("-")', true],
    ['"  MiXed ".trim().toLowerCase()', 'mixed'],
    ['"x".toUpperCase()', 'X'],
    ['"a,b".split(",")', ['a', 'b']],
    ['lower("ABC") + upper("def")', 'abcDEF'],
    ['equalsIgnoreCase("Storage", "storage")', true],
  ])('%s over a VM', (source, expected) => {
    expect(run(source, { vm })).toEqual(expected);
  });

  test('helpers isUnknown, known and unknownReason see Unknown values', () => {
    const scope = { vm: { size: U, nested: { a: [1, U] }, plain: { a: [1] } } };
    expect(run('isUnknown(vm.size)', scope)).toBe(true);
    expect(run('isUnknown(vm.nested)', scope)).toBe(false);
    expect(run('known(vm.nested)', scope)).toBe(false);
    expect(run('known(vm.plain)', scope)).toBe(true);
    expect(run('unknownReason(vm.size)', scope)).toBe('parameter without value');
    expect(run('unknownKind(vm.size)', scope)).toBe('not-evaluated');
  });

  test('absent() is the one absent test: null and undefined are absent, Unknown stays Unknown, a value is not', () => {
    const scope = { vm: { size: U, nsgId: null, name: 'a', count: 0 } };
    expect(run('absent(vm.nsgId)', scope)).toBe(true);
    expect(run('absent(vm.facts?.network)', scope)).toBe(true);
    expect(run('absent(vm.size)', scope)).toBe(U);
    expect(run('absent(vm.name)', scope)).toBe(false);
    expect(run('absent(vm.count)', scope)).toBe(false);
  });

  test('model.ofKind and model.byId reach other nodes', () => {
    const nic = { kind: 'nic', id: 'nic-1', name: 'nic-a' };
    const model = {
      nodes: [nic],
      ofKind: (kind: string) => (kind === 'nic' ? [nic] : []),
      byId: (id: string) => (id === 'nic-1' ? nic : undefined),
      lookup: (id: unknown) => (id === 'nic-1' ? nic : undefined),
    } as unknown as Model;
    const scope = { vm: { nicIds: ['nic-1'] }, model: new ModelHandle(model) };
    expect(run('vm.nicIds.map(id => model.byId(id).name)', scope)).toEqual(['nic-a']);
    expect(run('model.ofKind("nic").length', scope)).toBe(1);
    expect(run('model.byId(null)', scope)).toBeUndefined();
  });

  test('model.resolve follows a symbolic ID, which byId leaves Unknown', () => {
    const nic = { kind: 'nic', id: 'nic-1', name: 'nic-a' };
    const symbolicId = new SymbolicText([{ display: '{nicName}', identity: 't.json#%2fparameters%2fnicName' }], "parameter 'nicName' has no value");
    const model = {
      nodes: [nic],
      ofKind: () => [nic],
      byId: () => undefined,
      resolve: (ref: unknown) => (ref === symbolicId ? nic : undefined),
      lookup: (ref: unknown) => (ref === symbolicId ? nic : undefined),
    } as unknown as Model;
    const scope = { vm: { nicIds: [symbolicId] }, model: new ModelHandle(model) };
    expect(run('vm.nicIds.map(id => model.resolve(id)?.name)', scope)).toEqual(['nic-a']);
    expect(run('vm.nicIds.map(id => isUnknown(model.byId(id)))', scope)).toEqual([true]);
    expect(run('model.resolve(null)', scope)).toBeUndefined();
  });

  test('a compiled expression is plain JSON and evaluates the same after a round trip', () => {
    const compiled = compileExpression('vm.nics.some(n => n.primary) ? `${vm.name}` : null');
    const copy = JSON.parse(JSON.stringify(compiled));
    expect(copy).toEqual(compiled);
    expect(evaluate(copy, { vm }).ok && evaluate(copy, { vm })).toEqual({ ok: true, value: 'app-vm' });
  });
});

describe('three-valued logic', () => {
  const scope = { u: U, t: true, f: false };
  const T = true;
  const F = false;

  test.each<[string, unknown]>([
    ['t && t', T], ['t && f', F], ['t && u', U],
    ['f && t', F], ['f && f', F], ['f && u', F],
    ['u && t', U], ['u && f', F], ['u && u', U],
  ])('%s', (source, expected) => expect(run(source, scope)).toBe(expected));

  test.each<[string, unknown]>([
    ['t || t', T], ['t || f', T], ['t || u', T],
    ['f || t', T], ['f || f', F], ['f || u', U],
    ['u || t', T], ['u || f', U], ['u || u', U],
  ])('%s', (source, expected) => expect(run(source, scope)).toBe(expected));

  test.each<[string, unknown]>([
    ['!t', F], ['!f', T], ['!u', U],
  ])('%s', (source, expected) => expect(run(source, scope)).toBe(expected));

  test.each<[string, unknown]>([
    ['u ? 1 : 2', U],
    ['u ? "same" : "same"', 'same'],
    ['u ? [1, 2] : [1, 2]', [1, 2]],
    ['t ? u : 2', U],
    ['f ? u : 2', 2],
  ])('conditional %s', (source, expected) => expect(run(source, scope)).toEqual(expected));

  test.each<[string, unknown[], unknown]>([
    ['some', [F, F], F], ['some', [F, U], U], ['some', [U, T], T], ['some', [T, U], T], ['some', [], F],
    ['every', [T, T], T], ['every', [T, U], U], ['every', [U, F], F], ['every', [F, U], F], ['every', [], T],
  ])('%s over %p is %p', (method, items, expected) => {
    expect(run(`xs.${method}(x => x)`, { xs: items })).toBe(expected);
  });

  test('the Unknown that decides keeps its reason', () => {
    const result = run('vm.size === "Standard_B1s" && true', { vm: { size: U } });
    expect(result).toBe(U);
    expect((result as Unknown).reason).toBe('parameter without value');
  });

  test.each<[string, unknown]>([
    ['u === 1', U],
    ['1 !== u', U],
    ['u < 3', U],
    ['u + 1', U],
    ['-u', U],
    ['typeof u', U],
    ['u.deeper.still', U],
    ['u[0]', U],
    ['u.some(x => x)', U],
    ['u ?? 1', U],
    ['`a${u}`', U],
    ['[1, 2].includes(u)', U],
    ['[1, u].includes(2)', U],
    ['[1, u].includes(1)', true],
    ['[1, u].filter(x => x === 1)', U],
    ['[1, 2].filter(x => x === 1)', [1]],
    ['[u, 1].find(x => x === 1)', U],
    ['[1, u].map(x => x)', [1, U]],
    ['[1, u].join(",")', U],
    ['lower(u)', U],
    ['equalsIgnoreCase(u, "x")', U],
  ])('%s', (source, expected) => expect(run(source, { u: U })).toEqual(expected));

  test('a missing own property is undefined, not Unknown', () => {
    expect(run('vm.agent.provisioned === undefined', { vm: { agent: {} } })).toBe(true);
    expect(run('vm.agent.provisioned == null', { vm: { agent: {} } })).toBe(true);
  });
});

describe('own data only', () => {
  test('inherited properties read as undefined', () => {
    expect(run('vm.toString', { vm: {} })).toBeUndefined();
    expect(run('vm.hasOwnProperty', { vm: {} })).toBeUndefined();
    expect(run('s.trim', { s: 'x' })).toBeUndefined();
  });

  test('function-valued and accessor properties read as undefined', () => {
    let called = false;
    const vm = {
      locate: () => 'secret',
      get lazy() {
        called = true;
        return 1;
      },
    };
    expect(run('vm.locate', { vm })).toBeUndefined();
    expect(run('vm.lazy', { vm })).toBeUndefined();
    expect(called).toBe(false);
  });

  test('a computed key naming a forbidden property fails at evaluation', () => {
    expect(evaluationError('vm[k]', { vm: {}, k: 'constructor' }).message).toBe('access to `constructor` is not allowed');
    expect(evaluationError('vm[k]', { vm: {}, k: '__proto__' }).message).toBe('access to `__proto__` is not allowed');
  });
});

describe('refused at compile time', () => {
  test.each<[string, string]>([
    ['vm.constructor', 'access to `constructor` is not allowed'],
    ['vm.__proto__', 'access to `__proto__` is not allowed'],
    ['vm.prototype', 'access to `prototype` is not allowed'],
    ['vm["constructor"]', 'access to `constructor` is not allowed'],
    ['({ __proto__: 1 })', 'access to `__proto__` is not allowed'],
    ['vm.name = "x"', 'assignment is not allowed'],
    ['x++', 'increment and decrement (`++`, `--`) are not allowed'],
    ['new Date()', '`new` is not allowed'],
    ['this.name', '`this` is not allowed'],
    ["eval('1')", 'unknown function `eval`: only methods of arrays and strings and the helpers'],
    ["require('fs')", 'unknown function `require`'],
    ['vm as any', 'type assertions (`as`) are not allowed'],
    ['vm!.name', 'non-null assertions (`x!`) are not allowed'],
    ['<any>vm', 'type assertions (`<T>x`) are not allowed'],
    ['xs.map<string>(x => x)', 'generic type arguments are not allowed'],
    ['xs.map((x: string) => x)', 'type annotations are not allowed'],
    ['function f() { return 1 }', 'functions are not allowed'],
    ['xs.map(function (x) { return x })', 'functions are not allowed'],
    ['xs.map(x => { return x })', 'arrow functions must have an expression body'],
    ['x => x', 'arrow functions are allowed only as arguments of array methods'],
    ['[...xs]', 'spread (`...`) is not supported'],
    ['xs.push(1)', 'method `push` is not allowed'],
    ['xs.length()', '`length` is a property'],
    ['a, b', 'the comma operator is not allowed'],
    ['/x/.test(s)', 'regular expressions are not allowed'],
    ['"a" in vm', 'operator `in` is not allowed'],
    ['1 | 2', 'operator `|` is not allowed'],
    ['isUnknown', 'helper `isUnknown` can only be called'],
    ['a); (b', 'a policy expression must be a single expression'],
    ['vm.', 'syntax error: Identifier expected.'],
  ])('%s', (source, message) => {
    expect(refusal(source).message).toContain(message);
  });

  test('positions point at the refused construct', () => {
    const error = refusal('vm.ok && new Date()');
    expect([error.start, error.end]).toEqual([9, 19]);
    expect(refusal('vm.name.constructor').start).toBe(8);
  });

  test('identifiers outside the scope are refused when the scope is given', () => {
    const error = refusal('vm.ok && process.exit(1)', ['vm', 'options', 'model']);
    expect(error.message).toContain('unknown identifier `process`');
    expect(error.start).toBe(9);
    expect(() => compileExpression('xs.some(x => x && vm.ok)', { globals: ['vm', 'xs'] })).not.toThrow();
  });

  test('nesting deeper than 64 levels is refused', () => {
    expect(refusal(`${'('.repeat(70)}1${' + 1)'.repeat(70)}`).message).toContain('nested too deeply');
    expect(() => compileExpression(`${'('.repeat(20)}1${' + 1)'.repeat(20)}`)).not.toThrow();
  });
});

describe('evaluation errors and caps', () => {
  test('reading a property of undefined is an evaluation error at the member expression', () => {
    const error = evaluationError('vm.missing.deeper', { vm: {} });
    expect(error.message).toBe('cannot read `deeper` of undefined (use `?.` if it may be absent)');
    expect([error.start, error.end]).toEqual([0, 17]);
  });

  test.each<[string, string]>([
    ['n.some(x => x)', 'cannot call `some` on number'],
    ['s.some(x => x)', '`some` is not a string method'],
    ['xs.some(1)', '`some` expects an arrow function, got number'],
    ['n < "a"', 'cannot compare number with string'],
    ['xs - 1', '`-` needs numbers, got array and number'],
    ['`${xs}`', 'cannot turn array into text'],
    ['missing', 'unknown identifier `missing`'],
    ['lower(n)', 'lower() expects a string, got number'],
  ])('%s fails with a message', (source, message) => {
    expect(evaluationError(source, { n: 1, s: 'x', xs: [1] }).message).toContain(message);
  });

  test('a huge nest of maps stops at the step cap instead of hanging', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i);
    const error = evaluationError('xs.map(a => xs.map(b => xs.map(c => a + b + c)))', { xs });
    expect(error.message).toBe('evaluation exceeded 100000 steps');
  });
});

describe('the source format is not readable (policies see the domain)', () => {
  const vm = {
    kind: 'vm',
    format: 'tf',
    raw: { values: {} },
    agent: { provisioned: false },
    sources: { 'agent.provisioned': { file: 'infra/main.tf', line: 4, column: 3, property: 'provision_vm_agent' } },
  };

  test.each(['vm.raw', 'vm.format', 'vm?.format', 'vm["raw"]', 'model.resolve(vm.id).raw', 'vm.nics.map((n) => n.format)'])('refuses `%s` at load time', (source) => {
    expect(refusal(source).message).toMatch(/^`(raw|format)` is not readable: policies see the domain model/);
  });

  test('a key computed at run time cannot read them on a node either', () => {
    expect(evaluationError('vm[key]', { vm, key: 'raw' }).message).toMatch(/`raw` is not readable/);
  });

  test('options of the same name stay readable (they are the user\'s settings, not the node)', () => {
    expect(run('options.format', { options: { format: 'x' } })).toBe('x');
  });

  test('source() names a declared field as written in its file, in that file\'s syntax', () => {
    expect(run('source(vm, "agent.provisioned")', { vm })).toEqual({ file: 'infra/main.tf', property: 'provision_vm_agent', setting: 'provision_vm_agent = false' });
    const armVm = { ...vm, sources: { 'agent.provisioned': { file: 'vm.json', pointer: '/resources/0', property: 'provisionVMAgent' } } };
    expect(run('source(vm, "agent.provisioned").setting', { vm: armVm })).toBe('provisionVMAgent: false');
    expect(run('source(vm, "size")', { vm })).toBeUndefined();
    expect(evaluationError('source(vm.agent, "provisioned")', { vm }).message).toMatch(/source\(\) expects a model node/);
  });
});
