// Prints a build's event stream as fly does: task output as it comes, `initializing`,
// `selected worker: NAME`, `running PATH ARGS`, errors, and the final status in its
// colour (colours only on a TTY). The result is fly's exit code: the last task's exit
// status, else 1 failed, 2 errored, 3 aborted. `trigger-job -w`, `watch` and `execute` share it.
import type { BuildEvent } from '../../protocol/build-events';
import { palette, type Palette } from '../render/color';

export interface RenderOptions {
  color: boolean;
  /** Prefix lines with the event's time (HH:MM:SS), as `watch --timestamps`. */
  timestamps?: boolean;
}

export interface RenderResult {
  exitCode: number;
  /** The build's final status, when the stream reached it. */
  status?: string;
}

const STATUS_CODES: Record<string, number> = { failed: 1, errored: 2, aborted: 3 };

/** Writes text, adding a time prefix at each line start when asked. */
class LineWriter {
  private atLineStart = true;
  constructor(private readonly write: (s: string) => void, private readonly timestamps: boolean) {}

  text(s: string, time?: number): void {
    if (!this.timestamps || !s) return this.write(s);
    const prefix = time ? `${clock(time)}  ` : ' '.repeat(10);
    let out = '';
    for (const part of s.split(/(?<=\n)/)) {
      if (this.atLineStart) out += prefix;
      out += part;
      this.atLineStart = part.endsWith('\n');
    }
    this.write(out);
  }
}

function clock(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function statusColor(p: Palette, status: string): string {
  if (status === 'succeeded') return p.green(status);
  if (status === 'failed') return p.red(status);
  if (status === 'errored') return p.magenta(status);
  return p.yellow(status);
}

export async function renderEvents(events: AsyncIterable<BuildEvent>, write: (s: string) => void, opts: RenderOptions): Promise<RenderResult> {
  const p = palette(opts.color);
  const out = new LineWriter(write, opts.timestamps === true);
  let exitCode = 0;
  for await (const e of events) {
    switch (e.event) {
      case 'log': out.text(e.data.payload, e.data.time); break;
      case 'selected-worker': out.text(`${p.bold('selected worker:')} ${e.data.selected_worker}\n`, e.data.time); break;
      case 'initialize-task': out.text(`${p.bold('initializing')}\n`, e.data.time); break;
      case 'start-task': {
        const argv = [e.data.config.run.path, ...e.data.config.run.args].join(' ');
        out.text(`${p.bold(`running ${argv}`)}\n`, e.data.time);
        break;
      }
      case 'finish-task': exitCode = e.data.exit_status; break;
      case 'error': out.text(`${p.magenta(e.data.message)}\n`); break;
      case 'status':
        if (e.data.status === 'started') break;
        if (exitCode === 0) exitCode = STATUS_CODES[e.data.status] ?? 0;
        out.text(`${statusColor(p, e.data.status)}\n`, e.data.time);
        return { exitCode, status: e.data.status };
      default: break;
    }
  }
  return { exitCode };
}
