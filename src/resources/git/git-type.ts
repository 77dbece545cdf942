// The `git` built-in type: Concourse's git-resource (check / in / out) on the system git
// binary, with a bare cache per uri+branch under `cacheDir`.
import type { BuiltinContext, BuiltinResourceType } from '../builtin/types';
import { gitCheck, gitCheckWithMetadata } from './check';
import { withGit } from './git-cli';
import { gitIn, parseGetParams } from './in';
import { gitOut, type GitPutParams } from './out';
import { ignoredFields, parseGitSource, type GitSource } from './source';

export interface GitTypeOptions {
  /** Where the bare caches live (the worker's resource cache dir). */
  cacheDir: string;
}

function source(ctx: BuiltinContext, raw: Record<string, unknown>): GitSource {
  const src = parseGitSource(raw);
  const ignored = ignoredFields(raw);
  if (ignored.length) ctx.log(`gantry: the built-in git type ignores source.${ignored.join(', source.')}`);
  return src;
}

export function createGitType(opts: GitTypeOptions): BuiltinResourceType {
  return {
    name: 'git',
    async check(ctx, req) {
      const src = source(ctx, req.source);
      return withGit(src, ctx.signal, ctx.log, (git) => gitCheck(git, opts.cacheDir, src, req.version));
    },
    async checkWithMetadata(ctx, req) {
      const src = source(ctx, req.source);
      return withGit(src, ctx.signal, ctx.log, (git) => gitCheckWithMetadata(git, opts.cacheDir, src, req.version));
    },
    async in(ctx, dir, req) {
      const src = source(ctx, req.source);
      const params = parseGetParams(req.params ?? {});
      return withGit(src, ctx.signal, ctx.log, (git) => gitIn(git, opts.cacheDir, dir, src, req.version, params));
    },
    async out(ctx, inputs, req) {
      const src = source(ctx, req.source);
      return withGit(src, ctx.signal, ctx.log, (git) => gitOut(git, src, inputs, (req.params ?? {}) as GitPutParams, ctx.log));
    },
  };
}
