// Hooks that run after an abort (on_abort, ensure) must not inherit the fired
// signal, or they would end before they start.
import type { Scope } from '../build-run';

export function hookScope(scope: Scope): Scope {
  return scope.signal.aborted ? { ...scope, signal: new AbortController().signal } : scope;
}
