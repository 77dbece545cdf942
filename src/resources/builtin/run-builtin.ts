// Runs a built-in type's operation as if it were a script: its failures become the same
// ResourceError a non-zero exit gives (message on the output, as stderr would be), and
// abort or timeout end the call at once.
import { ResourceError, type OutputSink } from '../../ports/resource-runner';
import { scriptFailed } from '../protocol';
import { BuiltinFailure, type BuiltinContext } from './types';

export interface BuiltinRun {
  script: 'check' | 'in' | 'out';
  env: Record<string, string>;
  privileged: boolean;
  signal: AbortSignal;
  output?: OutputSink;
  args?: string[];
}

function interrupted(signal: AbortSignal): ResourceError {
  const timeout = (signal.reason as Error | undefined)?.name === 'TimeoutError';
  return new ResourceError(timeout ? 'timeout' : 'aborted', timeout ? 'timed out' : 'interrupted');
}

export async function runBuiltin<T>(run: BuiltinRun, op: (ctx: BuiltinContext) => Promise<T>): Promise<T> {
  if (run.signal.aborted) throw interrupted(run.signal);
  const log = (line: string) => run.output?.(Buffer.from(line.endsWith('\n') ? line : `${line}\n`));
  const ctx: BuiltinContext = { env: run.env, log, signal: run.signal, privileged: run.privileged };
  let onAbort: (() => void) | undefined;
  const abort = new Promise<never>((_, reject) => {
    onAbort = () => reject(interrupted(run.signal));
    run.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([op(ctx), abort]);
  } catch (e) {
    if (e instanceof ResourceError) throw e;
    if (run.signal.aborted) throw interrupted(run.signal);
    const message = e instanceof BuiltinFailure ? e.message : `${(e as Error).message ?? e}`;
    log(message);
    throw scriptFailed(`/opt/resource/${run.script}`, run.args ?? [], e instanceof BuiltinFailure ? e.exitCode : 1, message);
  } finally {
    run.signal.removeEventListener('abort', onAbort!);
  }
}
