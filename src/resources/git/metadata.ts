// Commit metadata as git-resource reports it (commit, author, author_date, committer,
// committer_date, branch, tags, message, url) and the `.git/<name>` files `in` leaves
// beside the checkout for tasks to read.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetadataField } from '../../ports/resource-runner';
import type { Git } from './git-cli';

const SEP = '\x1f';

export interface CommitInfo {
  commit: string; author: string; authorEmail: string; authorDate: string;
  committer: string; committerEmail: string; committerDate: string; message: string;
}

export async function commitInfo(git: Git, dir: string, rev = 'HEAD'): Promise<CommitInfo> {
  const fmt = ['%H', '%an', '%ae', '%ai', '%cn', '%ce', '%ci', '%B'].join(SEP);
  const out = await git.ok(dir, ['log', '-1', `--format=${fmt}`, rev, '--'], { quiet: true });
  const [commit, author, authorEmail, authorDate, committer, committerEmail, committerDate, ...msg] = out.split(SEP);
  return {
    commit: commit!, author: author!, authorEmail: authorEmail!, authorDate: authorDate!,
    committer: committer!, committerEmail: committerEmail!, committerDate: committerDate!,
    message: msg.join(SEP).replace(/\n+$/, ''),
  };
}

/** A web link to the commit for the hosts git-resource knows (GitHub, GitLab, Bitbucket, Gogs). */
export function commitUrl(uri: string, commit: string): string | undefined {
  const m = /^(https?:\/\/|ssh:\/\/git@|git@)([^/]+)\/(.*)$/.exec(uri) ?? /^(git@)([^:/]+):(.*)$/.exec(uri);
  if (!m) return undefined;
  let host = m[2]!;
  let path = m[3]!.replace(/\.git$/, '');
  if (m[1] === 'git@' && host.includes(':')) { path = `${host.slice(host.indexOf(':') + 1)}/${path}`; host = host.slice(0, host.indexOf(':')); }
  host = host.replace(/^[^@]*@/, '');
  if (/github|gogs/.test(host)) return `https://${host}/${path}/commit/${commit}`;
  if (/gitlab/.test(host)) return `https://${host}/${path}/-/commit/${commit}`;
  if (/bitbucket/.test(host)) return `https://${host}/${path}/commits/${commit}`;
  return undefined;
}

export async function gitMetadata(git: Git, dir: string, uri: string): Promise<MetadataField[]> {
  const c = await commitInfo(git, dir);
  const heads = (await git.ok(dir, ['for-each-ref', '--points-at', 'HEAD', '--format=%(refname:short)', 'refs/heads'], { quiet: true }))
    .split('\n').filter(Boolean);
  const tags = (await git.ok(dir, ['tag', '--points-at', 'HEAD'], { quiet: true })).split('\n').filter(Boolean);
  const fields: MetadataField[] = [
    { name: 'commit', value: c.commit },
    { name: 'author', value: c.author },
    { name: 'author_date', value: c.authorDate },
    { name: 'committer', value: c.committer },
    { name: 'committer_date', value: c.committerDate },
  ];
  if (heads.length) fields.push({ name: 'branch', value: heads.join(',') });
  if (tags.length) fields.push({ name: 'tags', value: tags.join(',') });
  fields.push({ name: 'message', value: c.message.slice(0, 10240) });
  const url = commitUrl(uri, c.commit);
  if (url) fields.push({ name: 'url', value: url });
  return fields;
}

export interface RefFileOptions { ref: string; shortRefFormat?: string; timestampFormat?: string; describeOptions?: string }

/** Writes git-resource's `.git/*` files into a checked-out repository. */
export async function writeRefFiles(git: Git, dir: string, metadata: MetadataField[], opts: RefFileOptions): Promise<void> {
  const c = await commitInfo(git, dir);
  const field = (n: string) => metadata.find((m) => m.name === n)?.value ?? '';
  const put = (name: string, text: string) => writeFileSync(join(dir, '.git', name), text);
  const fmt = opts.shortRefFormat ?? '%s';
  put('ref', `${opts.ref}\n`);
  put('short_ref', fmt.replace('%s', opts.ref.slice(0, 7)));
  put('commit', `${c.commit}\n`);
  put('author', `${c.author}\n`);
  put('author_date', `${c.authorDate}\n`);
  put('committer', c.authorEmail);
  put('committer_name', c.author);
  put('committer_date', `${c.committerDate}\n`);
  put('branch', `${field('branch')}\n`);
  put('tags', `${field('tags')}\n`);
  put('url', `${field('url')}\n`);
  put('commit_message', c.message);
  put('metadata.json', `${JSON.stringify(metadata, null, 2)}\n`);
  const ts = await git.ok(dir, ['log', '-1', '--format=%cd', `--date=${opts.timestampFormat ?? 'iso8601'}`], { quiet: true });
  put('commit_timestamp', ts);
  const describe = (opts.describeOptions ?? '--always --dirty --broken').split(/\s+/).filter(Boolean);
  const d = await git.run(dir, ['describe', ...describe]);
  put('describe_ref', `${d.code === 0 ? d.stdout.trim() : c.commit.slice(0, 7)}\n`);
}
