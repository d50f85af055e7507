import { isTemplateExpression, parseTemplateExpression, unescapeLiteral } from '../../src/formats/arm/expression';
import { evaluate, reasonOf, testHost } from './host';

describe('expression recognition', () => {
  it('treats bracketed strings as expressions and [[ as the literal escape', () => {
    expect(isTemplateExpression("[concat('a')]")).toBe(true);
    expect(isTemplateExpression('[[test value]')).toBe(false);
    expect(isTemplateExpression('[test] value')).toBe(false);
    expect(evaluate('[[test value]')).toBe('[test value]');
    expect(evaluate('[test] value')).toBe('[test] value');
    expect(unescapeLiteral('[[x')).toBe('[[x');
  });

  it('evaluates multi-line expressions', () => {
    expect(evaluate("[\n  concat(\n    'a',\n    'b'\n  )\n]")).toBe('ab');
  });
});

describe('expression grammar', () => {
  it('unescapes doubled single quotes', () => {
    expect(evaluate("['it''s']")).toBe("it's");
    expect(evaluate("['''']")).toBe("'");
  });

  it('calls functions case-insensitively', () => {
    expect(evaluate("[CONCAT('a', toUpper('b'))]")).toBe('aB');
    expect(evaluate('[copyindex()]', testHost(), { loops: { name: 'x', index: 4, answersUnnamed: true, outer: undefined } })).toBe(4);
  });

  it('accesses members case-insensitively with . and [...]', () => {
    const host = testHost({ variables: { settings: { Network: { subnets: ['a', 'b'] } } } });
    expect(evaluate("[variables('settings').network.SUBNETS[1]]", host)).toBe('b');
    expect(evaluate("[variables('settings')['Network']['subnets'][0]]", host)).toBe('a');
  });

  it('parses negative numbers and bare true/false/null', () => {
    expect(evaluate('[add(-3, 5)]')).toBe(2);
    expect(evaluate('[if(true, null, false)]')).toBeNull();
  });

  it('calls user-defined functions with their namespace', () => {
    const host = testHost({
      functions: {
        '__bicep.iseven': { parameterNames: ['n'], body: "[equals(mod(parameters('n'), 2), 0)]" },
      },
    });
    expect(evaluate('[__bicep.isEven(4)]', host)).toBe(true);
    expect(evaluate("[filter(createArray(1, 2, 3, 4), lambda('i', __bicep.isEven(lambdaVariables('i'))))]", host)).toEqual([2, 4]);
    expect(reasonOf(evaluate('[other.fn(1)]', host))).toBe("unknown user function 'other.fn'");
  });

  it('caches parsed expressions by source text', () => {
    const first = parseTemplateExpression("[concat('x', 'y')]");
    expect(parseTemplateExpression("[concat('x', 'y')]")).toBe(first);
  });

  it.each([
    ["[concat('a']", "syntax error: expected ')' before end of expression at offset 11"],
    ["[concat('a)]", 'syntax error: unterminated string literal at offset 8'],
    ['[]', 'syntax error: empty expression at offset 1'],
    ["[concat('a') 'b']", "syntax error: unexpected 'b' after expression at offset 13"],
    ['[foo]', "syntax error: 'foo' is not a function call at offset 1"],
    ['[a # b]', "syntax error: unexpected character '#' at offset 3"],
  ])('turns the syntax error in %s into an Unknown naming it', (source, reason) => {
    expect(reasonOf(evaluate(source))).toBe(reason);
  });

  it('reports unsupported functions and wrong arity as Unknown', () => {
    expect(reasonOf(evaluate("[frobnicate('a')]"))).toBe("unsupported function 'frobnicate'");
    expect(reasonOf(evaluate("[equals('a')]"))).toBe('argument error: equals() takes 2 arguments, got 1');
  });
});
