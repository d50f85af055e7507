import { evaluateBody } from '../../src/formats/arm/expand/body';
import { testHost } from './host';

// Subtrees without expressions evaluate to themselves and are shared, not copied (issue #12): small ones are walked
// again when asked again, large ones remembered, and either way an expression deep inside is still evaluated.
describe('evaluateBody and static subtrees', () => {
  const context = { host: testHost({ variables: { v: 'x' } }) };
  const large = (leaf: unknown) => ({ items: Array.from({ length: 40 }, (_, i) => ({ i, tags: { a: 'b' } })), leaf });

  it.each([
    ['small', { a: { b: 'c' } }],
    ['large', large('plain')],
  ])('returns a %s static subtree itself, the second time too', (_size, raw) => {
    const body = { static: raw, dynamic: "[variables('v')]" };
    for (let run = 0; run < 2; run++) {
      const result = evaluateBody(body, context) as Record<string, unknown>;
      expect(result['static']).toBe(raw);
      expect(result['dynamic']).toBe('x');
    }
  });

  it('evaluates an expression deep in a large subtree, and copies only the path to it', () => {
    const raw = large({ deep: { value: "[concat(variables('v'), 'y')]" } });
    for (let run = 0; run < 2; run++) {
      const result = evaluateBody(raw, context) as { items: unknown[]; leaf: { deep: { value: unknown } } };
      expect(result).not.toBe(raw);
      expect(result.leaf.deep.value).toBe('xy');
      expect(result.items[3]).toBe(raw.items[3]);
    }
  });

  it('keeps a `[[` escape and a property copy from being shared as static', () => {
    const escaped = { text: '[[not an expression]' };
    expect(evaluateBody(escaped, context)).toEqual({ text: '[not an expression]' });
    const copy = { copy: [{ name: 'disks', count: 2, input: { lun: "[copyIndex('disks')]" } }] };
    expect(evaluateBody(copy, context)).toEqual({ disks: [{ lun: 0 }, { lun: 1 }] });
  });
});
