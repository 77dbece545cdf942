// Reads one file out of a build artifact (task files, load_var, set_pipeline),
// through the worker's tar stream so it works for remote workers as well.
import * as tar from 'tar';
import type { BuildRun, Scope } from './build-run';

const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** `path` is `artifact/inside/path`, as Concourse steps name files. */
export async function readArtifactFile(run: BuildRun, scope: Scope, path: string): Promise<Buffer> {
  const slash = path.indexOf('/');
  const name = slash < 0 ? path : path.slice(0, slash);
  const inside = slash < 0 ? '' : path.slice(slash + 1);
  const location = scope.artifacts.lookup(name);
  if (!location) throw new Error(`unknown artifact source: '${name}' in file path '${path}'`);
  if (inside === '') throw new Error(`file path '${path}' names an artifact, not a file in it`);
  const worker = run.deps.workers.byName(location.worker);
  if (!worker) throw new Error(`worker ${location.worker} holding artifact '${name}' is gone`);
  return readTarFile(worker.runtime.volumes.streamOut(location.volume, inside), path);
}

async function readTarFile(stream: AsyncIterable<Uint8Array>, label: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  let found = false;
  let failure: unknown;
  const parser = new tar.Parser({
    onReadEntry: (entry) => {
      if (found || entry.type !== 'File') {
        entry.resume();
        return;
      }
      found = true;
      entry.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_FILE_BYTES) failure ??= new Error(`file ${label} is larger than ${MAX_FILE_BYTES} bytes`);
        else parts.push(chunk);
      });
    },
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', () => resolve());
    parser.on('error', reject);
  });
  try {
    for await (const chunk of stream) parser.write(Buffer.from(chunk));
  } catch (err) {
    throw new Error(`file ${label} not found`, { cause: err });
  }
  parser.end();
  await done;
  if (failure) throw failure;
  if (!found) throw new Error(`file ${label} not found (or not a regular file)`);
  return Buffer.concat(parts);
}
