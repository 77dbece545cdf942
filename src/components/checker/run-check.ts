// One check of one target: find (or make) its shared version history, claim it so no other
// web node checks the same scope at the same moment, run `check` from the latest known
// version (or the one a person gave), record the versions in order and the outcome. A
// failure keeps its error text on the scope, where the API shows it on the resource.
import { redact } from '../../core/vars';
import type { MetadataField, ResourceRunner, ResourceVersion as Version } from '../../ports/resource-runner';
import type { Store } from '../../ports/store';
import type { CheckTarget } from './check-targets';

export interface CheckResult {
  scopeId: number;
  succeeded: boolean;
  error: string | null;
  /** Versions this check added (or moved to the top). */
  newVersions: number;
  /** false when another node was already checking this scope. */
  ran: boolean;
}

const OUTPUT_CAP = 64 * 1024;
/** A check whose start is older than this and never ended is taken over (its node died). */
const STALE_CHECK_MS = 5 * 60_000;

export async function scopeFor(store: Store, t: CheckTarget): Promise<number> {
  // A saved scope stays valid: a config change of type or source clears it (saveConfig). A
  // source with vars may resolve differently at each check (a credential rotated), so its
  // scope is looked up from the resolved source every time.
  if (t.scopeId !== null && !t.dynamic) return t.scopeId;
  const scope = await store.versions.findOrCreateScope({ type: t.type, source: t.source });
  if (t.scopeId !== scope.id) {
    if (t.kind === 'resource') await store.resources.setScope(t.id, scope.id);
    else await store.resourceTypes.setScope(t.id, scope.id);
    t.scopeId = scope.id;
  }
  return scope.id;
}

/** Marks the check started unless another node holds it; the advisory lock makes the test-and-set atomic. */
async function claim(store: Store, scopeId: number, force: boolean, now: number): Promise<boolean> {
  return store.transaction(async (tx) => {
    if (!(await tx.tryLock(`gantry-check:${scopeId}`))) return false;
    const s = await tx.versions.getScope(scopeId);
    const running = s?.lastCheckStart && (!s.lastCheckEnd || s.lastCheckStart > s.lastCheckEnd);
    if (running && !force && now - s.lastCheckStart!.getTime() < STALE_CHECK_MS) return false;
    await tx.versions.checkStarted(scopeId);
    return true;
  });
}

function errorText(err: unknown, output: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const extra = output.trim();
  return extra && !message.includes(extra) ? `${message}\n${extra}` : message;
}

/**
 * check_timeout, enforced here as well as by the runner: the call is aborted and the check
 * ends with an error even when a type does not stop at once.
 */
async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`check timed out after ${ms} ms (check_timeout)`));
    }, ms);
  });
  try {
    return await Promise.race([fn(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Field order does not make two versions different. */
function versionKey(v: Version): string {
  return JSON.stringify(Object.keys(v).sort().map((k) => [k, v[k]]));
}

export interface RunCheckOptions {
  from?: Version;
  /** Run even when the scope looks busy (a person asked). */
  force?: boolean;
  externalUrl?: string;
  now?: () => number;
}

export async function runCheck(store: Store, runner: ResourceRunner, t: CheckTarget, opts: RunCheckOptions = {}): Promise<CheckResult> {
  const scopeId = await scopeFor(store, t);
  const now = opts.now ?? Date.now;
  if (!(await claim(store, scopeId, opts.force ?? false, now()))) return { scopeId, succeeded: true, error: null, newVersions: 0, ran: false };
  let output = '';
  const sink = (chunk: Uint8Array): void => {
    if (output.length < OUTPUT_CAP) output += Buffer.from(chunk).toString('utf8');
  };
  try {
    if (t.varsError) throw new Error(t.varsError);
    const from = opts.from ?? (await store.versions.latest(scopeId))?.version;
    const described = new Map<string, MetadataField[]>();
    const versions = await withTimeout(t.timeoutMs, (signal) => runner.check({
      versionMetadata: (version, metadata) => described.set(versionKey(version), metadata),
      signal,
      type: t.type,
      source: t.source,
      resourceTypes: t.resourceTypes,
      tags: t.tags,
      from,
      timeoutMs: t.timeoutMs,
      output: sink,
      metadata: {
        teamId: t.pipeline.teamId, teamName: t.pipeline.teamName, pipelineId: t.pipeline.id,
        pipelineName: t.pipeline.name, ...(t.pipeline.instanceVars ? { pipelineInstanceVars: t.pipeline.instanceVars } : {}),
        ...(opts.externalUrl ? { externalUrl: opts.externalUrl } : {}),
      },
    }));
    const found = versions.map((version) => {
      const metadata = described.get(versionKey(version));
      return metadata ? { version, metadata } : { version };
    });
    const added = found.length > 0 ? await store.versions.saveVersions(scopeId, found) : [];
    await store.versions.checkFinished(scopeId, { succeeded: true, error: null });
    return { scopeId, succeeded: true, error: null, newVersions: added.length, ran: true };
  } catch (err) {
    // Var-source values never reach the stored error, which the API shows to every viewer.
    const error = redact(errorText(err, output), t.secrets);
    await store.versions.checkFinished(scopeId, { succeeded: false, error });
    return { scopeId, succeeded: false, error, newVersions: 0, ran: true };
  }
}
