// A minimal root filesystem for tests: the static busybox, its applets as symlinks in
// /bin, and /etc/passwd + /etc/group with root and an unprivileged `nobody`-like user.
// Built once per test process in a temp dir, removed when the process exits.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BUSYBOX = '/bin/busybox';
/** The unprivileged user every busybox rootfs has. */
export const TEST_USER = { name: 'gantry', uid: 1000, gid: 1000, home: '/home/gantry' };

let built: string | undefined;

/** The path of this process's busybox rootfs (built on first call). Treat it as read-only. */
export function busyboxRootfs(): string {
  if (built) return built;
  const base = mkdtempSync(join(tmpdir(), 'gantry-busybox-'));
  const root = join(base, 'rootfs');
  buildRootfs(root);
  process.on('exit', () => rmSync(base, { recursive: true, force: true }));
  built = root;
  return root;
}

export function buildRootfs(root: string): void {
  for (const dir of ['bin', 'etc', 'tmp', 'proc', 'sys', 'dev', 'root', 'var', TEST_USER.home.slice(1)]) {
    mkdirSync(join(root, dir), { recursive: true });
  }
  chmodSync(join(root, 'tmp'), 0o1777);
  copyFileSync(BUSYBOX, join(root, 'bin/busybox'));
  chmodSync(join(root, 'bin/busybox'), 0o755);
  const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const applet of applets) {
    if (applet === 'busybox' || applet.includes('/')) continue;
    symlinkSync('busybox', join(root, 'bin', applet));
  }
  writeFileSync(join(root, 'etc/passwd'),
    `root:x:0:0:root:/root:/bin/sh\n${TEST_USER.name}:x:${TEST_USER.uid}:${TEST_USER.gid}:test user:${TEST_USER.home}:/bin/sh\n` +
    'nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(join(root, 'etc/group'), `root:x:0:\n${TEST_USER.name}:x:${TEST_USER.gid}:\nnogroup:x:65534:\n`);
  execFileSync('chown', [`${TEST_USER.uid}:${TEST_USER.gid}`, join(root, TEST_USER.home.slice(1))]);
}
