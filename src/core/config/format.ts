// format-pipeline: puts the keys of every known config map in the order of the
// fields of Concourse's config structs (atc.Config, JobConfig, the step
// structs, ResourceConfig, ResourceType, GroupConfig, TaskConfig ...), working
// on the YAML document so that comments, quoting and anchors survive. Keys it
// does not know keep their relative place after the known ones; user maps
// (source, params, vars ...) are left as written. Only key order changes, so
// the meaning of the document never does.
import { isAlias, isMap, isNode, isScalar, isSeq, parseDocument, visit, type Pair, type YAMLMap } from 'yaml';
import { YAML_OPTIONS } from './source';

/** How to order one kind of map, and how to treat the values of some of its keys. */
interface Rule {
  order: readonly string[];
  nested?: Readonly<Record<string, Nested>>;
}
type Nested = Rule | { list: Rule } | 'step' | 'steps' | 'in_parallel';

const LIMITS: Rule = { order: ['cpu', 'memory'] };
const IMAGE_RESOURCE: Rule = { order: ['name', 'type', 'source', 'version', 'params', 'tags'] };
const TASK_CONFIG: Rule = {
  order: ['platform', 'rootfs_uri', 'image_resource', 'container_limits', 'params', 'run', 'inputs', 'outputs', 'caches'],
  nested: {
    image_resource: IMAGE_RESOURCE,
    container_limits: LIMITS,
    run: { order: ['path', 'args', 'dir', 'user'] },
    inputs: { list: { order: ['name', 'path', 'optional'] } },
    outputs: { list: { order: ['name', 'path'] } },
    caches: { list: { order: ['path', 'ttl'] } },
  },
};

// Keys of the wrapping step types (timeout, attempts, across) and of the hooks,
// innermost first, as Concourse's step precedence nests them.
const WRAPPERS = ['timeout', 'attempts', 'across', 'fail_fast', 'on_success', 'on_failure', 'on_abort', 'on_error', 'ensure'];
const WRAPPER_NESTED: Record<string, Nested> = {
  across: { list: { order: ['var', 'values', 'max_in_flight'] } },
  on_success: 'step',
  on_failure: 'step',
  on_abort: 'step',
  on_error: 'step',
  ensure: 'step',
};

function stepRule(fields: string[], nested: Record<string, Nested> = {}): Rule {
  return { order: [...fields, ...WRAPPERS.filter((w) => !fields.includes(w))], nested: { ...WRAPPER_NESTED, ...nested } };
}

// In the order Concourse detects the core step of a step map.
const STEP_RULES: [string, Rule][] = [
  ['run', stepRule(['run', 'type', 'params', 'privileged', 'tags', 'container_limits', 'timeout'], { container_limits: LIMITS })],
  [
    'task',
    stepRule(
      ['task', 'privileged', 'hermetic', 'file', 'container_limits', 'config', 'params', 'vars', 'tags', 'input_mapping', 'output_mapping', 'image', 'timeout'],
      { container_limits: LIMITS, config: TASK_CONFIG },
    ),
  ],
  ['put', stepRule(['put', 'resource', 'params', 'inputs', 'tags', 'get_params', 'timeout', 'no_get'])],
  ['get', stepRule(['get', 'resource', 'version', 'params', 'passed', 'trigger', 'tags', 'timeout'])],
  ['set_pipeline', stepRule(['set_pipeline', 'file', 'team', 'vars', 'var_files', 'instance_vars'])],
  ['load_var', stepRule(['load_var', 'file', 'format', 'reveal'])],
  ['try', stepRule(['try'], { try: 'step' })],
  ['do', stepRule(['do', 'tags'], { do: 'steps' })],
  ['in_parallel', stepRule(['in_parallel', 'tags'], { in_parallel: 'in_parallel' })],
];
const IN_PARALLEL_CONFIG: Rule = { order: ['steps', 'limit', 'fail_fast'], nested: { steps: 'steps' } };

const JOB: Rule = {
  order: [
    'name', 'old_name', 'public', 'disable_manual_trigger', 'disable_reruns', 'serial', 'interruptible',
    'serial_groups', 'max_in_flight', 'tags', 'build_logs_to_retain', 'build_log_retention',
    'on_success', 'on_failure', 'on_abort', 'on_error', 'ensure', 'plan',
  ],
  nested: {
    build_log_retention: { order: ['builds', 'minimum_succeeded_builds', 'days'] },
    on_success: 'step',
    on_failure: 'step',
    on_abort: 'step',
    on_error: 'step',
    ensure: 'step',
    plan: 'steps',
  },
};
const RESOURCE_TYPE: Rule = { order: ['name', 'type', 'source', 'defaults', 'privileged', 'check_every', 'tags', 'params'] };
const PIPELINE: Rule = {
  order: ['groups', 'var_sources', 'resources', 'resource_types', 'prototypes', 'jobs', 'display', 'user_data'],
  nested: {
    groups: { list: { order: ['name', 'jobs', 'resources'] } },
    var_sources: { list: { order: ['name', 'type', 'config'] } },
    resources: {
      list: {
        order: [
          'name', 'old_name', 'public', 'webhook_token', 'type', 'source', 'check_every', 'check_timeout',
          'tags', 'version', 'icon', 'expose_build_created_by',
        ],
      },
    },
    resource_types: { list: RESOURCE_TYPE },
    prototypes: { list: RESOURCE_TYPE },
    jobs: { list: JOB },
    display: { order: ['background_image', 'background_filter'] },
  },
};

function keyName(pair: Pair): string | undefined {
  const key = pair.key;
  if (!isScalar(key)) return undefined;
  return typeof key.value === 'symbol' ? key.source : String(key.value);
}

/** Anchors defined in, and aliases used by, a pair (key and value). */
function anchorsAndAliases(pair: Pair): { anchors: Set<string>; aliases: Set<string> } {
  const anchors = new Set<string>();
  const aliases = new Set<string>();
  for (const part of [pair.key, pair.value]) {
    if (!isNode(part)) continue;
    visit(part, (_key, node) => {
      if (isAlias(node)) aliases.add(node.source);
      else if (isNode(node) && node.anchor) anchors.add(node.anchor);
    });
  }
  return { anchors, aliases };
}

/**
 * Orders pairs by rank (`<<` merges first, then known keys in struct order,
 * then unknown keys as written), except that a pair defining an anchor stays
 * ahead of every sibling that uses it, so that the document stays valid.
 */
function reorder(map: YAMLMap, order: readonly string[], isRoot: boolean, hasAliases: boolean): void {
  const pairs = map.items as Pair[];
  const rank = (pair: Pair, index: number): number => {
    const name = keyName(pair);
    if (name === '<<') return -1;
    const known = name === undefined ? -1 : order.indexOf(name);
    return known >= 0 ? known : order.length + index;
  };
  const none = { anchors: new Set<string>(), aliases: new Set<string>() };
  const info = pairs.map((pair, index) => ({
    pair,
    index,
    rank: rank(pair, index),
    ...(hasAliases ? anchorsAndAliases(pair) : none),
  }));
  const needs = info.map((a) => info.filter((b) => b.index < a.index && [...a.aliases].some((n) => b.anchors.has(n))));
  const placed = new Set<number>();
  const result: Pair[] = [];
  while (result.length < info.length) {
    const ready = info.filter((a) => !placed.has(a.index) && (needs[a.index] ?? []).every((b) => placed.has(b.index)));
    const next = ready.reduce((best, a) => (a.rank < best.rank || (a.rank === best.rank && a.index < best.index) ? a : best));
    placed.add(next.index);
    result.push(next.pair);
  }
  map.items = result;
  keepLayout(map, pairs, isRoot);
}

/**
 * Blank lines and leading comments are part of the map's layout as well as of
 * its keys. The new first entry gets no blank line, and a comment above it
 * moves onto the map (where the next parse would put it, so formatting stays
 * stable); the old first entry gets a blank line when the map separated its
 * entries with them. At the document root, the old first entry's comment is
 * the file's header and stays on top.
 */
function keepLayout(map: YAMLMap, before: readonly Pair[], isRoot: boolean): void {
  const after = map.items as Pair[];
  const oldFirst = before[0]?.key;
  const newFirst = after[0]?.key;
  if (oldFirst === newFirst || !isNode(oldFirst) || !isNode(newFirst)) return;
  const spaced = before.slice(1).some((p) => isNode(p.key) && p.key.spaceBefore);
  const header: string[] = [];
  if (map.commentBefore) header.push(map.commentBefore);
  if (isRoot && oldFirst.commentBefore) {
    header.push(oldFirst.commentBefore);
    oldFirst.commentBefore = undefined;
  }
  if (newFirst.commentBefore) {
    header.push(newFirst.commentBefore);
    newFirst.commentBefore = undefined;
  }
  map.commentBefore = header.length > 0 ? header.join('\n') : undefined;
  oldFirst.spaceBefore = spaced;
  newFirst.spaceBefore = false;
}

function stepRuleFor(map: YAMLMap): Rule | undefined {
  const keys = new Set((map.items as Pair[]).map(keyName));
  return STEP_RULES.find(([core]) => keys.has(core))?.[1];
}

/** Whether the document uses aliases at all: only then must anchors hold their place. */
interface Context {
  aliases: boolean;
}

function applyNested(node: unknown, nested: Nested, ctx: Context): void {
  if (nested === 'step') {
    if (isMap(node)) {
      const rule = stepRuleFor(node);
      if (rule) applyRule(node, rule, ctx);
    }
  } else if (nested === 'steps') {
    if (isSeq(node)) for (const item of node.items) applyNested(item, 'step', ctx);
  } else if (nested === 'in_parallel') {
    applyNested(node, isSeq(node) ? 'steps' : IN_PARALLEL_CONFIG, ctx);
  } else if ('list' in nested) {
    if (isSeq(node)) for (const item of node.items) applyNested(item, nested.list, ctx);
  } else if (isMap(node)) {
    applyRule(node, nested, ctx);
  }
}

function applyRule(map: YAMLMap, rule: Rule, ctx: Context, isRoot = false): void {
  reorder(map, rule.order, isRoot, ctx.aliases);
  for (const pair of map.items as Pair[]) {
    const name = keyName(pair);
    const nested = name === undefined ? undefined : rule.nested?.[name];
    if (nested) applyNested(pair.value, nested, ctx);
  }
}

/** Thrown for a document that is not YAML; the message names line and column. */
export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

function formatDocument(text: string, rule: Rule): string {
  const doc = parseDocument(text, { ...YAML_OPTIONS, prettyErrors: true });
  const error = doc.errors[0];
  if (error) throw new FormatError(error.message);
  if (isMap(doc.contents)) {
    let aliases = false;
    visit(doc, { Alias: () => ((aliases = true), visit.BREAK) });
    applyRule(doc.contents, rule, { aliases }, true);
  }
  return doc.toString({ lineWidth: 0, indentSeq: false, flowCollectionPadding: false });
}

/** fly format-pipeline: the pipeline with its keys in Concourse's canonical order. */
export function formatPipeline(text: string): string {
  return formatDocument(text, PIPELINE);
}

/** The same for a task config file (`task: file:`). */
export function formatTaskConfig(text: string): string {
  return formatDocument(text, TASK_CONFIG);
}
