// Name rules shared by every named section: Concourse's identifier check
// (warning or error) and "have the same name" duplicates.
import type { ConfigPath, DiagnosticSink } from './diagnostics';
import { checkIdentifier } from './identifier';

export type Named = { name: string };

export function identifier(name: string, path: ConfigPath, sink: DiagnosticSink): void {
  const finding = checkIdentifier(name);
  if (finding?.severity === 'error') sink.error(path, finding.message);
  else if (finding) sink.warning(path, finding.message);
}

/** Identifier and duplicate checks for one named section; `seen` may be shared between sections. */
export function checkNames(items: readonly Named[], section: string, sink: DiagnosticSink, seen = new Map<string, string>()): void {
  items.forEach((item, i) => {
    const path = [section, i, 'name'];
    identifier(item.name, path, sink);
    const other = seen.get(item.name);
    if (other !== undefined) sink.error(path, `${other} and ${section}[${i}] have the same name ('${item.name}')`);
    else if (item.name !== '') seen.set(item.name, `${section}[${i}]`);
  });
}

