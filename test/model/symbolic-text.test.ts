import fc from 'fast-check';
import { SymbolicText, symbolicIdKey, type SymbolicPart } from '../../src/model/unknown';

// Issue #12: a symbolic text keeps only its parts; its display and identity are made when asked, and its index key
// straight from the parts. Joins by ID depend on the key: it must be what it always was, the identity with its
// literal segments lower-cased and its tokens exact.
const MARK = '\u0001';

function keyFromIdentity(text: SymbolicText): string {
  return text.identity
    .split(MARK)
    .map((segment, index) => (index % 2 === 0 ? segment.toLowerCase() : segment))
    .join(MARK);
}

const token = fc.record({ display: fc.string(), identity: fc.string().map((s) => s.replace(/[\u0001/%]/g, '_')) });
const part: fc.Arbitrary<SymbolicPart> = fc.oneof(fc.string(), token);

describe('SymbolicText', () => {
  it('shows and identifies texts by their parts: literals merged, tokens marked', () => {
    const text = new SymbolicText(['/Subs/', { display: '{vmName}', identity: 'main.json#/parameters/vmName' }, '-', 'NIC'], 'deploy-time input');
    expect(text.parts).toEqual(['/Subs/', { display: '{vmName}', identity: 'main.json#/parameters/vmName' }, '-NIC']);
    expect(text.display).toBe('/Subs/{vmName}-NIC');
    expect(text.identity).toBe(`/Subs/${MARK}main.json#/parameters/vmName${MARK}-NIC`);
    expect(symbolicIdKey(text)).toBe(`/subs/${MARK}main.json#/parameters/vmName${MARK}-nic`);
  });

  it('keys a text as its identity with literal segments lower-cased, tokens adjacent or not', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const text = new SymbolicText([...parts, { display: '{x}', identity: 'X#Y' }], 'deploy-time input');
        expect(symbolicIdKey(text)).toBe(keyFromIdentity(text));
      }),
    );
  });
});
