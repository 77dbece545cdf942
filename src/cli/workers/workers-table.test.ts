import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitWorkers, workerRow, type WorkerJson } from './workers-table';

const base: WorkerJson = {
  name: 'w1', addr: 'http://10.0.0.1:7777', baggageclaim_url: 'http://10.0.0.1:7777', active_containers: 3,
  active_volumes: 5, active_tasks: 0, resource_types: [], platform: 'linux', tags: ['fast', 'gpu'], team: '',
  version: '0.1.0', start_time: 1000, ephemeral: false, state: 'running',
};
const texts = (row: ReturnType<typeof workerRow>) => row.map((c) => (typeof c === 'string' ? c : c.text));

test('a worker row has fly\'s columns: name, containers, platform, tags, team, state, version, age', () => {
  assert.deepEqual(texts(workerRow(base, 1000 + 3725)), ['w1', '3', 'linux', 'fast, gpu', 'none', 'running', '0.1.0', '1h2m5s']);
  assert.deepEqual(texts(workerRow({ ...base, tags: [], team: 'ops' }, 1060, true)).slice(3), ['none', 'ops', 'running', '0.1.0', '1m0s', 'http://10.0.0.1:7777', '5', '0']);
});

test('stalled workers are listed apart, each list sorted by name', () => {
  const { live, stalled } = splitWorkers([
    { ...base, name: 'b' }, { ...base, name: 'z', state: 'stalled' }, { ...base, name: 'a', state: 'landing' },
  ], 2000);
  assert.deepEqual(live.map((r) => r[0]), ['a', 'b']);
  assert.deepEqual(stalled.map((r) => r[0]), ['z']);
});
