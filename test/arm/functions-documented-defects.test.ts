import { evaluate, reasonOf } from './host';

// ARM defects 1–5 of issue #13: results Microsoft documents that the evaluator got wrong or left Unknown.
const CIDR_DOCS = 'https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-cidr';

describe('documented ARM function results (issue #13 defects 1–5)', () => {
  it('(1) managementGroup().type is the provider path shown in the docs example', () => {
    // https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-scope#managementgroup
    expect(evaluate('[managementGroup().type]')).toBe('/providers/Microsoft.Management/managementGroups');
  });

  it('(2) dateTimeAdd adds a year as 365 days and a month as 30 days, not by the calendar', () => {
    // Documented behaviour (Azure/bicep#12853, #8188): durations are fixed time spans.
    expect(evaluate("[dateTimeAdd('2024-01-01 00:00:00Z', 'P1Y')]")).toBe('2024-12-31T00:00:00Z');
    expect(evaluate("[dateTimeAdd('2023-02-01 00:00:00Z', 'P1M')]")).toBe('2023-03-03T00:00:00Z');
    expect(evaluate("[dateTimeAdd('2023-03-03 00:00:00Z', '-P1M')]")).toBe('2023-02-01T00:00:00Z');
    expect(evaluate("[dateTimeAdd('2022-09-01T00:00:00Z', 'P10Y')]")).toBe('2032-08-29T00:00:00Z');
  });

  it(`(3) parseCidr, cidrSubnet and cidrHost handle IPv6 as documented (${CIDR_DOCS})`, () => {
    expect(evaluate("[parseCidr('fdad:3236:5555::/48')]")).toEqual({
      network: 'fdad:3236:5555::',
      netmask: 'ffff:ffff:ffff::',
      firstUsable: 'fdad:3236:5555::',
      lastUsable: 'fdad:3236:5555:ffff:ffff:ffff:ffff:ffff',
      cidr: 48,
    });
    expect([0, 1, 2, 3, 4].map((i) => evaluate(`[cidrSubnet('fdad:3236:5555::/48', 52, ${i})]`))).toEqual([
      'fdad:3236:5555::/52',
      'fdad:3236:5555:1000::/52',
      'fdad:3236:5555:2000::/52',
      'fdad:3236:5555:3000::/52',
      'fdad:3236:5555:4000::/52',
    ]);
    expect([0, 1, 2, 3, 4].map((i) => evaluate(`[cidrHost('fdad:3236:5555:3000::/52', ${i})]`))).toEqual([
      'fdad:3236:5555:3000::1',
      'fdad:3236:5555:3000::2',
      'fdad:3236:5555:3000::3',
      'fdad:3236:5555:3000::4',
      'fdad:3236:5555:3000::5',
    ]);
    expect(reasonOf(evaluate("[cidrSubnet('fdad:3236:5555::/48', 47, 0)]"))).toBe('cidrSubnet(): prefix length /47 does not fit in fdad:3236:5555::/48');
  });

  it('(4) json() and base64ToJson() read single-quoted JSON as Json.NET does', () => {
    // https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string#base64tojson
    expect(evaluate("[base64ToJson(base64('{''one'': ''a'', ''two'': ''b''}'))]")).toEqual({ one: 'a', two: 'b' });
    expect(evaluate("[json('{''a'': [1, ''it\\''s'']}')]")).toEqual({ a: [1, "it's"] });
    expect(reasonOf(evaluate("[json('{''a'': 1')]"))).toMatch(/^json\(\): argument is not valid JSON/);
  });

  it('(5) buildUri and parseUri exist and take each other back; tryIndexFromEnd(null(), 1) is null', () => {
    // https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string#builduri
    const uri = 'https://mystorage.blob.core.windows.net:8080/templates/nestedTemplate.json?st=2025-05-09';
    expect(evaluate(`[parseUri('${uri}')]`)).toEqual({
      scheme: 'https',
      host: 'mystorage.blob.core.windows.net',
      port: 8080,
      path: '/templates/nestedTemplate.json',
      query: '?st=2025-05-09',
    });
    expect(evaluate(`[buildUri(parseUri('${uri}'))]`)).toBe(uri);
    expect(evaluate("[buildUri(createObject('scheme', 'https', 'host', 'contoso.com', 'port', null(), 'path', 'a/b.json'))]")).toBe('https://contoso.com/a/b.json');
    expect(evaluate('[tryIndexFromEnd(null(), 1)]')).toBeNull();
    expect(reasonOf(evaluate('[indexFromEnd(null(), 1)]'))).toBe('indexFromEnd(): first argument must be an array, got null');
  });
});
