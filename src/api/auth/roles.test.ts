import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rolesAllow } from './roles';
import { Access } from './access';

test('a viewer reads but may not save or destroy a pipeline; a member may', () => {
  assert.equal(rolesAllow(['viewer'], 'GetPipeline'), true);
  assert.equal(rolesAllow(['viewer'], 'SaveConfig'), false);
  assert.equal(rolesAllow(['viewer'], 'DeletePipeline'), false);
  assert.equal(rolesAllow(['member'], 'SaveConfig'), true);
  assert.equal(rolesAllow(['member'], 'DeletePipeline'), true);
});

test('a pipeline operator pauses pipelines but cannot set them or change the team', () => {
  assert.equal(rolesAllow(['pipeline-operator'], 'PausePipeline'), true);
  assert.equal(rolesAllow(['pipeline-operator'], 'SaveConfig'), false);
  assert.equal(rolesAllow(['member'], 'SetTeam'), false);
  assert.equal(rolesAllow(['owner'], 'SetTeam'), true);
});

test('owners of the main team are admins; roles come from team auth users local:NAME', () => {
  const teams = [
    { name: 'main', auth: { owner: { users: ['local:admin'], groups: [] } } },
    { name: 'dev', auth: { viewer: { users: ['local:alice', 'bob'], groups: [] } } },
  ];
  const admin = Access.forUser({ sub: 'local:admin', username: 'admin', connector: 'local' }, teams);
  assert.equal(admin.isAdmin, true);
  assert.equal(admin.can('dev', 'DeletePipeline'), true);
  const bob = Access.forUser({ sub: 'local:bob', username: 'bob', connector: 'local' }, teams);
  assert.equal(bob.isAdmin, false);
  assert.deepEqual(bob.rolesOn('dev'), ['viewer']);
  assert.equal(bob.can('main', 'GetPipeline'), false);
  assert.throws(() => bob.require('main', 'GetPipeline'), { status: 404 });
  assert.throws(() => bob.require('dev', 'SaveConfig'), { status: 403 });
  assert.throws(() => Access.anonymous().require('dev', 'GetPipeline'), { status: 401 });
});
