// Folds a build's events into what the build page shows: the step tree from the
// plan, and per step its state (status, times, exit status, version, worker)
// and log. Mutable on purpose: a million-line log is folded chunk by chunk, and
// the page re-renders from `revision` instead of copying state per event. No DOM.
import type { BuildEvent } from '../../../src/protocol/build-events';
import type { BuildStatus } from '../../../src/protocol/api';
import { LogBuffer } from './log-buffer';
import { type StepKind, type StepNode, acrossSubsteps, findNode, planNodes } from './step-tree';

export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'errored' | 'aborted';

export interface StepState {
  status: StepStatus;
  initTime?: number;
  startTime?: number;
  finishTime?: number;
  exitStatus?: number;
  version?: Record<string, string>;
  metadata?: { name: string; value: string }[];
  worker?: string;
  error?: string;
  readonly log: LogBuffer;
}

const KIND_OF_EVENT: Record<string, StepKind> = { task: 'task', get: 'get', put: 'put' };
/** The id under which errors and logs without a step are kept. */
export const BUILD_STEP = '';

export class BuildLog {
  tree: StepNode[] = [];
  readonly steps = new Map<string, StepState>();
  status: BuildStatus | undefined;
  endTime: number | undefined;
  /** Bumped on every change; components re-render when it moves. */
  revision = 0;

  /** Across fan-outs announced by events, kept so a plan that arrives after them keeps them. */
  private readonly across = new Map<string, StepNode[]>();

  setPlan(plan: unknown): void {
    this.tree = planNodes(plan);
    for (const [id, children] of this.across) {
      const node = findNode(this.tree, id);
      if (node) node.children = children;
    }
    this.revision++;
  }

  step(id: string): StepState {
    let s = this.steps.get(id);
    if (!s) {
      s = { status: 'pending', log: new LogBuffer() };
      this.steps.set(id, s);
    }
    return s;
  }

  /** A step the plan did not announce (no plan loaded) gets a root node of its own. */
  private ensureNode(id: string, kind: StepKind): void {
    if (id === BUILD_STEP || findNode(this.tree, id)) return;
    this.tree.push({ id, kind, label: `${kind} ${id}`, children: [] });
  }

  applyAll(events: readonly BuildEvent[]): void {
    for (const e of events) this.apply(e);
  }

  apply(e: BuildEvent): void {
    this.revision++;
    if (e.event === 'status') return this.applyStatus(e.data.status, e.data.time);
    if (e.event === 'set-pipeline-changed') return;
    const id = e.data.origin?.id ?? BUILD_STEP;
    const kind = KIND_OF_EVENT[e.event.split('-').slice(1).join('-')];
    if (kind) this.ensureNode(id, kind);
    const s = this.step(id);
    switch (e.event) {
      case 'log':
        s.log.append(e.data.payload, e.data.time);
        if (s.status === 'pending') s.status = 'running';
        return;
      case 'error':
        s.error = e.data.message;
        s.status = 'errored';
        s.log.append(`\x1b[31m${e.data.message}\x1b[0m\n`, e.data.time);
        return;
      case 'selected-worker':
        s.worker = e.data.selected_worker;
        return;
      case 'across-substeps': {
        const children = acrossSubsteps(e.data.substeps);
        this.across.set(id, children);
        const node = findNode(this.tree, id);
        if (node) node.children = children;
        return;
      }
    }
    this.applyLifecycle(s, e);
  }

  private applyLifecycle(s: StepState, e: BuildEvent): void {
    const data = e.data as { time?: number; exit_status?: number; succeeded?: boolean };
    if (e.event.startsWith('initialize')) {
      s.initTime ??= data.time;
      if (s.status === 'pending') s.status = 'running';
    } else if (e.event.startsWith('start')) {
      s.startTime = data.time;
      s.status = 'running';
    } else if (e.event.startsWith('finish')) {
      s.finishTime = data.time;
      if (data.exit_status !== undefined) s.exitStatus = data.exit_status;
      const ok = data.succeeded ?? data.exit_status === 0;
      if (s.status !== 'errored') s.status = ok ? 'succeeded' : 'failed';
      if (e.event === 'finish-get' || e.event === 'finish-put') {
        s.version = e.data.version;
        if (e.data.metadata) s.metadata = e.data.metadata;
      }
    }
  }

  private applyStatus(status: BuildStatus, time: number): void {
    this.status = status;
    if (status === 'pending' || status === 'started') return;
    this.endTime = time;
    // Steps still running when the build ended were cut off (abort, error).
    for (const s of this.steps.values()) {
      if (s.status === 'running') s.status = status === 'aborted' ? 'aborted' : 'errored';
    }
  }

  /** Total log lines over every step. */
  lineCount(): number {
    let n = 0;
    for (const s of this.steps.values()) n += s.log.length;
    return n;
  }
}
