// Rows for the benchmark scripts that print only a human report (written before the
// BENCH-ROW lines existed): each adapter reads that report and makes the table row.
import type { BenchRow } from './row';

type Adapter = (out: string, scale: string) => BenchRow | undefined;
const num = (re: RegExp, s: string): number | undefined => { const m = re.exec(s); return m ? Number(m[1]) : undefined; };

const cliStartup: Adapter = (out, scale) => {
  const g = num(/gantry --version p50 ([\d.]+) ms/, out);
  const n = num(/node -e 0 p50 ([\d.]+) ms/, out);
  if (g === undefined || n === undefined) return undefined;
  return { id: 'cli-startup', what: '`gantry --version` vs `node -e 0`', scale, gantry: `p50 ${g} ms`, baseline: `p50 ${n} ms`, result: `${(g / n).toFixed(2)}×`, goal: '< 2×', met: g / n < 2 };
};

const runcOverhead: Adapter = (out, scale) => {
  const raw = num(/raw \w+ run p50 ([\d.]+) ms/, out);
  const ours = num(/destroy p50 ([\d.]+) ms/, out);
  if (raw === undefined || ours === undefined) return undefined;
  return { id: 'runc-overhead', what: 'worker runtime create→start→wait→destroy of `true` vs raw `runc run`', scale, gantry: `p50 ${ours} ms`, baseline: `p50 ${raw} ms`, result: `+${(ours - raw).toFixed(1)} ms, ${(ours / raw).toFixed(2)}×`, goal: '— (part of row 1)' };
};

const webhook: Adapter = (out, scale) => {
  const line = (label: string): { p50: number; p99: number } | undefined => {
    const m = new RegExp(`${label}[^\\n]*?p50\\s+([\\d.]+) ms[^\\n]*?p99\\s+([\\d.]+) ms`).exec(out);
    return m ? { p50: Number(m[1]), p99: Number(m[2]) } : undefined;
  };
  const w = line('webhook → build started');
  const d = line('upstream succeeded → downstream started');
  const g = line('baseline: the git check alone');
  if (!w || !d) return undefined;
  return {
    id: 'webhook-latency', what: 'webhook → build started; upstream success → downstream started', scale: /\(n=(\d+)\)/.exec(out)?.[1] ? `${/\(n=(\d+)\)/.exec(out)![1]} runs each` : scale,
    gantry: `webhook p50 ${w.p50} / p99 ${w.p99} ms; downstream p50 ${d.p50} / p99 ${d.p99} ms`,
    baseline: g ? `git check alone p50 ${g.p50} ms` : '—', result: `webhook − git check: ${g ? (w.p50 - g.p50).toFixed(1) : '?'} ms`,
    goal: 'p50 ≤ 300 ms, p99 ≤ 1 s', met: w.p50 <= 300 && d.p50 <= 300 && w.p99 <= 1000 && d.p99 <= 1000,
  };
};

const scheduling: Adapter = (out, scale) => {
  const full = num(/full pass \(index \+ resolve \+ decide\): ([\d.]+) ms/, out);
  const base = num(/baseline \(touch every build input\):\s+([\d.]+) ms/, out);
  const head = /scheduling pass: (\d+) pipelines × (\d+) jobs/.exec(out);
  if (full === undefined) return undefined;
  return {
    id: 'scheduling-pass', what: 'one scheduling pass, pure algorithm (index + resolve + decide)', scale: head ? `${head[1]} pipelines × ${head[2]} jobs` : scale,
    gantry: `${full} ms`, baseline: base !== undefined ? `${base} ms (touch every build input once)` : '—',
    result: base ? `${(full / base).toFixed(1)}× baseline` : '—', goal: '≤ 1 s', met: full <= 1000,
  };
};

const validate: Adapter = (out, scale) => {
  const m = /parse \+ validate\s+([^\n]*?)\s+goal/.exec(out);
  const j = /baseline: JSON.parse\s+([^\n]*?)\s+\(/.exec(out);
  const r = num(/ratio parse\+validate \/ JSON.parse: ([\d.]+)x/, out);
  if (!m) return undefined;
  return { id: 'validate-pipeline', what: 'validate a 1,000-job pipeline', scale, gantry: m[1]!.trim(), baseline: `JSON.parse ${j?.[1]?.trim() ?? '?'}`, result: r ? `${r}× (cpu)` : '—', goal: '< 200 ms' };
};

const graph: Adapter = (out, scale) => {
  const p = num(/yaml parse\s+([\d.]+) ms/, out);
  const b = num(/graph\s+build\s+([\d.]+) ms/, out);
  const l = num(/graph\s+layout\s+([\d.]+) ms/, out);
  if (p === undefined || b === undefined || l === undefined) return undefined;
  return { id: 'graph-layout', what: 'pipeline graph of a 200-job pipeline', scale, gantry: `${(b + l).toFixed(2)} ms`, baseline: `yaml parse ${p} ms`, result: `${((b + l) / p).toFixed(2)}×`, goal: '—' };
};

const ui: Adapter = (out, scale) => {
  const line = (label: string): { text: string; interactive: number } | undefined => {
    const m = new RegExp(`^(${label}[^\\n]*?)\\s+first[^\\n]*?interactive\\s+([\\d.]+) ms`, 'm').exec(out);
    return m ? { text: m[1]!.trim(), interactive: Number(m[2]) } : undefined;
  };
  const base = line('static baseline');
  const dash = line('dashboard \\(');
  const page = line('build page');
  if (!base || !dash || !page) return undefined;
  return {
    id: 'ui-render', what: 'headless chromium: time to interactive of the dashboard and a build page vs a static page', scale,
    gantry: `${dash.text} ${dash.interactive} ms; ${page.text} ${page.interactive} ms`, baseline: `${base.text} ${base.interactive} ms`,
    result: `${(dash.interactive / base.interactive).toFixed(1)}× / ${(page.interactive / base.interactive).toFixed(1)}×`, goal: '— (see the UI issue)',
  };
};

export const ADAPTERS: Record<string, Adapter> = {
  'ui-render': ui,
  'cli-startup': cliStartup, 'runc-overhead': runcOverhead, 'webhook-latency': webhook,
  'scheduling-pass': scheduling, 'validate-pipeline': validate, 'graph-layout': graph,
};
