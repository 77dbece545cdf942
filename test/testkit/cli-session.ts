// A web node with user admin and a CLI logged in to it as target `ci`, with its own HOME
// and a scratch dir for pipeline files: the set-up the CLI pipeline tests share.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeHome, runGantry, type GantryResult } from './gantry-cli';
import { startTestWebNode, type TestWebNode } from './web-node';

export interface CliSession {
  node: TestWebNode;
  home: string;
  /** `gantry -t ci ARGS`, stdin `input`. */
  gantry(args: string[], input?: string): Promise<GantryResult>;
  /** `gantry -t ci ARGS --json`, which must succeed, parsed. */
  json<T>(args: string[]): Promise<T>;
  /** Writes a file into the scratch dir; returns its path. */
  file(name: string, text: string): string;
  close(): Promise<void>;
}

/** `prepare` runs on the node before the CLI logs in (e.g. saving pipelines over the API). */
export async function openCliSession(prepare?: (node: TestWebNode) => Promise<void>): Promise<CliSession> {
  const node = await startTestWebNode({ localUsers: [{ username: 'admin', password: 'admin' }], mainTeamUsers: ['admin'] });
  const home = makeHome();
  const dir = mkdtempSync(join(tmpdir(), 'gantry-cli-'));
  const gantry = (args: string[], input?: string) => runGantry(['-t', 'ci', ...args], { home, input });
  await prepare?.(node);
  const login = await runGantry(['-t', 'ci', 'login', '-c', node.url, '-u', 'admin', '-p', 'admin'], { home });
  assert.equal(login.code, 0, login.stderr);
  return {
    node, home, gantry,
    async json<T>(args: string[]): Promise<T> {
      const r = await gantry([...args, '--json']);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as T;
    },
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    async close() {
      await node.close();
      rmSync(home, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
