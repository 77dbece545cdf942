// Words for schemas and values in messages: "a string", "a list", "'every'".
import { Kind, type TSchema } from '@sinclair/typebox';
import { CHECK_EVERY_PATTERN, DURATION_PATTERN } from './schema/common';

type Schema = TSchema & Record<string, any>;
export type JsType = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'other';

export function jsType(value: unknown): JsType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'object') return 'object';
  if (t === 'string' || t === 'number' || t === 'boolean') return t;
  if (t === 'bigint') return 'number';
  return 'other';
}

/** Whether a value of this JS type can possibly satisfy the schema (shallow). */
export function acceptsType(raw: Schema, type: JsType, refs: Map<string, Schema>): boolean {
  const schema = raw[Kind] === 'This' || raw[Kind] === 'Ref' ? refs.get(raw.$ref)! : raw;
  if (schema.$id === 'Step') return type === 'object';
  switch (schema[Kind]) {
    case 'Unknown':
    case 'Any':
      return true;
    case 'Object':
    case 'Record':
      return type === 'object';
    case 'Array':
      return type === 'array';
    case 'String':
      return type === 'string';
    case 'Integer':
    case 'Number':
      return type === 'number';
    case 'Boolean':
      return type === 'boolean';
    case 'Null':
      return type === 'null';
    case 'Literal':
      return jsType(schema.const) === type;
    case 'Union':
      return (schema.anyOf as Schema[]).some((b) => acceptsType(b, type, refs));
    default:
      return false;
  }
}

function isVarString(schema: Schema): boolean {
  return schema[Kind] === 'String' && typeof schema.pattern === 'string' && schema.pattern.startsWith('^\\(\\(');
}

function oneOf(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? 'nothing';
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

export function describeSchema(schema: Schema): string {
  if (schema.$id === 'Step' || schema[Kind] === 'This') return 'a step';
  switch (schema[Kind]) {
    case 'Object':
    case 'Record':
      return 'a mapping';
    case 'Array':
      return 'a list';
    case 'String':
      if (schema.pattern === DURATION_PATTERN) return 'a duration';
      if (schema.pattern === CHECK_EVERY_PATTERN) return 'a duration or never';
      return 'a string';
    case 'Integer':
      return 'an integer';
    case 'Number':
      return 'a number';
    case 'Boolean':
      return 'a boolean';
    case 'Null':
      return 'null';
    case 'Literal':
      return typeof schema.const === 'string' ? `'${schema.const}'` : String(schema.const);
    case 'Union':
      return oneOf((schema.anyOf as Schema[]).filter((b) => !isVarString(b)).map(describeSchema));
    default:
      return 'anything';
  }
}

export function describeValue(value: unknown): string {
  switch (jsType(value)) {
    case 'null':
      return 'nothing';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    case 'string': {
      const s = value as string;
      return `'${s.length > 40 ? `${s.slice(0, 37)}...` : s}'`;
    }
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return `the boolean ${String(value)}`;
    default:
      return typeof value;
  }
}
