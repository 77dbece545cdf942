// YAML source → plain value plus a way back from a field path to a line and
// column, read the way Concourse reads pipelines (see yaml-options.ts).
import {
  LineCounter,
  parseAllDocuments,
  visit,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type Node,
} from 'yaml';
import type { ConfigPath, Diagnostic, Locate, Position } from './diagnostics';
import { YAML_OPTIONS } from './yaml-options';
import { fastParseYaml } from './fast-yaml';

export interface YamlSource {
  value: unknown;
  locate: Locate;
  diagnostics: Diagnostic[];
}

export { YAML_OPTIONS };

function keyText(key: unknown): unknown {
  if (!isScalar(key)) return key;
  // With merges on, `yaml` marks the `<<` key with a symbol.
  return typeof key.value === 'symbol' ? key.source : key.value;
}

type AnyDoc = Document.Parsed;

/** The value node of `key` in a map node, looking through `<<` merges. */
function mapEntry(doc: AnyDoc, map: Node, key: string, depth = 0): { key: Node | null; value: Node | null } | undefined {
  if (!isMap(map) || depth > 20) return undefined;
  for (const pair of map.items) {
    if (isPair(pair) && String(keyText(pair.key)) === key && keyText(pair.key) !== '<<') {
      return { key: pair.key as Node | null, value: pair.value as Node | null };
    }
  }
  for (const pair of map.items) {
    if (!isPair(pair) || keyText(pair.key) !== '<<') continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const src of sources) {
      const found = mapEntry(doc, resolve(doc, src as Node), key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function resolve(doc: AnyDoc, node: Node | null | undefined): Node {
  let current = node as Node;
  for (let i = 0; i < 20 && isAlias(current); i++) current = current.resolve(doc) as Node;
  return current;
}

function makeLocate(doc: AnyDoc | undefined, lines: LineCounter): Locate {
  const at = (node: Node | null | undefined): Position | undefined => {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  return (path: ConfigPath, part: 'key' | 'value' = 'value') => {
    if (!doc) return { line: 1, column: 1 };
    let node: Node | null = doc.contents as Node | null;
    let best = at(node) ?? { line: 1, column: 1 };
    for (let i = 0; i < path.length && node; i++) {
      const seg = path[i]!;
      node = resolve(doc, node);
      let next: Node | null | undefined;
      let keyNode: Node | null | undefined;
      if (typeof seg === 'number' && isSeq(node)) next = node.items[seg] as Node | undefined;
      else if (isMap(node)) {
        const entry = mapEntry(doc, node, String(seg));
        next = entry?.value;
        keyNode = entry?.key;
        // `key:` with no value: point at the key.
        if (entry && (!next || (isScalar(next) && next.value === null && !next.source))) return at(keyNode) ?? best;
      }
      if (next === undefined) return best;
      if (i === path.length - 1 && part === 'key' && keyNode) return at(keyNode) ?? best;
      best = at(next) ?? at(keyNode) ?? best;
      node = next;
    }
    return best;
  };
}

/**
 * An alias inside the node its anchor names (`a: &x [*x]`) makes an endless value: Go's YAML
 * refuses it, and walking it would never end. Each one is an error at the alias.
 */
function recursiveAliases(doc: AnyDoc, lines: LineCounter, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  visit(doc, {
    Alias(_key, alias, path) {
      const target = alias.resolve(doc);
      if (!target || !path.includes(target as never)) return;
      const { line, col } = lines.linePos(alias.range?.[0] ?? 0);
      found.push({
        severity: 'error', file, line, column: col, path: '',
        message: `alias *${alias.source} refers to a node that contains it (&${alias.source}), which makes an endless value`,
      });
    },
  });
  return found;
}

function parseFull(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: lines });
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[0];
  const diagnostics: Diagnostic[] = [];
  for (const d of list) {
    for (const err of [...d.errors, ...d.warnings]) {
      const { line, col } = lines.linePos(err.pos[0]);
      diagnostics.push({
        severity: d.errors.includes(err) ? 'error' : 'warning',
        message: err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
        file,
        line,
        column: col,
        path: '',
      });
    }
  }
  if (list.length > 1) {
    const pos = lines.linePos(list[1]!.range[0]);
    diagnostics.push({
      severity: 'warning',
      message: 'only the first YAML document is used; this one is ignored',
      file,
      line: pos.line,
      column: pos.col,
      path: '',
    });
  }
  if (doc && !diagnostics.some((d) => d.severity === 'error')) diagnostics.push(...recursiveAliases(doc, lines, file));
  let value: unknown = null;
  if (doc && !diagnostics.some((d) => d.severity === 'error')) {
    value = doc.toJS({ maxAliasCount: 10000 }) as unknown;
  }
  return { value, locate: makeLocate(doc, lines), diagnostics };
}

/**
 * Parses YAML text; bad YAML gives diagnostics with their line and column.
 * Plain block YAML takes a fast path; positions then come from a full parse
 * made only when something asks for one (that is, when there is a finding).
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  const fast = fastParseYaml(text);
  if (!fast) return parseFull(text, file);
  let full: YamlSource | undefined;
  const locate: Locate = (path, part) => (full ??= parseFull(text, file)).locate(path, part);
  return { value: fast.value, locate, diagnostics: [] };
}
