// Run-time var lookup of one build: `((.:name))` from build-local vars,
// `((source:name))` from the pipeline's var_sources (Concourse's `dummy` type is
// built in; others come from the VarSourceFactory port), `((name))` from static
// vars. Values from var sources are marked for redaction.
import type { VarSourceConfig } from '../core/config';
import { chainVars, formatVarRef, namedVars, staticVars, traverseFields, VarsError, type VarLookup } from '../core/vars';
import type { VarSourceFactory } from '../ports/engine-ports';
import type { LocalVars } from './local-vars';

export function varSourceLookups(
  sources: readonly VarSourceConfig[],
  team: string,
  factory?: VarSourceFactory,
): Record<string, VarLookup> {
  const out: Record<string, VarLookup> = {};
  for (const source of sources) out[source.name] = sourceLookup(source, team, factory);
  return out;
}

function sourceLookup(source: VarSourceConfig, team: string, factory?: VarSourceFactory): VarLookup {
  let inner: VarLookup | undefined;
  if (source.type === 'dummy') {
    const vars = ((source.config ?? {}) as { vars?: Record<string, unknown> }).vars ?? {};
    inner = staticVars(vars);
  } else {
    inner = factory?.create(source.type, source.config, team);
  }
  if (!inner) {
    const unsupported = source.type;
    return () => {
      throw new VarsError(`var source '${source.name}' has unsupported type '${unsupported}'`, 'unsupported-source');
    };
  }
  const lookup = inner;
  return (ref) => {
    const answer = lookup(ref);
    return answer.found ? { found: true, value: answer.value, redact: true } : answer;
  };
}

/** The lookup a step interpolates with: local vars of its scope first for `.`. */
export function buildLookup(
  local: LocalVars,
  sources: Record<string, VarLookup>,
  statics: Record<string, unknown>,
): VarLookup {
  const localLookup: VarLookup = (ref) => {
    const found = local.get(ref.path);
    if (!found.found) return { found: false };
    return { found: true, value: traverseFields(found.value, formatVarRef({ source: '.', path: ref.path, fields: ref.fields }), ref.fields) };
  };
  return chainVars(namedVars({ ...sources, '.': localLookup }), staticVars(statics));
}
