import { fqdnsCoverStorage } from '../../../src/model/builders/terraform/firewall';
import { isUnknown, unknown } from '../../../src/model/unknown';

describe('an application rule FQDN pattern lets backup reach Azure Storage blob endpoints', () => {
  it.each([
    [['*'], true],
    [['*.blob.core.windows.net'], true],
    [['*.core.windows.net'], true],
    [['*.docker.io', '*'], true],
    [['*.microsoft.com'], false],
    [['*azure.com'], false],
    [['www.bing.com'], false],
    [[], false],
  ])('%j: %s', (patterns, expected) => {
    expect(fqdnsCoverStorage(patterns)).toBe(expected);
  });

  it('an unknown pattern is Unknown unless another covers it', () => {
    expect(isUnknown(fqdnsCoverStorage([unknown('a parameter')]))).toBe(true);
    expect(fqdnsCoverStorage([unknown('a parameter'), '*'])).toBe(true);
  });
});
