// Runs a short host command (runc kill/delete/list, mount, umount, cp) and reports a
// failure as a WorkerRuntimeError carrying the command's stderr.
import { execFile } from 'node:child_process';
import { WorkerRuntimeError } from '../../ports/worker-runtime';

export interface CommandResult { stdout: string; stderr: string }

export function command(file: string, args: string[], opts: { timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 64 << 20, timeout: opts.timeoutMs ?? 60_000 }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout, stderr });
      const detail = String(stderr).trim() || err.message;
      reject(new WorkerRuntimeError('runtime-failed', `${file} ${args.slice(0, 4).join(' ')}: ${detail}`, { cause: err }));
    });
  });
}
