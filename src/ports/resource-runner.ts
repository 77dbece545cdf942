// The resource runner port: runs a resource type's check / in / out on one worker, as
// the engine (get, put, image_resource) and the checker drive it. Interfaces and plain
// data only; the implementation (built-in types, container scripts, image cache) lives in
// src/resources. Shapes are Concourse's: versions are string maps, metadata is a list of
// {name, value}. A script that exits non-zero is a ResourceError carrying its stderr,
// with its exit code; Concourse's get/put then finish with that exit status (failed), a
// check fails with the error; every other code is an error (errored), 'aborted' aborts.
import type { RootfsSource } from './worker-runtime';

/** A version as the protocol carries it, e.g. `{ref: "abc123"}`. */
export type ResourceVersion = Record<string, string>;

/** One line of version metadata, shown beside the version. */
export interface MetadataField { name: string; value: string }

export type ResourceSource = Record<string, unknown>;
export type ResourceParams = Record<string, unknown>;

/** A `resource_types:` entry of the pipeline (also used for types from var sources etc.). */
export interface ResourceTypeSpec {
  name: string;
  type: string;                 // the type its image comes from (a base type or another entry)
  source: ResourceSource;
  params?: ResourceParams;      // params of the `get` that fetches its image
  privileged?: boolean;         // its check/in/out containers run privileged
  defaults?: ResourceSource;    // merged under the source of every resource of this type
  version?: ResourceVersion;    // pin the image version instead of checking for the latest
}

/** Who runs the step; becomes Concourse's build metadata env (BUILD_ID, ...). Checks have
 *  no build: leave the build fields out and only the pipeline/team/URL ones are set. */
export interface BuildMetadata {
  buildId?: number;
  buildName?: string;
  teamId?: number;
  teamName?: string;
  jobId?: number;
  jobName?: string;
  pipelineId?: number;
  pipelineName?: string;
  pipelineInstanceVars?: Record<string, unknown>;
  createdBy?: string;           // only when the resource sets expose_build_created_by
  externalUrl?: string;         // ATC_EXTERNAL_URL, e.g. "http://127.0.0.1:8080"; with a build
                                // id it also gives BUILD_URL and BUILD_URL_SHORT
}

/** Bytes a resource script writes to stderr (and built-in types' log lines). */
export type OutputSink = (chunk: Uint8Array) => void;

interface Common {
  type: string;                 // a base type name ("mock", "registry-image") or a resourceTypes name
  source: ResourceSource;
  resourceTypes: ResourceTypeSpec[];
  metadata: BuildMetadata;
  signal?: AbortSignal;         // abort: the script is killed, the call rejects with code 'aborted'
  output?: OutputSink;
  tags?: string[];
}

export interface CheckRequest extends Common {
  from?: ResourceVersion;       // the latest known version (or `check-resource -f`)
  timeoutMs?: number;           // check_timeout; exceeded = ResourceError 'timeout'
  /** Gantry's addition: told the metadata of each found version a type can describe at check
   *  time (the built-in git: its commit's, as `in` reports it); other types never call it. */
  versionMetadata?: (version: ResourceVersion, metadata: MetadataField[]) => void;
}

export interface GetRequest extends Common {
  version: ResourceVersion;
  params?: ResourceParams;
  privileged?: boolean;
}

export interface GetResult {
  version: ResourceVersion;
  metadata: MetadataField[];
  /** A new volume of the worker's WorkerRuntime holding the fetched bits. The caller owns
   *  it (mount it, make copy-on-write children of it, destroy it when the build is done). */
  volume: string;
}

export interface PutRequest extends Common {
  params?: ResourceParams;
  /** Artifacts the put may read: name → volume handle, laid out as DIR/<name>. */
  inputs: Record<string, string>;
  privileged?: boolean;
}

export interface PutResult { version: ResourceVersion; metadata: MetadataField[] }

/** A task's `image_resource:`. */
export interface ImageResource {
  type: string;
  source: ResourceSource;
  params?: ResourceParams;
  version?: ResourceVersion;    // fetch exactly this version instead of the latest
}

export interface FetchImageRequest {
  resourceTypes: ResourceTypeSpec[];
  metadata: BuildMetadata;
  signal?: AbortSignal;
  output?: OutputSink;
  privileged?: boolean;
}

/** An image ready to be a container's rootfs: Concourse's `rootfs/` + `metadata.json`. */
export interface FetchedImage {
  rootfs: RootfsSource;         // read-only: owned by the image cache, never written to
  env: Record<string, string>;  // from metadata.json's env ("K=V" lines)
  user?: string;                // from metadata.json's user
  version: ResourceVersion;
  metadata: MetadataField[];
  cached: boolean;              // true when the cache already held this (type, source, version)
}

export interface ResourceRunner {
  check(req: CheckRequest): Promise<ResourceVersion[]>;
  get(req: GetRequest): Promise<GetResult>;
  put(req: PutRequest): Promise<PutResult>;
  /** Checks for the latest version (unless pinned), fetches it through `in` once per
   *  (type, source, version) on this worker, and returns the cached rootfs afterwards. */
  fetchImage(image: ImageResource, req: FetchImageRequest): Promise<FetchedImage>;
}

/** Why a resource operation failed; the engine maps 'aborted' to aborted and the rest to errored. */
export type ResourceErrorCode =
  | 'unknown-type'       // no built-in type and no resource_types entry of that name
  | 'type-loop'          // resource_types whose images come from each other
  | 'script-failed'      // check/in/out exited non-zero; `exitCode` and `stderr` (its last 64 KiB,
                         // already streamed to `output`: do not log it twice)
  | 'invalid-response'   // stdout was not the protocol's JSON
  | 'invalid-config'     // source/params a built-in type refuses (missing repository, ...)
  | 'no-versions'        // an image type's check found nothing to fetch
  | 'timeout'
  | 'aborted';

export class ResourceError extends Error {
  constructor(
    readonly code: ResourceErrorCode,
    message: string,
    options?: { cause?: unknown; stderr?: string; exitCode?: number },
  ) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'ResourceError';
    if (options?.stderr !== undefined) this.stderr = options.stderr;
    if (options?.exitCode !== undefined) this.exitCode = options.exitCode;
  }
  stderr?: string;
  exitCode?: number;
}
