// The resource protocol's responses, checked: check prints a JSON array of versions, in
// and out print {version, metadata}. Versions are string maps; anything else is refused
// with a message that shows what the script printed.
import { ResourceError, type MetadataField, type ResourceVersion } from '../ports/resource-runner';

function isVersion(v: unknown): v is ResourceVersion {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

function malformed(script: string, text: string, why: string): ResourceError {
  const shown = text.length > 500 ? `${text.slice(0, 500)}...` : text;
  return new ResourceError('invalid-response', `malformed response from ${script}: ${why}: ${JSON.stringify(shown)}`);
}

function parseJson(script: string, text: string): unknown {
  try { return JSON.parse(text); } catch (e) { throw malformed(script, text, (e as Error).message); }
}

export function parseCheckResponse(script: string, text: string): ResourceVersion[] {
  const value = parseJson(script, text);
  if (value === null) return [];
  if (!Array.isArray(value) || !value.every(isVersion)) throw malformed(script, text, 'expected a JSON array of versions (objects of strings)');
  return value;
}

export function normalizeMetadata(value: unknown): MetadataField[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const out: MetadataField[] = [];
  for (const f of value) {
    if (typeof f !== 'object' || f === null || typeof (f as MetadataField).name !== 'string') return undefined;
    const v = (f as { value?: unknown }).value;
    out.push({ name: (f as MetadataField).name, value: typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v) });
  }
  return out;
}

export function parseVersionResponse(script: string, text: string): { version: ResourceVersion; metadata: MetadataField[] } {
  const value = parseJson(script, text) as { version?: unknown; metadata?: unknown } | null;
  if (!value || typeof value !== 'object' || !isVersion(value.version)) {
    throw malformed(script, text, 'expected {"version": {...}, "metadata": [...]}');
  }
  const metadata = normalizeMetadata(value.metadata);
  if (!metadata) throw malformed(script, text, 'metadata must be a list of {name, value}');
  return { version: value.version, metadata };
}

/** Concourse's message for a script that exited non-zero. */
export function scriptFailed(path: string, args: string[], exitCode: number, stderr: string, signal?: string): ResourceError {
  const status = signal ? `signal: ${signal.replace(/^SIG/, '').toLowerCase()}` : `exit status ${exitCode}`;
  const tail = stderr.trim() ? `\n\nstderr:\n${stderr.trimEnd()}` : '';
  return new ResourceError('script-failed', `resource script '${path} [${args.join(' ')}]' failed: ${status}${tail}`, { stderr, exitCode });
}
