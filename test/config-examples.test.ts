// Every pipeline and task file of Concourse's examples validates with zero
// errors, and the JSON Schema that `gantry schema` prints accepts each of them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { parse } from 'yaml';
import {
  formatDiagnostic,
  loadPipeline,
  parseYamlSource,
  pipelineJsonSchema,
  taskJsonSchema,
  validateTaskConfig,
  PipelineSchema,
  TaskConfigSchema,
} from '../src/core/config';
import { staticVars } from '../src/core/vars';

const ROOT = resolve('../shared/fixtures/concourse-examples');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

/** Files that are vars for other files (`-l`), not pipelines. */
const VARS_FILES = ['pipelines/vars-file.yml'];
/** Vars each pipeline needs, as `-v`/`-l` would give them. */
const VARS: Record<string, Record<string, unknown>> = {
  'pipelines/pipeline-vars.yml': parse(readFileSync(join(ROOT, 'pipelines/vars-file.yml'), 'utf8')) as Record<string, unknown>,
  'pipelines/multi-branch/parent.yml': { instance_pipeline_name: 'feature' },
  'pipelines/multi-branch/template.yml': { branch: 'main' },
};
/** Top-level anchor holders that Concourse ignores (fly --strict rejects them; we warn). */
const ANCHOR_WARNINGS: Record<string, string[]> = {
  'pipelines/golang-lib.yml': ["pipelines/golang-lib.yml:24:1: warning: task-config: unknown top-level field 'task-config' is ignored"],
  'pipelines/job-and-task-hooks.yml': [
    "pipelines/job-and-task-hooks.yml:2:1: warning: task-config: unknown top-level field 'task-config' is ignored",
  ],
};

const all = yamlFiles(ROOT).sort();
// ytt templates and libraries (`#@` annotations) are inputs to ytt, not YAML
// pipelines: fly cannot validate them either until ytt has rendered them.
const ytt = all.filter((f) => f.includes('/templates/'));
const pipelines = all.filter((f) => f.startsWith('pipelines/') && !ytt.includes(f) && !VARS_FILES.includes(f));
const tasks = all.filter((f) => f.startsWith('tasks/'));

// A small JSON Schema (draft-07 subset) checker, independent of TypeBox, to
// show that the emitted document itself accepts the examples.
type Json = Record<string, any>;
function jsonSchemaErrors(schema: Json, value: unknown, root: Json, path = '$'): string[] {
  if (schema.$ref) return jsonSchemaErrors(root.definitions[schema.$ref.replace('#/definitions/', '')], value, root, path);
  if (schema.anyOf) {
    const ok = (schema.anyOf as Json[]).some((s) => jsonSchemaErrors(s, value, root, path).length === 0);
    return ok ? [] : [`${path}: matches no alternative`];
  }
  if ('const' in schema && value !== schema.const) return [`${path}: not ${schema.const}`];
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const errs: string[] = [];
  switch (schema.type) {
    case 'object': {
      if (type !== 'object') return [`${path}: not an object`];
      const obj = value as Json;
      for (const key of schema.required ?? []) if (!(key in obj)) errs.push(`${path}: missing ${key}`);
      for (const [key, item] of Object.entries(obj)) {
        const prop = schema.properties?.[key];
        const pattern = schema.patternProperties && Object.values(schema.patternProperties)[0];
        if (prop) errs.push(...jsonSchemaErrors(prop, item, root, `${path}.${key}`));
        else if (pattern) errs.push(...jsonSchemaErrors(pattern as Json, item, root, `${path}.${key}`));
        else if (schema.additionalProperties === false) errs.push(`${path}: unknown ${key}`);
      }
      return errs;
    }
    case 'array':
      if (type !== 'array') return [`${path}: not an array`];
      return (value as unknown[]).flatMap((item, i) => jsonSchemaErrors(schema.items, item, root, `${path}[${i}]`));
    case 'string':
      if (type !== 'string') return [`${path}: not a string`];
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value as string)) return [`${path}: pattern`];
      return [];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${path}: not an integer`];
    case 'boolean':
      return type === 'boolean' ? [] : [`${path}: not a boolean`];
    default:
      return [];
  }
}

function loadExample(file: string) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return loadPipeline(text, file, staticVars(VARS[file] ?? {}));
}

describe('Concourse example pipelines', () => {
  test('the examples are all accounted for', () => {
    assert.equal(pipelines.length, 19);
    assert.equal(tasks.length, 8);
    assert.equal(pipelines.length + tasks.length + ytt.length + VARS_FILES.length, all.length);
    for (const f of ytt) assert.match(readFileSync(join(ROOT, f), 'utf8'), /#@/, `${f} is a ytt file`);
  });
  for (const file of pipelines) {
    test(`${file} validates with no errors`, () => {
      const loaded = loadExample(file);
      const messages = loaded.diagnostics.map(formatDiagnostic);
      assert.deepEqual(messages, ANCHOR_WARNINGS[file] ?? []);
      assert.ok(loaded.config, 'a config is returned');
      assert.ok(Value.Check(PipelineSchema, loaded.config), 'TypeBox accepts the typed config');
    });
    test(`${file} is accepted by the JSON Schema`, () => {
      const schema = pipelineJsonSchema();
      assert.deepEqual(jsonSchemaErrors(schema, loadExample(file).value, schema), []);
    });
  }
});

describe('Concourse example tasks', () => {
  for (const file of tasks) {
    test(`${file} validates and matches the task JSON Schema`, () => {
      const source = parseYamlSource(readFileSync(join(ROOT, file), 'utf8'), file);
      const result = validateTaskConfig(source.value, { file, locate: source.locate });
      assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
      assert.ok(Value.Check(TaskConfigSchema, result.config));
      const schema = taskJsonSchema();
      assert.deepEqual(jsonSchemaErrors(schema, source.value, schema), []);
    });
  }
});

describe('the JSON Schema', () => {
  test('rejects what validation rejects: unknown fields, a wrong step shape', () => {
    const schema = pipelineJsonSchema();
    const bad = { jobs: [{ name: 'a', plan: [{ get: 'r', trigger: 'often' }], serail: true }] };
    assert.deepEqual(jsonSchemaErrors(schema, bad, schema), ['$.jobs[0].plan[0]: matches no alternative', '$.jobs[0]: unknown serail']);
  });
  test('uses only JSON pointers for references and lets editors see the step shapes', () => {
    const text = JSON.stringify(pipelineJsonSchema());
    for (const m of text.matchAll(/"\$ref":"([^"]+)"/g)) assert.match(m[1]!, /^#\/definitions\//);
    const step = (pipelineJsonSchema().definitions as Json).Step as Json;
    assert.equal(step.anyOf.length, 9);
    assert.equal(pipelineJsonSchema().$schema, 'http://json-schema.org/draft-07/schema#');
  });
});
