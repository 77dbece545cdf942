// Manifest and layer media types of the OCI image spec and Docker's v2 schema 2.
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const OCI_LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

export const MANIFEST_ACCEPT = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST].join(', ');

export function isIndex(mediaType: string | undefined): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_LIST;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  schemaVersion: number;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: number;
  mediaType?: string;
  manifests: Descriptor[];
}

/** The parts of an image config Gantry uses. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  config?: { Env?: string[]; User?: string; Labels?: Record<string, string>; Entrypoint?: string[]; Cmd?: string[] };
  rootfs?: { type: string; diff_ids: string[] };
}

/** How a layer is compressed, from its media type. */
export function layerCompression(mediaType: string): 'gzip' | 'none' | 'unsupported' {
  if (mediaType.endsWith('+gzip') || mediaType.endsWith('.gzip')) return 'gzip';
  if (mediaType.endsWith('.tar') || mediaType === 'application/vnd.docker.image.rootfs.diff.tar') return 'none';
  return 'unsupported';
}
