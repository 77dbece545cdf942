// Serves the built web UI (dist/ui, from scripts/build-ui.mjs) at `/`: files
// under /assets/ as they are (cached for good: their names carry a hash), every
// other GET outside /api/ and /sky/ gets index.html so the UI's own router
// picks the page (SPA fallback). API routes are never touched, except that the
// lists the UI polls answer conditional requests (ETag → 304) so an unchanged
// dashboard costs no JSON parse or render. Never serves a file outside dist/ui.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { etag } from 'hono/etag';
import type { ApiEnv } from './context';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Polled by the dashboard and pipeline pages; conditional GETs make "nothing changed" a 304. */
const POLLED = ['/api/v1/pipelines', '/api/v1/jobs', '/api/v1/teams/:team/pipelines/:pipeline', '/api/v1/teams/:team/pipelines/:pipeline/jobs', '/api/v1/teams/:team/pipelines/:pipeline/resources'];

/**
 * Where the built UI is: GANTRY_UI_DIR, else the nearest `dist/ui` above this
 * module (running from src/), or `ui` beside the bundle (running from dist/).
 */
export function findUiDir(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  if (process.env.GANTRY_UI_DIR) return process.env.GANTRY_UI_DIR;
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'dist/ui/index.html'))) return join(dir, 'dist/ui');
    if (basename(dir) === 'dist' && existsSync(join(dir, 'ui/index.html'))) return join(dir, 'ui');
    if (dirname(dir) === dir) return undefined;
  }
}

const NOT_BUILT = '<!doctype html><title>Gantry</title><p>The web UI is not built. Run <code>node scripts/build-ui.mjs</code> (scripts/setup.sh does).</p>';

function fileResponse(path: string, immutable: boolean): Response {
  const headers = {
    'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  return new Response(readFileSync(path), { headers });
}

export function registerUi(app: Hono<ApiEnv>, uiDir = findUiDir()): void {
  for (const path of POLLED) app.use(path, etag());
  app.use('*', async (c, next) => {
    const path = c.req.path;
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || path.startsWith('/api/') || path.startsWith('/sky/')) return next();
    if (!uiDir) return c.html(NOT_BUILT, 503);
    if (path.startsWith('/assets/')) {
      const file = normalize(join(uiDir, decodeURIComponent(path)));
      const ok = file.startsWith(join(uiDir, 'assets') + sep) && existsSync(file) && statSync(file).isFile();
      return ok ? fileResponse(file, true) : c.text('not found', 404);
    }
    return fileResponse(join(uiDir, 'index.html'), false);
  });
}
