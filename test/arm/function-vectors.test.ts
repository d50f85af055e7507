import { BUILTIN_FUNCTIONS } from '../../src/formats/arm/expression/functions';
import { isUnknown, type Value } from '../../src/model/unknown';
import { evaluate, testHost } from './host';

/**
 * Every implemented ARM template function against results Microsoft publishes in its function reference (the
 * example templates' documented outputs), one row per documented output, each citing its page. The inputs of the
 * examples are the `variables` below, under the names the docs give them. Functions whose value only exists at
 * deployment (utcNow, newGuid, list*, reference, pickZones, providers, externalInputs) are rows that must stay Unknown.
 * Bicep pages are cited where the ARM page has no example (flatten, indexOf…, buildUri/parseUri): Bicep compiles
 * these calls to the same ARM functions. Most rows were checked against the page text or the docs' sample templates
 * (Azure/azure-docs-json-samples); the rows of indexFromEnd, tryIndexFromEnd, objectKeys, shallowMerge, tryGet,
 * groupBy, mapValues and dateTimeFromEpoch/ToEpoch restate those pages' examples without a stored copy to compare.
 */

const ARM = 'https://learn.microsoft.com/azure/azure-resource-manager/templates/';
const BICEP = 'https://learn.microsoft.com/azure/azure-resource-manager/bicep/';
const doc = (page: string, anchor: string) => `${ARM}template-functions-${page}#${anchor}`;
const bicepDoc = (page: string, anchor: string) => `${BICEP}bicep-functions-${page}#${anchor}`;

const UNKNOWN = Symbol('Unknown: known only at deployment');
type Expected = Value | typeof UNKNOWN;

interface Vector {
  expression: string;
  expected: Expected;
  source: string;
}

const dogs = [
  { name: 'Evie', age: 5, interests: ['Ball', 'Frisbee'] },
  { name: 'Casper', age: 3, interests: ['Other dogs'] },
  { name: 'Indy', age: 2, interests: ['Butter'] },
  { name: 'Kira', age: 8, interests: ['Rubs'] },
];

const variables: Record<string, Value> = {
  arrayToTest: ['one', 'two', 'three'],
  intArray: [0, 3, 2, 5, 4],
  objectToTest: { one: 'a', two: 'b', three: 'c' },
  coalesceObject: { null1: null, null2: null, string: 'default', int: 1, object: { first: 'default' }, array: [1] },
  lengthObject: { propA: 'one', propB: 'two', propC: 'three', propD: { 'propD-1': 'sub', 'propD-2': 'sub' } },
  firstObject: { one: 'a', two: 'b', three: 'c1' },
  secondObject: { three: 'c2', four: 'd', five: 'e' },
  intersectObject: { one: 'a', two: 'z', three: 'c' },
  deepFirst: { property: { one: 'a', two: 'b', three: 'c1' }, nestedArray: [1, 2] },
  deepSecond: { property: { three: 'c2', four: 'd', five: 'e' }, nestedArray: [3, 4] },
  names: ['one', 'two', 'three'],
  numbers: [4, 5, 6],
  collection: [
    ['one', 'two', 'three'],
    [4, 5, 6],
  ],
  duplicates: [1, 2, 3, 1],
  array1: [1, 2, 3, 4],
  array2: [3, 2, 1],
  array3: [4, 1, 3, 2],
  arraysToFlatten: [['one', 'two'], ['three'], ['four', 'five']],
  entities: {
    item002: { enabled: false, displayName: 'Example item 2', number: 200 },
    item001: { enabled: true, displayName: 'Example item 1', number: 300 },
  },
  dogs,
  dogProperties: dogs.map(({ name, ...properties }) => ({ name, properties })),
  ages: [5, 3, 2, 8],
  stringObject: { valueA: 10, valueB: 'Example Text' },
  letters: ['a', 'b', 'c'],
  delimiters: [',', ';'],
};

const V = (expression: string, expected: Expected, source: string): Vector => ({ expression, expected, source });

const VECTORS: Vector[] = [
  // Array functions
  V("[array(1)]", [1], doc('array', 'array')),
  V("[array('efgh')]", ['efgh'], doc('array', 'array')),
  V("[array(createObject('a', 'b', 'c', 'd'))]", [{ a: 'b', c: 'd' }], doc('array', 'array')),
  V("[createArray('a', 'b', 'c')]", ['a', 'b', 'c'], doc('array', 'createarray')),
  V('[createArray(1, 2, 3)]', [1, 2, 3], doc('array', 'createarray')),
  V("[createArray(variables('objectToTest'))]", [{ one: 'a', two: 'b', three: 'c' }], doc('array', 'createarray')),
  V("[createArray(variables('arrayToTest'))]", [['one', 'two', 'three']], doc('array', 'createarray')),
  V('[createArray()]', [], doc('array', 'createarray')),
  V("[concat(createArray('1-1', '1-2', '1-3'), createArray('2-1', '2-2', '2-3'))]", ['1-1', '1-2', '1-3', '2-1', '2-2', '2-3'], doc('array', 'concat')),
  V("[contains('OneTwoThree', 'e')]", true, doc('array', 'contains')),
  V("[contains('OneTwoThree', 'z')]", false, doc('array', 'contains')),
  V("[contains(variables('objectToTest'), 'one')]", true, doc('array', 'contains')),
  V("[contains(variables('objectToTest'), 'a')]", false, doc('array', 'contains')),
  V("[contains(variables('arrayToTest'), 'three')]", true, doc('array', 'contains')),
  V("[contains(variables('arrayToTest'), 'four')]", false, doc('array', 'contains')),
  V('[empty(createArray())]', true, doc('array', 'empty')),
  V('[empty(createObject())]', true, doc('array', 'empty')),
  V("[empty('')]", true, doc('array', 'empty')),
  V("[first(variables('arrayToTest'))]", 'one', doc('array', 'first')),
  V("[first('One Two Three')]", 'O', doc('array', 'first')),
  V("[last(variables('arrayToTest'))]", 'three', doc('array', 'last')),
  V("[last('One Two Three')]", 'e', doc('array', 'last')),
  V("[flatten(variables('arraysToFlatten'))]", ['one', 'two', 'three', 'four', 'five'], bicepDoc('array', 'flatten')),
  V("[lastIndexOf(variables('names'), 'two')]", 1, bicepDoc('array', 'lastindexof')),
  V("[indexOf(variables('names'), 'one')]", 0, bicepDoc('array', 'indexof')),
  V("[lastIndexOf(variables('names'), 'Three')]", -1, bicepDoc('array', 'lastindexof')),
  V("[lastIndexOf(variables('numbers'), 4)]", 0, bicepDoc('array', 'lastindexof')),
  V("[indexOf(variables('numbers'), 6)]", 2, bicepDoc('array', 'indexof')),
  V("[lastIndexOf(variables('numbers'), '5')]", -1, bicepDoc('array', 'lastindexof')),
  V("[indexOf(variables('collection'), variables('numbers'))]", 1, bicepDoc('array', 'indexof')),
  V("[indexOf(variables('duplicates'), 1)]", 0, bicepDoc('array', 'indexof')),
  V("[lastIndexOf(variables('duplicates'), 1)]", 3, bicepDoc('array', 'lastindexof')),
  V("[indexFromEnd(variables('arrayToTest'), 1)]", 'three', bicepDoc('array', 'indexfromend')),
  V("[indexFromEnd(variables('arrayToTest'), 3)]", 'one', bicepDoc('array', 'indexfromend')),
  V("[tryIndexFromEnd(variables('arrayToTest'), 4)]", null, bicepDoc('array', 'tryindexfromend')),
  V('[tryIndexFromEnd(null(), 1)]', null, bicepDoc('array', 'tryindexfromend')),
  V("[intersection(variables('objectToTest'), variables('intersectObject'))]", { one: 'a', three: 'c' }, doc('array', 'intersection')),
  V("[intersection(variables('arrayToTest'), createArray('two', 'three'))]", ['two', 'three'], doc('array', 'intersection')),
  V("[intersection(variables('array1'), variables('array2'), variables('array3'))]", [1, 2, 3], bicepDoc('array', 'intersection')),
  V("[intersection(variables('array2'), variables('array3'), variables('array1'))]", [3, 2, 1], bicepDoc('array', 'intersection')),
  V("[length(variables('arrayToTest'))]", 3, doc('array', 'length')),
  V("[length('One Two Three')]", 13, doc('array', 'length')),
  V("[length(variables('lengthObject'))]", 4, doc('array', 'length')),
  V("[max(variables('intArray'))]", 5, doc('array', 'max')),
  V('[max(0,3,2,5,4)]', 5, doc('array', 'max')),
  V("[min(variables('intArray'))]", 0, doc('array', 'min')),
  V('[min(0,3,2,5,4)]', 0, doc('array', 'min')),
  V('[range(5, 3)]', [5, 6, 7], doc('array', 'range')),
  V("[skip(variables('arrayToTest'), 2)]", ['three'], doc('array', 'skip')),
  V("[skip('one two three', 4)]", 'two three', doc('array', 'skip')),
  V("[take(variables('arrayToTest'), 2)]", ['one', 'two'], doc('array', 'take')),
  V("[take('one two three', 2)]", 'on', doc('array', 'take')),
  V("[union(variables('firstObject'), variables('secondObject'))]", { one: 'a', two: 'b', three: 'c2', four: 'd', five: 'e' }, doc('array', 'union')),
  V("[union(variables('arrayToTest'), createArray('three', 'four'))]", ['one', 'two', 'three', 'four'], doc('array', 'union')),
  V("[union(variables('deepFirst'), variables('deepSecond'))]", { property: { one: 'a', two: 'b', three: 'c2', four: 'd', five: 'e' }, nestedArray: [3, 4] }, doc('object', 'union')),
  V(
    "[union(createArray(createArray('one', 'two'), createArray('three')), createArray(createArray('three'), createArray('four', 'two')))]",
    [['one', 'two'], ['three'], ['four', 'two']],
    doc('object', 'union'),
  ),

  // CIDR functions
  V("[parseCidr('10.144.0.0/20')]", { network: '10.144.0.0', netmask: '255.255.240.0', broadcast: '10.144.15.255', firstUsable: '10.144.0.1', lastUsable: '10.144.15.254', cidr: 20 }, doc('cidr', 'parsecidr')),
  V("[parseCidr('fdad:3236:5555::/48')]", { network: 'fdad:3236:5555::', netmask: 'ffff:ffff:ffff::', firstUsable: 'fdad:3236:5555::', lastUsable: 'fdad:3236:5555:ffff:ffff:ffff:ffff:ffff', cidr: 48 }, doc('cidr', 'parsecidr')),
  V("[cidrSubnet('10.144.0.0/20', 24, 0)]", '10.144.0.0/24', doc('cidr', 'cidrsubnet')),
  V("[cidrSubnet('10.144.0.0/20', 24, 4)]", '10.144.4.0/24', doc('cidr', 'cidrsubnet')),
  V("[cidrSubnet('fdad:3236:5555::/48', 52, 0)]", 'fdad:3236:5555::/52', doc('cidr', 'cidrsubnet')),
  V("[cidrSubnet('fdad:3236:5555::/48', 52, 4)]", 'fdad:3236:5555:4000::/52', doc('cidr', 'cidrsubnet')),
  V("[cidrHost('10.144.3.0/24', 0)]", '10.144.3.1', doc('cidr', 'cidrhost')),
  V("[cidrHost('10.144.3.0/24', 4)]", '10.144.3.5', doc('cidr', 'cidrhost')),
  V("[cidrHost('fdad:3236:5555:3000::/52', 0)]", 'fdad:3236:5555:3000::1', doc('cidr', 'cidrhost')),
  V("[cidrHost('fdad:3236:5555:3000::/52', 4)]", 'fdad:3236:5555:3000::5', doc('cidr', 'cidrhost')),

  // Comparison functions
  V("[coalesce(variables('coalesceObject').null1, variables('coalesceObject').null2, variables('coalesceObject').string)]", 'default', doc('comparison', 'coalesce')),
  V("[coalesce(variables('coalesceObject').null1, variables('coalesceObject').null2, variables('coalesceObject').int)]", 1, doc('comparison', 'coalesce')),
  V("[coalesce(variables('coalesceObject').null1, variables('coalesceObject').null2, variables('coalesceObject').object)]", { first: 'default' }, doc('comparison', 'coalesce')),
  V("[coalesce(variables('coalesceObject').null1, variables('coalesceObject').null2, variables('coalesceObject').array)]", [1], doc('comparison', 'coalesce')),
  V("[empty(coalesce(variables('coalesceObject').null1, variables('coalesceObject').null2))]", true, doc('comparison', 'coalesce')),
  V('[equals(1, 1)]', true, doc('comparison', 'equals')),
  V("[equals('demo', 'Demo')]", false, doc('comparison', 'equals')),
  V("[equals(createArray('a', 'b'), createArray('a', 'b'))]", true, doc('comparison', 'equals')),
  V("[equals(createObject('a', 'b'), createObject('a', 'b'))]", true, doc('comparison', 'equals')),
  V('[not(equals(1, 2))]', true, doc('comparison', 'equals')),
  V('[greater(1, 2)]', false, doc('comparison', 'greater')),
  V("[greater('A', 'a')]", true, doc('comparison', 'greater')),
  V('[greaterOrEquals(1, 2)]', false, doc('comparison', 'greaterorequals')),
  V("[greaterOrEquals('A', 'a')]", true, doc('comparison', 'greaterorequals')),
  V('[less(1, 2)]', true, doc('comparison', 'less')),
  V("[less('A', 'a')]", false, doc('comparison', 'less')),
  V('[lessOrEquals(1, 2)]', true, doc('comparison', 'lessorequals')),
  V("[lessOrEquals('A', 'a')]", false, doc('comparison', 'lessorequals')),

  // Date functions. The docs show dateTimeAdd results rendered by PowerShell (4/7/2023 2:53:14 PM); the instant is
  // compared through dateTimeToEpoch so the row does not depend on that rendering.
  V("[dateTimeToEpoch(dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y'))]", Date.UTC(2023, 3, 7, 14, 53, 14) / 1000, doc('date', 'datetimeadd')),
  V("[dateTimeToEpoch(dateTimeAdd('2020-04-07 14:53:14Z', '-P9D'))]", Date.UTC(2020, 2, 29, 14, 53, 14) / 1000, doc('date', 'datetimeadd')),
  V("[dateTimeToEpoch(dateTimeAdd('2020-04-07 14:53:14Z', 'PT1H'))]", Date.UTC(2020, 3, 7, 15, 53, 14) / 1000, doc('date', 'datetimeadd')),
  V("[dateTimeAdd('2024-01-01 00:00:00Z', 'P1Y')]", '2024-12-31T00:00:00Z', doc('date', 'datetimeadd')),
  V('[dateTimeFromEpoch(1683040573)]', '2023-05-02T15:16:13Z', doc('date', 'datetimefromepoch')),
  V("[dateTimeToEpoch('2023-05-02T15:16:13Z')]", 1683040573, doc('date', 'datetimetoepoch')),
  V("[utcNow('u')]", UNKNOWN, doc('date', 'utcnow')),

  // Deployment functions (placeholder scope of test/arm/host.ts)
  V('[environment().name]', 'AzureCloud', doc('deployment', 'environment')),
  V('[environment().resourceManager]', 'https://management.azure.com/', doc('deployment', 'environment')),
  V('[environment().suffixes.storage]', 'core.windows.net', doc('deployment', 'environment')),
  V('[environment().authentication.loginEndpoint]', 'https://login.microsoftonline.com/', doc('deployment', 'environment')),
  V('[deployment().name]', 'backup-lint', doc('deployment', 'deployment')),
  V("[parameters('stringParameter')]", 'option 1', doc('deployment', 'parameters')),
  V("[variables('letters')]", ['a', 'b', 'c'], doc('deployment', 'variables')),
  V("[externalInputs('x')]", UNKNOWN, doc('deployment', 'externalinputs')),

  // Lambda functions
  V("[filter(variables('dogs'), lambda('dog', greaterOrEquals(lambdaVariables('dog').age, 5)))]", [dogs[0]!, dogs[3]!], doc('lambda', 'filter')),
  V("[filter(range(0, 10), lambda('i', greater(lambdaVariables('i'), 5)))]", [6, 7, 8, 9], doc('lambda', 'filter')),
  V("[filter(range(0, 10), lambda('i', equals(0, mod(lambdaVariables('i'), 2))))]", [0, 2, 4, 6, 8], doc('lambda', 'filter')),
  V("[map(variables('dogs'), lambda('dog', lambdaVariables('dog').name))]", ['Evie', 'Casper', 'Indy', 'Kira'], doc('lambda', 'map')),
  V("[map(variables('dogs'), lambda('dog', format('Hello {0}!', lambdaVariables('dog').name)))]", ['Hello Evie!', 'Hello Casper!', 'Hello Indy!', 'Hello Kira!'], doc('lambda', 'map')),
  V(
    "[map(range(0, length(variables('dogs'))), lambda('i', createObject('i', lambdaVariables('i'), 'dog', variables('dogs')[lambdaVariables('i')].name, 'greeting', format('Ahoy, {0}!', variables('dogs')[lambdaVariables('i')].name))))]",
    dogs.map((d, i) => ({ i, dog: d.name, greeting: `Ahoy, ${d.name}!` })),
    doc('lambda', 'map'),
  ),
  V("[reduce(variables('ages'), 0, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]", 18, doc('lambda', 'reduce')),
  V("[reduce(variables('ages'), 1, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]", 19, doc('lambda', 'reduce')),
  V(
    "[reduce(createArray(createObject('foo', 123), createObject('bar', 456), createObject('baz', 789)), createObject(), lambda('cur', 'next', union(lambdaVariables('cur'), lambdaVariables('next'))))]",
    { foo: 123, bar: 456, baz: 789 },
    doc('lambda', 'reduce'),
  ),
  V("[sort(variables('dogs'), lambda('a', 'b', less(lambdaVariables('a').age, lambdaVariables('b').age)))]", [dogs[2]!, dogs[1]!, dogs[0]!, dogs[3]!], doc('lambda', 'sort')),
  V("[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name))]", Object.fromEntries(dogs.map((d) => [d.name, d])), doc('lambda', 'toobject')),
  V(
    "[toObject(variables('dogProperties'), lambda('entry', lambdaVariables('entry').name), lambda('entry', lambdaVariables('entry').properties))]",
    Object.fromEntries(dogs.map(({ name, ...properties }) => [name, properties])),
    doc('lambda', 'toobject'),
  ),
  V("[groupBy(createArray('foo', 'bar', 'baz'), lambda('x', substring(lambdaVariables('x'), 0, 1)))]", { f: ['foo'], b: ['bar', 'baz'] }, doc('lambda', 'groupby')),
  V("[mapValues(createObject('foo', 'foo'), lambda('val', toUpper(lambdaVariables('val'))))]", { foo: 'FOO' }, doc('lambda', 'mapvalues')),

  // Logical functions
  V("[and(bool('true'), bool('false'))]", false, doc('logical', 'and')),
  V("[or(bool('true'), bool('false'))]", true, doc('logical', 'or')),
  V("[not(bool('true'))]", false, doc('logical', 'not')),
  V("[bool('true')]", true, doc('logical', 'bool')),
  V("[bool('false')]", false, doc('logical', 'bool')),
  V('[bool(1)]', true, doc('logical', 'bool')),
  V('[bool(0)]', false, doc('logical', 'bool')),
  V('[true()]', true, doc('logical', 'true')),
  V('[false()]', false, doc('logical', 'false')),
  V("[if(equals('a', 'a'), 'yes', 'no')]", 'yes', doc('logical', 'if')),
  V("[if(equals('a', 'b'), 'yes', 'no')]", 'no', doc('logical', 'if')),
  V("[if(equals('a', 'a'), json('{\"test\": \"value1\"}'), json('null'))]", { test: 'value1' }, doc('logical', 'if')),

  // Numeric functions
  V('[add(5, 3)]', 8, doc('numeric', 'add')),
  V('[sub(7, 3)]', 4, doc('numeric', 'sub')),
  V('[mul(mul(5, 3), 3)]', 45, doc('numeric', 'mul')),
  V('[div(8, 3)]', 2, doc('numeric', 'div')),
  V('[mod(7, 3)]', 1, doc('numeric', 'mod')),
  V("[int('4')]", 4, doc('numeric', 'int')),
  V("[float('3.0')]", 3, doc('numeric', 'float')),
  V('[float(3)]', 3, doc('numeric', 'float')),
  V('[copyIndex()]', 1, doc('numeric', 'copyindex')),
  V('[copyIndex(1)]', 2, doc('numeric', 'copyindex')),
  V("[copyIndex('storagecopy')]", 1, doc('numeric', 'copyindex')),

  // Object functions
  V(
    "[createObject('intProp', 1, 'stringProp', 'abc', 'boolProp', true(), 'arrayProp', createArray('a', 'b', 'c'), 'objectProp', createObject('key1', 'value1'))]",
    { intProp: 1, stringProp: 'abc', boolProp: true, arrayProp: ['a', 'b', 'c'], objectProp: { key1: 'value1' } },
    doc('object', 'createobject'),
  ),
  V(
    "[items(variables('entities'))]",
    [
      { key: 'item001', value: { enabled: true, displayName: 'Example item 1', number: 300 } },
      { key: 'item002', value: { enabled: false, displayName: 'Example item 2', number: 200 } },
    ],
    doc('object', 'items'),
  ),
  V("[empty(json('null'))]", true, doc('object', 'json')),
  V("[json('{\"a\": \"b\"}')]", { a: 'b' }, doc('object', 'json')),
  V("[json('\"test\"')]", 'test', doc('object', 'json')),
  V("[json('true')]", true, doc('object', 'json')),
  V("[json('3')]", 3, doc('object', 'json')),
  // The docs pass '[[1,2,3 ]' through a parameter default, where `[[` escapes a literal `[`: json() sees '[1,2,3 ]'.
  V("[json('[1,2,3 ]')]", [1, 2, 3], doc('object', 'json')),
  V("[json(concat('{\"a\": \"', 'demo value', '\"}'))]", { a: 'demo value' }, doc('object', 'json')),
  V('[empty(null())]', true, doc('object', 'null')),
  V("[objectKeys(createObject('a', 1, 'b', 2))]", ['a', 'b'], doc('object', 'objectkeys')),
  V("[shallowMerge(createArray(createObject('one', 'a'), createObject('two', 'b'), createObject('two', 'c')))]", { one: 'a', two: 'c' }, doc('object', 'shallowmerge')),
  V(
    "[shallowMerge(createArray(createObject('one', 'a', 'nested', createObject('a', 1, 'nested', createObject('c', 3))), createObject('two', 'b', 'nested', createObject('b', 2))))]",
    { one: 'a', nested: { b: 2 }, two: 'b' },
    doc('object', 'shallowmerge'),
  ),
  V("[tryGet(createObject('name', 'John Doe', 'age', 30), 'name')]", 'John Doe', doc('object', 'tryget')),
  V("[tryGet(createObject('name', 'John Doe', 'age', 30), 'email')]", null, doc('object', 'tryget')),

  // Resource functions (placeholder scope of test/arm/host.ts)
  V(
    "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'myVNet', 'mySubnet')]",
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/backup-lint-rg/providers/Microsoft.Network/virtualNetworks/myVNet/subnets/mySubnet',
    doc('resource', 'resourceid'),
  ),
  V(
    "[resourceId('otherResourceGroup', 'Microsoft.Storage/storageAccounts', 'examplestorage')]",
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/otherResourceGroup/providers/Microsoft.Storage/storageAccounts/examplestorage',
    doc('resource', 'resourceid'),
  ),
  V(
    "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]",
    '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7',
    doc('resource', 'subscriptionresourceid'),
  ),
  V(
    "[tenantResourceId('Microsoft.Authorization/policyDefinitions', '0a914e76-4921-4c19-b460-a2d36003525a')]",
    '/providers/Microsoft.Authorization/policyDefinitions/0a914e76-4921-4c19-b460-a2d36003525a',
    doc('resource', 'tenantresourceid'),
  ),
  V(
    "[extensionResourceId(resourceGroup().id, 'Microsoft.Authorization/locks', 'mylock')]",
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/backup-lint-rg/providers/Microsoft.Authorization/locks/mylock',
    doc('resource', 'extensionresourceid'),
  ),
  V(
    "[managementGroupResourceId('Microsoft.Authorization/policyDefinitions', 'locationpolicy')]",
    '/providers/Microsoft.Management/managementGroups/backup-lint-mg/providers/Microsoft.Authorization/policyDefinitions/locationpolicy',
    doc('resource', 'managementgroupresourceid'),
  ),
  V("[reference('storageAccount')]", UNKNOWN, doc('resource', 'reference')),
  V("[references('storageAccounts')]", UNKNOWN, doc('resource', 'references')),
  V("[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'sa'), '2022-09-01')]", UNKNOWN, doc('resource', 'list')),
  V("[list(resourceId('Microsoft.Storage/storageAccounts', 'sa'), '2022-09-01')]", UNKNOWN, doc('resource', 'list')),
  V("[pickZones('Microsoft.Compute', 'virtualMachines', 'westus2')]", UNKNOWN, doc('resource', 'pickzones')),
  V("[providers('Microsoft.Web', 'sites')]", UNKNOWN, doc('resource', 'providers')),

  // Scope functions
  V('[managementGroup().id]', '/providers/Microsoft.Management/managementGroups/backup-lint-mg', doc('scope', 'managementgroup')),
  V('[managementGroup().type]', '/providers/Microsoft.Management/managementGroups', doc('scope', 'managementgroup')),
  V('[resourceGroup().id]', '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/backup-lint-rg', doc('scope', 'resourcegroup')),
  V('[resourceGroup().type]', 'Microsoft.Resources/resourceGroups', doc('scope', 'resourcegroup')),
  V('[resourceGroup().properties.provisioningState]', 'Succeeded', doc('scope', 'resourcegroup')),
  V('[subscription().id]', '/subscriptions/00000000-0000-0000-0000-000000000000', doc('scope', 'subscription')),
  V('[subscription().subscriptionId]', '00000000-0000-0000-0000-000000000000', doc('scope', 'subscription')),
  V('[tenant().id]', '/tenants/00000000-0000-0000-0000-000000000000', doc('scope', 'tenant')),
  V('[tenant().displayName]', UNKNOWN, doc('scope', 'tenant')),

  // String functions
  V("[base64('one, two, three')]", 'b25lLCB0d28sIHRocmVl', doc('string', 'base64')),
  V("[base64ToString('b25lLCB0d28sIHRocmVl')]", 'one, two, three', doc('string', 'base64tostring')),
  V("[base64ToJson(base64('{''one'': ''a'', ''two'': ''b''}'))]", { one: 'a', two: 'b' }, doc('string', 'base64tojson')),
  V(
    "[buildUri(createObject('scheme', 'https', 'host', 'mystorage.blob.core.windows.net', 'port', 8080, 'path', '/templates/nestedTemplate.json', 'query', '?st=2025-05-09'))]",
    'https://mystorage.blob.core.windows.net:8080/templates/nestedTemplate.json?st=2025-05-09',
    bicepDoc('string', 'builduri'),
  ),
  V(
    "[parseUri('https://mystorage.blob.core.windows.net:8080/templates/nestedTemplate.json?st=2025-05-09')]",
    { scheme: 'https', host: 'mystorage.blob.core.windows.net', port: 8080, path: '/templates/nestedTemplate.json', query: '?st=2025-05-09' },
    bicepDoc('string', 'parseuri'),
  ),
  V("[concat('prefix', '-', 'suffix')]", 'prefix-suffix', doc('string', 'concat')),
  V("[dataUri('Hello')]", 'data:text/plain;charset=utf8;base64,SGVsbG8=', doc('string', 'datauri')),
  V("[dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')]", 'Hello, World!', doc('string', 'datauritostring')),
  V("[startsWith('abcdef', 'ab')]", true, doc('string', 'startswith')),
  V("[startsWith('abcdef', 'A')]", true, doc('string', 'startswith')),
  V("[startsWith('abcdef', 'e')]", false, doc('string', 'startswith')),
  V("[endsWith('abcdef', 'ef')]", true, doc('string', 'endswith')),
  V("[endsWith('abcdef', 'F')]", true, doc('string', 'endswith')),
  V("[endsWith('abcdef', 'e')]", false, doc('string', 'endswith')),
  V("[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]", 'Hello, User. Formatted number: 8,175,133', doc('string', 'format')),
  V("[indexOf('test', 't')]", 0, doc('string', 'indexof')),
  V("[lastIndexOf('test', 't')]", 3, doc('string', 'lastindexof')),
  V("[indexOf('abcdef', 'CD')]", 2, doc('string', 'indexof')),
  V("[lastIndexOf('abcdef', 'AB')]", 0, doc('string', 'lastindexof')),
  V("[indexOf('abcdef', 'z')]", -1, doc('string', 'indexof')),
  V("[join(variables('arrayToTest'), ',')]", 'one,two,three', doc('string', 'join')),
  V("[join(variables('arrayToTest'), ';')]", 'one;two;three', doc('string', 'join')),
  V("[padLeft('123', 10, '0')]", '0000000123', doc('string', 'padleft')),
  V("[replace('123-123-1234', '-', '')]", '1231231234', doc('string', 'replace')),
  V("[replace('123-123-1234', '1234', 'xxxx')]", '123-123-xxxx', doc('string', 'replace')),
  V("[split('one,two,three', ',')]", ['one', 'two', 'three'], doc('string', 'split')),
  V("[split('one;two,three', variables('delimiters'))]", ['one', 'two', 'three'], doc('string', 'split')),
  V("[string(variables('stringObject'))]", '{"valueA":10,"valueB":"Example Text"}', doc('string', 'string')),
  V("[string(variables('letters'))]", '["a","b","c"]', doc('string', 'string')),
  V('[string(5)]', '5', doc('string', 'string')),
  V("[substring('one two three', 4, 3)]", 'two', doc('string', 'substring')),
  V("[toLower('One Two Three')]", 'one two three', doc('string', 'tolower')),
  V("[toUpper('One Two Three')]", 'ONE TWO THREE', doc('string', 'toupper')),
  V("[trim('    one two three   ')]", 'one two three', doc('string', 'trim')),
  V("[uri('http://contoso.org/firstpath', 'myscript.sh')]", 'http://contoso.org/myscript.sh', doc('string', 'uri')),
  V("[uri('http://contoso.org/firstpath/', 'myscript.sh')]", 'http://contoso.org/firstpath/myscript.sh', doc('string', 'uri')),
  V("[uri('http://contoso.org/firstpath/azuredeploy.json', 'myscript.sh')]", 'http://contoso.org/firstpath/myscript.sh', doc('string', 'uri')),
  V("[uri('http://contoso.org/firstpath/azuredeploy.json/', 'myscript.sh')]", 'http://contoso.org/firstpath/azuredeploy.json/myscript.sh', doc('string', 'uri')),
  V("[uri('http://contoso.com/resources/', 'nested/azuredeploy.json')]", 'http://contoso.com/resources/nested/azuredeploy.json', doc('string', 'uri')),
  V("[uriComponent('http://contoso.com/resources/nested/azuredeploy.json')]", 'http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json', doc('string', 'uricomponent')),
  V("[uriComponentToString('http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json')]", 'http://contoso.com/resources/nested/azuredeploy.json', doc('string', 'uricomponenttostring')),
  // Hash functions: the vectors of reference/FORMATS.md §1.6 (Bicep's baselines, reproduced independently).
  V("[uniqueString('asd', 'asdf', 'asdf')]", 'iizpqit7ih3cc', doc('string', 'uniquestring')),
  V("[guid('asdf')]", '228d27cc-6fdb-5934-b7ac-1efccebade04', doc('string', 'guid')),
  V('[newGuid()]', UNKNOWN, doc('string', 'newguid')),
];

const host = testHost({ variables, parameters: { stringParameter: 'option 1' } });
const loops = { name: 'storagecopy', index: 1, answersUnnamed: true, outer: undefined };

describe('ARM function vectors from Microsoft\u2019s function reference', () => {
  it.each(VECTORS.map((v) => [v.expression, v.source, v.expected] as const))('%s (%s)', (expression, _source, expected) => {
    const actual = evaluate(expression, host, { loops });
    if (expected === UNKNOWN) expect(isUnknown(actual)).toBe(true);
    else expect(actual).toEqual(expected);
  });

  it('has a row for every implemented function', () => {
    const called = new Set(VECTORS.flatMap((v) => [...v.expression.matchAll(/([A-Za-z][A-Za-z0-9]*)\(/g)].map((m) => m[1]!.toLowerCase())));
    const missing = Object.keys(BUILTIN_FUNCTIONS).filter((name) => !called.has(name));
    expect(missing).toEqual([]);
  });
});
