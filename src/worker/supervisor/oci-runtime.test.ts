import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseOciRuntime } from './oci-runtime';

test('the OCI runtime is runc unless crun is asked for; anything else is refused by name', () => {
  assert.equal(chooseOciRuntime(undefined), 'runc');
  assert.equal(chooseOciRuntime(''), 'runc');
  assert.equal(chooseOciRuntime('crun'), 'crun');
  assert.throws(() => chooseOciRuntime('youki'), /the OCI runtime \(GANTRY_RUNTIME\) must be one of runc, crun, not "youki"/);
});
