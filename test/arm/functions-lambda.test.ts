import { evaluate, reasonOf, testHost } from './host';

const host = testHost({ variables: { dogs: ['Evie', 'Casper', 'Indy'], numbers: [1, 2], sizes: { a: 1, b: 2 } } });

describe('lambda functions', () => {
  it.each([
    ["[filter(variables('numbers'), lambda('i', less(lambdaVariables('i'), 2)))]", [1]],
    ["[map(range(0, 3), lambda('i', format('Hi {0}!', lambdaVariables('i'))))]", ['Hi 0!', 'Hi 1!', 'Hi 2!']],
    ["[map(variables('dogs'), lambda('dog', 'i', concat(string(lambdaVariables('i')), lambdaVariables('dog'))))]", ['0Evie', '1Casper', '2Indy']],
    ["[sort(createArray('c', 'd', 'a'), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]", ['a', 'c', 'd']],
    ["[filter(createArray('a', 'b', 'c', 'd'), lambda('item', 'i', equals(mod(lambdaVariables('i'), 2), 0)))]", ['a', 'c']],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression, host)).toEqual(expected);
  });

  it('reduces with an accumulator', () => {
    expect(evaluate("[reduce(createArray('a', 'b', 'c'), '', lambda('cur', 'next', format('{0}-{1}', lambdaVariables('cur'), lambdaVariables('next'))))]", host)).toBe('-a-b-c');
  });

  it('builds objects with toObject, groupBy and mapValues', () => {
    expect(evaluate("[toObject(createArray('a', 'b'), lambda('x', lambdaVariables('x')), lambda('x', format('Hi {0}!', lambdaVariables('x'))))]", host)).toEqual({ a: 'Hi a!', b: 'Hi b!' });
    expect(evaluate("[groupBy(variables('dogs'), lambda('d', substring(lambdaVariables('d'), 0, 1)))]", host)).toEqual({ E: ['Evie'], C: ['Casper'], I: ['Indy'] });
    expect(evaluate("[mapValues(variables('sizes'), lambda('v', mul(lambdaVariables('v'), 10)))]", host)).toEqual({ a: 10, b: 20 });
  });

  it('rejects a non-lambda argument and undefined lambda variables', () => {
    expect(reasonOf(evaluate("[map(variables('dogs'), 'x')]", host))).toBe('map(): expected a lambda() argument');
    const mapped = evaluate("[map(variables('dogs'), lambda('d', lambdaVariables('x')))]", host) as never[];
    expect(reasonOf(mapped[0]!)).toBe("lambda variable 'x' is not defined");
  });
});
