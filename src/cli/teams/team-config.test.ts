import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { authFromLocalUsers, parseTeamConfig, TeamConfigError } from './team-config';

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

  test('an unknown role is named with the file, line, column and field', () => {
    assert.throws(() => parseTeamConfig('roles:\n- name: boss\n  local: {users: [a]}\n', 't.yml'), {
      message: "t.yml:2:9: error: roles[0].name: unknown role 'boss' (roles are owner, member, pipeline-operator, viewer)",
    });
  });

  test('every mistake is listed at once, each at its place', () => {
    const text = [
      'roles:', //                       1
      '- name: owner', //                2
      '  local: {users: [a]}', //        3
      '- name: wizard', //               4
      '  local: {users: [b]}', //        5
      '- nme: viewer', //                6
      '- name: member', //               7
      '  local: {users: bob}', //        8
      '  github: [acme]', //             9
    ].join('\n');
    let lines: string[] = [];
    try {
      parseTeamConfig(text, 'team.yml');
    } catch (err) {
      assert.ok(err instanceof TeamConfigError);
      lines = err.lines;
    }
    assert.deepEqual(lines, [
      "team.yml:4:9: error: roles[1].name: unknown role 'wizard' (roles are owner, member, pipeline-operator, viewer)",
      "team.yml:6:3: error: roles[2].name: unknown role '' (roles are owner, member, pipeline-operator, viewer)",
      'team.yml:8:18: error: roles[3].local.users: must be a list',
      'team.yml:9:11: error: roles[3].github: must be a mapping of users, groups, orgs or teams',
    ]);
  });

  test('bad YAML and a missing roles list say where', () => {
    assert.throws(() => parseTeamConfig('roles: [\n', 't.yml'), { message: /^t\.yml:2:1: error: Flow sequence/ });
    assert.throws(() => parseTeamConfig('rolez: []\n', 't.yml'), { message: "t.yml:1:1: error: expected a 'roles' list" });
    assert.throws(() => parseTeamConfig('roles: {owner: x}\n', 't.yml'), { message: "t.yml:1:8: error: roles: expected a 'roles' list" });
  });

  test('a role listed twice keeps the users of both entries', () => {
    const auth = parseTeamConfig('roles:\n- name: owner\n  local: {users: [a]}\n- name: owner\n  local: {users: [b]}\n', 't.yml');
    assert.deepEqual(auth, { owner: { users: ['local:a', 'local:b'], groups: [] } });
  });

  test('a team nobody can log in to is refused with Concourse\'s words', () => {
    assert.throws(() => parseTeamConfig('roles: []\n', 't.yml'), /auth config for the team must not be empty/);
    assert.throws(() => authFromLocalUsers([]), /does not have users and groups configured/);
  });

  test('--local-user makes owners', () => {
    assert.deepEqual(authFromLocalUsers(['Ann']), { owner: { users: ['local:ann'], groups: [] } });
  });
});
