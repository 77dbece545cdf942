// Reads every import specifier under src/ and fails on an edge the design forbids
// (docs/DESIGN.md, "Imports point inward").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';

const SRC = resolve('src');

/** Third-party packages that pure code may use: parsing and schemas, no I/O. */
const PURE_PACKAGES = new Set(['yaml', '@sinclair/typebox']);
/** Modules that run the server side; the CLI and UI talk to them only over HTTP. */
const SERVER_MODULES = ['api', 'store', 'engine', 'components', 'worker', 'creds', 'resources'];

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

/** Static imports, re-exports and dynamic import() calls with a literal specifier. */
export function importSpecifiers(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.push(m[1]!);
  return specs;
}

/** The top-level module of a path under src/ ('core', 'cli', ...). */
function moduleOf(path: string): string {
  return relative(SRC, path).split('/')[0]!;
}

export interface Edge { from: string; spec: string; target: string }

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      const target = spec.startsWith('.') ? `src:${moduleOf(resolve(dirname(file), spec))}` : spec;
      out.push({ from: relative(SRC, file), spec, target });
    }
  }
  return out;
}

export function violation(e: Edge): string | null {
  const from = e.from.split('/')[0]!;
  const isTest = /\.test\.tsx?$/.test(e.from);
  if (e.target === 'src:app' && from !== 'app') return 'nothing outside app/ may import app/';
  if (from === 'core' && !isTest) {
    if (e.target.startsWith('src:') && e.target !== 'src:core') return 'core imports only core';
    if (!e.target.startsWith('src:') && !PURE_PACKAGES.has(e.target)) return 'core does no I/O: only pure packages';
  }
  if (from === 'ports' && e.target.startsWith('src:') && !['src:ports', 'src:core', 'src:protocol'].includes(e.target))
    return 'ports hold interfaces only: they see core and protocol';
  if ((from === 'cli' || from === 'protocol') && SERVER_MODULES.some((m) => e.target === `src:${m}`))
    return `${from} must not import server modules`;
  return null;
}

test('no source file imports across a forbidden edge', () => {
  const bad = edges()
    .map((e) => ({ e, why: violation(e) }))
    .filter((x) => x.why)
    .map(({ e, why }) => `src/${e.from} imports '${e.spec}': ${why}`);
  assert.deepEqual(bad, []);
});

test('the rules catch the edges they are meant to', () => {
  assert.ok(violation({ from: 'core/config/load.ts', spec: 'node:fs', target: 'node:fs' }));
  assert.ok(violation({ from: 'core/x.ts', spec: '../store/db', target: 'src:store' }));
  assert.ok(violation({ from: 'api/x.ts', spec: '../app/web', target: 'src:app' }));
  assert.ok(violation({ from: 'cli/x.ts', spec: '../store/db', target: 'src:store' }));
  assert.equal(violation({ from: 'cli/x.ts', spec: '../protocol/api', target: 'src:protocol' }), null);
  assert.equal(violation({ from: 'core/config/x.ts', spec: 'yaml', target: 'yaml' }), null);
  assert.deepEqual(importSpecifiers("import a from './a';\nexport { b } from \"../b\";\nconst c = await import('./c');"), ['./a', '../b', './c']);
});
