// Bundles the CLI (and every process it starts) into dist/gantry.mjs, code-split so each
// command loads only its own chunks. The pure-JS packages every CLI command needs (commander,
// yaml, typebox) are bundled in: loading them from node_modules resolved and compiled dozens
// of files per run (~60 ms of CPU for `gantry execute`). Everything else (database drivers,
// wasm, the HTTP server, tar) stays external and loads from node_modules only when used.
import { build } from 'esbuild';

const BUNDLED = new Set(['commander', 'yaml', '@sinclair/typebox']);

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

await build({
  entryPoints: { gantry: 'src/app/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [externals],
  // commander is CommonJS: its require() calls of node builtins need a real require in ESM.
  banner: { js: "import { createRequire as __gantryRequire } from 'node:module'; const require = __gantryRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
