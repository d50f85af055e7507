import { SymbolicValue } from '../../src/model/symbolic-value';
import { isUnknown, SymbolicText, Unknown, type Value } from '../../src/model/unknown';
import { byName, expand, RG_PREFIX } from './expand-helpers';

const TOKEN = '\u0001';
/** The identity token of a parameter declared at `/parameters/<name>` of infra/main.json (`/` escaped). */
const param = (name: string, pointer = `/parameters/${name}`) => `${TOKEN}${`infra/main.json#${pointer}`.replace(/\//g, '%2f')}${TOKEN}`;

function symbolic(value: Value): SymbolicText {
  if (!(value instanceof SymbolicText)) throw new Error(`expected SymbolicText, got ${value instanceof Unknown ? `Unknown(${value.reason})` : JSON.stringify(value)}`);
  return value;
}

function plainUnknown(value: Value): Unknown {
  if (!(value instanceof Unknown) || value instanceof SymbolicText) throw new Error(`expected a plain Unknown, got ${String(value)} (${value?.constructor?.name})`);
  return value;
}

/** Evaluates expressions as properties of a probe resource (no parameter file unless `values` is given). */
function outputs(parameters: Record<string, unknown>, expressions: Record<string, unknown>, values?: Record<string, unknown>): Record<string, Value> {
  const probe = { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'probe', properties: expressions };
  return byName(expand({ parameters, resources: [probe] }, values), 'probe').values.properties as Record<string, Value>;
}

const NIC = 'Microsoft.Network/networkInterfaces';

describe('symbolic text for deploy-time inputs', () => {
  it('a string parameter without value or default is a symbol {name} with the parameter reason', () => {
    const out = outputs({ nicName: { type: 'string' }, secret: { type: 'securestring' } }, { a: "[parameters('nicName')]", b: "[parameters('secret')]" });
    const a = symbolic(out.a!);
    expect(a.display).toBe('{nicName}');
    expect(a.identity).toBe(param('nicName'));
    expect(a.reason).toBe("parameter 'nicName' has no value");
    expect(isUnknown(a)).toBe(true);
    expect(symbolic(out.b!).display).toBe('{secret}');
  });

  it('int, bool and nullable string parameters stay plain Unknown; object and array ones are symbolic values, not text', () => {
    const out = outputs(
      { n: { type: 'int' }, b: { type: 'bool' }, o: { type: 'object' }, l: { type: 'array' }, s: { type: 'string', nullable: true } },
      {
        n: "[parameters('n')]",
        b: "[parameters('b')]",
        o: "[parameters('o')]",
        l: "[parameters('l')]",
        s: "[parameters('s')]",
        c: "[concat('x', parameters('n'))]",
        co: "[concat('x', parameters('o'))]",
      },
    );
    for (const key of ['n', 'b', 's', 'c', 'co']) expect(plainUnknown(out[key]!).reason).toMatch(/has no value/);
    for (const key of ['o', 'l']) expect(out[key]).toBeInstanceOf(SymbolicValue);
    expect(plainUnknown(out.co!)).not.toBeInstanceOf(SymbolicValue);
  });

  it('a parameter file value wins over the symbol', () => {
    const out = outputs({ nicName: { type: 'string' } }, { a: "[parameters('nicName')]", id: `[resourceId('${NIC}', parameters('nicName'))]` }, { nicName: { value: 'nic-1' } });
    expect(out.a).toBe('nic-1');
    expect(out.id).toBe(`${RG_PREFIX}/${NIC}/nic-1`);
  });

  it('concat, format, string and join build symbolic text with exact display and identity', () => {
    const out = outputs(
      { vm: { type: 'string' }, env: { type: 'string' } },
      {
        concat: "[concat(parameters('vm'), '-nic')]",
        format: "[format('{0}-nic', parameters('vm'))]",
        string: "[string(concat(parameters('vm'), '-nic'))]",
        join: "[join(createArray(parameters('env'), parameters('vm'), 'nic'), '-')]",
        numbered: "[format('{0}-{1}', parameters('vm'), 7)]",
      },
    );
    const concat = symbolic(out.concat!);
    expect(concat.display).toBe('{vm}-nic');
    expect(concat.identity).toBe(`${param('vm')}-nic`);
    expect(symbolic(out.format!).identity).toBe(concat.identity);
    expect(symbolic(out.string!).identity).toBe(concat.identity);
    const join = symbolic(out.join!);
    expect(join.display).toBe('{env}-{vm}-nic');
    expect(join.identity).toBe(`${param('env')}-${param('vm')}-nic`);
    expect(symbolic(out.numbered!).display).toBe('{vm}-7');
  });

  it('toLower/toUpper change the literal parts only and keep the token', () => {
    const out = outputs({ vm: { type: 'string' } }, { lower: "[toLower(concat(parameters('vm'), '-NIC'))]", upper: "[toUpper(concat(parameters('vm'), '-nic'))]" });
    const lower = symbolic(out.lower!);
    expect(lower.display).toBe('{vm}-nic');
    expect(lower.identity).toBe(`${param('vm')}-nic`);
    expect(symbolic(out.upper!).identity).toBe(`${param('vm')}-NIC`);
  });

  it('resourceId with symbolic segments equals the ID built the same way, and differs for another parameter', () => {
    const out = outputs(
      { vnet: { type: 'string' }, subnet: { type: 'string' }, other: { type: 'string' }, rg: { type: 'string' } },
      {
        a: "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('vnet'), parameters('subnet'))]",
        b: "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('vnet'), parameters('subnet'))]",
        c: "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('other'), parameters('subnet'))]",
        nameWithSlash: "[resourceId('Microsoft.Network/virtualNetworks/subnets', concat(parameters('vnet'), '/', parameters('subnet')))]",
        otherGroup: "[resourceId(parameters('rg'), 'Microsoft.Network/virtualNetworks', parameters('vnet'))]",
        symbolicType: "[resourceId(parameters('rg'), parameters('vnet'))]",
      },
    );
    const a = symbolic(out.a!);
    expect(a.display).toBe(`${RG_PREFIX}/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}`);
    expect(a.identity).toBe(`${RG_PREFIX}/Microsoft.Network/virtualNetworks/${param('vnet')}/subnets/${param('subnet')}`);
    expect(symbolic(out.b!).identity).toBe(a.identity);
    expect(symbolic(out.nameWithSlash!).identity).toBe(a.identity);
    expect(symbolic(out.c!).identity).not.toBe(a.identity);
    expect(symbolic(out.otherGroup!).display).toBe('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{vnet}');
    plainUnknown(out.symbolicType!);
  });

  it('uniqueString and guid of symbols are deterministic symbols of their input identity', () => {
    const out = outputs(
      { a: { type: 'string' }, b: { type: 'string' } },
      {
        one: "[uniqueString(parameters('a'), 'x')]",
        same: "[uniqueString(concat(parameters('a'), '-x'))]",
        other: "[uniqueString(parameters('b'), 'x')]",
        guid: "[guid(parameters('a'), 'x')]",
        prefixed: "[concat('st', uniqueString(parameters('a'), 'x'))]",
        known: "[uniqueString('a', 'x')]",
      },
    );
    const one = symbolic(out.one!);
    expect(one.display).toBe('{uniqueString(…)}');
    expect(symbolic(out.same!).identity).toBe(one.identity);
    expect(symbolic(out.other!).identity).not.toBe(one.identity);
    const guid = symbolic(out.guid!);
    expect(guid.display).toBe('{guid(…)}');
    expect(guid.identity).not.toBe(one.identity);
    expect(symbolic(out.prefixed!).identity).toBe(`st${one.identity}`);
    expect(one.identity).not.toContain('/');
    expect(typeof out.known).toBe('string');
  });

  it('comparisons, conditions, lengths and other functions see a plain Unknown', () => {
    const out = outputs(
      { vm: { type: 'string' } },
      {
        equals: "[equals(parameters('vm'), 'x')]",
        contains: "[contains(parameters('vm'), 'x')]",
        length: "[length(parameters('vm'))]",
        substring: "[substring(parameters('vm'), 0, 2)]",
        replace: "[replace(parameters('vm'), 'a', 'b')]",
        split: "[split(parameters('vm'), '-')]",
        empty: "[empty(parameters('vm'))]",
        json: "[json(parameters('vm'))]",
        not: "[not(parameters('vm'))]",
        ifCondition: "[if(equals(parameters('vm'), 'a'), 'b', 'c')]",
        ifOnSymbol: "[if(parameters('vm'), 'b', 'c')]",
        first: "[first(parameters('vm'))]",
        property: "[parameters('vm').name]",
        concatOfLength: "[concat('x', string(length(parameters('vm'))))]",
        aligned: "[format('{0,10}', parameters('vm'))]",
        trim: "[trim(parameters('vm'))]",
      },
    );
    for (const [key, value] of Object.entries(out)) {
      expect([key, value instanceof SymbolicText]).toEqual([key, false]);
      expect(isUnknown(value)).toBe(true);
    }
  });

  it('the taken if branch and the first coalesce value pass a symbol through', () => {
    const out = outputs(
      { vm: { type: 'string' }, n: { type: 'int' } },
      {
        ifTaken: "[if(true(), parameters('vm'), 'other')]",
        coalesce: "[coalesce(json('null'), parameters('vm'), 'other')]",
        coalesceAfterPlain: "[coalesce(parameters('n'), parameters('vm'))]",
      },
    );
    expect(symbolic(out.ifTaken!).display).toBe('{vm}');
    expect(symbolic(out.coalesce!).display).toBe('{vm}');
    plainUnknown(out.coalesceAfterPlain!);
  });

  it('resource names and IDs built from parameters are symbolic and counted apart from resolved names', () => {
    const result = expand({
      parameters: { vnetName: { type: 'string' }, count: { type: 'int' } },
      resources: [
        { type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-04-01', name: "[parameters('vnetName')]", properties: {} },
        { type: 'Microsoft.Network/virtualNetworks/subnets', apiVersion: '2023-04-01', name: "[concat(parameters('vnetName'), '/app')]", properties: {} },
        { type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2023-04-01', name: 'nsg', properties: {} },
        {
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: '2023-04-01',
          name: "[concat(parameters('vnetName'), copyIndex())]",
          copy: { name: 'loop', count: "[parameters('count')]" },
          properties: {},
        },
      ],
    });
    const [vnet, subnet, , looped] = result.resources;
    expect(symbolic(vnet!.id).display).toBe(`${RG_PREFIX}/Microsoft.Network/virtualNetworks/{vnetName}`);
    expect(symbolic(subnet!.id).display).toBe(`${RG_PREFIX}/Microsoft.Network/virtualNetworks/{vnetName}/subnets/app`);
    plainUnknown(looped!.name);
    expect(result.stats).toMatchObject({ resources: 4, namesResolved: 1, namesSymbolic: 2 });
  });

  it('an inner-scope nested template parameter with the same name is another symbol; a passed symbol flows in unchanged', () => {
    const inner = (passed: Record<string, unknown>) => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: `inner-${Object.keys(passed).length}`,
      properties: {
        mode: 'Incremental',
        expressionEvaluationOptions: { scope: 'inner' },
        parameters: passed,
        template: {
          $schema: 'x',
          contentVersion: '1.0.0.0',
          parameters: { nicName: { type: 'string' } },
          resources: [{ type: NIC, apiVersion: '2023-04-01', name: "[parameters('nicName')]", properties: {} }],
        },
      },
    });
    const result = expand({
      parameters: { nicName: { type: 'string' } },
      resources: [
        { type: NIC, apiVersion: '2023-04-01', name: "[parameters('nicName')]", properties: {} },
        inner({}),
        inner({ nicName: { value: "[parameters('nicName')]" } }),
      ],
    });
    const nics = result.resources.filter((r) => r.type === NIC).map((r) => symbolic(r.name));
    expect(nics.map((n) => n.display)).toEqual(['{nicName}', '{nicName}', '{nicName}']);
    const [outer, own, passed] = nics;
    expect(own!.identity).not.toBe(outer!.identity);
    expect(own!.identity).toBe(param('nicName', '/resources/1/properties/template/parameters/nicName'));
    expect(passed!.identity).toBe(outer!.identity);
  });
});
