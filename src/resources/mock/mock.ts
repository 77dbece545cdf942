// `mock`: Concourse's mock resource (concourse/mock-resource) as a built-in type. Every
// source field and param of its README; check echoes the version it is given, so
// `check-resource -f version:foo` creates `foo`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { parseGoDuration } from '../../core/config';
import type { MetadataField, ResourceVersion } from '../../ports/resource-runner';
import { BuiltinFailure, type BuiltinContext, type BuiltinResourceType } from '../builtin/types';
import { writeMirroredImage } from './busybox-image';
import { checkPayload, GET_PARAMS_SHAPE, PUT_PARAMS_SHAPE, SOURCE_SHAPE, VERSION_SHAPE } from './payload';

export const DEFAULT_INITIAL_VERSION = 'mock';

interface Source {
  mirror_self?: boolean; initial_version?: string; no_initial_version?: boolean; force_version?: string;
  create_files?: Record<string, unknown>; check_delay?: string; check_failure?: string;
  metadata?: MetadataField[]; log?: string;
}
interface MockVersion { version?: string; privileged?: string }
interface GetParams { mirror_self_via_params?: boolean; create_files_via_params?: Record<string, unknown> }
interface PutParams { version?: string; print_env?: boolean; file?: string }

function info(ctx: BuiltinContext, message: string): void {
  ctx.log(`INFO[0000] ${message}`);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(signal.reason); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function withPrivilege(v: MockVersion, privileged: boolean): ResourceVersion {
  const out: ResourceVersion = { version: v.version ?? '' };
  if (privileged) out.privileged = 'true';
  else if (v.privileged) out.privileged = v.privileged;
  return out;
}

/** File content as mock writes it: strings as they are, anything else as JSON; START_VAR/END_VAR become (( and )). */
function fileContent(content: unknown): string {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return text.replaceAll('START_VAR', '((').replaceAll('END_VAR', '))');
}

function writeCreatedFiles(dir: string, files: Record<string, unknown>): void {
  for (const [path, content] of Object.entries(files)) {
    const rel = posix.normalize(path);
    if (rel.startsWith('/') || rel === '..' || rel.startsWith('../')) {
      throw new BuiltinFailure(`failed to write to file '${path}': path escapes the destination`);
    }
    const target = join(dir, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, fileContent(content), { mode: 0o644 });
  }
}

export const mockType: BuiltinResourceType = {
  name: 'mock',

  async check(ctx, req) {
    const source = checkPayload<Source>('source', 'Source', SOURCE_SHAPE, req.source);
    const from = req.version === null ? null : checkPayload<MockVersion>('version', 'Version', VERSION_SHAPE, req.version);
    if (source.log) info(ctx, source.log);
    if (source.check_delay) {
      const ms = parseGoDuration(source.check_delay);
      if (ms === undefined) {
        throw new BuiltinFailure(`malformed check_delay duration (${source.check_delay}): time: invalid duration "${source.check_delay}"`);
      }
      await sleep(ms, ctx.signal);
    }
    if (source.check_failure) throw new BuiltinFailure(`intentionally failing to check: ${source.check_failure}`);
    const versions: MockVersion[] = [];
    if (source.force_version) versions.push({ version: source.force_version });
    else if (from) versions.push(from);
    else if (!source.no_initial_version) versions.push({ version: source.initial_version || ctx.env.MIRRORED_VERSION || DEFAULT_INITIAL_VERSION });
    return versions.map((v) => withPrivilege(v, ctx.privileged));
  },

  async in(ctx, dir, req) {
    const source = checkPayload<Source>('source', 'Source', SOURCE_SHAPE, req.source);
    const version = checkPayload<MockVersion>('version', 'Version', VERSION_SHAPE, req.version);
    const params = checkPayload<GetParams>('params', 'GetParams', GET_PARAMS_SHAPE, req.params);
    if (source.log) info(ctx, source.log);
    if (ctx.privileged) info(ctx, 'fetching in a privileged container');
    writeFileSync(join(dir, 'privileged'), `${ctx.privileged}\n`);
    const v = version.version ?? '';
    info(ctx, `fetching version: ${v}`);
    writeFileSync(join(dir, 'version'), `${v}\n`);
    if (source.mirror_self || params.mirror_self_via_params) {
      info(ctx, `mirroring self image via_params=${params.mirror_self_via_params ?? false}`);
      await writeMirroredImage(dir, v);
    }
    writeCreatedFiles(dir, { ...source.create_files, ...params.create_files_via_params });
    return { version: req.version, metadata: source.metadata ?? [] };
  },

  async out(ctx, inputs, req) {
    const source = checkPayload<Source>('source', 'Source', SOURCE_SHAPE, req.source);
    const params = checkPayload<PutParams>('params', 'PutParams', PUT_PARAMS_SHAPE, req.params);
    if (source.log) info(ctx, source.log);
    if (!params.version && !params.file) throw new BuiltinFailure('no version specified');
    let v = params.version;
    if (!v) {
      try {
        v = readFileSync(inputs.resolve(params.file!), 'utf8'); // verbatim, newline and all, as mock does
      } catch (e) {
        throw new BuiltinFailure(`error reading version from file ${params.file}: ${(e as Error).message}`);
      }
    }
    if (ctx.privileged) info(ctx, 'pushing in a privileged container');
    info(ctx, `pushing version: ${v}`);
    if (params.print_env) for (const [k, val] of Object.entries(ctx.env)) info(ctx, `env: ${k}=${val}`);
    return { version: withPrivilege({ version: v }, ctx.privileged), metadata: source.metadata ?? [] };
  },
};
