import { deterministicGuid, uniqueString } from '../../src/formats/arm/expression';
import { evaluate } from './host';

describe('uniqueString and guid', () => {
  it('uniqueString matches the ARM test vector bit for bit', () => {
    expect(evaluate("[uniqueString('asd', 'asdf', 'asdf')]")).toBe('iizpqit7ih3cc');
  });

  it('guid matches the ARM test vector bit for bit', () => {
    expect(evaluate("[guid('asdf')]")).toBe('228d27cc-6fdb-5934-b7ac-1efccebade04');
  });

  it('joins arguments with a dash before hashing', () => {
    expect(uniqueString('asd-asdf-asdf')).toBe('iizpqit7ih3cc');
    expect(deterministicGuid('a', 'b')).toBe(deterministicGuid('a-b'));
  });

  it('always yields 13 base32 characters', () => {
    for (const input of ['', 'x', 'abcdefgh', 'abcdefghi', '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/backup-lint-rg']) {
      expect(uniqueString(input)).toMatch(/^[a-z2-7]{13}$/);
    }
  });

  it('newGuid is Unknown', () => {
    expect(evaluate('[newGuid()]')).toMatchObject({ reason: 'newGuid() is only known at deployment time' });
  });
});
