// One container driven through the OCI runtime (runc or crun): started detached under the
// reaper, its output in files under its directory, its exit status from the init's status
// file (exact) or the reaper (when the init itself was killed), its OOM verdict from the cgroup.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import {
  WorkerRuntimeError, type Container, type ContainerInfo, type ContainerState, type ExitStatus,
  type ProcessSpec, type RunningProcess,
} from '../../ports/worker-runtime';
import { oomKilled, type HostFacts } from '../host/facts';
import type { OverlayLayers } from '../host/mounts';
import { followFile } from './follow';
import { userInLayers } from './layers';
import type { ProcStatus, Reaper } from './reaper';
import type { RuntimeRoot } from './runc-state';
import type { StartSlots } from './start-slots';

export interface ContainerContext {
  reaper: Reaper;
  /** The OCI runtime binary and its --root. */
  at: RuntimeRoot;
  facts: HostFacts;
  /** Shared by the worker's containers: how many may be in `runc run` at once. */
  starts: StartSlots;
}

export interface ContainerFiles {
  dir: string;             // the bundle: config.json, rootfs/, stdout, stderr, ...
  layers: string[];        // the rootfs layers, top-most first (to read /etc/passwd)
  init: boolean;           // gantry-init is pid 1 (and gets the status file as fd 3)
  stdin?: string;
  cgroupsPath: string;
  /** The task's environment as the spec gives it (NAME=value): an exec starts from it. */
  env: string[];
  /** The root overlay the reaper mounts for the runtime (crun), when the spec has none. */
  rootOverlay?: OverlayLayers;
}

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name]));

export function signalName(n: number): string {
  return SIGNAL_NAMES.get(n) ?? `SIG${n}`;
}

export class RuncContainer implements Container {
  private state: ContainerState = 'created';
  private initPid = 0;
  private exit?: ExitStatus;
  private resolveExit!: (s: ExitStatus) => void;
  private rejectExit!: (e: Error) => void;
  private readonly exited: Promise<ExitStatus>;
  /** Set while start() runs: a signal sent meanwhile waits for the init's pid. */
  private starting: Promise<void> | undefined;

  constructor(
    readonly handle: string,
    private readonly files: ContainerFiles,
    private readonly properties: Record<string, string>,
    private readonly ctx: ContainerContext,
  ) {
    this.exited = new Promise((res, rej) => { this.resolveExit = res; this.rejectExit = rej; });
    this.exited.catch(() => undefined); // a lost supervisor must not crash a worker nobody waits on
  }

  get dir(): string { return this.files.dir; }
  get started(): boolean { return this.state !== 'created'; }

  start(): Promise<void> {
    if (this.state !== 'created') return Promise.reject(new WorkerRuntimeError('invalid-state', `container ${this.handle} was already started`));
    this.state = 'running';
    this.starting = this.launch().finally(() => { this.starting = undefined; });
    return this.starting;
  }

  private async launch(): Promise<void> {
    const d = this.files.dir;
    const r = await this.ctx.starts.run(() => this.ctx.reaper.spawn(
      [this.ctx.at.runtime, '--root', this.ctx.at.root, '--log', join(d, 'runc.log'), '--log-format', 'json',
        'run', '-d', ...(this.files.init ? ['--preserve-fds', '1'] : []), '--pid-file', join(d, 'pid'), '--bundle', d, this.handle],
      { stdin: this.files.stdin, stdout: join(d, 'stdout'), stderr: join(d, 'stderr'), pidFile: join(d, 'pid'),
        ...(this.files.init ? { fd3: join(d, 'status') } : {}),
        ...(this.files.rootOverlay ? { rootOverlay: { ...this.files.rootOverlay, target: join(d, 'rootfs') } } : {}) },
    ));
    if (r.status.kind !== 'exit' || r.status.code !== 0 || r.initPid === 0) {
      this.state = 'created';
      throw new WorkerRuntimeError('runtime-failed', `${this.ctx.at.runtime} could not start container ${this.handle}: ${runtimeError(d)}`);
    }
    this.initPid = r.initPid;
    if (r.initStatus) this.onInitExit(r.initStatus);
    else this.ctx.reaper.onExit(r.initPid, (s) => this.onInitExit(s));
  }

  stdout(): AsyncIterable<Uint8Array> { return followFile(join(this.files.dir, 'stdout'), this.exitedOrNever()); }
  stderr(): AsyncIterable<Uint8Array> { return followFile(join(this.files.dir, 'stderr'), this.exitedOrNever()); }

  wait(): Promise<ExitStatus> { return this.exited; }

  async signal(name: string): Promise<void> {
    // A signal (or destroy) racing start(): wait for the pid. Never kill(0, ...): that is
    // the worker's own process group.
    if (this.starting) await this.starting.catch(() => undefined);
    if (this.state !== 'running' || this.initPid <= 0) return;
    if (name !== 'SIGKILL' && this.files.init) await this.initReady();
    try {
      process.kill(this.initPid, name as NodeJS.Signals);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') {
        throw new WorkerRuntimeError('runtime-failed', `cannot signal container ${this.handle}`, { cause: e });
      }
    }
  }

  /** Resolves once the init has blocked signals (it writes "ready" to its status file): a
   *  signal sent in the microseconds after exec, before that, would be dropped by the kernel.
   *  Polls only in that window; afterwards one small read. */
  private async initReady(): Promise<void> {
    const path = join(this.files.dir, 'status');
    for (let i = 0; i < 500; i++) {
      if (this.state !== 'running' || /ready|exit|signal/.test(readText(path))) return;
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** SIGTERM, then SIGKILL once `graceMs` has passed; resolves when the init has ended. */
  async stop(graceMs: number): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    if (this.state !== 'running') return; // never started, or its start failed: nothing to wait for
    await this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace'>((res) => { timer = setTimeout(() => res('grace'), graceMs); });
    const first = await Promise.race([this.exited.catch(() => 'lost' as const), graceOver]);
    clearTimeout(timer);
    if (first === 'grace') {
      await this.signal('SIGKILL');
      await this.exited.catch(() => undefined);
    }
  }

  exec(spec: ProcessSpec): Promise<RunningProcess> {
    if (this.state !== 'running') {
      return Promise.reject(new WorkerRuntimeError('invalid-state', `container ${this.handle} is not running`));
    }
    return this.spawnExec(spec);
  }

  info(): ContainerInfo {
    return { handle: this.handle, state: this.state, properties: { ...this.properties }, ...(this.exit ? { exit: this.exit } : {}) };
  }

  private async spawnExec(spec: ProcessSpec): Promise<RunningProcess> {
    const args = ['--root', this.ctx.at.root, 'exec'];
    if (spec.tty) args.push('-t');
    if (spec.dir) args.push('--cwd', spec.dir);
    if (spec.user) {
      const u = await userInLayers(this.files.layers, spec.user);
      args.push('--user', `${u.uid}:${u.gid}`);
    }
    // runc adds --env to the container's environment; crun replaces it with them: given the
    // container's own first, both give the exec the task's environment plus the extra.
    if (this.ctx.at.runtime === 'crun' && (spec.env || spec.tty)) for (const e of this.files.env) args.push('--env', e);
    for (const [k, v] of Object.entries(spec.env ?? {})) args.push('--env', `${k}=${v}`);
    if (spec.tty && !spec.env?.TERM) args.push('--env', 'TERM=xterm');
    args.push(this.handle, spec.path, ...(spec.args ?? []));
    // `runc exec -t` wants a terminal of its own; script(1) gives it one over our pipes.
    const [file, argv] = spec.tty
      ? ['script', ['-qefc', [this.ctx.at.runtime, ...args].map(shellQuote).join(' '), '/dev/null']]
      : [this.ctx.at.runtime, args];
    const child = spawn(file, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
    const done = new Promise<ExitStatus>((resolve) => {
      child.on('error', () => resolve({ exitCode: 127 }));
      child.on('close', (code, sig) => resolve(exitStatus(code, sig)));
    });
    return {
      stdin: { write: (c) => { child.stdin.write(c); }, end: () => { child.stdin.end(); } },
      stdout: child.stdout,
      stderr: child.stderr,
      signal: (name) => { child.kill(name as NodeJS.Signals); },
      wait: () => done,
    };
  }

  private onInitExit(s: ProcStatus): void {
    this.state = 'exited';
    const exact = readStatusFile(join(this.files.dir, 'status')) ?? s;
    const status: ExitStatus = exact.kind === 'signal'
      ? { exitCode: 128 + exact.signal, signal: signalName(exact.signal) }
      : { exitCode: exact.code };
    if (oomKilled(this.ctx.facts, this.files.cgroupsPath)) status.oomKilled = true;
    this.exit = status;
    this.resolveExit(status);
  }

  /** The reaper died: this container's exit can no longer be observed. */
  supervisorLost(): void {
    if (this.state !== 'running') return;
    this.state = 'exited';
    this.rejectExit(new WorkerRuntimeError('runtime-failed',
      `the container supervisor (gantry-reaper) died; the exit status of ${this.handle} is lost`));
  }

  /** Followers of a never-started container must still end when it is destroyed. */
  private exitedOrNever(): Promise<unknown> { return this.exited; }

  /** Ends followers and waiters of a container destroyed before it ran. */
  abandon(): void {
    if (this.state === 'created') {
      this.state = 'exited';
      this.exit = { exitCode: 128 + 9, signal: 'SIGKILL' };
      this.resolveExit(this.exit);
    }
  }
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function readText(path: string): string {
  try { return readFileSync(path, 'utf8'); } catch { return ''; }
}

function readStatusFile(path: string): ProcStatus | undefined {
  try {
    const m = /^(exit|signal) (\d+)/m.exec(readFileSync(path, 'utf8'));
    if (!m) return undefined;
    return m[1] === 'signal' ? { kind: 'signal', signal: Number(m[2]) } : { kind: 'exit', code: Number(m[2]) };
  } catch {
    return undefined;
  }
}

function exitStatus(code: number | null, sig: NodeJS.Signals | null): ExitStatus {
  if (sig) return { exitCode: 128 + (constants.signals[sig] ?? 0), signal: sig };
  return { exitCode: code ?? 1 };
}

/** The last error the runtime logged (runc's and crun's --log are JSON lines with a `msg`). */
function runtimeError(dir: string): string {
  try {
    const lines = readFileSync(join(dir, 'runc.log'), 'utf8').trim().split('\n').reverse();
    for (const l of lines) {
      const rec = JSON.parse(l) as { level?: string; msg?: string };
      if (rec.level === 'error' && rec.msg) return rec.msg;
    }
  } catch { /* no log */ }
  return 'no error message (see the container stderr)';
}
