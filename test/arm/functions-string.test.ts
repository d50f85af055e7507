import { evaluate, reasonOf } from './host';

describe('string functions', () => {
  it.each([
    ["[concat('a', 1, true, null)]", 'a1True'],
    ["[format('->{0}<-', 123)]", '->123<-'],
    ["[format('{0}-{1:D3}-{{x}}', 'vm', 7)]", 'vm-007-{x}'],
    ["[format('{0:N2}', 1234)]", '1,234.00'],
    ["[format('{0}', createArray('a'))]", "['a']"],
    ["[string('asdf')]", 'asdf'],
    ['[string(createObject(\'a\', 1))]', '{"a":1}'],
    ['[string(true)]', 'True'],
    ["[toLower('AiKInIniIN')]", 'aikininiin'],
    ["[toUpper('abc')]", 'ABC'],
    ["[trim('  a b  ')]", 'a b'],
    ["[replace('abc', 'b', '/')]", 'a/c'],
    ["[substring('hello', 1, 3)]", 'ell'],
    ["[substring('hello', 2)]", 'llo'],
    ["[padLeft('7', 3, '0')]", '007'],
    ["[padLeft(42, 5)]", '   42'],
    ["[base64ToString(base64('abc'))]", 'abc'],
    ["[dataUriToString(dataUri('Hello'))]", 'Hello'],
    ["[uriComponent('a b/c')]", 'a%20b%2Fc'],
    ["[uriComponentToString('a%20b')]", 'a b'],
    ["[uri('http://contoso.com/resources/', 'nested/azuredeploy.json')]", 'http://contoso.com/resources/nested/azuredeploy.json'],
    ["[first('abc')]", 'a'],
    ["[last('abc')]", 'c'],
    ["[take('abcdef', 2)]", 'ab'],
    ["[skip('abcdef', 4)]", 'ef'],
    ["[join(createArray('a', 'b', 'c'), ',')]", 'a,b,c'],
  ])('%s = %s', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });

  it.each([
    ["[startsWith('Hello', 'he')]", true],
    ["[endsWith('Hello', 'LO')]", true],
    ["[contains('Hello', 'ell')]", true],
    ["[indexOf('Hello', 'L')]", 2],
    ["[lastIndexOf('Hello', 'l')]", 3],
    ["[length('abc')]", 3],
    ["[empty('')]", true],
  ])('%s = %s', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });

  it('splits keeping empty entries, on one or several delimiters', () => {
    expect(evaluate("[split('a/b//c', '/')]")).toEqual(['a', 'b', '', 'c']);
    expect(evaluate("[split('a,b;c', createArray(',', ';'))]")).toEqual(['a', 'b', 'c']);
  });

  it('parses base64 JSON', () => {
    expect(evaluate(`[base64ToJson('${Buffer.from('{"a":[1]}').toString('base64')}')]`)).toEqual({ a: [1] });
  });

  it('reports type errors with the function name', () => {
    expect(reasonOf(evaluate('[toLower(createArray(1))]'))).toBe('toLower(): argument must be a string, got array');
    expect(reasonOf(evaluate("[concat('a', createArray('b'))]"))).toBe('concat(): cannot concatenate array with strings');
    expect(reasonOf(evaluate("[substring('abc', 2, 5)]"))).toBe('substring(): length 5 runs past the end of the string');
  });
});
