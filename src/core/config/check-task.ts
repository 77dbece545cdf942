// Concourse's rules for a task config beyond its shape: a platform, named
// inputs and outputs, a command to run, cache TTLs and container limits.
import type { ConfigPath, DiagnosticSink } from './diagnostics';
import { parseGoDuration } from './duration';
import type { TaskConfig } from './schema';

const MEMORY = /^([0-9]+)(([KMG])(i)?B?)?$/i;

/** Bytes for a memory limit such as `512MB` or `1GiB` (binary units, as Concourse). */
export function parseMemoryLimit(limit: string | number): number | undefined {
  if (typeof limit === 'number') return limit;
  const m = MEMORY.exec(limit);
  if (!m) return undefined;
  const unit = (m[3] ?? '').toUpperCase();
  const factor = unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : unit === 'G' ? 1024 ** 3 : 1;
  return Number(m[1]) * factor;
}

export function checkTaskConfig(config: TaskConfig, path: ConfigPath, sink: DiagnosticSink): void {
  if (config.platform === '') sink.error([...path, 'platform'], "missing 'platform'");
  if (config.run.path === '') sink.error([...path, 'run', 'path'], 'missing path to executable to run');
  config.inputs?.forEach((input, i) => {
    if (input.name === '') sink.error([...path, 'inputs', i, 'name'], `input in position ${i} is missing a name`);
  });
  config.outputs?.forEach((output, i) => {
    if (output.name === '') sink.error([...path, 'outputs', i, 'name'], `output in position ${i} is missing a name`);
  });
  config.caches?.forEach((cache, i) => {
    if (cache.path === '') sink.error([...path, 'caches', i, 'path'], `cache in position ${i} is missing a path`);
    if (cache.ttl === undefined || cache.ttl.startsWith('((')) return;
    const ms = parseGoDuration(cache.ttl);
    if (ms !== undefined && ms < 1000) sink.error([...path, 'caches', i, 'ttl'], `cache ttl must be at least 1s, got '${cache.ttl}'`);
  });
  checkContainerLimits(config.container_limits, [...path, 'container_limits'], sink);
}

export function checkContainerLimits(
  limits: { cpu?: number | string; memory?: number | string } | undefined,
  path: ConfigPath,
  sink: DiagnosticSink,
): void {
  const memory = limits?.memory;
  if (typeof memory === 'string' && !memory.startsWith('((') && parseMemoryLimit(memory) === undefined) {
    sink.error([...path, 'memory'], 'could not parse container memory limit');
  }
  if (typeof memory === 'number' && memory < 0) sink.error([...path, 'memory'], 'memory limit must not be negative');
  const cpu = limits?.cpu;
  if (typeof cpu === 'number' && cpu < 0) sink.error([...path, 'cpu'], 'cpu limit must not be negative');
}
