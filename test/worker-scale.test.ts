// Supervision at volume: many detached containers under the one reaper, each reporting its
// own exit code, and nothing left behind afterwards or across a worker restart. On the OCI
// runtime $GANTRY_RUNTIME names (runc by default; worker-scale-crun.test.ts runs it on crun).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseOciRuntime, RuncRuntime } from '../src/worker';
import type { Container } from '../src/ports/worker-runtime';
import { busyboxRootfs } from './testkit/busybox-rootfs';

const RUNTIME = chooseOciRuntime();

/** The containers the runtime itself still knows of. */
function runcList(workDir: string): unknown[] {
  const out = execFileSync(RUNTIME, ['--root', join(workDir, 'runc'), 'list', '--format', 'json'], { encoding: 'utf8' });
  return (JSON.parse(out.trim() || 'null') as unknown[] | null) ?? [];
}

function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '').filter((p) => p.startsWith(dir));
}

/** Pids still running (a zombie waiting for the host's PID 1 to reap it counts as dead). */
function pidsAlive(pids: number[]): number[] {
  return pids.filter((p) => {
    try { return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${p}/stat`, 'utf8')); } catch { return false; }
  });
}

async function inParallel<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) { const i = next++; out[i] = await fn(i); }
  }));
  return out;
}

test(`200 detached ${RUNTIME} containers run at once, each reaped with its own exit code, nothing left behind`, { timeout: 300_000 }, async () => {
  const workDir = mkdtempSync(join(tmpdir(), 'gantry-scale-'));
  const rt = await RuncRuntime.open({ workDir });
  try {
    // Every container stays alive until all have started, so 200 are live at once.
    const gate = await rt.volumes.create();
    const containers = await inParallel(200, 8, async (i) => {
      const c = await rt.create({
        rootfs: { path: busyboxRootfs() }, path: 'sh',
        args: ['-c', `while [ ! -e /gate/open ]; do sleep 0.5; done; echo n=${i}; exit ${i % 7}`],
        mounts: [{ volume: gate.handle, destination: '/gate', readOnly: true }],
      });
      await c.start();
      return c;
    });
    assert.equal(runcList(workDir).length, 200);
    assert.equal(rt.list().filter((c) => c.state === 'running').length, 200);
    execFileSync('touch', [join(gate.path, 'open')]);
    const exits = await Promise.all(containers.map((c) => c.wait()));
    assert.deepEqual(exits.map((e) => e.exitCode), containers.map((_, i) => i % 7));
    const outputs = await Promise.all(containers.map(async (c) => {
      let s = '';
      for await (const chunk of c.stdout()) s += Buffer.from(chunk).toString();
      return s;
    }));
    assert.deepEqual(outputs, containers.map((_, i) => `n=${i}\n`));
    await inParallel(200, 8, (i) => rt.destroy(containers[i]!.handle));
    await rt.volumes.destroy(gate.handle);
    assert.deepEqual(runcList(workDir), []);
    assert.deepEqual(mountsUnder(workDir), []);
    assert.deepEqual(readdirSync(join(workDir, 'containers')), []);
    assert.deepEqual(rt.list(), []);
  } finally {
    await rt.close();
    rmSync(workDir, { recursive: true, force: true });
  }
});

test(`a restarted worker removes the ${RUNTIME} containers and mounts a previous run left`, { timeout: 60_000 }, async () => {
  const workDir = mkdtempSync(join(tmpdir(), 'gantry-restart-'));
  const first = await RuncRuntime.open({ workDir });
  const cache = await first.volumes.create({ handle: 'task-cache', properties: { job: 'j', step: 's' } });
  writeFileSync(join(cache.path, 'kept'), 'across restarts');
  const child = await first.volumes.createChild(cache.handle, { handle: 'cow-child' });
  writeFileSync(join(child.path, 'own'), 'child only');
  const live: Container[] = [];
  for (let i = 0; i < 5; i++) {
    const c = await first.create({ rootfs: { path: busyboxRootfs() }, path: 'sleep', args: ['1000'] });
    await c.start();
    live.push(c);
  }
  const pids = live.map((c) => Number(readFileSync(join(workDir, 'containers', c.handle, 'pid'), 'utf8')));
  await first.close(); // as if the worker died: the containers outlive it
  execFileSync('umount', [child.path]); // as after a reboot: the overlay must be mounted again
  assert.equal(pidsAlive(pids).length, 5);
  assert.equal(runcList(workDir).length, 5);

  const second = await RuncRuntime.open({ workDir });
  try {
    assert.deepEqual(runcList(workDir), []);
    assert.deepEqual(mountsUnder(join(workDir, 'containers')), []);
    assert.deepEqual(readdirSync(join(workDir, 'containers')), []);
    for (let i = 0; i < 50 && pidsAlive(pids).length; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(pidsAlive(pids), []);
    // Volumes are the web node's to collect: they survive, copy-on-write children re-mounted.
    assert.deepEqual(second.volumes.lookup('task-cache')?.properties, { job: 'j', step: 's' });
    assert.equal(readFileSync(join(second.volumes.lookup('task-cache')!.path, 'kept'), 'utf8'), 'across restarts');
    const again = second.volumes.lookup('cow-child')!;
    assert.equal(readFileSync(join(again.path, 'kept'), 'utf8'), 'across restarts');
    assert.equal(readFileSync(join(again.path, 'own'), 'utf8'), 'child only');
    assert.equal(existsSync(join(cache.path, 'own')), false);
    await second.volumes.destroy('cow-child');
    await second.volumes.destroy('task-cache');
    assert.deepEqual(mountsUnder(workDir), []);
  } finally {
    await second.close();
    rmSync(workDir, { recursive: true, force: true });
  }
});
