import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenSigner, TOKEN_TTL_SECONDS } from './tokens';

const KEY = 'k'.repeat(32);

test('a signed token verifies to the same user; another key or an expired token does not', async () => {
  const signer = new TokenSigner(KEY);
  const token = await signer.sign({ sub: 'local:admin', username: 'admin', connector: 'local' });
  assert.deepEqual(await signer.verify(token), { sub: 'local:admin', username: 'admin', connector: 'local' });
  assert.equal(await new TokenSigner('x'.repeat(32)).verify(token), null);
  const old = await signer.sign({ sub: 'local:a', username: 'a', connector: 'local' }, Date.now() - (TOKEN_TTL_SECONDS + 60) * 1000);
  assert.equal(await signer.verify(old), null);
  assert.equal(await signer.verify('not.a.jwt'), null);
});

test('a signing key shorter than 32 bytes is refused', () => {
  assert.throws(() => new TokenSigner('short'), /at least 32 bytes/);
});

test('a token verified before is still refused once it expires (the verified-token cache honours expiry)', async () => {
  const signer = new TokenSigner(KEY);
  const t0 = Date.now();
  const token = await signer.sign({ sub: 'local:admin', username: 'admin', connector: 'local' }, t0);
  assert.equal((await signer.verify(token, t0))?.username, 'admin');
  assert.equal((await signer.verify(token, t0 + 1000))?.username, 'admin');
  assert.equal(await signer.verify(token, t0 + (TOKEN_TTL_SECONDS + 1) * 1000), null);
  // A token changed by one character is not the cached one.
  const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
  assert.equal(await signer.verify(forged, t0), null);
});
