// One process per PGlite data directory: PGlite has no postmaster to refuse a
// second opener, and two writers would corrupt the files. A pid file guards it.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Data dirs this process holds: our own pid in a pid file is stale unless listed here. */
const held = new Set<string>();

export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`data directory ${dataDir} is in use by process ${pid}; stop it first`);
    this.name = 'DataDirInUseError';
  }
}

/** Takes the directory's lock; returns the function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const key = resolve(dataDir);
  const file = join(dataDir, 'gantry.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(key);
      return () => {
        held.delete(key);
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8').trim());
      const ours = holder === process.pid && held.has(key);
      if (ours || (holder && holder !== process.pid && alive(holder))) throw new DataDirInUseError(dataDir, holder);
      // Left by a process that died without closing: take it over.
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock data directory ${dataDir}`);
}

/**
 * Whether pid is a live Node process. After a reboot or in a container the pid of a crashed
 * gantry is often reused by something else; where /proc exists, only a node process counts.
 */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return /node|gantry/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true;
  }
}
