// registry-image's source fields (concourse/registry-image-resource README) that Gantry
// honours, read from the loose source map with clear errors.
import { BuiltinFailure } from '../builtin/types';
import type { ResourceSource } from '../../ports/resource-runner';

export interface Platform { os: string; architecture: string; variant?: string }

export interface RegistrySource {
  repository: string;
  tag?: string;
  tagRegex?: string;
  variant?: string;
  preReleases: boolean;
  username?: string;
  password?: string;
  insecure: boolean;
  platform?: Partial<Platform>;
  debug: boolean;
  labelRegex?: string;        // image labels whose key matches become get metadata
  annotationRegex?: string;   // manifest annotations likewise
}

function str(source: ResourceSource, key: string): string | undefined {
  const v = source[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return String(v); // `tag: 1` in YAML
  if (typeof v !== 'string') throw new BuiltinFailure(`invalid source: ${key} must be a string`);
  return v;
}

export function readSource(source: ResourceSource): RegistrySource {
  const repository = str(source, 'repository');
  if (!repository) throw new BuiltinFailure('invalid source: repository is required');
  const platform = source.platform as Partial<Platform> | undefined;
  return {
    repository,
    tag: str(source, 'tag'),
    tagRegex: str(source, 'tag_regex'),
    variant: str(source, 'variant'),
    preReleases: source.pre_releases === true,
    username: str(source, 'username'),
    password: str(source, 'password'),
    insecure: source.insecure === true,
    ...(platform && typeof platform === 'object' ? { platform } : {}),
    debug: source.debug === true,
    labelRegex: str(source, 'label_regex'),
    annotationRegex: str(source, 'annotation_regex'),
  };
}

/** The platform to pull from an index: params, then source, then linux on this machine's arch. */
export function wantedPlatform(src: RegistrySource, params?: Partial<Platform>): Platform {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', s390x: 's390x', ppc64: 'ppc64le' };
  return {
    os: params?.os ?? src.platform?.os ?? 'linux',
    architecture: params?.architecture ?? src.platform?.architecture ?? arch[process.arch] ?? process.arch,
  };
}
