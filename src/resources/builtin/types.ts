// The shape of a built-in resource type: Concourse's check / in / out with the protocol's
// JSON shapes, run inside the worker process instead of a container (see DESIGN.md,
// "Resources": images need no node, no container start per check, works offline).
import type { MetadataField, ResourceParams, ResourceSource, ResourceVersion } from '../../ports/resource-runner';

/** What a script would get from its process: env, a way to write to stderr, abort. */
export interface BuiltinContext {
  env: Record<string, string>;  // build metadata env (BUILD_ID, ATC_EXTERNAL_URL, ...)
  log(line: string): void;      // a line on the step's output (a script's stderr)
  signal: AbortSignal;
  privileged: boolean;
}

/** A version a check found, with the metadata `in` would report for it (when known). */
export interface CheckedVersion { version: ResourceVersion; metadata?: MetadataField[] }

export interface InResponse { version: ResourceVersion; metadata?: MetadataField[] }
export type OutResponse = InResponse;

/** Reads what a put may see: `path` relative to the put's working dir (DIR/<input>/...). */
export interface PutInputs {
  /** Host path of a file or dir under an input; refuses `..` and symlinks on the way. */
  resolve(path: string): string;
  /** Paths (relative to DIR) matching a glob pattern (`*`, `?`, `[...]` per segment). */
  glob(pattern: string): string[];
}

export interface BuiltinResourceType {
  readonly name: string;
  check(ctx: BuiltinContext, req: { source: ResourceSource; version: ResourceVersion | null }): Promise<ResourceVersion[]>;
  /** Gantry's addition: the same check, each version with its metadata (git: the commit's). */
  checkWithMetadata?(ctx: BuiltinContext, req: { source: ResourceSource; version: ResourceVersion | null }): Promise<CheckedVersion[]>;
  /** Writes the version's bits into `dir` (an empty directory on the worker). */
  in(ctx: BuiltinContext, dir: string, req: { source: ResourceSource; version: ResourceVersion; params: ResourceParams }): Promise<InResponse>;
  out(ctx: BuiltinContext, inputs: PutInputs, req: { source: ResourceSource; params: ResourceParams }): Promise<OutResponse>;
}

/** A file in an image (under rootfs/) naming the built-in type its /opt/resource scripts
 *  stand for; the runner then runs that type in process with the image's env. Set by
 *  mock's mirror_self, whose image in Concourse is the mock resource itself. */
export const BUILTIN_MARKER = 'opt/resource/.gantry-builtin';

/** A failure a script would report by exiting non-zero with `message` on stderr. */
export class BuiltinFailure extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'BuiltinFailure';
  }
}
