// Streams a container's output file from the first byte while the container writes it.
// Woken by inotify (fs.watch) and by the container's exit, never by a sleep loop; holds a
// descriptor only while reading, so thousands of followers stay within the fd limit.
import { watch, type FSWatcher } from 'node:fs';
import { open } from 'node:fs/promises';

const CHUNK = 64 * 1024;

/** Yields the bytes of `path` as they are appended; ends once `finished` has resolved and
 *  everything written before it has been read. */
export async function* followFile(path: string, finished: Promise<unknown>): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let done = false;
  let dirty = false;
  let wake: (() => void) | undefined;
  const poke = () => { dirty = true; wake?.(); };
  void finished.then(() => { done = true; poke(); }, () => { done = true; poke(); });
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(path, { persistent: false }, poke);
    watcher.on('error', poke);
  } catch { /* file not created yet or gone: the exit still wakes us */ }
  try {
    for (;;) {
      dirty = false;
      const wasDone = done;
      for await (const chunk of readFrom(path, offset)) {
        offset += chunk.byteLength;
        yield chunk;
      }
      if (wasDone) return;
      if (!dirty) await new Promise<void>((res) => { wake = res; });
      wake = undefined;
    }
  } finally {
    watcher?.close();
  }
}

async function* readFrom(path: string, offset: number): AsyncGenerator<Uint8Array> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch {
    return;
  }
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await fh.read(buf, 0, CHUNK, offset);
      if (bytesRead === 0) return;
      offset += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
