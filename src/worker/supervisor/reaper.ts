// Talks to native/gantry-reaper: the one process that launches every `runc run -d` and
// collects the exit status of every container init re-parented to it. One pipe pair for
// the whole worker, so supervision costs no process and no descriptor per container.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { WorkerRuntimeError } from '../../ports/worker-runtime';
import { overlayOptions, type Mounter, type OverlayLayers } from '../host/mounts';

/** How a process ended, as waitpid() reported it. */
export type ProcStatus = { kind: 'exit'; code: number } | { kind: 'signal'; signal: number };

export interface SpawnIo {
  stdin?: string;          // file to read (default /dev/null)
  stdout?: string;         // file to append to (default /dev/null)
  stderr?: string;
  pidFile?: string;        // runc's --pid-file, read back when the program ends
  fd3?: string;            // file opened for writing as descriptor 3
  /** An overlay the child mounts on `target` in a mount namespace of its own before it
   *  runs the program (see gantry-reaper.c): a container root for crun. */
  rootOverlay?: OverlayLayers & { target: string };
}

export interface SpawnResult {
  status: ProcStatus;
  initPid: number;         // 0 when no pid file was written
  initStatus?: ProcStatus; // set when the init already ended
}

export class Reaper implements Mounter {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<string, (r: SpawnResult) => void>();
  private readonly pendingResults = new Map<string, (errno: number, message: string) => void>();
  private readonly exitWatchers = new Map<number, (s: ProcStatus) => void>();
  /** Exits heard before anyone asked. A container init becomes the reaper's child as soon
   *  as runc's intermediate process exits, before runc itself does, so an init that ends at
   *  once is "reaped" before its runc's "done"; and a "reaped" line can be read before the
   *  promise of its runc's "done" has run its continuation. `seq` tells such an exit from a
   *  stale one of an older process that had the same pid. */
  private readonly unclaimed = new Map<number, { status: ProcStatus; seq: number }>();
  /** When each pending spawn was asked for, on the same clock as `unclaimed`. */
  private readonly spawnSeq = new Map<string, number>();
  private seq = 0;
  private nextTag = 0;
  private closed = false;
  private closing = false;
  readonly ready: Promise<void>;
  /** Called if the reaper dies while the worker still needs it (never after close()). */
  onLost?: () => void;

  /** `nice` (0–19): the CPU priority the reaper takes before it starts anything, inherited
   *  by every runc and container it starts (see gantry-reaper.c). */
  constructor(binary: string, nice = 0) {
    this.child = spawn(binary, nice > 0 ? [String(nice)] : [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let onReady!: () => void;
    let onFail!: (e: Error) => void;
    this.ready = new Promise((res, rej) => { onReady = res; onFail = rej; });
    this.child.on('error', (e) => onFail(new WorkerRuntimeError('runtime-failed', `cannot start ${binary}`, { cause: e })));
    this.child.on('exit', () => this.onReaperExit());
    this.child.stderr.on('data', (d: Buffer) => process.stderr.write(`gantry-reaper: ${d}`));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (line === 'ready') onReady();
      else this.onLine(line);
    });
  }

  /** mount(2) done by the reaper: no fork of the worker process per mount. */
  async mountOverlay(layers: OverlayLayers, target: string): Promise<void> {
    const [errno, message] = await this.request(['mount', 'overlay', 'overlay', target, overlayOptions(layers)]);
    if (errno !== 0) throw new WorkerRuntimeError('runtime-failed', `cannot mount an overlay on ${target}: ${message}`);
  }

  /** Detaches the mount at `target`; one that is not mounted (EINVAL, ENOENT) is fine. */
  async unmount(target: string): Promise<void> {
    const [errno, message] = await this.request(['umount', target]);
    if (errno !== 0 && errno !== 22 && errno !== 2) {
      throw new WorkerRuntimeError('runtime-failed', `cannot unmount ${target}: ${message}`);
    }
  }

  private request(fields: string[]): Promise<[number, string]> {
    if (this.closed) return Promise.reject(new WorkerRuntimeError('runtime-failed', 'the container supervisor has stopped'));
    checkFields(fields);
    const tag = String(this.nextTag++);
    return new Promise((resolve) => {
      this.pendingResults.set(tag, (errno, message) => resolve([errno, message]));
      this.child.stdin.write([fields[0], tag, ...fields.slice(1)].join('\t') + '\n');
    });
  }

  /** Runs a program (runc) under the reaper; resolves when it has ended. */
  spawn(argv: string[], io: SpawnIo = {}): Promise<SpawnResult> {
    if (this.closed) return Promise.reject(new WorkerRuntimeError('runtime-failed', 'the container supervisor has stopped'));
    const root = io.rootOverlay ? [io.rootOverlay.target, overlayOptions(io.rootOverlay)] : ['-', '-'];
    const fields = [...[io.stdin, io.stdout, io.stderr, io.pidFile, io.fd3].map((f) => f ?? '-'), ...root];
    checkFields([...fields, ...argv]);
    const tag = String(this.nextTag++);
    this.spawnSeq.set(tag, this.seq++);
    return new Promise((resolve) => {
      this.pending.set(tag, resolve);
      this.child.stdin.write(['spawn', tag, ...fields, ...argv].join('\t') + '\n');
    });
  }

  /** Calls `cb` once when `pid` (a container init, re-parented here) ends. */
  onExit(pid: number, cb: (s: ProcStatus) => void): void {
    const early = this.unclaimed.get(pid);
    if (early) {
      this.unclaimed.delete(pid);
      cb(early.status);
      return;
    }
    this.exitWatchers.set(pid, cb);
  }

  forget(pid: number): void {
    this.exitWatchers.delete(pid);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    this.closed = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((res) => this.child.once('exit', res));
    this.child.stdin.end();
    // The reaper exits once it has nothing left to wait for; a container stuck on its way
    // out must not hold close() (and the process) forever.
    const stuck = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(stuck);
  }

  private onLine(line: string): void {
    const f = line.split('\t');
    if (f[0] === 'result') {
      const resolve = this.pendingResults.get(f[1]!);
      this.pendingResults.delete(f[1]!);
      resolve?.(Number(f[2]), f.slice(3).join('\t'));
    } else if (f[0] === 'done') {
      const resolve = this.pending.get(f[1]!);
      this.pending.delete(f[1]!);
      const askedAt = this.spawnSeq.get(f[1]!) ?? Infinity;
      this.spawnSeq.delete(f[1]!);
      const initPid = Number(f[4]);
      let initStatus = f[5] === 'running' ? undefined : status(f[5]!, f[6]!);
      const heard = this.unclaimed.get(initPid);
      if (heard) {
        // Reaped after this runc was started: the init's own exit. Before: an older process
        // under a reused pid, gone long ago.
        if (heard.seq > askedAt) initStatus ??= heard.status;
        this.unclaimed.delete(initPid);
      }
      resolve?.({ status: status(f[2]!, f[3]!), initPid, ...(initStatus ? { initStatus } : {}) });
    } else if (f[0] === 'reaped') {
      const pid = Number(f[1]);
      const cb = this.exitWatchers.get(pid);
      this.exitWatchers.delete(pid);
      if (cb) cb(status(f[2]!, f[3]!));
      else this.remember(pid, status(f[2]!, f[3]!));
    }
  }

  private remember(pid: number, s: ProcStatus): void {
    this.unclaimed.set(pid, { status: s, seq: this.seq++ });
    if (this.unclaimed.size > 10_000) this.unclaimed.delete(this.unclaimed.keys().next().value!);
  }

  private onReaperExit(): void {
    this.closed = true;
    // Whatever was waiting will never hear back: report the programs as failed.
    for (const resolve of this.pending.values()) resolve({ status: { kind: 'exit', code: 125 }, initPid: 0 });
    this.pending.clear();
    this.spawnSeq.clear();
    for (const resolve of this.pendingResults.values()) resolve(5, 'the container supervisor has stopped');
    this.pendingResults.clear();
    this.exitWatchers.clear();
    if (!this.closing) this.onLost?.();
  }
}

function checkFields(fields: string[]): void {
  for (const f of fields) {
    if (/[\t\n]/.test(f)) throw new WorkerRuntimeError('invalid-spec', `argument contains a tab or newline: ${JSON.stringify(f)}`);
  }
}

function status(kind: string, n: string): ProcStatus {
  return kind === 'signal' ? { kind: 'signal', signal: Number(n) } : { kind: 'exit', code: Number(n) };
}
