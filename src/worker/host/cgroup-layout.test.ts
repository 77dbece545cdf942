import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupDirs, memoryCgroupDir, parseCgroupMounts, unmountedV1Hierarchies } from './cgroup-layout';

// A hybrid host as this project's bench host had it: v1 controllers, hugetlb left on v2.
const HYBRID = [
  '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/root rw',
  '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
  '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,release_agent=/lib/systemd/systemd-cgroups-agent,name=systemd',
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
  // The same memory hierarchy bound a second time elsewhere: counted once.
  '90 22 0:32 / /mnt/memory\\040again rw,relatime - cgroup cgroup rw,memory',
].join('\n');

const PURE_V2 = '30 23 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot';

test('each cgroup hierarchy of a mountinfo is found once, with its controllers', () => {
  assert.deepEqual(parseCgroupMounts(HYBRID), [
    { mountPoint: '/sys/fs/cgroup/cpu', v2: false, controllers: ['cpu'] },
    { mountPoint: '/sys/fs/cgroup/memory', v2: false, controllers: ['memory'] },
    { mountPoint: '/sys/fs/cgroup/systemd', v2: false, controllers: ['name=systemd'] },
    { mountPoint: '/sys/fs/cgroup/unified', v2: true, controllers: [] },
  ]);
  assert.deepEqual(parseCgroupMounts(PURE_V2), [{ mountPoint: '/sys/fs/cgroup', v2: true, controllers: [] }]);
});

test("a crun container's cgroups path becomes one dir per hierarchy; memory is v1's where there is one", () => {
  const hybrid = parseCgroupMounts(HYBRID);
  assert.deepEqual(cgroupDirs(hybrid, '/gantry/abc'), [
    '/sys/fs/cgroup/cpu/gantry/abc', '/sys/fs/cgroup/memory/gantry/abc',
    '/sys/fs/cgroup/systemd/gantry/abc', '/sys/fs/cgroup/unified/gantry/abc',
  ]);
  assert.deepEqual(memoryCgroupDir(hybrid, '/gantry/abc'), { dir: '/sys/fs/cgroup/memory/gantry/abc', v2: false });
  assert.deepEqual(memoryCgroupDir(parseCgroupMounts(PURE_V2), '/gantry/abc'), { dir: '/sys/fs/cgroup/gantry/abc', v2: true });
});

test('a v1 hierarchy the kernel has but nothing mounts is found (crun would make plain dirs for it)', () => {
  const procSelfCgroup = ['10:hugetlb:/', '9:name=systemd:/', '4:memory:/a/b', '1:cpu:/', '0::/'].join('\n');
  assert.deepEqual(unmountedV1Hierarchies(procSelfCgroup, parseCgroupMounts(HYBRID)), ['hugetlb']);
  assert.deepEqual(unmountedV1Hierarchies('2:cpuacct,cpu:/\n0::/', [{ mountPoint: '/x', v2: false, controllers: ['cpu', 'cpuacct'] }]), []);
});
