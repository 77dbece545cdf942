// Builds the web UI (ui/) into dist/ui with Vite; the web node serves it at `/`.
// Skips the build when dist/ui is newer than every file under ui/ and the
// core modules it imports, so setup stays quick. `--force` always builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist/ui/index.html');
const inputs = ['ui', 'src/core/graph', 'src/protocol'].map((d) => join(root, d));

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const name of readdirSync(path)) if (name !== 'node_modules') m = Math.max(m, newest(join(path, name)));
  return m;
}

const force = process.argv.includes('--force');
if (!force && existsSync(out) && statSync(out).mtimeMs >= Math.max(...inputs.map(newest))) {
  console.log('build-ui: dist/ui is up to date');
} else {
  const started = Date.now();
  await build({ configFile: join(root, 'ui/vite.config.ts') });
  console.log(`build-ui: built dist/ui in ${Date.now() - started} ms`);
}
