// `registry-image`: check a tag's digest (or semver / regex tags), fetch an image over the
// OCI distribution API into `rootfs/` + `metadata.json` (or `image.tar` with `format: oci`),
// push an image tarball. Field names and files are concourse/registry-image-resource's.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceVersion } from '../../ports/resource-runner';
import { BuiltinFailure, type BuiltinContext, type BuiltinResourceType } from '../builtin/types';
import { RegistryClient, type FetchedManifest } from './client';
import { manifestFor, readImage, writeDockerSave, writeOciLayout } from './image-archive';
import {
  OCI_MANIFEST, isIndex, layerCompression, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest,
} from './media-types';
import { parseRepository } from './reference';
import { readSource, wantedPlatform, type Platform, type RegistrySource } from './source';
import { fromCursor, semverVersions } from './tags';
import { applyLayer } from './unpack';

function client(src: RegistrySource, ctx: BuiltinContext): RegistryClient {
  return new RegistryClient(parseRepository(src.repository, { insecure: src.insecure }),
    { username: src.username, password: src.password }, ctx.signal);
}

async function listTags(c: RegistryClient): Promise<string[]> {
  const res = await c.request('GET', '/tags/list');
  if (res.status === 404) return [];
  if (!res.ok) throw new BuiltinFailure(`list repository tags: HTTP ${res.status}`);
  return ((await res.json()) as { tags?: string[] | null }).tags ?? [];
}

async function check(ctx: BuiltinContext, src: RegistrySource, from: ResourceVersion | null): Promise<ResourceVersion[]> {
  const c = client(src, ctx);
  if (src.tag) {
    const digest = await c.resolveTag(src.tag);
    return digest ? [{ tag: src.tag, digest }] : [];
  }
  const tags = await listTags(c);
  const digests = new Map<string, string>();
  if (src.tagRegex) {
    const re = new RegExp(src.tagRegex);
    const out: ResourceVersion[] = [];
    for (const tag of tags.filter((t) => re.test(t))) {
      const d = await c.resolveTag(tag);
      if (d) out.push({ tag, digest: d });
    }
    return out;
  }
  for (const tag of tags) {
    const d = await c.resolveTag(tag);
    if (d) digests.set(tag, d);
  }
  return fromCursor(semverVersions(digests, src), from);
}

/** The image manifest for a version; an index resolves to the wanted platform's entry. */
async function imageManifest(c: RegistryClient, digest: string, platform: Platform): Promise<{ manifest: ImageManifest; fetched: FetchedManifest }> {
  let m = await c.manifest(digest);
  if (isIndex(m.mediaType)) {
    const index = JSON.parse(m.bytes.toString()) as ImageIndex;
    const entry = index.manifests.find((d: Descriptor) => d.platform?.os === platform.os && d.platform?.architecture === platform.architecture);
    if (!entry) throw new BuiltinFailure(`no image for ${platform.os}/${platform.architecture} in ${digest}`);
    m = await c.manifest(entry.digest);
  }
  return { manifest: JSON.parse(m.bytes.toString()) as ImageManifest, fetched: m };
}

const FORMATS = ['rootfs', 'oci', 'oci-layout'];

interface ImageFacts { labels: Record<string, string>; annotations: Record<string, string> }

async function fetchImage(ctx: BuiltinContext, dir: string, src: RegistrySource, version: ResourceVersion, params: Record<string, unknown>): Promise<ImageFacts> {
  const c = client(src, ctx);
  const format = (params.format as string | undefined) ?? 'rootfs';
  if (!FORMATS.includes(format)) throw new BuiltinFailure(`unsupported format "${format}" (use ${FORMATS.join(', ')})`);
  const { manifest, fetched } = await imageManifest(c, version.digest!, wantedPlatform(src, params.platform as Partial<Platform>));
  const configBytes = await c.blobBytes(manifest.config.digest);
  const config = JSON.parse(configBytes.toString()) as ImageConfig;
  const scratch = mkdtempSync(join(tmpdir(), 'gantry-layers-'));
  try {
    const files: string[] = [];
    for (const layer of manifest.layers) {
      if (layerCompression(layer.mediaType) === 'unsupported') throw new BuiltinFailure(`unsupported layer media type ${layer.mediaType}`);
      const file = join(scratch, `${layer.digest.split(':')[1]}.tar.gz`);
      if (src.debug) ctx.log(`fetching layer ${layer.digest} (${layer.size} bytes)`);
      await c.blobToFile(layer.digest, file);
      files.push(file);
    }
    if (format === 'oci') {
      writeFileSync(join(scratch, `${manifest.config.digest.split(':')[1]}.json`), configBytes);
      const tag = version.tag ?? src.tag ?? 'latest';
      await writeDockerSave(dir, scratch, `${src.repository}:${tag}`, manifest.config.digest, manifest.layers.map((l) => l.digest));
    } else if (format === 'oci-layout') {
      writeOciLayout(dir, [
        { digest: fetched.digest, bytes: fetched.bytes }, { digest: manifest.config.digest, bytes: configBytes },
        ...manifest.layers.map((l, i) => ({ digest: l.digest, file: files[i]! })),
      ], { mediaType: fetched.mediaType || OCI_MANIFEST, digest: fetched.digest, size: fetched.bytes.length });
    } else {
      const rootfs = join(dir, 'rootfs');
      mkdirSync(rootfs);
      for (const [i, file] of files.entries()) await applyLayer(rootfs, file, layerCompression(manifest.layers[i]!.mediaType) === 'gzip');
      writeFileSync(join(dir, 'metadata.json'), JSON.stringify({ env: config.config?.Env ?? [], user: config.config?.User ?? '' }) + '\n');
    }
    writeFileSync(join(dir, 'labels.json'), JSON.stringify(config.config?.Labels ?? {}) + '\n');
    return { labels: config.config?.Labels ?? {}, annotations: manifest.annotations ?? {} };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Entries whose key matches `pattern`, sorted by key, as metadata fields. */
function matching(entries: Record<string, string> | undefined, pattern: string | undefined): { name: string; value: string }[] {
  if (!entries || !pattern) return [];
  const re = new RegExp(pattern);
  return Object.keys(entries).filter((k) => re.test(k)).sort().map((k) => ({ name: k, value: entries[k]! }));
}

/** Tags a put pushes: source tag, params.version (+ variant), additional_tags; else `latest`. */
function pushTags(src: RegistrySource, params: Record<string, unknown>, read: (p: string) => string): string[] {
  const tags: string[] = [];
  if (src.tag) tags.push(src.tag);
  if (typeof params.version === 'string' && params.version) tags.push(src.variant ? `${params.version}-${src.variant}` : params.version);
  if (typeof params.additional_tags === 'string') {
    const prefix = typeof params.tag_prefix === 'string' ? params.tag_prefix : '';
    tags.push(...read(params.additional_tags).split(/\s+/).filter(Boolean).map((t) => prefix + t));
  }
  if (tags.length === 0) tags.push(src.variant ?? 'latest');
  return [...new Set(tags)];
}

export const registryImageType: BuiltinResourceType = {
  name: 'registry-image',

  async check(ctx, req) {
    return check(ctx, readSource(req.source), req.version);
  },

  async in(ctx, dir, req) {
    const src = readSource(req.source);
    const version = req.version;
    if (!version.digest) throw new BuiltinFailure('invalid version: digest is required');
    writeFileSync(join(dir, 'repository'), src.repository);
    writeFileSync(join(dir, 'tag'), version.tag ?? src.tag ?? '');
    writeFileSync(join(dir, 'digest'), version.digest);
    const facts = req.params.skip_download === true ? undefined : await fetchImage(ctx, dir, src, version, req.params);
    const metadata = [{ name: 'repository', value: src.repository }];
    if (version.tag) metadata.push({ name: 'tag', value: version.tag });
    metadata.push(...matching(facts?.labels, src.labelRegex), ...matching(facts?.annotations, src.annotationRegex));
    return { version, metadata };
  },

  async out(ctx, inputs, req) {
    const src = readSource(req.source);
    const pattern = req.params.image;
    if (typeof pattern !== 'string' || !pattern) throw new BuiltinFailure('invalid params: image is required (path to an image tarball)');
    const matches = inputs.glob(pattern);
    if (matches.length !== 1) throw new BuiltinFailure(`${matches.length === 0 ? 'no files' : 'too many files'} match ${pattern}`);
    const scratch = mkdtempSync(join(tmpdir(), 'gantry-push-'));
    try {
      const image = await readImage(inputs.resolve(matches[0]!), join(scratch, 'image'));
      const c = client(src, ctx);
      for (const blob of [image.config, ...image.layers]) await c.uploadBlob(blob.descriptor.digest, blob.file);
      const manifest = manifestFor(image);
      const tags = pushTags(src, req.params, (p) => readFileSync(inputs.resolve(p), 'utf8'));
      let digest = '';
      for (const tag of tags) {
        ctx.log(`pushing ${src.repository}:${tag}`);
        digest = await c.putManifest(tag, manifest.mediaType, manifest.bytes);
      }
      const tag = typeof req.params.version === 'string' && req.params.version ? tags[src.tag ? 1 : 0]! : tags[0]!;
      return { version: { tag, digest }, metadata: [{ name: 'repository', value: src.repository }, { name: 'tags', value: tags.join(' ') }] };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
