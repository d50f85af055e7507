import { format, FORMATS } from '../../src/report';
import { makeColors } from '../../src/report/color';
import { CATALOGUE, finding, resultOf } from './sample';

const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202e]/;

describe('every format', () => {
  const hostile = finding({
    file: 'infra/\u001b[2Jvm.json',
    message: 'VM \u001b]0;pwned\u0007 \u202eevil\u0000',
    resource: { type: 'Microsoft.Compute/virtualMachines', name: 'web\u001b[31m-01' },
    related: [{ file: 'nsg\u0008.json', line: 3, column: 1, message: 'rule \u009b1m' }],
  });
  const suppressed = { ...finding({ line: 40, endLine: 40 }), suppression: { kind: 'inline' as const, reason: 'vendor \u001b[5m image', file: 'infra/vm.json', line: 39 } };
  const result = { ...resultOf([hostile], [suppressed]), suppressionWarnings: ['main.tf:3: no reason \u001b[1m'], policyErrors: ['p.yaml:1:1: bad \u0007'] };

  for (const name of FORMATS) {
    it(`${name}: prints no control or bidi character from the repository`, () => {
      const out = format(name, result, CATALOGUE, { colors: makeColors(false), explain: true });
      expect(out.length).toBeGreaterThan(0);
      expect(CONTROLS.exec(out)).toBeNull();
    });
  }
});
