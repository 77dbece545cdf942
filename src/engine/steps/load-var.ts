// load_var: reads a file of an artifact into the build-local var `((.:name))`.
// Formats as Concourse: json, yaml/yml, trim (default for other extensions),
// raw. Unless `reveal: true`, the value is redacted from logs like a credential.
import { parse as parseYaml } from 'yaml';
import type { Plan } from '../../core/planner';
import { readArtifactFile } from '../artifact-files';
import type { BuildRun, Scope } from '../build-run';
import { runLeaf } from '../leaf';
import type { StepOutcome } from '../outcome';

export function runLoadVar(plan: Plan, scope: Scope, run: BuildRun): Promise<StepOutcome> {
  return runLeaf(plan, scope, run, async () => {
    const config = run.interpolate(plan.load_var!, scope);
    const origin = { id: plan.id };
    run.emitter.emit('initialize', { origin });
    run.emitter.emit('start', { origin });
    const text = (await readArtifactFile(run, scope, config.file)).toString('utf8');
    const value = decode(text, config.format ?? formatOf(config.file), config.file);
    scope.vars.set(config.name, value);
    if (config.reveal !== true) run.emitter.addSecrets(leafStrings(value));
    run.emitter.emit('finish', { origin, succeeded: true });
    return 'succeeded';
  });
}

function formatOf(file: string): string {
  if (file.endsWith('.json')) return 'json';
  if (file.endsWith('.yml') || file.endsWith('.yaml')) return 'yaml';
  return 'trim';
}

function decode(text: string, format: string, file: string): unknown {
  switch (format) {
    case 'json':
      try {
        return JSON.parse(text);
      } catch (err) {
        throw new Error(`failed to parse ${file} in format json: ${(err as Error).message}`);
      }
    case 'yaml':
    case 'yml':
      try {
        return parseYaml(text, { version: '1.1' });
      } catch (err) {
        throw new Error(`failed to parse ${file} in format yaml: ${(err as Error).message}`);
      }
    case 'trim': return text.trim();
    case 'raw': return text;
    default: throw new Error(`invalid format ${format}`);
  }
}

function leafStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(leafStrings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(leafStrings);
  return [];
}
