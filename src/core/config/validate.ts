// Validation entry points: the shape first (from the TypeBox schema), then
// Concourse's semantic rules on a well-shaped config. A config is returned
// only when there are no errors; warnings may accompany it.
import { DiagnosticSink, sortDiagnostics, hasErrors, type ConfigPath, type Diagnostic, type Locate } from './diagnostics';
import { checkStructure, fitsStructure } from './structural';
import { checkPipeline } from './check-pipeline';
import { checkTaskConfig } from './check-task';
import { PipelineSchema, TaskConfigSchema, type PipelineConfig, type TaskConfig } from './schema';
import type { TSchema } from '@sinclair/typebox';

export interface ValidateOptions {
  file: string;
  locate?: Locate;
}

export interface Validation<T> {
  config?: T;
  diagnostics: Diagnostic[];
}

/** A copy of `value` without the fields at `paths` (fields written with no value, or mistyped ones). */
function without(value: unknown, paths: ConfigPath[]): unknown {
  if (paths.length === 0) return value;
  const copy = structuredClone(value);
  for (const path of paths) {
    let node = copy as Record<string | number, unknown>;
    for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
    delete node[path[path.length - 1]!];
  }
  return copy;
}

function validate<T>(
  schema: TSchema,
  value: unknown,
  options: ValidateOptions,
  what: string,
  semantic: (config: T, sink: DiagnosticSink) => void,
): Validation<T> {
  const sink = new DiagnosticSink(options.file, options.locate);
  if (value === null || value === undefined) {
    sink.error([], `${what} is empty`);
    return { diagnostics: sink.list };
  }
  const { ok, nulls, prunable } = checkStructure(schema, value, sink);
  if (!ok) {
    // Like a compiler that keeps going: when every shape error is a field that
    // can be dropped, check the rules on what is left, so one run shows more.
    const rest = prunable && without(value, [...nulls, ...prunable]);
    if (rest && fitsStructure(schema, rest)) semantic(rest as T, sink);
    return { diagnostics: sortDiagnostics(sink.list) };
  }
  const config = without(value, nulls) as T;
  semantic(config, sink);
  const diagnostics = sortDiagnostics(sink.list);
  return hasErrors(diagnostics) ? { diagnostics } : { config, diagnostics };
}

export function validatePipeline(value: unknown, options: ValidateOptions): Validation<PipelineConfig> {
  return validate<PipelineConfig>(PipelineSchema, value, options, 'pipeline config', checkPipeline);
}

export function validateTaskConfig(value: unknown, options: ValidateOptions): Validation<TaskConfig> {
  return validate<TaskConfig>(TaskConfigSchema, value, options, 'task config', (config, sink) =>
    checkTaskConfig(config, [], sink),
  );
}
