// The example's "git image": a root filesystem dir with the host's static busybox and the
// host's git (its binary and the shared libraries ldd names), for the tasks that commit
// artifacts. Built offline from what the host has (Debian's busybox-static and git), once:
// a `.complete` marker written last means a crash mid-build is rebuilt on the next start.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'];
const GIT = ['/usr/bin/git', '/bin/git'];

function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => existsSync(p));
}

/** What the host lacks to build the image, as the apt packages to install. */
export function missingImageTools(): string[] {
  const missing: string[] = [];
  if (!firstExisting(BUSYBOX)) missing.push('busybox-static');
  if (!firstExisting(GIT)) missing.push('git');
  return missing;
}

/** The shared libraries (and the loader) a binary needs, from `ldd`. */
function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const libs: string[] = [];
  for (const line of out.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m) libs.push(m[1]!);
  }
  return libs;
}

function copyInto(root: string, hostPath: string, as = hostPath): void {
  const dest = join(root, as);
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(hostPath, dest);
  chmodSync(dest, 0o755);
}

function build(root: string): void {
  const busybox = firstExisting(BUSYBOX)!;
  const git = firstExisting(GIT)!;
  for (const d of ['bin', 'usr/bin', 'etc', 'tmp', 'proc', 'sys', 'dev', 'root', 'var']) mkdirSync(join(root, d), { recursive: true });
  chmodSync(join(root, 'tmp'), 0o1777);
  copyInto(root, busybox, '/bin/busybox');
  const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && !a.includes('/'));
  for (const applet of applets) if (applet !== 'busybox') symlinkSync('busybox', join(root, 'bin', applet));
  copyInto(root, git, '/usr/bin/git');
  for (const lib of sharedLibraries(git)) copyInto(root, lib);
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  // Volumes are made by root and tasks run as root; this only quiets git's ownership check.
  writeFileSync(join(root, 'etc/gitconfig'), '[safe]\n\tdirectory = *\n[init]\n\tdefaultBranch = main\n[gc]\n\tauto = 0\n');
}

/** Returns the rootfs path, building it first when missing. */
export function ensureGitImage(exampleDir: string): string {
  const dir = join(exampleDir, 'images', 'git');
  const rootfs = join(dir, 'rootfs');
  if (existsSync(join(dir, '.complete'))) return rootfs;
  const staging = join(dir, `rootfs.building-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  build(staging);
  rmSync(rootfs, { recursive: true, force: true });
  renameSync(staging, rootfs);
  writeFileSync(join(dir, '.complete'), 'git image for the component-release example\n');
  return rootfs;
}
