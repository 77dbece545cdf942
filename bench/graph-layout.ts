// Times the pipeline graph (build + layout) for a generated 200-job pipeline,
// against parsing the same pipeline's YAML in the same run: the page must parse
// the config anyway, so the ratio says what the picture adds.
// Run: node --import tsx bench/graph-layout.ts [--jobs N] [--runs N]
import { performance } from 'node:perf_hooks';
import { parse, stringify } from 'yaml';
import { buildPipelineGraph, countEdgeCrossings, layoutGraph, layoutProblems } from '../src/core/graph';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Streams of ten jobs, each passing its repo to the next; every fifth job also
 * waits on the same stage of the neighbouring stream (fan-in), every job gets a
 * shared tasks repo without passed (long lines from the left), and the last job
 * of each stream puts a release.
 */
function generatePipeline(jobCount: number): unknown {
  const perStream = 10;
  const streams = Math.ceil(jobCount / perStream);
  const resources: unknown[] = [{ name: 'ci-tasks', type: 'git' }];
  const jobs: unknown[] = [];
  for (let s = 0; s < streams; s++) {
    resources.push({ name: `repo-${s}`, type: 'git' }, { name: `release-${s}`, type: 's3' });
    for (let i = 0; i < perStream && jobs.length < jobCount; i++) {
      const plan: unknown[] = [{ get: 'ci-tasks' }];
      if (i === 0) plan.push({ get: `repo-${s}`, trigger: true });
      else plan.push({ get: `repo-${s}`, trigger: true, passed: [`s${s}-j${i - 1}`] });
      if (i % 5 === 4 && s > 0) plan.push({ get: `repo-${s - 1}`, passed: [`s${s - 1}-j${i}`] });
      plan.push({ task: 'work', file: 'ci-tasks/work.yml' });
      if (i === perStream - 1) plan.push({ put: `release-${s}` });
      jobs.push({ name: `s${s}-j${i}`, plan: [{ in_parallel: plan.slice(0, -1) }, plan[plan.length - 1]] });
    }
  }
  return { resources, jobs };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(runs: number, fn: () => void): number {
  for (let i = 0; i < 3; i++) fn(); // warm up the JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const jobCount = flag('jobs', 200);
const runs = flag('runs', 20);
const text = stringify(generatePipeline(jobCount));
const measure = (label: string) => ({ width: 7 * label.length, height: 14 });

const parseMs = time(runs, () => parse(text));
const config = parse(text) as Record<string, unknown>;
const buildMs = time(runs, () => buildPipelineGraph(config));
const graph = buildPipelineGraph(config);
const layoutMs = time(runs, () => layoutGraph(graph, measure));
const layout = layoutGraph(graph, measure);
const problems = layoutProblems(layout);

console.log(`pipeline: ${jobCount} jobs, ${layout.nodes.length} boxes, ${layout.edges.length} lines, ${runs} runs (median)`);
console.log(`baseline  yaml parse       ${parseMs.toFixed(2)} ms`);
console.log(`graph     build            ${buildMs.toFixed(2)} ms`);
console.log(`graph     layout           ${layoutMs.toFixed(2)} ms  (${((buildMs + layoutMs) / parseMs).toFixed(2)}x yaml parse)`);
console.log(`picture   ${Math.round(layout.width)}x${Math.round(layout.height)} px, ${countEdgeCrossings(layout)} crossings, ${problems.length} problems`);
if (problems.length > 0) {
  console.error(problems.slice(0, 5).join('\n'));
  process.exitCode = 1;
}
