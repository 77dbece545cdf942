// Bundles the gantry command twice:
// - dist/gantry-cli.cjs: every CLI command in ONE CommonJS script. bin/gantry compiles it
//   with node:vm and a V8 code cache (dist/cli-cache/), so a short command skips parsing
//   and compiling ~0.8 MB of JavaScript each run (Node 20 has no compile cache for ES
//   modules). The server commands (web, worker, quickstart) are not in it: their entries
//   are imported from the ESM build below.
// - dist/gantry.mjs and its chunks: the same program as code-split ES modules, with stable
//   entries web-command.mjs, worker-command.mjs and quickstart.mjs for the server processes
//   (they need import.meta, worker threads and the external packages as ESM).
// The pure-JS packages every CLI command needs (commander, yaml, typebox) are bundled in:
// loading them from node_modules resolved and compiled dozens of files per run (~60 ms of
// CPU for `gantry execute`). Everything else (database drivers, wasm, the HTTP server, tar)
// stays external and loads from node_modules only when used.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// --outdir DIR: build elsewhere than dist/ (the bin test builds a private copy).
const outdir = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } }).values.outdir;

const BUNDLED = new Set(['commander', 'yaml', '@sinclair/typebox']);
const SERVER_ENTRIES = { 'web-command': 'src/app/web-command.ts', 'worker-command': 'src/app/worker-command.ts', quickstart: 'src/app/quickstart.ts' };

/** The package a bare import names (`@scope/name/sub` → `@scope/name`). */
function packageOf(path) {
  const parts = path.split('/');
  return path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const externals = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED.has(packageOf(args.path)) ? undefined : { path: args.path, external: true }));
  },
};

// commander requires node:child_process when it loads, only for executable subcommands,
// which gantry has none of; loading it cost ~5 ms of every command. It gets a stand-in
// that requires the real module on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      loader: 'js',
      contents: "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
    }));
  },
};

// The CommonJS CLI runs inside node:vm, where import() needs an experimental flag (or
// prints an ExperimentalWarning on Node 20). So it has no import() of its own: a lazily
// imported node builtin becomes a lazily initialised require() of it, and the server
// commands' actions load their ESM entry (built below) through __gantryImport, which
// bin/gantry passes in (a plain `node dist/gantry-cli.cjs` falls back to import()).
const noDynamicImport = {
  name: 'no-dynamic-import',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, namespace: 'builtin-require' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({ loader: 'js', contents: `export * from ${JSON.stringify(args.path)};` }));
    b.onResolve({ filter: /^\.\/(web-command|worker-command|quickstart)$/ }, (args) =>
      args.importer.endsWith('server-commands.ts') ? { path: `${args.path.slice(2)}.mjs`, namespace: 'esm-entry' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'esm-entry' }, (args) => ({
      loader: 'js',
      contents: `const spec = ${JSON.stringify(`./${args.path}`)};
        export async function run(input) {
          const entry = await (typeof __gantryImport === 'function' ? __gantryImport(spec) : import(spec));
          return entry.run(input);
        }`,
    }));
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };

await build({
  ...common,
  entryPoints: { gantry: 'src/app/main.ts', ...SERVER_ENTRIES },
  outdir,
  outExtension: { '.js': '.mjs' },
  splitting: true,
  format: 'esm',
  plugins: [lazyChildProcess, externals],
  // commander is CommonJS: its require() calls of node builtins need a real require in ESM.
  banner: { js: "import { createRequire as __gantryRequire } from 'node:module'; const require = __gantryRequire(import.meta.url);" },
  sourcemap: 'linked',
});

const cli = await build({
  ...common,
  entryPoints: ['src/app/main.ts'],
  outfile: join(outdir, 'gantry-cli.cjs'),
  format: 'cjs',
  plugins: [noDynamicImport, lazyChildProcess, externals],
  sourcemap: 'linked',
  write: false,
});
for (const file of cli.outputFiles) {
  if (!file.path.endsWith('.cjs')) { writeFileSync(file.path, file.contents); continue; }
  const imports = file.text.match(/\bimport\(/g) ?? [];
  if (imports.length !== Object.keys(SERVER_ENTRIES).length) {
    throw new Error('dist/gantry-cli.cjs may not import() anything but the server entries (it runs in node:vm): import the package statically, or see noDynamicImport in scripts/build.mjs');
  }
  // ASCII only, so bin/gantry can read it as latin1 into a one-byte string (a file with one
  // `µ` in a regex became a two-byte string of twice the size, slower to read and hash).
  const text = file.text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // V8 checks a code cache only against the source's length, so the cache is keyed by
  // this content hash, which bin/gantry reads from the last line.
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 24);
  writeFileSync(file.path, `${text}//gantry-cli-build:${hash}\n`);
}
// Caches of earlier builds are stale: drop them rather than let them pile up.
rmSync(join(outdir, 'cli-cache'), { recursive: true, force: true });
