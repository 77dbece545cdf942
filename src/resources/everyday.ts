// The everyday built-in types (git, time, semver, pool) with the worker's directories. The
// git caches and the semver `file` driver's store live under one resource dir: by default
// $GANTRY_RESOURCE_DIR, else <$GANTRY_DATA_DIR or ~/.gantry>/resources; a worker passes its own.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { BuiltinResourceType } from './builtin/types';
import { createGitType } from './git';
import { createPoolType } from './pool';
import { createSemverType } from './semver';
import { createTimeType } from './time';

export interface EverydayOptions {
  /** Root for caches (<dir>/git/...) and the semver file store (<dir>/semver/...). */
  dir?: string;
  /** The time type's clock (tests). */
  now?: () => Date;
}

export function defaultResourceDir(): string {
  if (process.env.GANTRY_RESOURCE_DIR) return process.env.GANTRY_RESOURCE_DIR;
  return join(process.env.GANTRY_DATA_DIR || join(homedir(), '.gantry'), 'resources');
}

export function everydayTypes(opts: EverydayOptions = {}): BuiltinResourceType[] {
  const dir = opts.dir ?? defaultResourceDir();
  const cacheDir = join(dir, 'cache');
  return [
    createGitType({ cacheDir }),
    createTimeType({ now: opts.now }),
    createSemverType({ cacheDir, stateDir: join(dir, 'semver') }),
    createPoolType({ cacheDir }),
  ];
}
