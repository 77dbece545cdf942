// Test images built offline from the host's busybox: an OCI layout made with umoci (one
// layer per build step, so a step that deletes files gives a whiteout layer), pushed to a
// registry with skopeo, or packed as an OCI layout tarball for `put`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRootfs } from './busybox-rootfs';

export interface ImageOptions {
  env?: string[];                        // KEY=VALUE lines for the image config
  user?: string;
  labels?: Record<string, string>;       // config labels
  annotations?: Record<string, string>;  // manifest annotations
  /** Extra layers: each edits the unpacked rootfs; what it deletes becomes whiteouts. */
  layers?: ((rootfs: string) => void)[];
}

function run(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** An OCI layout directory holding the image as `DIR:latest`; removed at process exit. */
export function buildBusyboxImage(opts: ImageOptions = {}): string {
  const base = mkdtempSync(join(tmpdir(), 'gantry-oci-'));
  process.on('exit', () => rmSync(base, { recursive: true, force: true }));
  const layout = join(base, 'layout');
  const image = `${layout}:latest`;
  run('umoci', ['init', '--layout', layout]);
  run('umoci', ['new', '--image', image]);
  const steps: ((rootfs: string) => void)[] = [(r) => buildRootfs(r), ...(opts.layers ?? [])];
  for (const [i, step] of steps.entries()) {
    const bundle = join(base, `bundle-${i}`);
    run('umoci', ['unpack', '--image', image, bundle]);
    step(join(bundle, 'rootfs'));
    run('umoci', ['repack', '--image', image, bundle]);
    rmSync(bundle, { recursive: true, force: true });
  }
  const config = ['config', '--image', image];
  for (const e of opts.env ?? []) config.push('--config.env', e);
  if (opts.user) config.push('--config.user', opts.user);
  for (const [k, v] of Object.entries(opts.labels ?? {})) config.push('--config.label', `${k}=${v}`);
  for (const [k, v] of Object.entries(opts.annotations ?? {})) config.push('--manifest.annotation', `${k}=${v}`);
  if (config.length > 3) run('umoci', config);
  return layout;
}

/** Pushes `layout:latest` to `registry/name:tag` (plain http on loopback; creds `user:password`; format v2s2 = Docker media types). */
export function pushImage(layout: string, registry: string, name: string, tag = 'latest', creds?: string, format?: 'oci' | 'v2s2'): void {
  run('skopeo', ['--insecure-policy', 'copy', '--dest-tls-verify=false', ...(creds ? ['--dest-creds', creds] : []),
    ...(format ? ['--format', format] : []),
    `oci:${layout}:latest`, `docker://${registry}/${name}:${tag}`]);
}

/** The layout as a tarball (index.json, oci-layout, blobs/) at `file`. */
export function layoutTarball(layout: string, file: string): void {
  run('tar', ['-C', layout, '-cf', file, '.']);
}

/** A copy of a layout directory (to change without touching the original). */
export function copyLayout(layout: string): string {
  const dest = join(mkdtempSync(join(tmpdir(), 'gantry-oci-copy-')), 'layout');
  cpSync(layout, dest, { recursive: true, verbatimSymlinks: true });
  process.on('exit', () => rmSync(dest, { recursive: true, force: true }));
  return dest;
}
