// Sets up the quickstart's example (examples/component-release): the local git repos, the
// git image, the two deployment environments, and both pipelines set and unpaused through
// the web node's own API, with vars naming those paths. Idempotent: a second start reuses
// the repos, the image and the env ports, and saves a pipeline only when the example's config
// changed and nobody edited the pipeline since quickstart set it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, loadPipeline } from '../core/config';
import { staticVars } from '../core/vars';
import { CONFIG_VERSION_HEADER } from '../protocol';
import { startExampleEnv, type ExampleEnv } from './example-env';
import { ensureGitImage, missingImageTools } from './example-image';
import { ensureRepos, type ExampleRepos } from './example-repos';
import { missingRuntime } from './example-prereqs';

export const EXAMPLE_PIPELINES = ['component-prerelease', 'component-release'] as const;

export interface ExampleOptions {
  /** The quickstart data dir; the example lives in <dataDir>/example. */
  dataDir: string;
  /** The web node's URL and a user of the main team who may set pipelines. */
  url: string;
  username: string;
  password: string;
  /** The scale job's default size (else $GANTRY_EXAMPLE_SCALE, else 20). */
  scaleInstances?: number;
  log: (line: string) => void;
}

export interface Example {
  dir: string;
  repos: ExampleRepos;
  envs: ExampleEnv[];
  /** Pipelines saved by this start (empty when they were already up to date). */
  saved: string[];
  close(): Promise<void>;
}

/** examples/component-release in the source tree (beside src/ or dist/). */
export function exampleSeedDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'examples', 'component-release');
    if (existsSync(join(candidate, 'component-prerelease.yml'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('examples/component-release not found beside the gantry installation');
}

interface State { envPorts?: Record<string, number>; pipelines?: Record<string, string> }

function readState(file: string): State {
  try { return JSON.parse(readFileSync(file, 'utf8')) as State; } catch { return {}; }
}

async function token(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/sky/issuer/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from('fly:Zmx5').toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'password', username, password, scope: 'openid profile email federated:id groups' }),
  });
  if (!res.ok) throw new Error(`example: login as ${username} failed (${res.status})`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** JSON with sorted keys, so configs compare by meaning, not key order (jsonb sorts keys). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const digest = (config: unknown): string => createHash('sha256').update(canonical(config)).digest('hex');

type SetOutcome = 'created' | 'updated' | 'unchanged' | 'kept';

/**
 * Creates (and unpauses) a missing pipeline; updates one still as the example last set it
 * (`lastSet` digest) when the example changed (new env ports, a newer Gantry); keeps one a
 * user changed since, so a restart never undoes their edits.
 */
async function setPipeline(url: string, auth: string, name: string, config: unknown, lastSet: string | undefined): Promise<SetOutcome> {
  const base = `${url}/api/v1/teams/main/pipelines/${name}`;
  const headers = { Authorization: `Bearer ${auth}` };
  const current = await fetch(`${base}/config`, { headers });
  let version: string | null = null;
  if (current.ok) {
    version = current.headers.get(CONFIG_VERSION_HEADER);
    const running = digest(((await current.json()) as { config: unknown }).config);
    if (running === digest(config)) return 'unchanged';
    if (lastSet && running !== lastSet) return 'kept';
  } else if (current.status === 404) await current.body?.cancel();
  else throw new Error(`example: reading pipeline ${name} failed (${current.status}): ${await current.text()}`);
  const saved = await fetch(`${base}/config`, {
    method: 'PUT',
    headers: { ...headers, 'Content-Type': 'application/json', ...(version ? { [CONFIG_VERSION_HEADER]: version } : {}) },
    body: JSON.stringify(config),
  });
  if (!saved.ok) throw new Error(`example: saving pipeline ${name} failed (${saved.status}): ${await saved.text()}`);
  if (version) return 'updated';
  const unpaused = await fetch(`${base}/unpause`, { method: 'PUT', headers });
  if (!unpaused.ok) throw new Error(`example: unpausing pipeline ${name} failed (${unpaused.status})`);
  return 'created';
}

/** A busy machine can fail a request now and then; three tries before giving up. */
async function withRetries<T>(fn: () => Promise<T>, log: (line: string) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= 3) throw err;
      log(`example: ${(err as Error).message}; trying again`);
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}

/** The pipeline file with the example's vars filled in, checked as set-pipeline checks it. */
export function examplePipelineConfig(seedDir: string, name: string, vars: Record<string, unknown>): unknown {
  const file = join(seedDir, `${name}.yml`);
  const loaded = loadPipeline(readFileSync(file, 'utf8'), file, staticVars(vars));
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`example pipeline ${name} is invalid:\n${errors.map(formatDiagnostic).join('\n')}`);
  return loaded.value;
}

/** Creates what is missing and sets both pipelines. Throws with install advice when the host lacks tools. */
export async function setUpExample(opts: ExampleOptions): Promise<Example> {
  const runtime = missingRuntime();
  const packages = [...runtime.filter((m) => !m.startsWith('overlayfs')), ...missingImageTools()];
  if (packages.length) {
    throw new Error(`the example needs ${packages.join(', ')}: install with \`apt-get install -y ${packages.join(' ')}\` (or start with --no-example)`);
  }
  if (runtime.some((m) => m.startsWith('overlayfs'))) {
    opts.log('example: overlayfs is missing (load it with `modprobe overlay`); containers fall back to copying their root filesystems, which is much slower');
  }
  const dir = join(resolve(opts.dataDir), 'example');
  const seed = exampleSeedDir();
  const { repos, created } = ensureRepos(dir, seed);
  if (created.length) opts.log(`example: created repositories ${created.join(', ')} in ${join(dir, 'repos')}`);
  const gitImage = ensureGitImage(dir);
  const stateFile = join(dir, 'state.json');
  const state = readState(stateFile);
  const envs: ExampleEnv[] = [];
  for (const name of ['a', 'b']) envs.push(await startExampleEnv(name, join(dir, 'envs', name), state.envPorts?.[name] ?? 0));
  writeFileSync(stateFile, JSON.stringify({ ...state, envPorts: Object.fromEntries(envs.map((e) => [e.name, e.port])) }, null, 2) + '\n');
  const close = async () => { await Promise.all(envs.map((e) => e.close())); };
  try {
    const vars = {
      component_repo: repos.component, upstream_repo: repos.upstream, artifacts_repo: repos.artifacts, pool_repo: repos.pool,
      git_image: gitImage, env_a_url: envs[0]!.url, env_b_url: envs[1]!.url,
      scale_instances: opts.scaleInstances ?? (Number(process.env.GANTRY_EXAMPLE_SCALE) || 20), scale_max_in_flight: 5,
    };
    const auth = await token(opts.url, opts.username, opts.password);
    const saved: string[] = [];
    const lastSet: Record<string, string> = { ...state.pipelines };
    for (const name of EXAMPLE_PIPELINES) {
      const config = examplePipelineConfig(seed, name, vars);
      const outcome = await withRetries(() => setPipeline(opts.url, auth, name, config, state.pipelines?.[name]), opts.log);
      if (outcome === 'kept') opts.log(`example: pipeline ${name} was changed since quickstart set it; leaving it as it is`);
      else lastSet[name] = digest(config);
      if (outcome === 'created' || outcome === 'updated') saved.push(name);
    }
    writeFileSync(stateFile, JSON.stringify({ ...readState(stateFile), pipelines: lastSet }, null, 2) + '\n');
    return { dir, repos, envs, saved, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** What quickstart prints about the example. */
export function describeExample(example: Example, url: string): string {
  const r = example.repos;
  return [
    `example pipelines: ${url}/teams/main/pipelines/component-prerelease and ${url}/teams/main/pipelines/component-release`,
    `  repositories in ${join(example.dir, 'repos')}: component, upstream, artifacts.git, pool.git`,
    `  environments: ${example.envs.map((e) => `${e.name} at ${e.url}`).join(', ')}`,
    '  push a commit:',
    `    cd ${r.component} && echo "# change" >> README.md && git commit -qam "my change"`,
    '    gantry -t local check-resource -r component-prerelease/component   # or wait for the next check (10s)',
    '  ship the latest promoted release: gantry -t local trigger-job -j component-release/ship -w',
    `  a patch from upstream to shipped release: ${join(exampleSeedDir(), 'patch-day.sh')} -t local -d ${dirname(example.dir)}`,
  ].join('\n');
}

/** quickstart's step: sets the example up and prints where it is; a failure is reported, not fatal. */
export async function startQuickstartExample(opts: ExampleOptions): Promise<Example | undefined> {
  try {
    const example = await setUpExample(opts);
    process.stdout.write(`${describeExample(example, opts.url)}\n`);
    return example;
  } catch (err) {
    opts.log(`quickstart: the example pipelines were not set up: ${(err as Error).message}`);
    return undefined;
  }
}
