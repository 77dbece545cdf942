// One scheduling pass over 1,000 pipelines of 10 jobs each: for every job, resolve
// its inputs (latest, every, passed chains, fan-out, fan-in, shared upstream jobs)
// and decide whether to create a build. Each pipeline has 3 resources with 100
// versions and ~615 builds (a tenth fail, failures stop the flow downstream, later
// jobs lag behind), so the pass reads ~615,000 builds. Reported: the full pass (indexing each
// pipeline's snapshot + resolving + deciding), the pass over already-indexed
// snapshots, and as the same-run baseline one plain loop touching every build
// input and output once (the least any algorithm must do).
// Goal: full pass under 1 s.
// Run: node --import tsx bench/scheduling-pass.ts [--quick] [--pipelines N] [--runs N] [--explain]
import { performance } from 'node:perf_hooks';
import { buildVersionIndex, resolveInputs, type BuildHistoryEntry, type InputConfig, type JobInputsConfig, type ResourceHistory, type VersionSnapshot } from '../src/core/versions';
import { shouldCreateBuild } from '../src/core/scheduling';
import { median } from './lib/stats';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const quick = process.argv.includes('--quick');
const PIPELINES = flag('pipelines', quick ? 100 : 1000);
const RUNS = flag('runs', quick ? 3 : 5);
const VERSIONS = 100;

const get = (resource: string, extra: Partial<InputConfig> = {}): InputConfig => ({ name: resource, resource, ...extra });

/** Ten jobs: a chain with two resources passed together, a diamond (j3, j4 → j5), every, and a fan-in with a shared job. */
const JOBS: JobInputsConfig[] = [
  { name: 'j0', inputs: [get('repo', { trigger: true }), get('tools'), get('image')] },
  { name: 'j1', inputs: [get('repo', { trigger: true, passed: ['j0'] }), get('tools', { passed: ['j0'] })] },
  { name: 'j2', inputs: [get('repo', { trigger: true, passed: ['j1'] }), get('tools', { passed: ['j1'] })] },
  { name: 'j3', inputs: [get('repo', { trigger: true, passed: ['j2'] }), get('image')] },
  { name: 'j4', inputs: [get('repo', { trigger: true, passed: ['j2'] })] },
  { name: 'j5', inputs: [get('repo', { trigger: true, passed: ['j3', 'j4'] })] },
  { name: 'j6', inputs: [get('repo', { trigger: true, passed: ['j5'], version: 'every' })] },
  { name: 'j7', inputs: [get('repo', { trigger: true, passed: ['j6'] }), get('tools')] },
  { name: 'j8', inputs: [get('repo', { trigger: true, passed: ['j6'] })] },
  { name: 'j9', inputs: [get('repo', { trigger: true, passed: ['j7', 'j8'] }), get('tools', { passed: ['j7'] })] },
];
const UPSTREAM: Record<string, string[]> = { j1: ['j0'], j2: ['j1'], j3: ['j2'], j4: ['j2'], j5: ['j3', 'j4'], j6: ['j5'], j7: ['j6'], j8: ['j6'], j9: ['j7', 'j8'] };

/** Deterministic pseudo-random numbers (a linear congruential generator), so every run measures the same history. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function generatePipeline(p: number, nextId: { value: number }): VersionSnapshot {
  const random = lcg(p + 1);
  const resources: ResourceHistory[] = ['repo', 'tools', 'image'].map((name, r) => ({
    name,
    versions: Array.from({ length: VERSIONS }, (_, v) => ({ id: r * VERSIONS + v + 1, version: { ref: `${name}-${v + 1}` }, checkOrder: v + 1, disabled: v === 50 && r === 0 })),
  }));
  const vid = (r: number, v: number): number => r * VERSIONS + v + 1;
  const builds: BuildHistoryEntry[] = [];
  for (let v = 0; v < VERSIONS; v++) {
    // succeeded[job] = the build of this job for version v, when it succeeded
    const succeeded = new Map<string, BuildHistoryEntry>();
    JOBS.forEach((job, k) => {
      if (v >= VERSIONS - k * 2) return; // later jobs lag behind the newest versions
      const ups = UPSTREAM[job.name] ?? [];
      if (!ups.every((u) => succeeded.has(u))) return;
      const status = random() < 0.1 ? 'failed' : 'succeeded';
      const inputs = job.inputs.map((i) => ({ name: i.name, resource: i.resource, versionId: vid(['repo', 'tools', 'image'].indexOf(i.resource), v) }));
      const build: BuildHistoryEntry = { id: nextId.value++, job: job.name, status, inputs, outputs: [], passedBuildIds: ups.map((u) => succeeded.get(u)!.id) };
      builds.push(build);
      if (status === 'succeeded') succeeded.set(job.name, build);
    });
  }
  return { resources, builds };
}

function pass(snapshots: readonly VersionSnapshot[]): number {
  let created = 0;
  for (const snapshot of snapshots) {
    for (const job of JOBS) {
      const resolved = resolveInputs(snapshot, job);
      if (shouldCreateBuild({ name: job.name, inputs: job.inputs }, resolved, []).create) created++;
    }
  }
  return created;
}

function baseline(snapshots: readonly VersionSnapshot[]): number {
  let sum = 0;
  for (const s of snapshots) for (const b of s.builds) for (const i of b.inputs) sum += i.versionId;
  return sum;
}

function time(fn: () => unknown, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const nextId = { value: 1 };
const raw = Array.from({ length: PIPELINES }, (_, p) => generatePipeline(p, nextId));
const buildCount = raw.reduce((n, s) => n + s.builds.length, 0);
// Fresh snapshot objects per run, so each full pass indexes from scratch.
const fresh = (): VersionSnapshot[] => raw.map((s) => ({ resources: s.resources, builds: s.builds }));

pass(fresh()); // warm up the JIT
let created = 0;
const fullSamples: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const snapshots = fresh();
  const t0 = performance.now();
  created = pass(snapshots);
  fullSamples.push(performance.now() - t0);
}
const full = median(fullSamples);
if (process.argv.includes('--explain')) {
  // What the pass decided for the first pipeline, job by job.
  for (const job of JOBS) {
    const r = resolveInputs(raw[0]!, job);
    const d = shouldCreateBuild({ name: job.name, inputs: job.inputs }, r, []);
    const versions = Object.values(r.inputs).map((i) => `${i.name}=${i.version.ref}${i.firstOccurrence ? '*' : ''}`).join(' ');
    console.log(`  ${job.name}: ${d.create ? 'create' : 'wait  '} ${versions}  — ${d.reason}`);
  }
}
const indexed = fresh();
const indexTime = time(() => indexed.forEach((s) => buildVersionIndex(s)), RUNS);
pass(indexed);
const warm = time(() => pass(indexed), RUNS);
const base = time(() => baseline(raw), RUNS);

const jobs = PIPELINES * JOBS.length;
console.log(`scheduling pass: ${PIPELINES} pipelines × ${JOBS.length} jobs = ${jobs} jobs, ${buildCount} builds, ${created} builds to create`);
console.log(`  full pass (index + resolve + decide): ${full.toFixed(1)} ms median of ${RUNS}  (${((full * 1000) / jobs).toFixed(1)} µs/job)  goal < 1000 ms: ${full < 1000 ? 'met' : 'MISSED'}`);
console.log(`  eager indexing alone:                 ${indexTime.toFixed(1)} ms  (versions by resource, builds by job)`);
console.log(`  pass over fully indexed snapshots:    ${warm.toFixed(1)} ms`);
console.log(`  baseline (touch every build input):   ${base.toFixed(1)} ms  → full pass = ${(full / base).toFixed(1)}× baseline`);
