// One build in progress: its ports, emitter, artifacts, secrets and vars. Steps
// receive it together with their Scope (signal, local vars, artifacts).
import { interpolateAll, type VarLookup } from '../core/vars';
import type { Version } from '../core/planner';
import type { EngineWorker, WorkerRequest } from '../ports/engine-ports';
import type { BuildMetadata } from '../ports/resource-runner';
import { ArtifactScope, VolumeTracker } from './artifacts';
import { BuildEmitter } from './build-events';
import { buildLookup, varSourceLookups } from './build-vars';
import type { BuildOptions, EngineDeps } from './engine-deps';
import { LocalVars } from './local-vars';
import { LogStream } from './log-stream';

export interface Scope {
  signal: AbortSignal;
  vars: LocalVars;
  artifacts: ArtifactScope;
}

export const DEFAULT_ABORT_GRACE_MS = 10_000;

export class BuildRun {
  readonly emitter: BuildEmitter;
  readonly tracker = new VolumeTracker();
  /** Versions created by put steps, by plan id (for the implicit get's version_from). */
  readonly putVersions = new Map<string, Version>();
  /** Task containers left for intercept (keepFailedContainers), by worker. */
  readonly keptContainers: { worker: string; handle: string }[] = [];
  /** Removals started during the build that nothing waits on until it ends. */
  private readonly removals: Promise<unknown>[] = [];
  private readonly sources: Record<string, VarLookup>;

  constructor(
    readonly deps: EngineDeps,
    readonly options: BuildOptions,
  ) {
    this.emitter = new BuildEmitter(deps.events, deps.now ?? Date.now);
    this.sources = varSourceLookups(options.varSources ?? [], options.build.teamName, deps.varSourceFactory);
  }

  /** A removal (a finished task's container) that the next step need not wait for. */
  removeLater(removal: Promise<unknown>): void {
    this.removals.push(removal.catch(() => undefined));
  }

  /** Resolves when every removal started with removeLater has ended. */
  async removalsDone(): Promise<void> {
    await Promise.all(this.removals);
  }

  get graceMs(): number {
    return this.options.abortGraceMs ?? DEFAULT_ABORT_GRACE_MS;
  }

  get metadata(): BuildMetadata {
    return this.options.build;
  }

  rootScope(signal: AbortSignal): Scope {
    return { signal, vars: new LocalVars(), artifacts: new ArtifactScope() };
  }

  lookup(scope: Scope): VarLookup {
    return buildLookup(scope.vars, this.sources, this.options.staticVars ?? {});
  }

  /** Resolves every ((var)) in `value` now; missing ones throw `undefined vars: ...`. */
  interpolate<T>(value: T, scope: Scope, extra?: VarLookup): T {
    const base = this.lookup(scope);
    const lookup: VarLookup = extra ? (ref) => { const a = extra(ref); return a.found ? a : base(ref); } : base;
    const result = interpolateAll(value, lookup);
    this.emitter.addSecrets(result.secrets);
    return result.value as T;
  }

  /** A live log for one step's stream. */
  log(origin: string, source: 'stdout' | 'stderr'): LogStream {
    return new LogStream(() => this.emitter.secrets, (payload) => {
      this.emitter.emit('log', { origin: { id: origin, source }, payload });
    });
  }

  /** Writes whole text to a step's log (engine messages such as retries or OOM kills). */
  say(origin: string, text: string, source: 'stdout' | 'stderr' = 'stderr'): void {
    const stream = this.log(origin, source);
    stream.write(new TextEncoder().encode(text));
    stream.end();
  }

  async pickWorker(origin: string, request: Omit<WorkerRequest, 'teamName'>): Promise<EngineWorker> {
    const worker = await this.deps.workers.pick({ ...request, teamName: this.options.build.teamName });
    this.emitter.emit('selected-worker', { origin: { id: origin }, selected_worker: worker.name });
    return worker;
  }
}
