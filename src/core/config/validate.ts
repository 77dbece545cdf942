// Validation entry points: the shape first (from the TypeBox schema), then
// Concourse's semantic rules on a well-shaped config. A config is returned
// only when there are no errors; warnings may accompany it.
import { DiagnosticSink, sortDiagnostics, hasErrors, type ConfigPath, type Diagnostic, type Locate } from './diagnostics';
import { checkStructure } from './structural';
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

/** A copy of `value` without the optional fields written with no value (`key:`), as Go's decoder reads them. */
function withoutNulls(value: unknown, nulls: ConfigPath[]): unknown {
  if (nulls.length === 0) return value;
  const copy = structuredClone(value);
  for (const path of nulls) {
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
  const { ok, nulls } = checkStructure(schema, value, sink);
  if (!ok) return { diagnostics: sortDiagnostics(sink.list) };
  const config = withoutNulls(value, nulls) as T;
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
