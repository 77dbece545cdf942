// The reaper learns which child ended from a pidfd per child (O(1) per exit, where a
// waitpid(-1) scans every child); where it cannot have one (too few descriptors), it falls
// back to scanning, and every container's exit still arrives with its own status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuncRuntime } from '../src/worker';
import type { Container } from '../src/ports/worker-runtime';
import { busyboxRootfs } from './testkit/busybox-rootfs';

const LIVE = 30;

/** Opens a runtime whose reaper may watch at most `cap` children through pidfds. */
async function openRuntime(workDir: string, cap?: number): Promise<RuncRuntime> {
  if (cap === undefined) return RuncRuntime.open({ workDir });
  process.env.GANTRY_REAPER_PIDFD_CAP = String(cap);
  try {
    return await RuncRuntime.open({ workDir });
  } finally {
    delete process.env.GANTRY_REAPER_PIDFD_CAP;
  }
}

/** LIVE containers up at once, released together: each exit code must come back, and the
 *  reaper's open descriptors are counted while they are all live. */
async function exitsWhileLive(cap?: number): Promise<{ reaperFds: number }> {
  const workDir = mkdtempSync(join(tmpdir(), 'gantry-reaper-fds-'));
  const rt = await openRuntime(workDir, cap);
  try {
    const gate = await rt.volumes.create();
    const containers: Container[] = [];
    for (let i = 0; i < LIVE; i++) {
      const c = await rt.create({
        rootfs: { path: busyboxRootfs() }, path: 'sh',
        args: ['-c', `while [ ! -e /gate/open ]; do sleep 0.2; done; exit ${i % 7}`],
        mounts: [{ volume: gate.handle, destination: '/gate', readOnly: true }],
      });
      await c.start();
      containers.push(c);
    }
    const init = Number(readFileSync(join(workDir, 'containers', containers[0]!.handle, 'pid'), 'utf8'));
    const reaper = Number(readFileSync(`/proc/${init}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
    const reaperFds = readdirSync(`/proc/${reaper}/fd`).length;
    writeFileSync(join(gate.path, 'open'), '');
    const exits = await Promise.all(containers.map((c) => c.wait()));
    assert.deepEqual(exits.map((e) => e.exitCode), containers.map((_, i) => i % 7));
    for (const c of containers) await rt.destroy(c.handle);
    await rt.volumes.destroy(gate.handle);
    return { reaperFds };
  } finally {
    await rt.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

test(`the reaper watches each of ${LIVE} live containers through a pidfd of its own`, { timeout: 120_000 }, async () => {
  const { reaperFds } = await exitsWhileLive();
  assert.ok(reaperFds >= LIVE, `the reaper held ${reaperFds} descriptors for ${LIVE} live containers`);
});

test('with pidfds for only a few containers (as when out of descriptors), every exit still arrives, by scanning', { timeout: 120_000 }, async () => {
  const { reaperFds } = await exitsWhileLive(3);
  assert.ok(reaperFds < 3 + 10, `at most 3 pidfds beside the reaper's own descriptors: ${reaperFds}`);
});
