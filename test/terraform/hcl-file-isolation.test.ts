import { readModule } from './hcl-helpers';

// Issue #13 (3): no input may drop a module's other files. An unexpected failure while reading one file (here
// forced for files containing BOOM) is that file's BL001; the other files are still read.
jest.mock('../../src/formats/terraform/hcl/parser', () => {
  const actual = jest.requireActual('../../src/formats/terraform/hcl/parser');
  return {
    ...actual,
    parseHcl: (parser: unknown, text: string) => {
      if (text.includes('BOOM')) throw new RangeError('boom');
      return actual.parseHcl(parser, text);
    },
  };
});

describe('one .tf file failing unexpectedly', () => {
  it('is that file\'s error only, and the module\'s other files are read', async () => {
    const result = await readModule({ 'a.tf': 'resource "t_r" "a" {}\n', 'b.tf': '# BOOM\n' });
    expect(result.fileErrors).toEqual([{ file: 'app/b.tf', line: 1, column: 1, message: 'internal error while parsing: boom' }]);
    expect(result.resources.map((r) => r.name)).toEqual(['t_r.a']);
  });
});
