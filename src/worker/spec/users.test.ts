import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveUser } from './users';

const passwd = 'root:x:0:0:root:/root:/bin/sh\nci:x:1000:1000::/home/ci:/bin/sh\n';
const group = 'root:x:0:\nci:x:1000:\ndocker:x:999:ci,other\n';

test('names resolve through passwd, with home and supplementary groups', () => {
  assert.deepEqual(resolveUser('ci', passwd, group), { ok: true, user: { uid: 1000, gid: 1000, home: '/home/ci', additionalGids: [999] } });
  assert.deepEqual(resolveUser(undefined, passwd, group), { ok: true, user: { uid: 0, gid: 0, home: '/root', additionalGids: [] } });
});

test('numeric users need no passwd entry', () => {
  assert.deepEqual(resolveUser('4321:7', passwd, group), { ok: true, user: { uid: 4321, gid: 7, home: '/', additionalGids: [] } });
  assert.deepEqual(resolveUser('1000', passwd, group), { ok: true, user: { uid: 1000, gid: 1000, home: '/home/ci', additionalGids: [999] } });
});

test('unknown names are an error naming the user; root works without a passwd file', () => {
  assert.deepEqual(resolveUser('nobody2', passwd, group), { ok: false, error: 'user "nobody2" is not in the image\'s /etc/passwd' });
  assert.equal(resolveUser('root', '', '').ok, true);
});
