// git out: pushes the HEAD of a repository from the put's inputs to the source's uri and
// branch (with its tags), optionally tagging it first; `rebase` / `merge` retry a rejected
// push after integrating the remote, as git-resource does. The push runs from a scratch
// clone of the input, so the input volume (shared with other steps) is never modified.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuiltinFailure, type OutResponse, type PutInputs } from '../builtin/types';
import { pushRejected, type Git } from './git-cli';
import { gitMetadata } from './metadata';
import { notOption } from './safety';
import { normalizeUri, type GitSource } from './source';

export interface GitPutParams {
  repository?: string; rebase?: boolean; merge?: boolean; returning?: 'merged' | 'unmerged';
  tag?: string; tag_prefix?: string; only_tag?: boolean; annotate?: string; force?: boolean;
  branch?: string; refs_prefix?: string; push_options?: string[];
}

const MAX_ATTEMPTS = 50;

function readParamFile(inputs: PutInputs, path: string, what: string): string {
  let host: string;
  try { host = inputs.resolve(path); } catch { throw new BuiltinFailure(`${what} file '${path}' does not exist`); }
  if (!existsSync(host)) throw new BuiltinFailure(`${what} file '${path}' does not exist`);
  return readFileSync(host, 'utf8').trim();
}

interface Plan { uri: string; branch: string; refsPrefix: string; force: string[]; pushOpts: string[]; tagName?: string; annotation?: string }

async function tagHead(git: Git, dir: string, plan: Plan): Promise<void> {
  if (!plan.tagName) return;
  const annotate = plan.annotation !== undefined ? ['-a', '-m', plan.annotation] : [];
  await git.ok(dir, ['tag', '-f', plan.tagName, ...annotate], { quiet: true });
}

async function pushAll(git: Git, dir: string, plan: Plan) {
  return git.run(dir, ['push', '--tags', normalizeUri(plan.uri), `HEAD:${plan.refsPrefix}/${plan.branch}`, ...plan.force, ...plan.pushOpts]);
}

/** Integrates the remote branch and pushes, again and again, until the push is accepted. */
async function pushIntegrating(git: Git, dir: string, plan: Plan, how: 'rebase' | 'merge', original: string, log: (l: string) => void) {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (how === 'merge') await git.ok(dir, ['reset', '-q', '--hard', original]);
    log(`${how === 'rebase' ? 'rebasing' : 'merging'} onto ${plan.branch}...`);
    const pull = how === 'rebase'
      ? ['pull', '-q', '--rebase=merges', normalizeUri(plan.uri), plan.branch]
      : ['pull', '-q', '--no-rebase', '--no-edit', normalizeUri(plan.uri), plan.branch];
    const p = await git.run(dir, pull);
    if (p.code !== 0 && !/couldn't find remote ref/.test(p.stderr)) {
      throw new BuiltinFailure(`${how} failed: ${p.stderr.trim() || p.stdout.trim()}`);
    }
    await tagHead(git, dir, plan);
    const r = await pushAll(git, dir, plan);
    if (r.code === 0) { log('pushed'); return; }
    if (!pushRejected(r)) throw new BuiltinFailure(`failed with non-rebase error: ${r.stderr.trim()}`);
    log(`push rejected, ${how === 'rebase' ? 'rebasing' : 'merging'} and trying again...`);
  }
  throw new BuiltinFailure(`push still rejected after ${MAX_ATTEMPTS} attempts`);
}

export async function gitOut(git: Git, src: GitSource, inputs: PutInputs, params: GitPutParams, log: (l: string) => void): Promise<OutResponse> {
  if (!params.repository) throw new BuiltinFailure('invalid payload (missing repository)');
  const branch = notOption('params.branch', params.branch || src.branch);
  if (!branch && !params.only_tag) throw new BuiltinFailure('invalid payload (missing branch)');
  if (params.merge && params.rebase) throw new BuiltinFailure('invalid push strategy (either merge or rebase can be set, but not both)');
  const repoDir = inputs.resolve(params.repository);
  const tagName = notOption('tag', params.tag ? `${params.tag_prefix ?? ''}${readParamFile(inputs, params.tag, 'tag')}` : undefined);
  const annotation = params.annotate ? readParamFile(inputs, params.annotate, 'annotation') : undefined;
  const plan: Plan = {
    uri: src.uri, branch: branch ?? '', refsPrefix: params.refs_prefix ?? 'refs/heads', tagName, annotation,
    force: params.force ? ['--force'] : [], pushOpts: (params.push_options ?? []).flatMap((o) => ['--push-option', o]),
  };
  const work = mkdtempSync(join(tmpdir(), 'gantry-git-out-'));
  try {
    // git never runs inside the input itself: its .git/config was written by a task.
    await git.ok(work, ['clone', '-q', '--no-hardlinks', '--no-checkout', repoDir, '.'], { quiet: true });
    const head = await git.line(work, ['rev-parse', 'HEAD']);
    await git.ok(work, ['checkout', '-q', '--detach', head]);
    if (params.only_tag) {
      await tagHead(git, work, plan);
      await git.ok(work, ['push', '--tags', normalizeUri(src.uri), ...plan.force, ...plan.pushOpts]);
    } else if (params.rebase || params.merge) {
      await pushIntegrating(git, work, plan, params.rebase ? 'rebase' : 'merge', head, log);
    } else {
      await tagHead(git, work, plan);
      const r = await pushAll(git, work, plan);
      if (r.code !== 0) throw new BuiltinFailure(`git push failed: ${r.stderr.trim()}`);
      log('pushed');
    }
    const ref = params.merge && params.returning === 'unmerged' ? head : await git.line(work, ['rev-parse', 'HEAD']);
    const metadata = await gitMetadata(git, work, src.uri);
    return { version: { ref }, metadata: metadata.filter((m) => m.name !== 'branch') };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
