// The checker loop. It sleeps until the earliest scope is due (at most `rescanMs`), then
// checks every due scope, a few at a time. Due = last check end + interval, each scope
// shifted by its own random fraction of the interval so that a thousand resources saved
// together spread out instead of checking in the same second. A failing scope backs off
// (interval × 2^failures, capped), keeping its error on the resource. Manual checks and
// webhooks arrive as `check_requested` notifications (any web node may answer the HTTP
// call) and run at once; each finished check notifies `check_finished`.
import type { ResourceRunner } from '../../ports/resource-runner';
import type { Store } from '../../ports/store';
import { DEFAULT_CHECK_EVERY_MS, listTargets, loadTarget, type CheckTarget } from './check-targets';
import { runCheck, scopeFor, type CheckResult } from './run-check';
import { CHECK_CHANNELS, parseCheckRequest, type CheckRequestMessage } from './messages';

export interface CheckerOptions {
  store: Store;
  runner: ResourceRunner;
  defaultCheckEveryMs?: number;
  /** Longest sleep between scans (new pipelines are noticed through notifications anyway). */
  rescanMs?: number;
  /** Checks run at the same time. */
  parallel?: number;
  /** Longest back-off after repeated failures. */
  maxBackoffMs?: number;
  externalUrl?: string;
  log?: (message: string) => void;
  now?: () => number;
  random?: () => number;
}

interface ScopeState { jitter: number; failures: number; lastEnd: number | null }

export class Checker {
  private readonly o: Required<Omit<CheckerOptions, 'externalUrl'>> & { externalUrl?: string };
  private readonly scopes = new Map<number, ScopeState>();
  private readonly running = new Map<number, Promise<CheckResult>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private scanning: Promise<void> | null = null;
  private rescan = false;
  private unlisten: (() => Promise<void>)[] = [];

  constructor(opts: CheckerOptions) {
    this.o = {
      defaultCheckEveryMs: DEFAULT_CHECK_EVERY_MS, rescanMs: 10_000, parallel: 8, maxBackoffMs: 30 * 60_000,
      log: () => {}, now: Date.now, random: Math.random, ...opts,
    };
  }

  async start(): Promise<void> {
    const n = this.o.store.notifier;
    this.unlisten.push(await n.listen(CHECK_CHANNELS.requested, (p) => this.onRequest(p)));
    this.unlisten.push(await n.listen('pipeline_changed', () => this.wake()));
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const u of this.unlisten.splice(0)) await u().catch(() => undefined);
    await this.scanning?.catch(() => undefined);
    await Promise.allSettled([...this.running.values()]);
  }

  /** Scan soon (a config save, a start). */
  wake(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.schedule(0);
  }

  /** Checks one resource or resource type now, after any check of its scope in flight. */
  async checkNow(msg: CheckRequestMessage): Promise<CheckResult | null> {
    const t = await loadTarget(this.o.store, msg.kind, msg.id, this.o.defaultCheckEveryMs);
    if (!t) return null;
    const scopeId = await scopeFor(this.o.store, t);
    await this.running.get(scopeId)?.catch(() => undefined);
    try {
      return await this.track(t, scopeId, { from: msg.from, force: true });
    } finally {
      // Whatever it found, the manual build waiting for this check may now resolve its inputs.
      if (msg.scheduleJob !== undefined) await this.o.store.jobs.requestSchedule(msg.scheduleJob).catch(() => undefined);
    }
  }

  private onRequest(payload: string): void {
    const msg = parseCheckRequest(payload);
    if (!msg) return;
    void this.o.store.notifier.notify(CHECK_CHANNELS.accepted, JSON.stringify({ kind: msg.kind, id: msg.id })).catch(() => undefined);
    this.checkNow(msg).catch((e) => this.o.log(`checker: ${msg.kind} ${msg.id}: ${String(e)}`));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.scanning = this.scanOnce()
        .catch((e) => {
          this.o.log(`checker: scan failed: ${String(e)}`);
          return this.o.rescanMs;
        })
        .then((next) => {
          this.scanning = null;
          this.schedule(this.rescan ? 0 : next);
          this.rescan = false;
        });
    }, Math.max(0, ms));
    this.timer.unref?.();
  }

  private state(scopeId: number): ScopeState {
    let s = this.scopes.get(scopeId);
    if (!s) this.scopes.set(scopeId, (s = { jitter: this.o.random(), failures: 0, lastEnd: null }));
    return s;
  }

  /** When the scope is due next (ms since epoch); Infinity for `never`. */
  private dueAt(t: CheckTarget, lastEnd: number | null): number {
    if (t.everyMs === null) return lastEnd === null && t.kind === 'resource-type' ? 0 : Infinity;
    if (lastEnd === null) return 0;
    const s = this.state(t.scopeId!);
    const base = s.failures > 0 ? Math.min(t.everyMs * 2 ** (s.failures - 1), Math.max(this.o.maxBackoffMs, t.everyMs)) : t.everyMs;
    // Spread scopes over the last tenth of their interval.
    return lastEnd + base - Math.floor(base * 0.1 * s.jitter);
  }

  /** Checks what is due now; returns how long to sleep before the next scan. */
  async scanOnce(): Promise<number> {
    const targets = await listTargets(this.o.store, this.o.defaultCheckEveryMs);
    const byScope = new Map<number, CheckTarget>();
    for (const t of targets) {
      const scopeId = await scopeFor(this.o.store, t);
      const had = byScope.get(scopeId);
      // One check per scope: the shortest interval among its users wins.
      if (!had || (t.everyMs ?? Infinity) < (had.everyMs ?? Infinity)) byScope.set(scopeId, t);
    }
    const now = this.o.now();
    let next = now + this.o.rescanMs;
    const due: CheckTarget[] = [];
    for (const [scopeId, t] of byScope) {
      const scope = await this.o.store.versions.getScope(scopeId);
      const at = this.dueAt(t, scope?.lastCheckEnd?.getTime() ?? null);
      if (at <= now) due.push(t);
      else next = Math.min(next, at);
    }
    await this.runAll(due.filter((t) => !this.running.has(t.scopeId!)));
    return Math.max(50, next - this.o.now());
  }

  private async runAll(due: CheckTarget[]): Promise<void> {
    const queue = [...due];
    const workers = Array.from({ length: Math.min(this.o.parallel, queue.length) }, async () => {
      for (let t = queue.shift(); t && !this.stopped; t = queue.shift()) await this.track(t, t.scopeId!, {}).catch(() => undefined);
    });
    await Promise.all(workers);
  }

  private track(t: CheckTarget, scopeId: number, opts: { from?: Record<string, string>; force?: boolean }): Promise<CheckResult> {
    const p = runCheck(this.o.store, this.o.runner, t, { ...opts, externalUrl: this.o.externalUrl, now: this.o.now })
      .then(async (r) => {
        const s = this.state(scopeId);
        if (r.ran) s.failures = r.succeeded ? 0 : s.failures + 1;
        if (r.ran && !r.succeeded) this.o.log(`checker: ${t.pipeline.name}/${t.name}: ${r.error}`);
        await this.o.store.notifier
          .notify(CHECK_CHANNELS.finished, JSON.stringify({ kind: t.kind, id: t.id, scopeId, succeeded: r.succeeded, ran: r.ran }))
          .catch(() => undefined);
        return r;
      })
      .finally(() => {
        if (this.running.get(scopeId) === p) this.running.delete(scopeId);
      });
    this.running.set(scopeId, p);
    return p;
  }
}
