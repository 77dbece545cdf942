// The JSON Schema documents `gantry schema` prints for editors
// (yaml-language-server): plain draft-07 JSON, with the recursive step and the
// task config hoisted into `definitions` so every `$ref` is a JSON pointer.
import type { TSchema } from '@sinclair/typebox';
import { PipelineSchema, TaskConfigSchema } from './schema';

type Json = Record<string, unknown>;

function hoist(node: unknown, defs: Json, isRoot: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => hoist(n, defs, false));
  if (typeof node !== 'object' || node === null) return node;
  const obj = node as Json;
  if (!isRoot && typeof obj.$id === 'string') {
    const id = obj.$id;
    if (!(id in defs)) {
      defs[id] = true; // placeholder: the definition may refer to itself
      const { $id: _drop, ...rest } = obj;
      defs[id] = hoist(rest, defs, false);
    }
    return { $ref: `#/definitions/${id}` };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) out.$ref = `#/definitions/${value}`;
    else out[key] = hoist(value, defs, false);
  }
  return out;
}

function toJsonSchema(schema: TSchema): Json {
  const plain = JSON.parse(JSON.stringify(schema)) as Json;
  const defs: Json = {};
  const { $id: _id, ...root } = hoist(plain, defs, true) as Json;
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...root, definitions: defs };
}

let pipelineCache: Json | undefined;
let taskCache: Json | undefined;

/** JSON Schema of a pipeline file. */
export function pipelineJsonSchema(): Json {
  pipelineCache ??= toJsonSchema(PipelineSchema);
  return structuredClone(pipelineCache);
}

/** JSON Schema of a task config file. */
export function taskJsonSchema(): Json {
  taskCache ??= toJsonSchema(TaskConfigSchema);
  return structuredClone(taskCache);
}
