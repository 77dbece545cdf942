// Runs the task's container to its end: output streamed to log events as it
// arrives; on abort SIGTERM at once, SIGKILL after the grace period.
import type { Container, ExitStatus } from '../../ports/worker-runtime';
import type { BuildRun } from '../build-run';

export async function runContainer(container: Container, origin: string, signal: AbortSignal, run: BuildRun): Promise<ExitStatus> {
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    container.signal('SIGTERM').catch(() => undefined);
    killTimer = setTimeout(() => container.signal('SIGKILL').catch(() => undefined), run.graceMs);
  };
  const pump = async (stream: AsyncIterable<Uint8Array>, source: 'stdout' | 'stderr'): Promise<void> => {
    const log = run.log(origin, source);
    try {
      for await (const chunk of stream) {
        log.write(chunk);
        await run.emitter.room();
      }
    } finally {
      log.end();
    }
  };
  await container.start();
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    const [, , exit] = await Promise.all([pump(container.stdout(), 'stdout'), pump(container.stderr(), 'stderr'), container.wait()]);
    return exit;
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (killTimer) clearTimeout(killTimer);
  }
}
