// Times parse + validate of a generated pipeline of 1,000 jobs and 1,000
// resources (every job gets its resource, gets the previous job's resource
// with passed:, runs an inline task and puts a notification), the size of a
// large real-world pipeline. Reports the median of several runs, with the
// parse and validate parts. Run: node --import tsx bench/validate-pipeline.ts [--quick]
import { performance } from 'node:perf_hooks';
import { parseYamlSource, validatePipeline } from '../src/core/config';

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

export function runBench(jobs: number, runs: number): { parseMs: number; validateMs: number; totalMs: number; lines: number } {
  const text = generatePipeline(jobs);
  const parse: number[] = [];
  const validate: number[] = [];
  const total: number[] = [];
  for (let r = 0; r < runs + 2; r++) {
    const t0 = performance.now();
    const source = parseYamlSource(text, 'bench.yml');
    const t1 = performance.now();
    const result = validatePipeline(source.value, { file: 'bench.yml', locate: source.locate });
    const t2 = performance.now();
    if (!result.config) throw new Error(`generated pipeline is invalid: ${result.diagnostics[0]?.message}`);
    if (r < 2) continue; // warm-up
    parse.push(t1 - t0);
    validate.push(t2 - t1);
    total.push(t2 - t0);
  }
  return { parseMs: median(parse), validateMs: median(validate), totalMs: median(total), lines: text.split('\n').length };
}

const isMain = process.argv[1]?.endsWith('validate-pipeline.ts');
if (isMain) {
  const quick = process.argv.includes('--quick');
  const r = runBench(quick ? 100 : 1000, quick ? 3 : 9);
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(`validate-pipeline: ${quick ? 100 : 1000} jobs, ${quick ? 100 : 1000} resources, ${r.lines} lines of YAML`);
  console.log(`  parse    ${f(r.parseMs)} ms (median)`);
  console.log(`  validate ${f(r.validateMs)} ms (median)`);
  console.log(`  total    ${f(r.totalMs)} ms (median; goal < 200 ms)`);
}
