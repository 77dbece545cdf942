// Config: Concourse pipeline and task config files → typed, checked configs
// with file:line:column diagnostics, plus the JSON Schema for editors.
// Pure: it never reads files or the environment; callers pass text and vars.
export * from './schema';
export type { Diagnostic, Severity, ConfigPath, PathSegment, Position, Locate } from './diagnostics';
export { formatDiagnostic, formatPath, sortDiagnostics, hasErrors } from './diagnostics';
export { parseYamlSource, YAML_OPTIONS, type YamlSource } from './source';
export { validatePipeline, validateTaskConfig, type ValidateOptions, type Validation } from './validate';
export { pipelineJsonSchema, taskJsonSchema } from './json-schema';
export { loadPipeline, type LoadedPipeline } from './load';
export { parseGoDuration, isGoDuration } from './duration';
export { checkIdentifier } from './identifier';
export { parseMemoryLimit } from './check-task';
export { coreStepKey, innerSteps, hookSteps, walkSteps, walkJobSteps, forEachJobStep, stepResource, jobResources } from './step-walk';
export { matchNames as matchJobGlob } from './glob';
