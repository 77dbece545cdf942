// The pool's put operations (acquire, claim, release, add, add_claimed, remove, update,
// check, check_unclaimed), each a decision on a fresh view of the pool; lock-repo turns
// the decision into a pushed commit, waiting or retrying as needed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BuiltinFailure, type PutInputs } from '../builtin/types';
import type { Git } from '../git/git-cli';
import type { PoolView, Step } from './lock-repo';

export interface PoolPutParams {
  acquire?: boolean; claim?: string; release?: string; add?: string; add_claimed?: string;
  remove?: string; update?: string; check?: string; check_unclaimed?: string;
}

export interface LockFiles { name: string; metadata: string }

/** Reads `name` and `metadata` from a lock directory among the put's inputs. */
export function readLockDir(inputs: PutInputs, path: string, needMetadata: boolean): LockFiles {
  let name: string;
  try { name = readFileSync(inputs.resolve(`${path}/name`), 'utf8').trim(); } catch (e) {
    throw new BuiltinFailure(`could not read the name file of your lock: ${(e as Error).message}`);
  }
  let metadata = '';
  if (needMetadata) {
    try { metadata = readFileSync(inputs.resolve(`${path}/metadata`), 'utf8'); } catch (e) {
      throw new BuiltinFailure(`could not read the metadata file of your lock: ${(e as Error).message}`);
    }
  }
  if (!name || name.includes('/') || name.startsWith('.') || name.startsWith('-')) throw new BuiltinFailure(`invalid lock name "${name}"`);
  return { name, metadata };
}

type Decide = (view: PoolView) => Promise<Step>;

/** git mv between the state dirs; creates the target dir, which git drops when a pool
 *  without .gitkeep files empties it. */
async function move(git: Git, v: PoolView, lock: string, from: 'claimed' | 'unclaimed', to: 'claimed' | 'unclaimed'): Promise<void> {
  mkdirSync(dirname(join(v.dir, v.path(to, lock))), { recursive: true });
  await git.ok(v.dir, ['mv', v.path(from, lock), v.path(to, lock)]);
}

export function acquire(git: Git): Decide {
  return async (v) => {
    const free = v.unclaimed();
    if (!free.length) return { kind: 'wait', reason: 'no unclaimed locks available' };
    const lock = free[Math.floor(Math.random() * free.length)]!;
    await move(git, v, lock, 'unclaimed', 'claimed');
    return { kind: 'commit', lock, message: `claiming: ${lock}` };
  };
}

export function claim(git: Git, lock: string): Decide {
  return async (v) => {
    if (v.unclaimed().includes(lock)) {
      await move(git, v, lock, 'unclaimed', 'claimed');
      return { kind: 'commit', lock, message: `claiming: ${lock}` };
    }
    if (v.claimed().includes(lock)) return { kind: 'wait', reason: `lock ${lock} is claimed` };
    throw new BuiltinFailure(`lock ${lock} does not exist in the pool`);
  };
}

export function release(git: Git, lock: string): Decide {
  return async (v) => {
    if (!v.claimed().includes(lock)) throw new BuiltinFailure(`lock ${lock} is not claimed, so it cannot be released`);
    await move(git, v, lock, 'claimed', 'unclaimed');
    return { kind: 'commit', lock, message: `unclaiming: ${lock}` };
  };
}

function writeLock(v: PoolView, state: 'claimed' | 'unclaimed', files: LockFiles): string {
  const rel = v.path(state, files.name);
  mkdirSync(dirname(join(v.dir, rel)), { recursive: true });
  writeFileSync(join(v.dir, rel), files.metadata);
  return rel;
}

export function add(git: Git, files: LockFiles, claimed: boolean): Decide {
  return async (v) => {
    const state = claimed ? 'claimed' : 'unclaimed';
    const other = claimed ? v.unclaimed() : v.claimed();
    if (other.includes(files.name)) throw new BuiltinFailure(`lock ${files.name} already exists in the pool (${claimed ? 'unclaimed' : 'claimed'})`);
    await git.ok(v.dir, ['add', '--', writeLock(v, state, files)]);
    return { kind: 'commit', lock: files.name, message: `adding ${state}: ${files.name}` };
  };
}

export function remove(git: Git, lock: string): Decide {
  return async (v) => {
    if (!v.claimed().includes(lock)) throw new BuiltinFailure(`lock ${lock} is not claimed; only a claimed lock can be removed`);
    await git.ok(v.dir, ['rm', '-q', '--', v.path('claimed', lock)]);
    return { kind: 'commit', lock, message: `removing: ${lock}` };
  };
}

export function update(git: Git, files: LockFiles): Decide {
  return async (v) => {
    if (v.claimed().includes(files.name)) return { kind: 'wait', reason: `lock ${files.name} is claimed` };
    const rel = writeLock(v, 'unclaimed', files);
    await git.ok(v.dir, ['add', '--', rel]);
    const changed = (await git.run(v.dir, ['diff', '--cached', '--quiet'])).code !== 0;
    if (!changed) return { kind: 'done', lock: files.name };
    return { kind: 'commit', lock: files.name, message: `updating: ${files.name}` };
  };
}

/** check (wait while claimed) and check_unclaimed (wait while unclaimed). */
export function waitWhile(lock: string, state: 'claimed' | 'unclaimed'): Decide {
  return async (v) => {
    const inState = state === 'claimed' ? v.claimed() : v.unclaimed();
    const inOther = state === 'claimed' ? v.unclaimed() : v.claimed();
    if (inState.includes(lock)) return { kind: 'wait', reason: `lock ${lock} is ${state}` };
    if (inOther.includes(lock)) return { kind: 'done', lock };
    throw new BuiltinFailure(`lock ${lock} does not exist in the pool`);
  };
}

