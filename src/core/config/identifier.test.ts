import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkIdentifier } from './identifier';

test('valid identifiers pass, in any script', () => {
  for (const ok of ['build', 'unit-tests', 'v1.2_x', '9lives', 'déploiement', '构建']) assert.equal(checkIdentifier(ok), undefined, ok);
});

test('an empty name is an error; other violations are warnings with Concourse wording', () => {
  assert.deepEqual(checkIdentifier(''), { severity: 'error', message: 'identifier cannot be an empty string' });
  assert.deepEqual(checkIdentifier('Build'), {
    severity: 'warning',
    message: "'Build' is not a valid identifier: must start with a lowercase letter or a number",
  });
  assert.deepEqual(checkIdentifier('build app'), { severity: 'warning', message: "'build app' is not a valid identifier: illegal character ' '" });
  assert.deepEqual(checkIdentifier('42'), { severity: 'warning', message: "'42' is not a valid identifier: cannot be just numbers" });
});
