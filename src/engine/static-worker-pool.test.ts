import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineWorker } from '../ports/engine-ports';
import { StaticWorkerPool } from './static-worker-pool';

const worker = (name: string) => ({ name }) as EngineWorker;

describe('StaticWorkerPool', () => {
  const pool = new StaticWorkerPool([
    { worker: worker('plain') },
    { worker: worker('gpu'), tags: ['gpu', 'linux'] },
    { worker: worker('team-a'), team: 'a' },
  ]);

  test('a step without tags goes only to untagged workers', async () => {
    const names = new Set<string>();
    for (let i = 0; i < 4; i++) names.add((await pool.pick({ purpose: 'task', teamName: 'main' })).name);
    assert.deepEqual([...names], ['plain']);
  });

  test('a step with tags needs a worker with every tag', async () => {
    assert.equal((await pool.pick({ purpose: 'task', tags: ['gpu'] })).name, 'gpu');
    await assert.rejects(pool.pick({ purpose: 'task', tags: ['gpu', 'arm'] }), /no workers satisfying: with tags: gpu, arm/);
  });

  test('a team worker serves its team, and shared workers serve everyone', async () => {
    const names = new Set<string>();
    for (let i = 0; i < 4; i++) names.add((await pool.pick({ purpose: 'get', teamName: 'a' })).name);
    assert.deepEqual([...names].sort(), ['plain', 'team-a']);
    assert.equal(pool.byName('gpu')?.name, 'gpu');
  });
});
