// Questions on stdin: confirmations ("apply configuration? [yN]"), typed names
// and passwords. Works the same whether stdin is a terminal or a pipe, so that
// tests can answer by writing to stdin.
import { Writable } from 'node:stream';

class StdinLines {
  private buf = '';
  private ended = false;
  private started = false;
  private waiter: ((line: string | null) => void) | undefined;

  next(): Promise<string | null> {
    const ready = this.take();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => {
      this.waiter = resolve;
      this.start();
      process.stdin.resume();
    });
  }

  private take(): string | null | undefined {
    const nl = this.buf.indexOf('\n');
    if (nl >= 0) {
      const line = this.buf.slice(0, nl).replace(/\r$/, '');
      this.buf = this.buf.slice(nl + 1);
      return line;
    }
    if (!this.ended) return undefined;
    if (this.buf) {
      const line = this.buf;
      this.buf = '';
      return line;
    }
    return null;
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      this.buf += chunk;
      this.flush();
    });
    process.stdin.on('end', () => {
      this.ended = true;
      this.flush();
    });
  }

  private flush(): void {
    if (!this.waiter) return;
    const line = this.take();
    if (line === undefined) return;
    const waiter = this.waiter;
    this.waiter = undefined;
    // Paused stdin lets the process exit once the command is done.
    process.stdin.pause();
    waiter(line);
  }
}

const lines = new StdinLines();

/** Writes the prompt and reads one line; null at end of input. */
export async function ask(prompt: string): Promise<string | null> {
  process.stdout.write(prompt);
  const line = await lines.next();
  if (!process.stdin.isTTY) process.stdout.write('\n');
  return line;
}

/** fly's confirmation: `PROMPT [yN]: `, yes only for y/yes. */
export async function confirm(prompt: string): Promise<boolean> {
  const answer = await ask(`${prompt} [yN]: `);
  return answer !== null && /^(y|yes)$/i.test(answer.trim());
}

/** A secret: not echoed on a terminal; read like any line from a pipe. */
export async function askSecret(prompt: string): Promise<string | null> {
  if (!process.stdin.isTTY) return ask(prompt);
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  process.stdout.write(prompt);
  // node:readline loads only here: every command imports this module, few ask for secrets.
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    rl.on('SIGINT', () => {
      rl.close();
      resolve(null);
    });
  });
}
