// Times parse + validate of a generated pipeline of 1,000 jobs and 1,000
// resources (every job gets its resource, gets the previous job's resource
// with passed:, runs an inline task and puts a notification), the size of a
// large real-world pipeline. Reports the median of several runs, with the
// parse and validate parts, beside JSON.parse of the same config (baseline)
// and the `yaml` package alone. Run: node --import tsx bench/validate-pipeline.ts [--quick]
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { parseYamlSource, validatePipeline, YAML_OPTIONS } from '../src/core/config';

export function generatePipeline(jobs: number): string {
  const out: string[] = ['resources:'];
  for (let i = 0; i < jobs; i++) {
    out.push(`- name: repo-${i}`, '  type: git', '  check_every: 10m', '  source:', `    uri: https://example.com/repo-${i}.git`, '    branch: main');
  }
  out.push('jobs:');
  for (let i = 0; i < jobs; i++) {
    out.push(`- name: job-${i}`, '  serial: true', '  plan:', '  - in_parallel:', `    - get: repo-${i}`, '      trigger: true');
    if (i > 0) out.push(`    - get: repo-${i - 1}`, `      passed: [job-${i - 1}]`);
    out.push(
      '  - task: build',
      '    timeout: 30m',
      '    config:',
      '      platform: linux',
      '      image_resource: {type: registry-image, source: {repository: busybox}}',
      `      inputs: [{name: repo-${i}}]`,
      '      outputs: [{name: out}]',
      '      run: {path: sh, args: [-c, "make test"]}',
      '    on_failure:',
      `      put: repo-${i}`,
      '      params: {repository: out}',
    );
  }
  return `${out.join('\n')}\n`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall and CPU milliseconds of one call. CPU time holds up better on a busy machine. */
function timed<T>(fn: () => T): { result: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { result, wall, cpu: (c.user + c.system) / 1000 };
}

export interface BenchResult {
  lines: number;
  bytes: number;
  /** Medians in ms: [wall, cpu]. */
  parse: [number, number];
  validate: [number, number];
  total: [number, number];
  /** Baseline in the same run: JSON.parse of the same config as JSON text. */
  jsonParse: [number, number];
  /** The `yaml` package alone on the same text (what parsing cost before the fast path). */
  yamlPackage: [number, number];
}

export function runBench(jobs: number, runs: number): BenchResult {
  const text = generatePipeline(jobs);
  const rows: Record<'parse' | 'validate' | 'total' | 'jsonParse' | 'yamlPackage', Array<[number, number]>> = {
    parse: [], validate: [], total: [], jsonParse: [], yamlPackage: [],
  };
  let json = '';
  for (let r = 0; r < runs + 2; r++) {
    const p = timed(() => parseYamlSource(text, 'bench.yml'));
    const v = timed(() => validatePipeline(p.result.value, { file: 'bench.yml', locate: p.result.locate }));
    if (!v.result.config) throw new Error(`generated pipeline is invalid: ${v.result.diagnostics[0]?.message}`);
    json ||= JSON.stringify(p.result.value);
    const j = timed(() => JSON.parse(json) as unknown);
    const y = timed(() => parseAllDocuments(text, { ...YAML_OPTIONS }));
    if (r < 2) continue; // warm-up
    rows.parse.push([p.wall, p.cpu]);
    rows.validate.push([v.wall, v.cpu]);
    rows.total.push([p.wall + v.wall, p.cpu + v.cpu]);
    rows.jsonParse.push([j.wall, j.cpu]);
    rows.yamlPackage.push([y.wall, y.cpu]);
  }
  const med = (xs: Array<[number, number]>): [number, number] => [median(xs.map((x) => x[0])), median(xs.map((x) => x[1]))];
  return {
    lines: text.split('\n').length,
    bytes: text.length,
    parse: med(rows.parse),
    validate: med(rows.validate),
    total: med(rows.total),
    jsonParse: med(rows.jsonParse),
    yamlPackage: med(rows.yamlPackage),
  };
}

const isMain = process.argv[1]?.endsWith('validate-pipeline.ts');
if (isMain) {
  const quick = process.argv.includes('--quick');
  const n = quick ? 100 : 1000;
  const r = runBench(n, quick ? 3 : 9);
  const f = ([wall, cpu]: [number, number]) => `${wall.toFixed(1).padStart(7)} ms wall ${cpu.toFixed(1).padStart(7)} ms cpu`;
  console.log(`validate-pipeline: ${n} jobs, ${n} resources, ${r.lines} lines, ${(r.bytes / 1024).toFixed(0)} KiB of YAML (medians)`);
  console.log(`  parse                     ${f(r.parse)}`);
  console.log(`  validate                  ${f(r.validate)}`);
  console.log(`  parse + validate          ${f(r.total)}   goal < 200 ms`);
  console.log(`  baseline: JSON.parse      ${f(r.jsonParse)}   (same config as JSON)`);
  console.log(`  yaml package parse alone  ${f(r.yamlPackage)}`);
  console.log(`  ratio parse+validate / JSON.parse: ${(r.total[1] / r.jsonParse[1]).toFixed(1)}x (cpu)`);
}
