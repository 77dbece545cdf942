// ~/.gantryrc: saved targets in the shape of fly's ~/.flyrc
//   targets: { NAME: { api, team, insecure?, token?: { type, value } } }
// Written with mode 0600 because it holds bearer tokens; fields this version
// does not know are kept when the file is rewritten.
// Synchronous fs on purpose: the file is small, and node:fs/promises alone costs a command
// ~1.5 ms to load (node:fs is loaded with Node itself).
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { LineCounter, isMap, isPair, isScalar, parseDocument, stringify, type Node } from 'yaml';
import { CliError } from '../errors';

export interface TargetToken {
  type: string;
  value: string;
}

export interface Target {
  api: string;
  team: string;
  insecure?: boolean;
  token?: TargetToken;
  [other: string]: unknown;
}

export type Targets = Record<string, Target>;

/** $GANTRY_HOME (as fly honours $FLY_HOME), else $HOME, else the OS home. */
export function targetsPath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.GANTRY_HOME || env.HOME || homedir();
  return join(home, '.gantryrc');
}

function asTarget(raw: Record<string, unknown>): Target {
  const t = raw;
  const token = t.token as Record<string, unknown> | undefined;
  return {
    ...t,
    api: typeof t.api === 'string' ? t.api : '',
    team: typeof t.team === 'string' ? t.team : 'main',
    token:
      token && typeof token === 'object'
        ? { type: String(token.type ?? ''), value: String(token.value ?? '') }
        : undefined,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `FILE:LINE:COL: FIELD: message`, as validate-pipeline names places. */
function fileError(path: string, lines: LineCounter, node: Node | null | undefined, field: string, message: string): CliError {
  const pos = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 };
  return new CliError(`${path}:${pos.line}:${pos.col}: ${field ? `${field}: ` : ''}${message}`);
}

/** The value node of a key in a map node, if any. */
function entry(node: unknown, key: string): Node | null | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  return pair?.value as Node | null | undefined;
}

/** Every saved target; an absent file means none. */
export async function readTargets(path = targetsPath()): Promise<Targets> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const bad = doc.errors[0];
  if (bad) {
    const { line, col } = bad.linePos?.[0] ?? { line: 1, col: 1 };
    throw new CliError(`${path}:${line}:${col}: ${bad.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const value = doc.toJS() as unknown;
  const targets = isObject(value) ? value.targets : undefined;
  if (targets == null) return {};
  const targetsNode = entry(doc.contents, 'targets');
  if (!isObject(targets)) throw fileError(path, lines, targetsNode, 'targets', 'must be a mapping of target names');
  const out: Targets = {};
  for (const [name, raw] of Object.entries(targets)) {
    if (!isObject(raw)) throw fileError(path, lines, entry(targetsNode, name), `targets.${name}`, `target '${name}' is not a mapping`);
    out[name] = asTarget(raw);
  }
  return out;
}

function plain(t: Target): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) if (v !== undefined) out[k] = v;
  return out;
}

/** Replaces the whole file atomically, readable only by its owner. */
export async function writeTargets(targets: Targets, path = targetsPath()): Promise<void> {
  const body: Record<string, unknown> = {};
  for (const name of Object.keys(targets).sort()) body[name] = plain(targets[name]!);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, stringify({ targets: body }), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** Creates or updates one target, keeping what login does not set. */
export async function saveTarget(name: string, target: Target, path = targetsPath()): Promise<void> {
  const all = await readTargets(path);
  all[name] = { ...all[name], ...target };
  await writeTargets(all, path);
}

/** Forgets the token of one target but keeps its URL and team (fly logout). */
export async function clearToken(name: string, path = targetsPath()): Promise<void> {
  const all = await readTargets(path);
  const t = all[name];
  if (!t) throw new CliError(`unknown target: ${name}`);
  all[name] = { ...t, token: { type: '', value: '' } };
  await writeTargets(all, path);
}

/** Removes a target entirely (fly delete-target). */
export async function deleteTarget(name: string, path = targetsPath()): Promise<void> {
  const all = await readTargets(path);
  if (!all[name]) throw new CliError(`unknown target: ${name}`);
  delete all[name];
  await writeTargets(all, path);
}
