// The git resource's `source:` as Concourse's git-resource documents it, checked up front
// so a typo fails the check with a message instead of a surprising version list.
import { BuiltinFailure } from '../builtin/types';
import type { GitAuth } from './git-cli';
import { notOption, safeConfig } from './safety';

export interface GitSource extends GitAuth {
  uri: string;
  branch?: string;
  paths?: string[];
  ignore_paths?: string[];
  tag_filter?: string;
  tag_regex?: string;
  fetch_tags?: boolean;
  disable_ci_skip?: boolean;
  version_depth?: number;
}

/** Accepted so real-world pipelines load, but without effect in the built-in type (logged). */
export const IGNORED_FIELDS = [
  'private_key_passphrase', 'forward_agent', 'sparse_paths', 'tag_behaviour', 'submodule_credentials',
  'commit_verification_keys', 'commit_verification_key_ids', 'gpg_keyserver', 'git_crypt_key', 'https_tunnel',
  'commit_filter', 'search_remote_refs', 'debug',
];

const KNOWN = new Set([
  'uri', 'branch', 'paths', 'ignore_paths', 'tag_filter', 'tag_regex', 'fetch_tags', 'disable_ci_skip', 'version_depth',
  'private_key', 'private_key_user', 'username', 'password', 'git_config', 'skip_ssl_verification',
  ...IGNORED_FIELDS,
]);

/** The ignored fields a source sets, for a warning line. */
export function ignoredFields(raw: Record<string, unknown>): string[] {
  return IGNORED_FIELDS.filter((k) => raw[k] !== undefined && raw[k] !== null && raw[k] !== false);
}

function stringList(field: string, v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new BuiltinFailure(`source.${field} must be a list of strings`);
  return v as string[];
}

function optString(field: string, v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new BuiltinFailure(`source.${field} must be a string`);
  return v.trim();
}

export function parseGitSource(raw: Record<string, unknown>): GitSource {
  const unknown = Object.keys(raw).filter((k) => !KNOWN.has(k));
  if (unknown.length) throw new BuiltinFailure(`Found unknown keys in source:\n${unknown.map((k) => `"${k}"`).join('\n')}`);
  const uri = notOption('source.uri', optString('uri', raw.uri));
  if (!uri) throw new BuiltinFailure('source.uri is required and must not be empty');
  const src: GitSource = {
    uri,
    branch: notOption('source.branch', optString('branch', raw.branch)),
    paths: stringList('paths', raw.paths),
    ignore_paths: stringList('ignore_paths', raw.ignore_paths),
    tag_filter: notOption('source.tag_filter', optString('tag_filter', raw.tag_filter)),
    tag_regex: optString('tag_regex', raw.tag_regex),
    fetch_tags: raw.fetch_tags === undefined || raw.fetch_tags === null ? undefined : raw.fetch_tags === true || raw.fetch_tags === 'true',
    disable_ci_skip: raw.disable_ci_skip === true || raw.disable_ci_skip === 'true',
    private_key: optString('private_key', raw.private_key),
    private_key_user: optString('private_key_user', raw.private_key_user),
    username: optString('username', raw.username),
    password: typeof raw.password === 'string' ? raw.password : undefined,
    skip_ssl_verification: raw.skip_ssl_verification === true || raw.skip_ssl_verification === 'true',
    git_config: parseGitConfig(raw.git_config),
  };
  if (src.tag_filter && src.tag_regex) throw new BuiltinFailure('Cannot provide both tag_filter and tag_regex');
  const depth = raw.version_depth;
  if (depth !== undefined && depth !== null) {
    if (typeof depth !== 'number' || !Number.isInteger(depth) || depth <= 0) throw new BuiltinFailure('Invalid version_depth. Must be > 0.');
    src.version_depth = depth;
  }
  return src;
}

function parseGitConfig(v: unknown): { name: string; value: string }[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new BuiltinFailure('source.git_config must be a list of {name, value}');
  return v.map((e, i) => {
    const pair = e as { name?: unknown; value?: unknown };
    if (typeof pair?.name !== 'string' || pair.value === undefined) throw new BuiltinFailure(`source.git_config[${i}] needs a name and a value`);
    return safeConfig(pair.name, String(pair.value));
  });
}

/** A local path becomes a file:// URL so git uses the same transport (and rules) as for a remote. */
export function normalizeUri(uri: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri) || /^[^/]+@[^:]+:/.test(uri)) return uri;
  if (uri.startsWith('/')) return `file://${uri}`;
  return uri;
}
