// A resource type from an image: /opt/resource/{check,in,out} run in a container through
// the WorkerRuntime, the request as JSON on stdin, the response as JSON on stdout, stderr
// streamed to the step's output. Get writes into a fresh volume at /tmp/build/get; put
// sees copy-on-write copies of its inputs under /tmp/build/put, so it cannot change them.
import { ResourceError, type FetchedImage, type OutputSink } from '../ports/resource-runner';
import type { ContainerMount, WorkerRuntime } from '../ports/worker-runtime';
import { scriptFailed } from './protocol';

export const GET_DIR = '/tmp/build/get';
export const PUT_DIR = '/tmp/build/put';
const MAX_STDOUT = 16 * 1024 * 1024;
const MAX_STDERR_KEPT = 64 * 1024;

export interface ScriptRun {
  script: 'check' | 'in' | 'out';
  image: FetchedImage;
  env: Record<string, string>;
  request: unknown;
  privileged: boolean;
  mounts?: ContainerMount[];
  dir?: string;
  signal: AbortSignal;
  output?: OutputSink;
}

function abortError(signal: AbortSignal): ResourceError {
  const timeout = (signal.reason as Error | undefined)?.name === 'TimeoutError';
  return new ResourceError(timeout ? 'timeout' : 'aborted', timeout ? 'timed out' : 'interrupted');
}

/** Runs one script to the end and returns its stdout; non-zero exit is a ResourceError. */
export async function runScript(rt: WorkerRuntime, run: ScriptRun): Promise<string> {
  if (run.signal.aborted) throw abortError(run.signal);
  const path = `/opt/resource/${run.script}`;
  const args = run.dir ? [run.dir] : [];
  const c = await rt.create({
    rootfs: run.image.rootfs, path, args, env: { ...run.image.env, ...run.env },
    ...(run.image.user ? { user: run.image.user } : {}), ...(run.dir ? { dir: run.dir } : {}),
    mounts: run.mounts ?? [], privileged: run.privileged, stdin: JSON.stringify(run.request),
    properties: { kind: 'resource', script: run.script },
  });
  let aborted = false;
  const onAbort = () => { aborted = true; void rt.destroy(c.handle, { graceMs: 1000 }).catch(() => undefined); };
  run.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await c.start();
    let stderr = '';
    const out: Buffer[] = [];
    let size = 0;
    const readOut = (async () => {
      for await (const chunk of c.stdout()) {
        size += chunk.length;
        if (size <= MAX_STDOUT) out.push(Buffer.from(chunk));
      }
    })();
    const readErr = (async () => {
      for await (const chunk of c.stderr()) {
        run.output?.(chunk);
        stderr = (stderr + Buffer.from(chunk).toString()).slice(-MAX_STDERR_KEPT);
      }
    })();
    const [exit] = await Promise.all([c.wait(), readOut, readErr]);
    if (aborted) throw abortError(run.signal);
    if (exit.exitCode !== 0) throw scriptFailed(path, args, exit.exitCode, stderr, exit.signal);
    if (size > MAX_STDOUT) throw new ResourceError('invalid-response', `${path} printed more than ${MAX_STDOUT} bytes on stdout`);
    return Buffer.concat(out).toString();
  } catch (e) {
    if (aborted || run.signal.aborted) throw abortError(run.signal);
    throw e;
  } finally {
    run.signal.removeEventListener('abort', onAbort);
    if (!aborted) await rt.destroy(c.handle, { graceMs: 0 }).catch(() => undefined);
  }
}
