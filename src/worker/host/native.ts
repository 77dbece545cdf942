// Finds the worker's C helpers (native/bin/gantry-reaper and gantry-init), compiling
// them with scripts/build-native.sh when they are missing and a compiler is present.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerRuntimeError } from '../../ports/worker-runtime';

export interface NativeBinaries { reaper: string; init: string }

/** The checkout or install root: the nearest folder above this module with native/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'native', 'gantry-reaper.c'))) return dir;
    dir = resolve(dir, '..');
  }
  return process.cwd();
}

export function nativeBinaries(): NativeBinaries {
  const dir = process.env.GANTRY_NATIVE_DIR ?? join(packageRoot(), 'native', 'bin');
  const bins = { reaper: join(dir, 'gantry-reaper'), init: join(dir, 'gantry-init') };
  const built = existsSync(bins.reaper) && existsSync(bins.init);
  if (built && (process.env.GANTRY_NATIVE_DIR || !stale(bins))) return bins;
  const script = join(packageRoot(), 'scripts', 'build-native.sh');
  try {
    execFileSync('bash', [script], { stdio: 'pipe' });
  } catch (e) {
    if (built) return bins; // stale but usable (no compiler, a read-only install)
    throw new WorkerRuntimeError('runtime-failed', `the worker's helpers are not built and ${script} failed; run it by hand`, { cause: e });
  }
  return bins;
}

/** A checkout's binary older than its source (a pull changed the C): rebuild it. */
function stale(bins: NativeBinaries): boolean {
  const src = join(packageRoot(), 'native');
  return Object.entries({ 'gantry-reaper': bins.reaper, 'gantry-init': bins.init }).some(([name, bin]) => {
    try {
      return statSync(join(src, `${name}.c`)).mtimeMs > statSync(bin).mtimeMs;
    } catch {
      return false; // an install without the sources
    }
  });
}
