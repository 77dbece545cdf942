import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { removeDirectly } from './runc-state';

/** Bytes of `file` in the page cache (util-linux's fincore). */
function resident(file: string): number {
  return Number(execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', file], { encoding: 'utf8' }).trim());
}

for (const runtime of ['runc', 'crun'] as const) test(`removing a stopped ${runtime} container also drops the page cache its memory cgroup was charged with`, async () => {
  const v1 = existsSync('/sys/fs/cgroup/memory/cgroup.procs');
  const name = `gantry-test-${randomBytes(4).toString('hex')}`;
  const cgroup = join(v1 ? '/sys/fs/cgroup/memory' : '/sys/fs/cgroup', name);
  const dir = mkdtempSync(join(tmpdir(), 'gantry-runc-state-'));
  try {
    const file = join(dir, 'image-binary');
    writeFileSync(file, randomBytes(8 << 20));
    execFileSync('sync');
    // Out of the cache, then read back from inside the container's cgroup: its pages are
    // now charged there, as an image's binaries are to the first container that runs them.
    execFileSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none']);
    mkdirSync(cgroup);
    execFileSync('sh', ['-c', `echo $$ > ${cgroup}/cgroup.procs && cat ${file} > /dev/null`]);
    assert.ok(resident(file) >= 4 << 20, 'the file is cached, charged to the container cgroup');
    // A stopped container as the runtime leaves it: runc's state.json naming its cgroup
    // directories, or crun's status naming its cgroups path.
    const runcRoot = join(dir, runtime);
    mkdirSync(join(runcRoot, 'c1'), { recursive: true });
    if (runtime === 'runc') {
      writeFileSync(join(runcRoot, 'c1', 'state.json'), JSON.stringify({ cgroup_paths: v1 ? { memory: cgroup } : { '': cgroup } }));
    } else {
      writeFileSync(join(runcRoot, 'c1', 'status'), JSON.stringify({ pid: 0, 'cgroup-path': `/${name}` }));
    }
    assert.equal(await removeDirectly({ runtime, root: runcRoot }, 'c1'), true);
    assert.equal(existsSync(cgroup), false, 'the cgroup is removed');
    assert.equal(existsSync(join(runcRoot, 'c1')), false, 'the state dir is removed');
    // Left cached, those pages would keep the removed cgroup alive in the kernel.
    assert.ok(resident(file) < 1 << 20, `the container's page cache was reclaimed (${resident(file)} bytes left)`);
  } finally {
    try { execFileSync('rmdir', [cgroup], { stdio: 'ignore' }); } catch { /* removed by the test */ }
    rmSync(dir, { recursive: true, force: true });
  }
});
