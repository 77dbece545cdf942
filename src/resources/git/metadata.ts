// Commit metadata as git-resource reports it (commit, author, author_date, committer,
// committer_date, branch, tags, message, url) and the `.git/<name>` files `in` leaves
// beside the checkout for tasks to read.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetadataField } from '../../ports/resource-runner';
import type { Git } from './git-cli';

const SEP = '\x1f';
/** Starts each record of a multi-commit log (a message may hold anything but NUL-ish controls). */
const RS = '\x1e';

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

/**
 * The metadata `in` would report, for versions a check found (one `git log` over their
 * commits in the cache): commit, author, author_date, committer, committer_date, branch,
 * tags (the version's own tag in tag mode), message, url. Keyed by the commit.
 */
export async function commitsMetadata(git: Git, dir: string, commits: string[], opts: { uri: string; branch?: string }): Promise<Map<string, MetadataField[]>> {
  const out = new Map<string, MetadataField[]>();
  const wanted = [...new Set(commits)].filter((c) => /^[0-9a-f]{7,64}$/.test(c));
  if (wanted.length === 0) return out;
  const fmt = ['%H', '%an', '%ai', '%cn', '%ci', '%B'].join(SEP);
  const text = await git.ok(dir, ['log', '--no-walk=unsorted', `--format=${RS}${fmt}`, ...wanted, '--'], { quiet: true });
  for (const record of text.split(RS).slice(1)) {
    const [commit, author, authorDate, committer, committerDate, ...msg] = record.split(SEP);
    const fields: MetadataField[] = [
      { name: 'commit', value: commit! },
      { name: 'author', value: author! },
      { name: 'author_date', value: authorDate! },
      { name: 'committer', value: committer! },
      { name: 'committer_date', value: committerDate! },
    ];
    if (opts.branch) fields.push({ name: 'branch', value: opts.branch });
    fields.push({ name: 'message', value: msg.join(SEP).replace(/\n+$/, '').slice(0, 10240) });
    const url = commitUrl(opts.uri, commit!);
    if (url) fields.push({ name: 'url', value: url });
    out.set(commit!, fields);
  }
  return out;
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
