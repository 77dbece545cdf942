// Image archives on disk. Reading, for `put`: an OCI image layout (a directory, or a tar
// of one: index.json + blobs/sha256/...) or a `docker save` tarball (manifest.json with
// Config and Layers). Writing, for `get` with `format: oci`: a `docker save` style
// image.tar, as Concourse's registry-image writes. Tarballs are unpacked safely first.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { entryViolation } from '../../worker';
import { BuiltinFailure } from '../builtin/types';
import {
  OCI_CONFIG, OCI_INDEX, OCI_LAYER_GZIP, OCI_LAYER_TAR, OCI_MANIFEST, isIndex,
  type Descriptor, type ImageIndex, type ImageManifest,
} from './media-types';

/** A blob on disk with its descriptor. */
export interface BlobFile { descriptor: Descriptor; file: string }
/** An image on disk; `manifest` is kept as it was when the source had one (an OCI layout),
 *  so pushing it again gives the same digest (mirroring). */
export interface LocalImage { config: BlobFile; layers: BlobFile[]; manifest?: { bytes: Buffer; mediaType: string } }

export async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

async function extractArchive(file: string, dest: string): Promise<void> {
  const symlinks = new Set<string>();
  let violation: string | undefined;
  await tar.x({
    file, cwd: dest, strict: true,
    filter: (path, entry) => {
      const e = entry as tar.ReadEntry;
      const v = entryViolation({ path: e.path ?? path, type: e.type, linkpath: e.linkpath }, symlinks);
      if (v) { violation ??= v; return false; }
      return e.type === 'File' || e.type === 'Directory' || e.type === 'OldFile';
    },
  } as tar.TarOptionsWithAliasesFile);
  if (violation) throw new BuiltinFailure(`refusing the image archive: ${violation}`);
}

function blobPath(layout: string, digest: string): string {
  const [alg, hex] = digest.split(':');
  if (alg !== 'sha256' || !/^[a-f0-9]{64}$/.test(hex ?? '')) throw new BuiltinFailure(`unsupported digest "${digest}"`);
  return join(layout, 'blobs', alg, hex!);
}

function readOciLayout(layout: string): LocalImage {
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as ImageIndex;
  let desc = index.manifests?.[0];
  if (!desc) throw new BuiltinFailure('the OCI layout has no image in index.json');
  while (isIndex(desc.mediaType)) {
    const inner = JSON.parse(readFileSync(blobPath(layout, desc.digest), 'utf8')) as ImageIndex;
    desc = inner.manifests.find((m) => m.platform?.os === 'linux' && m.platform?.architecture === 'amd64') ?? inner.manifests[0];
    if (!desc) throw new BuiltinFailure('the OCI layout holds an empty image index');
  }
  const bytes = readFileSync(blobPath(layout, desc.digest));
  const manifest = JSON.parse(bytes.toString('utf8')) as ImageManifest;
  return {
    config: { descriptor: manifest.config, file: blobPath(layout, manifest.config.digest) },
    layers: manifest.layers.map((l) => ({ descriptor: l, file: blobPath(layout, l.digest) })),
    manifest: { bytes, mediaType: manifest.mediaType ?? desc.mediaType ?? OCI_MANIFEST },
  };
}

function isGzip(file: string): boolean {
  const head = Buffer.alloc(2);
  const fd = openSync(file, 'r');
  try { readSync(fd, head, 0, 2, 0); } finally { closeSync(fd); }
  return head[0] === 0x1f && head[1] === 0x8b;
}

async function describe(file: string, mediaType: string): Promise<BlobFile> {
  return { file, descriptor: { mediaType, digest: await fileDigest(file), size: statSync(file).size } };
}

async function readDockerSave(dir: string): Promise<LocalImage> {
  const entries = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { Config: string; Layers: string[] }[];
  const first = entries[0];
  if (!first) throw new BuiltinFailure('manifest.json of the image tarball lists no image');
  const inside = (p: string) => {
    if (p.split('/').includes('..') || p.startsWith('/')) throw new BuiltinFailure(`the image tarball names "${p}" outside itself`);
    return join(dir, p);
  };
  const layers: BlobFile[] = [];
  for (const l of first.Layers) layers.push(await describe(inside(l), isGzip(inside(l)) ? OCI_LAYER_GZIP : OCI_LAYER_TAR));
  return { config: await describe(inside(first.Config), OCI_CONFIG), layers };
}

/** The image at `path` (a tarball or an OCI layout directory); tarballs unpack into `scratch`. */
export async function readImage(path: string, scratch: string): Promise<LocalImage> {
  let dir = path;
  if (!statSync(path).isDirectory()) {
    mkdirSync(scratch, { recursive: true });
    await extractArchive(path, scratch);
    dir = scratch;
  }
  if (existsSync(join(dir, 'index.json'))) return readOciLayout(dir);
  if (existsSync(join(dir, 'manifest.json'))) return readDockerSave(dir);
  throw new BuiltinFailure('the image is neither an OCI layout (index.json) nor a docker save tarball (manifest.json)');
}

/** The manifest to push: the image's own, or an OCI manifest made for it. */
export function manifestFor(image: LocalImage): { bytes: Buffer; mediaType: string } {
  if (image.manifest) return image.manifest;
  const m: ImageManifest = {
    schemaVersion: 2, mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: image.config.descriptor.digest, size: image.config.descriptor.size },
    layers: image.layers.map((l) => ({ mediaType: l.descriptor.mediaType, digest: l.descriptor.digest, size: l.descriptor.size })),
  };
  return { bytes: Buffer.from(JSON.stringify(m)), mediaType: OCI_MANIFEST };
}

/** Writes `dest/oci/` as an OCI image layout holding one image: manifest, config, layers. */
export function writeOciLayout(dest: string, blobs: { digest: string; file?: string; bytes?: Buffer }[], manifest: Descriptor): void {
  const root = join(dest, 'oci');
  mkdirSync(join(root, 'blobs', 'sha256'), { recursive: true });
  for (const b of blobs) {
    const target = blobPath(root, b.digest);
    if (b.bytes) writeFileSync(target, b.bytes);
    else renameSync(b.file!, target);
  }
  writeFileSync(join(root, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(root, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [manifest] }));
}

/** Writes `dir/image.tar` in `docker save` layout from blobs already on disk in `blobsDir`. */
export async function writeDockerSave(dest: string, blobsDir: string, repoTag: string, config: string, layers: string[]): Promise<void> {
  const hex = (d: string) => d.split(':')[1]!;
  const manifest = [{ Config: `${hex(config)}.json`, RepoTags: [repoTag], Layers: layers.map((l) => `${hex(l)}.tar.gz`) }];
  writeFileSync(join(blobsDir, 'manifest.json'), JSON.stringify(manifest));
  await tar.c({ cwd: blobsDir, file: join(dest, 'image.tar'), portable: true },
    ['manifest.json', `${hex(config)}.json`, ...layers.map((l) => `${hex(l)}.tar.gz`)]);
}
