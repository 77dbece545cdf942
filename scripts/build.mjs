// Bundles the CLI (and every process it starts) into dist/gantry.mjs.
// Dependencies stay external: they load from node_modules, and the CLI imports
// server code lazily, so `gantry --version` parses one small file.
import { build } from 'esbuild';

await build({
  entryPoints: { gantry: 'src/app/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
