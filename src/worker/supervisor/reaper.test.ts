// The worker's side of the reaper protocol, against a scripted peer that writes lines in
// the orders the real gantry-reaper can (the real one cannot be made to race on demand).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reaper, type ProcStatus } from './reaper';

const dir = mkdtempSync(join(tmpdir(), 'gantry-reaper-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A peer answering the n-th spawn request with replies[n] (TAG stands for its tag). */
function scriptedReaper(replies: string[][]): Reaper {
  const path = join(dir, `peer-${Math.random().toString(36).slice(2)}.sh`);
  const cases = replies.map((lines, n) => `    ${n}) ${lines.map((l) => `printf '${l.replace(/\t/g, '\\t')}\\n' | sed "s/TAG/$tag/"`).join('; ')} ;;`);
  writeFileSync(path, [
    '#!/bin/sh',
    'echo ready',
    'n=0',
    'while IFS= read -r line; do',
    '  tag=$(printf "%s" "$line" | cut -f2)',
    '  case $n in',
    ...cases,
    '  esac',
    '  n=$((n+1))',
    'done',
  ].join('\n'));
  chmodSync(path, 0o755);
  return new Reaper(path);
}

test("an init reaped before its runc's done is that container's exit", async () => {
  const reaper = scriptedReaper([['reaped\t4242\texit\t7', 'done\tTAG\texit\t0\t4242\trunning\t0']]);
  await reaper.ready;
  const r = await reaper.spawn(['runc', 'run']);
  assert.equal(r.initPid, 4242);
  assert.deepEqual(r.initStatus, { kind: 'exit', code: 7 });
  await reaper.close();
});

test('an exit heard under a pid before the runc was started belongs to an older process', async () => {
  const reaper = scriptedReaper([
    ['reaped\t4242\texit\t9', 'done\tTAG\texit\t0\t1111\trunning\t0'],
    ['done\tTAG\texit\t0\t4242\trunning\t0'],
    ['reaped\t4242\tsignal\t15', 'done\tTAG\texit\t0\t5555\trunning\t0'],
  ]);
  await reaper.ready;
  await reaper.spawn(['runc', 'run']);
  const second = await reaper.spawn(['runc', 'run']);
  assert.equal(second.initStatus, undefined, 'the stale exit 9 is not this init’s');
  const heard = new Promise<ProcStatus>((resolve) => reaper.onExit(4242, resolve));
  await reaper.spawn(['runc', 'run']); // its peer reports 4242 ending meanwhile
  assert.deepEqual(await heard, { kind: 'signal', signal: 15 });
  await reaper.close();
});
