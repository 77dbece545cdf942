// What the example's containers need from the host: runc (or crun, with GANTRY_RUNTIME=crun)
// on PATH and overlayfs in the kernel (the worker's copy-on-write roots). Read-only checks; nothing is installed here.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chooseOciRuntime } from '../worker';

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(delimiter).some((d) => d && existsSync(join(d, binary)));
}

function hasOverlayfs(): boolean {
  try {
    if (/\boverlay$/m.test(readFileSync('/proc/filesystems', 'utf8'))) return true;
  } catch { /* no /proc: assume missing */ }
  // A module that is available but not loaded yet is loaded on first mount.
  try {
    const release = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
    return existsSync(`/lib/modules/${release}/kernel/fs/overlayfs`);
  } catch {
    return false;
  }
}

/** Missing pieces as apt package names ("runc", "crun") or "overlayfs (kernel module overlay)". */
export function missingRuntime(): string[] {
  const missing: string[] = [];
  const runtime = chooseOciRuntime();
  if (!onPath(runtime)) missing.push(runtime);
  if (!hasOverlayfs()) missing.push('overlayfs (kernel module overlay)');
  return missing;
}
