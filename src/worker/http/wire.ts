// The worker HTTP protocol's shared pieces: the key header, how errors travel (typed
// WorkerRuntimeError / ResourceError codes survive the trip), and how byte fields are put
// into JSON. Imported by the worker's server and by the web node's remote client.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ResourceError, type MetadataField, type ResourceErrorCode, type ResourceVersion } from '../../ports/resource-runner';
import { WorkerRuntimeError, type WorkerErrorCode } from '../../ports/worker-runtime';

/** Header carrying the shared worker key, both ways (web → worker and worker → web).
 *  Not `Authorization`: on the web node that header holds users' bearer tokens. */
export const WORKER_KEY_HEADER = 'x-gantry-worker-key';

/** Constant-time comparison of a presented key with the configured one. Both are hashed
 *  first, so neither the content nor the length of the key leaks through timing. */
export function keyMatches(presented: string | undefined | null, key: string): boolean {
  if (!presented || !key) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(key).digest();
  return timingSafeEqual(a, b);
}

export interface WireError {
  kind: 'runtime' | 'resource' | 'other';
  code?: string;
  message: string;
  stderr?: string;
  exitCode?: number;
}

export function toWireError(err: unknown): WireError {
  if (err instanceof WorkerRuntimeError) return { kind: 'runtime', code: err.code, message: err.message };
  if (err instanceof ResourceError) {
    return {
      kind: 'resource', code: err.code, message: err.message,
      ...(err.stderr !== undefined ? { stderr: err.stderr } : {}),
      ...(err.exitCode !== undefined ? { exitCode: err.exitCode } : {}),
    };
  }
  return { kind: 'other', message: err instanceof Error ? err.message : String(err) };
}

export function fromWireError(e: WireError): Error {
  if (e.kind === 'runtime') return new WorkerRuntimeError((e.code ?? 'runtime-failed') as WorkerErrorCode, e.message);
  if (e.kind === 'resource') {
    return new ResourceError((e.code ?? 'invalid-response') as ResourceErrorCode, e.message, {
      ...(e.stderr !== undefined ? { stderr: e.stderr } : {}),
      ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
    });
  }
  return new Error(e.message);
}

/** HTTP status for an error answer (the body carries the exact code anyway). */
export function statusOf(e: WireError): number {
  if (e.code === 'not-found') return 404;
  if (e.code === 'already-exists' || e.code === 'invalid-state') return 409;
  if (e.code === 'invalid-spec' || e.code === 'unsafe-archive') return 400;
  return 500;
}

/** stdin in a container spec may be bytes; JSON carries them as base64. */
export function encodeBytes(v: Uint8Array | string): { base64: string } | string {
  return typeof v === 'string' ? v : { base64: Buffer.from(v).toString('base64') };
}

export function decodeBytes(v: unknown): Uint8Array | string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { base64?: unknown }).base64 === 'string') {
    return Buffer.from((v as { base64: string }).base64, 'base64');
  }
  return undefined;
}

/** What a check tells of one found version besides the version (CheckRequest.versionMetadata). */
export interface VersionMetadataLine { version: ResourceVersion; metadata: MetadataField[] }

/** One line of a resource call's answer: output bytes and (for a check) version metadata as
 *  they come, then a result or an error. */
export type ResourceLine = { output: string } | { versionMetadata: VersionMetadataLine } | { result: unknown } | { error: WireError };
