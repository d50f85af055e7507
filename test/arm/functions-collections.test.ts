import { Unknown } from '../../src/model/unknown';
import { evaluate, reasonOf, testHost } from './host';

const withUnknown = testHost({ variables: { list: ['a', new Unknown('secret'), 'c'], maybe: new Unknown('not known') } });

describe('array and object functions', () => {
  it.each([
    ["[concat(createArray('abc'), createArray('def'))]", ['abc', 'def']],
    ['[range(0, 3)]', [0, 1, 2]],
    ["[array('a')]", ['a']],
    ["[union(createArray(1, 2), createArray(2, 3))]", [1, 2, 3]],
    ["[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]", [2, 3]],
    ["[take(createArray(1, 2, 3), 2)]", [1, 2]],
    ["[skip(createArray(1, 2, 3), 2)]", [3]],
    ['[flatten(createArray(createArray(1, 2), createArray(3)))]', [1, 2, 3]],
    ["[objectKeys(createObject('a', 1, 'b', 2))]", ['a', 'b']],
    ["[items(createObject('foo', 'abc', 'bar', 123))]", [{ key: 'bar', value: 123 }, { key: 'foo', value: 'abc' }]],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it.each([
    ['[first(createArray(1, 2))]', 1],
    ['[last(createArray(1, 2))]', 2],
    ['[length(createArray(1, 2))]', 2],
    ["[length(createObject('a', 1))]", 1],
    ['[length(null())]', 0],
    ['[empty(createArray())]', true],
    ['[empty(null())]', true],
    ["[contains(createArray('a', 'b'), 'b')]", true],
    ["[contains(createObject('Key', 1), 'key')]", true],
    ["[indexOf(createArray('a', 'b'), 'b')]", 1],
    ['[indexFromEnd(createArray(1, 2, 3), 1)]', 3],
    ['[tryIndexFromEnd(createArray(1), 5)]', null],
    ["[json('null')]", null],
    ["[json('{\"a\": [1, 2]}').a[1]]", 2],
    ["[tryGet(createObject('a', createObject('b', 5)), 'a', 'b')]", 5],
    ["[tryGet(createObject('a', 1), 'missing')]", null],
    ['[max(1, 5, 3)]', 5],
    ['[min(createArray(4, 2, 8))]', 2],
  ])('%s = %s', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });

  it('merges objects: union recursively, shallowMerge at the top level', () => {
    expect(evaluate("[union(createObject('a', createObject('x', 1)), createObject('a', createObject('y', 2), 'b', 3))]")).toEqual({ a: { x: 1, y: 2 }, b: 3 });
    expect(evaluate("[shallowMerge(createArray(createObject('a', createObject('x', 1)), createObject('a', createObject('y', 2))))]")).toEqual({ a: { y: 2 } });
  });

  it('accepts comments in json()', () => {
    expect(evaluate("[json('{ // note\n \"a\": 1 }')]")).toEqual({ a: 1 });
  });

  it('keeps unknown elements where the result does not depend on them', () => {
    expect(evaluate("[length(variables('list'))]", withUnknown)).toBe(3);
    const joined = evaluate("[concat(variables('list'), createArray('d'))]", withUnknown) as unknown[];
    expect(joined).toHaveLength(4);
    expect(joined[1]).toBeInstanceOf(Unknown);
    expect(joined[3]).toBe('d');
    expect(evaluate("[variables('list')[2]]", withUnknown)).toBe('c');
    expect(reasonOf(evaluate("[variables('list')[1]]", withUnknown))).toBe('secret');
  });

  it('propagates Unknown inputs', () => {
    expect(reasonOf(evaluate("[length(variables('maybe'))]", withUnknown))).toBe('not known');
    expect(reasonOf(evaluate("[contains(variables('list'), 'x')]", withUnknown))).toBe('secret');
    expect(evaluate("[contains(variables('list'), 'a')]", withUnknown)).toBe(true);
  });

  it('reports out-of-range and missing members', () => {
    expect(reasonOf(evaluate('[createArray(1)[3]]'))).toBe('index 3 is out of range (length 1)');
    expect(reasonOf(evaluate("[createObject('a', 1).b]"))).toBe("property 'b' does not exist");
    expect(reasonOf(evaluate("[json('{oops')]"))).toMatch(/^json\(\): argument is not valid JSON/);
  });
});

describe('logical, comparison and numeric functions', () => {
  const host = testHost({ variables: { maybe: new Unknown('not known') } });

  it.each([
    ['[and(true, true, false)]', false],
    ['[or(false, true)]', true],
    ['[not(false)]', true],
    ["[bool('TRUE')]", true],
    ['[bool(0)]', false],
    ["[equals(createObject('a', createArray(1)), createObject('a', createArray(1)))]", true],
    ["[equals('A', 'a')]", false],
    ['[less(1, 2)]', true],
    ["[greater('b', 'a')]", true],
    ['[lessOrEquals(2, 2)]', true],
    ['[greaterOrEquals(1, 2)]', false],
    ['[add(2, 3)]', 5],
    ['[sub(2, 3)]', -1],
    ['[mul(4, 3)]', 12],
    ['[div(7, 2)]', 3],
    ['[div(-7, 2)]', -3],
    ['[mod(7, 3)]', 1],
    ["[int('42')]", 42],
    ["[float('1.5')]", 1.5],
    ["[coalesce(null(), 'a', 'b')]", 'a'],
    ['[coalesce(null(), null())]', null],
  ])('%s = %s', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });

  it('decides short-circuit functions without evaluating what does not matter', () => {
    expect(evaluate("[if(true, 'yes', variables('maybe'))]", host)).toBe('yes');
    expect(evaluate("[if(false, createArray(1)[5], 'no')]", host)).toBe('no');
    expect(evaluate("[and(false, variables('maybe'))]", host)).toBe(false);
    expect(evaluate("[or(variables('maybe'), true)]", host)).toBe(true);
    expect(evaluate("[coalesce('a', variables('maybe'))]", host)).toBe('a');
  });

  it('stays Unknown when an Unknown decides', () => {
    expect(reasonOf(evaluate("[if(variables('maybe'), 1, 2)]", host))).toBe('not known');
    expect(reasonOf(evaluate("[and(true, variables('maybe'))]", host))).toBe('not known');
    expect(reasonOf(evaluate("[coalesce(variables('maybe'), 'a')]", host))).toBe('not known');
    expect(reasonOf(evaluate("[equals(variables('maybe'), 1)]", host))).toBe('not known');
  });

  it('reports type and arithmetic errors', () => {
    expect(reasonOf(evaluate("[add(1, 'x')]"))).toBe('add(): operand 2 must be an integer, got string');
    expect(reasonOf(evaluate('[div(1, 0)]'))).toBe('div(): division by zero');
    expect(reasonOf(evaluate("[less(1, 'a')]"))).toBe('less(): cannot compare int with string');
    expect(reasonOf(evaluate("[if('yes', 1, 2)]"))).toBe('if(): condition must be a boolean, got string');
  });
});
