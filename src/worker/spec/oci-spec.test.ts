import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { INIT_PATH_IN_CONTAINER, ociSpec, type OciSpecInput } from './oci-spec';
import { capsFromMask, MASKED_PATHS, UNPRIVILEGED_CAPS } from './profiles';

const base: OciSpecInput = {
  handle: 'c1', rootfsPath: '/w/containers/c1/rootfs', path: 'make', args: ['test'],
  env: { A: 'b' }, cwd: '/tmp/build/x', uid: 1000, gid: 1001, mounts: [],
  privileged: false, hermetic: false, cgroupsPath: '/gantry/c1', swapLimit: true,
};

describe('ociSpec', () => {
  test('the default profile is unprivileged: reduced caps, masked and read-only paths, no new privileges', () => {
    const s = ociSpec(base);
    assert.deepEqual(s.process.capabilities.effective, [...UNPRIVILEGED_CAPS]);
    assert.deepEqual(s.process.capabilities.ambient, []);
    assert.ok(!s.process.capabilities.bounding.includes('CAP_SYS_ADMIN'));
    assert.equal(s.process.noNewPrivileges, true);
    assert.deepEqual(s.linux.maskedPaths, [...MASKED_PATHS]);
    assert.ok(s.linux.readonlyPaths.includes('/proc/sys'));
    assert.ok(s.mounts.find((m) => m.destination === '/sys')!.options.includes('ro'));
    assert.deepEqual(s.linux.resources.devices[0], { allow: false, access: 'rwm' });
    assert.equal(s.linux.seccomp!.defaultAction, 'SCMP_ACT_ALLOW');
    assert.ok(s.linux.seccomp!.syscalls[0]!.names.includes('unshare'));
    assert.ok(s.linux.seccomp!.syscalls.some((r) => r.names[0] === 'clone' && r.args?.[0]?.value === 0x10000000));
  });

  test('privileged gets every capability the host has, writable /sys and no masks', () => {
    const s = ociSpec({ ...base, privileged: true, hostCaps: ['CAP_CHOWN', 'CAP_SYS_ADMIN', 'CAP_NOT_A_CAP'] });
    assert.deepEqual(s.process.capabilities.bounding, ['CAP_CHOWN', 'CAP_SYS_ADMIN']);
    assert.equal(s.process.noNewPrivileges, false);
    assert.deepEqual(s.linux.maskedPaths, []);
    assert.ok(!s.mounts.find((m) => m.destination === '/sys')!.options.includes('ro'));
    assert.deepEqual(s.linux.resources.devices, [{ allow: true, access: 'rwm' }]);
    assert.equal(s.linux.seccomp, undefined);
  });

  test('unprivileged caps are also cut to what the host has', () => {
    const s = ociSpec({ ...base, hostCaps: ['CAP_CHOWN', 'CAP_KILL'] });
    assert.deepEqual(s.process.capabilities.permitted, ['CAP_CHOWN', 'CAP_KILL']);
  });

  test('user, cwd, env (with a default PATH) and argv', () => {
    const s = ociSpec({ ...base, additionalGids: [5] });
    assert.deepEqual(s.process.user, { uid: 1000, gid: 1001, additionalGids: [5] });
    assert.equal(s.process.cwd, '/tmp/build/x');
    assert.deepEqual(s.process.args, ['make', 'test']);
    assert.ok(s.process.env.includes('A=b'));
    assert.ok(s.process.env.some((e) => e.startsWith('PATH=/usr/local/sbin:')));
    assert.deepEqual(ociSpec({ ...base, env: { PATH: '/opt/bin' } }).process.env.filter((e) => e.startsWith('PATH=')), ['PATH=/opt/bin']);
  });

  test('the init, when given, is bind-mounted read-only and runs the task', () => {
    const s = ociSpec({ ...base, initHostPath: '/opt/gantry/init' });
    assert.deepEqual(s.process.args, [INIT_PATH_IN_CONTAINER, 'make', 'test']);
    const m = s.mounts.find((x) => x.destination === INIT_PATH_IN_CONTAINER)!;
    assert.equal(m.source, '/opt/gantry/init');
    assert.ok(m.options.includes('ro'));
  });

  test('volume mounts are bind mounts, rw or ro, parents before children', () => {
    const s = ociSpec({ ...base, mounts: [
      { source: '/v/b', destination: '/tmp/build/x/in/sub', readOnly: true },
      { source: '/v/a', destination: '/tmp/build/x/in', readOnly: false },
    ] });
    const binds = s.mounts.filter((m) => m.source.startsWith('/v/'));
    assert.deepEqual(binds.map((m) => [m.destination, m.options]), [
      ['/tmp/build/x/in', ['rbind', 'rw']],
      ['/tmp/build/x/in/sub', ['rbind', 'ro']],
    ]);
  });

  test('a copy-on-write volume mount becomes an overlay mounted inside the container', () => {
    const s = ociSpec({ ...base, mounts: [{ source: '/v/a/data', destination: '/in', readOnly: false,
      overlay: { lower: ['/v/a/data'], upper: '/c/mounts/0/upper', work: '/c/mounts/0/work' } }] });
    assert.deepEqual(s.mounts.find((m) => m.destination === '/in'), {
      destination: '/in', type: 'overlay', source: 'overlay',
      options: ['lowerdir=/v/a/data', 'upperdir=/c/mounts/0/upper', 'workdir=/c/mounts/0/work'],
    });
  });

  test('memory limit (with swap when the host limits it), cpu shares and pids', () => {
    const s = ociSpec({ ...base, memoryBytes: 64 << 20, cpuShares: 512, pids: 100 });
    assert.deepEqual(s.linux.resources.memory, { limit: 64 << 20, swap: 64 << 20 });
    assert.deepEqual(s.linux.resources.cpu, { shares: 512 });
    assert.deepEqual(s.linux.resources.pids, { limit: 100 });
    assert.deepEqual(ociSpec({ ...base, memoryBytes: 1024, swapLimit: false }).linux.resources.memory, { limit: 1024 });
    assert.equal(ociSpec(base).linux.resources.memory, undefined);
    assert.equal(s.linux.cgroupsPath, '/gantry/c1');
  });

  test('hermetic adds a network namespace; otherwise the host network and its resolv files are shared', () => {
    const files = { resolvConf: '/etc/resolv.conf', hosts: '/etc/hosts' };
    const open = ociSpec({ ...base, resolvFiles: files });
    assert.ok(!open.linux.namespaces.some((n) => n.type === 'network'));
    assert.ok(open.mounts.some((m) => m.destination === '/etc/resolv.conf'));
    const sealed = ociSpec({ ...base, hermetic: true, resolvFiles: files });
    assert.ok(sealed.linux.namespaces.some((n) => n.type === 'network'));
    assert.ok(!sealed.mounts.some((m) => m.destination === '/etc/resolv.conf'));
    assert.deepEqual(open.linux.namespaces.map((n) => n.type), ['pid', 'ipc', 'uts', 'mount']);
  });

  test('a copy-on-write root is an overlay mounted at "/" before every other mount', () => {
    const s = ociSpec({ ...base, rootfsOverlay: { lower: ['/img/a', '/img/b'], upper: '/c/upper', work: '/c/work' } });
    assert.deepEqual(s.mounts[0], {
      destination: '/', type: 'overlay', source: 'overlay',
      options: ['lowerdir=/img/a:/img/b', 'upperdir=/c/upper', 'workdir=/c/work'],
    });
    assert.equal(ociSpec(base).mounts[0]!.destination, '/proc');
  });

  test('capsFromMask reads a CapBnd mask', () => {
    assert.deepEqual(capsFromMask('0000000000200001'), ['CAP_CHOWN', 'CAP_SYS_ADMIN']);
  });
});
