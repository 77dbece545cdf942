// Overlay mounts and their removal. Several lower layers are listed in one mount rather
// than stacking overlays, which the kernel allows only about two deep.
import { readFileSync } from 'node:fs';
import { command } from './command';

export interface OverlayLayers {
  lower: string[];         // top-most first
  upper: string;
  work: string;
}

/** Mounts and unmounts for containers and volumes: the reaper does them with syscalls;
 *  `commandMounter` (mount(8), umount(8)) serves before it runs. */
export interface Mounter {
  mountOverlay(layers: OverlayLayers, target: string): Promise<void>;
  unmount(target: string): Promise<void>;
}

export function overlayOptions(layers: OverlayLayers): string {
  return `lowerdir=${layers.lower.join(':')},upperdir=${layers.upper},workdir=${layers.work}`;
}

export const commandMounter: Mounter = {
  async mountOverlay(layers, target) {
    await command('mount', ['-t', 'overlay', 'overlay', '-o', overlayOptions(layers), target]);
  },
  unmount,
};

/** Mount points at or below `dir` (from /proc/self/mountinfo), deepest first. */
export function mountsUnder(dir: string): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const points = readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
    .map((l) => l.split(' ')[4])
    .filter((p): p is string => !!p)
    .map(unescapeMountPath)
    .filter((p) => p === dir || p.startsWith(prefix));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** Unmounts `target`; one that is not mounted (any more) is fine. Lazy, so a process still
 *  holding a file there cannot make cleanup fail. */
export async function unmount(target: string): Promise<void> {
  await command('umount', ['-l', target]).catch((e: Error) => {
    if (!/not mounted|no mount point|No such file/i.test(e.message)) throw e;
  });
}

export async function unmountAll(paths: string[]): Promise<void> {
  for (let i = 0; i < paths.length; i += 200) {
    await command('umount', ['-l', ...paths.slice(i, i + 200)]).catch(() => undefined);
  }
}

function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}
