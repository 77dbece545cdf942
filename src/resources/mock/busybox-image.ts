// A runnable image (Concourse's `rootfs/` + `metadata.json`) made from the worker's own
// static busybox, so `mirror_self` works offline. Built once per process in a private dir
// and copied into each volume that asks for it.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_MARKER, BuiltinFailure } from '../builtin/types';

/** Where the worker's busybox is looked for; the first that exists wins. */
const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

let template: string | undefined;

function findBusybox(): string {
  const found = BUSYBOX_CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new BuiltinFailure('failed to mirror self: no static busybox on this worker (install busybox-static)');
  return found;
}

function buildTemplate(): string {
  const busybox = findBusybox();
  const base = mkdtempSync(join(tmpdir(), 'gantry-mock-image-'));
  process.on('exit', () => rmSync(base, { recursive: true, force: true }));
  const root = join(base, 'rootfs');
  for (const d of ['bin', 'etc', 'tmp', 'proc', 'sys', 'dev', 'root', 'var', 'opt/resource']) mkdirSync(join(root, d), { recursive: true });
  chmodSync(join(root, 'tmp'), 0o1777);
  copyFileSync(busybox, join(root, 'bin/busybox'));
  chmodSync(join(root, 'bin/busybox'), 0o755);
  const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && !a.includes('/'));
  for (const applet of applets) if (applet !== 'busybox') symlinkSync('busybox', join(root, 'bin', applet));
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  // As in Concourse, the mirrored image is the mock resource itself: its scripts are the
  // built-in mock, which the runner runs in process when it sees the marker.
  for (const script of ['check', 'in', 'out']) {
    writeFileSync(join(root, 'opt/resource', script),
      '#!/bin/sh\necho "this image\'s resource scripts run inside the Gantry worker (built-in mock)" >&2\nexit 1\n', { mode: 0o755 });
  }
  writeFileSync(join(root, BUILTIN_MARKER), 'mock\n');
  return root;
}

/** Writes `rootfs/` and `metadata.json` into `dest`, as mock's mirror_self does. */
export async function writeMirroredImage(dest: string, version: string): Promise<void> {
  template ??= buildTemplate();
  await cp(template, join(dest, 'rootfs'), { recursive: true, verbatimSymlinks: true });
  writeFileSync(join(dest, 'metadata.json'), JSON.stringify({ env: [`MIRRORED_VERSION=${version}`], user: 'root' }) + '\n');
}
