import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { builtValidatorName, compileSchema } from '../../src/config/validate';
import { REPO_ROOT } from '../helpers/run-cli';

// Issue #12: the build writes the validators of the shipped schemas as ajv standalone code (scripts/compile-schemas.js),
// which the command loads instead of compiling the schemas with ajv (~90 ms of every run with a configuration file).
// They must judge every document as the schema compiled at run time does, with the same errors (the messages and
// the lines users see are made from them). The build is in dist/ (npm test builds first).

const built = (schema: string) => require(path.join(REPO_ROOT, 'dist', 'config', builtValidatorName(schema))) as ValidateFunction;
const compiled = (schema: string) => compileSchema(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', schema), 'utf8')) as object);

function verdicts(validate: ValidateFunction, documents: unknown[]) {
  return documents.map((document) => ({ valid: validate(document), errors: validate.errors ?? null }));
}

describe('validators written by the build', () => {
  it('judge configuration files as ajv does at run time, errors included', () => {
    const documents = [
      {},
      { rules: { BL201: 'warning', BL105: { severity: 'error' } }, ignore: ['vendor/**'], limits: { steps: 1000 } },
      { rules: { BL201: 'warnin' } },
      { rules: { bl201: 'warning' } },
      { nope: 1 },
      { suppress: [{ rule: 'BL201', reason: ' ', expires: '2026-13-01' }] },
      { suppress: [{ rule: 'not a rule!', reason: 'ok', expires: 'tomorrow' }] },
      { suppress: [{ rule: 'vm-agent-not-provisioned', reason: 'accepted', resource: '' }] },
      { policies: 'house/', parameters: { 'a.json': 3 }, limits: { steps: -1 } },
      [],
      'rules',
    ];
    const fromBuild = verdicts(built('config.schema.json'), documents);
    expect(fromBuild).toEqual(verdicts(compiled('config.schema.json'), documents));
    expect(fromBuild.filter((v) => !v.valid).length).toBeGreaterThanOrEqual(8);
  });

  it('judge policy files as ajv does at run time, errors included', () => {
    const policy = { id: 'ACME001', name: 'acme-vm-size', title: 'VM size', severity: 'warning', rationale: 'Sizes matter.', subject: 'vm', assert: 'vm.size !== null', message: 'no size' };
    const documents = [policy, { ...policy, id: 'acme1' }, { ...policy, name: 'Acme Size' }, { ...policy, extra: true }, { ...policy, subject: 'group' }, { ...policy, severity: 'fatal' }, { ...policy, docs: 'ftp://x' }, {}];
    const fromBuild = verdicts(built('policy.schema.json'), documents);
    expect(fromBuild).toEqual(verdicts(compiled('policy.schema.json'), documents));
    expect(fromBuild.filter((v) => !v.valid).length).toBeGreaterThanOrEqual(6);
  });
});
