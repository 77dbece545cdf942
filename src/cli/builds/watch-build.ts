// Streams one build's events to stdout (fly's rendering) and returns fly's exit code.
import type { ApiClient } from '../client';
import { colorsFor } from '../render/color';
import { buildEvents } from './event-stream';
import { renderEvents } from './render-events';

export async function watchBuild(client: ApiClient, buildId: number | string, opts: { timestamps?: boolean } = {}): Promise<number> {
  const write = (s: string): void => void process.stdout.write(s);
  const result = await renderEvents(buildEvents(client, buildId), write, { color: colorsFor(process.stdout), timestamps: opts.timestamps });
  return result.exitCode;
}
