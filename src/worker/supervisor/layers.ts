// Reads a file of a layered rootfs on the host, where no merged view is mounted.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file from the top-most layer that has it ('' when none has). Whiteouts are not
 *  interpreted: good enough for /etc/passwd and /etc/group. */
export function readFromLayers(layers: string[], file: string): string {
  for (const layer of layers) {
    try { return readFileSync(join(layer, file), 'utf8'); } catch { /* next layer */ }
  }
  return '';
}

/** readFromLayers off the event loop: a fan-out creates a hundred containers at once. */
export async function readFromLayersAsync(layers: string[], file: string): Promise<string> {
  for (const layer of layers) {
    try { return await readFile(join(layer, file), 'utf8'); } catch { /* next layer */ }
  }
  return '';
}
