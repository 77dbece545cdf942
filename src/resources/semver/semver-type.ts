// The `semver` built-in type (Concourse's semver-resource) with the `git` driver and
// Gantry's offline `file` driver. check: the stored version (initial_version when none);
// in: `number` and `version` files, bumped locally by params; out: set from a file or bump
// atomically in the store.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ResourceSource } from '../../ports/resource-runner';
import { BuiltinFailure, type BuiltinContext, type BuiltinResourceType } from '../builtin/types';
import { withGit } from '../git/git-cli';
import { notOption } from '../git/safety';
import { fileDriver, gitDriver, type SemverDriver } from './drivers';
import { applyBump, formatSemver, hasBump, parseSemver, type BumpParams, type SemVer } from './version';

export interface SemverTypeOptions {
  cacheDir: string;   // git caches
  stateDir: string;   // the file driver's store (<stateDir>/<file>)
}

interface Source {
  driver?: string; initial_version?: string;
  uri?: string; branch?: string; file?: string; private_key?: string; private_key_user?: string;
  username?: string; password?: string; git_user?: string; commit_message?: string; skip_ssl_verification?: boolean;
}

function initialVersion(src: Source): SemVer {
  if (!src.initial_version) return parseSemver('0.0.0');
  try { return parseSemver(src.initial_version); } catch (e) {
    throw new BuiltinFailure(`invalid initial version (${src.initial_version}): ${(e as Error).message}`);
  }
}

async function withDriver<T>(opts: SemverTypeOptions, ctx: BuiltinContext, raw: ResourceSource, fn: (d: SemverDriver, src: Source) => Promise<T>): Promise<T> {
  const src = raw as Source;
  const driver = src.driver ?? 's3';
  if (driver === 'file') {
    if (!src.file) throw new BuiltinFailure('file driver: source.file is required');
    return fn(fileDriver(opts.stateDir, src.file), src);
  }
  if (driver !== 'git') throw new BuiltinFailure(`driver "${driver}" is not available in Gantry's built-in semver (use git or file)`);
  for (const k of ['uri', 'branch', 'file'] as const) if (!src[k]) throw new BuiltinFailure(`git driver: source.${k} is required`);
  for (const k of ['uri', 'branch', 'file'] as const) notOption(`source.${k}`, src[k]);
  const file = posix.normalize(src.file!);
  if (file.startsWith('/') || file === '..' || file.startsWith('../')) throw new BuiltinFailure(`source.file must be a path inside the repository, got "${src.file}"`);
  return withGit(src, ctx.signal, ctx.log, (git) => fn(gitDriver(git, {
    uri: src.uri!, branch: src.branch!, file, cacheDir: opts.cacheDir, gitUser: src.git_user, commitMessage: src.commit_message,
  }), src));
}

export function createSemverType(opts: SemverTypeOptions): BuiltinResourceType {
  return {
    name: 'semver',
    async check(ctx, req) {
      return withDriver(opts, ctx, req.source, async (d, src) => {
        let cursor: SemVer | undefined;
        if (req.version?.number) {
          try { cursor = parseSemver(req.version.number); } catch (e) { ctx.log(`skipping invalid current version: ${(e as Error).message}`); }
        }
        const current = await d.current();
        if (!current) return [{ number: formatSemver(initialVersion(src)) }];
        const found = cursor ? await d.since(cursor) : [current];
        return found.map((v) => ({ number: formatSemver(v) }));
      });
    },
    async in(ctx, dir, req) {
      if (!req.version.number) throw new BuiltinFailure('version.number is required');
      const v = parseSemver(req.version.number);
      const bumped = applyBump(v, req.params as BumpParams);
      const text = formatSemver(bumped);
      if (text !== formatSemver(v)) ctx.log(`bumped locally from ${formatSemver(v)} to ${text}`);
      for (const name of ['number', 'version']) writeFileSync(join(dir, name), text);
      return { version: { ...req.version }, metadata: [{ name: 'number', value: req.version.number }] };
    },
    async out(ctx, inputs, req) {
      const params = req.params as BumpParams & { file?: string; get_latest?: boolean };
      const next = await withDriver(opts, ctx, req.source, async (d, src) => {
        if (params.get_latest) return (await d.current()) ?? initialVersion(src);
        if (params.file) {
          const text = readFileSync(inputs.resolve(params.file), 'utf8').trim().split(/\s+/)[0] ?? '';
          const v = parseSemver(text);
          return d.update(() => v);
        }
        if (hasBump(params)) return d.update((cur) => applyBump(cur ?? initialVersion(src), params));
        throw new BuiltinFailure('no version bump specified');
      });
      const number = formatSemver(next);
      return { version: { number }, metadata: [{ name: 'number', value: number }] };
    },
  };
}
