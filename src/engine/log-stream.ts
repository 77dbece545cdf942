// Turns a step's output bytes into `log` event payloads as they arrive: no
// waiting for newlines, UTF-8 decoded across chunk borders, large chunks split,
// and secrets redacted. A secret split across two chunks would slip through
// redaction, so the longest tail that could start a secret is held back until
// the next chunk (or the end) shows whether it is one.
import { redact } from '../core/vars';

const MAX_PAYLOAD = 64 * 1024;

export class LogStream {
  private readonly decoder = new TextDecoder('utf-8');
  private held = '';

  constructor(
    private readonly secrets: () => readonly string[],
    private readonly send: (payload: string) => void,
  ) {}

  write(chunk: Uint8Array): void {
    this.push(this.decoder.decode(chunk, { stream: true }), false);
  }

  end(): void {
    this.push(this.decoder.decode(), true);
  }

  private push(text: string, final: boolean): void {
    const all = this.held + text;
    const values = secretLines(this.secrets());
    const keep = final ? 0 : heldTail(all, values);
    const ready = all.slice(0, all.length - keep);
    this.held = all.slice(all.length - keep);
    if (ready === '') return;
    const clean = values.length > 0 ? redact(ready, values) : ready;
    for (let i = 0; i < clean.length; i += MAX_PAYLOAD) this.send(clean.slice(i, i + MAX_PAYLOAD));
  }
}

function secretLines(secrets: readonly string[]): string[] {
  return secrets.flatMap((s) => s.split('\n').map((l) => l.trim())).filter((v) => v.length > 1);
}

/** Length of the longest suffix of `text` that is a proper prefix of some secret. */
function heldTail(text: string, secrets: readonly string[]): number {
  let best = 0;
  for (const secret of secrets) {
    const max = Math.min(secret.length - 1, text.length);
    for (let n = max; n > best; n--) {
      if (text.endsWith(secret.slice(0, n))) {
        best = n;
        break;
      }
    }
  }
  return best;
}
