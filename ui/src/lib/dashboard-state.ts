// The dashboard's data as the dashboard event stream builds it: `snapshot`
// replaces everything, `changes` replaces (or removes) single pipelines with
// their jobs. Cards keep their identity when their data did not change. Pure.
import type { Job, Pipeline } from '../../../src/protocol/api';
import { type PipelineCard, buildCards } from './dashboard-model';

interface Change { id: number; pipeline: Pipeline | null; jobs: Job[] }

export class DashboardState {
  private pipelines: Pipeline[] = [];
  private readonly jobs = new Map<number, Job[]>();
  private byKey = new Map<string, PipelineCard>();
  private current: PipelineCard[] = [];

  /** Applies one stream message; true for a snapshot (the stream is healthy again). */
  apply(event: string, data: string): boolean {
    if (event === 'snapshot') {
      const s = JSON.parse(data) as { pipelines: Pipeline[]; jobs: Job[] };
      this.pipelines = s.pipelines;
      this.jobs.clear();
      for (const j of s.jobs) {
        const list = this.jobs.get(j.pipeline_id);
        if (list) list.push(j);
        else this.jobs.set(j.pipeline_id, [j]);
      }
      this.rebuild();
      return true;
    }
    if (event === 'changes') {
      for (const c of JSON.parse(data) as Change[]) this.change(c);
      this.rebuild();
    }
    return false;
  }

  cards(): PipelineCard[] {
    return this.current;
  }

  private change(c: Change): void {
    const at = this.pipelines.findIndex((p) => p.id === c.id);
    if (!c.pipeline) {
      if (at >= 0) this.pipelines.splice(at, 1);
      this.jobs.delete(c.id);
      return;
    }
    if (at >= 0) this.pipelines[at] = c.pipeline;
    else this.pipelines.push(c.pipeline);
    this.jobs.set(c.id, c.jobs);
  }

  private rebuild(): void {
    const jobs: Job[] = [];
    for (const p of this.pipelines) jobs.push(...(this.jobs.get(p.id) ?? []));
    this.current = buildCards(this.pipelines, jobs, this.byKey);
    this.byKey = new Map(this.current.map((c) => [c.key, c]));
  }
}
