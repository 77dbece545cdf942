// Moving directories to and from a one-off build as gzipped tars: an input is packed
// (only what git would commit when the directory is a git work tree, unless
// --include-ignored, as fly does) and POSTed as an artifact; an output is fetched and
// unpacked (node-tar refuses absolute paths and `..`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';
import type { ApiClient } from '../client';
import { CliError } from '../errors';

/** Files git would keep (tracked + untracked, minus .gitignore'd); null outside a git work tree. */
function gitFiles(dir: string): string[] | null {
  const inside = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir, encoding: 'utf8' });
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') return null;
  const res = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (res.status !== 0) return null;
  return res.stdout.split('\0').filter((f) => f !== '');
}

function packDir(dir: string, includeIgnored: boolean): Readable {
  if (!statSync(dir).isDirectory()) throw new CliError(`${dir} is not a directory`);
  const files = includeIgnored ? null : gitFiles(dir);
  return Readable.from(tar.c({ gzip: true, cwd: dir, portable: true }, files ?? ['.']) as unknown as AsyncIterable<Buffer>);
}

export async function uploadInput(client: ApiClient, team: string, dir: string, includeIgnored: boolean): Promise<string> {
  const stream = packDir(dir, includeIgnored);
  const res = await client.request('POST', `/api/v1/teams/${encodeURIComponent(team)}/artifacts`, {
    streamBody: { stream, contentType: 'application/octet-stream' },
  });
  return ((await res.json()) as { id: string }).id;
}

export async function downloadOutput(client: ApiClient, team: string, artifactId: string, dir: string): Promise<void> {
  const res = await client.request('GET', `/api/v1/teams/${encodeURIComponent(team)}/artifacts/${encodeURIComponent(artifactId)}`, {
    headers: { accept: 'application/octet-stream' }, stream: true,
  });
  mkdirSync(dir, { recursive: true });
  const unpack = tar.x({ cwd: dir });
  const finished = new Promise<void>((resolve, reject) => {
    unpack.on('close', () => resolve());
    unpack.on('error', reject);
  });
  const gunzip = Readable.from(res.body!).pipe(createGunzip());
  for await (const chunk of gunzip) if (!unpack.write(chunk as Buffer)) await new Promise((r) => unpack.once('drain', r));
  unpack.end();
  await finished;
}
