// `PUT .../config?check_creds=true` (what `set-pipeline --check-creds` sends):
// every ((var)) of the config must resolve now, against the pipeline's
// var_sources (the engine's own resolution, so `dummy` and any factory type
// answer as at run time) and its instance vars; otherwise the save is refused.
// `((.:name))` vars are set by load_var at run time and are not checked.
import type { VarSourceConfig } from '../core/config';
import { chainVars, findVarRefs, formatVarRef, namedVars, staticVars, undefinedVarsMessage, VarsError } from '../core/vars';
import { varSourceLookups } from '../engine';
import type { JsonObject } from '../ports/store-rows';

/** The error texts of a failed check (empty when every var resolves). */
export function unresolvedVars(config: JsonObject, team: string, instanceVars: Record<string, unknown> | null): string[] {
  const sources = (config['var_sources'] ?? []) as unknown as VarSourceConfig[];
  const lookup = chainVars(namedVars(varSourceLookups(sources, team)), staticVars(instanceVars ?? {}));
  const missing: string[] = [];
  const failures: string[] = [];
  let refs;
  try {
    refs = findVarRefs(config);
  } catch (e) {
    return [(e as Error).message];
  }
  for (const ref of refs) {
    if (ref.source === '.') continue;
    try {
      if (!lookup(ref).found) missing.push(formatVarRef(ref));
    } catch (e) {
      if (!(e instanceof VarsError)) throw e;
      failures.push(e.message);
    }
  }
  return [...(missing.length ? [undefinedVarsMessage(missing)] : []), ...failures];
}
