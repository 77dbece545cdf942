import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { authFromLocalUsers, parseTeamConfig } from './team-config';

describe('set-team config file', () => {
  test("turns Concourse's roles file into the API's role map", () => {
    const auth = parseTeamConfig(
      [
        'roles:',
        '- name: owner',
        '  local:',
        '    users: [Admin]',
        '- name: viewer',
        '  local:',
        '    users: [bob]',
        '  github:',
        '    users: [octocat]',
        '    orgs: [acme]',
        '    teams: ["acme:ci"]',
      ].join('\n'),
      'team.yml',
    );
    assert.deepEqual(auth, {
      owner: { users: ['local:admin'], groups: [] },
      viewer: { users: ['local:bob', 'github:octocat'], groups: ['github:acme', 'github:acme:ci'] },
    });
  });

  test('an unknown role is named with the file', () => {
    assert.throws(() => parseTeamConfig('roles:\n- name: boss\n  local: {users: [a]}\n', 't.yml'), /t\.yml: roles\[0\]: unknown role 'boss'/);
  });

  test('a team nobody can log in to is refused with Concourse\'s words', () => {
    assert.throws(() => parseTeamConfig('roles: []\n', 't.yml'), /auth config for the team must not be empty/);
    assert.throws(() => authFromLocalUsers([]), /does not have users and groups configured/);
  });

  test('--local-user makes owners', () => {
    assert.deepEqual(authFromLocalUsers(['Ann']), { owner: { users: ['local:ann'], groups: [] } });
  });
});
