// Every pipeline in the Concourse examples lays out soundly. Tests may read
// files; the graph code itself never does.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { buildPipelineGraph } from './build-graph';
import { layoutGraph } from './layout';
import { countEdgeCrossings, layoutProblems } from './metrics';
import { groupNames } from './groups';
import type { GraphPipelineConfig } from './types';

const root = path.resolve('../shared/fixtures/concourse-examples/pipelines');
const measure = (text: string) => ({ width: 7 * text.length, height: 14 });

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

function load(file: string): GraphPipelineConfig {
  const doc: unknown = parse(readFileSync(file, 'utf8'), { merge: true });
  return typeof doc === 'object' && doc !== null ? (doc as GraphPipelineConfig) : {};
}

/** ytt sources (`#@` annotations) only become pipelines once ytt renders them. */
const isYttTemplate = (file: string): boolean => /^#@/m.test(readFileSync(file, 'utf8'));

describe('concourse-examples pipelines', () => {
  const files = yamlFiles(root).filter((f) => !isYttTemplate(f));
  test('the examples are there', () => assert.ok(files.length >= 15, `only ${files.length} files under ${root}`));

  for (const file of files) {
    test(`${path.relative(root, file)}: no overlaps, lines left to right`, () => {
      const config = load(file);
      for (const groups of [undefined, ...groupNames(config).map((g) => [g])]) {
        const graph = buildPipelineGraph(config, groups ? { groups } : {});
        const layout = layoutGraph(graph, measure);
        assert.deepEqual(layoutProblems(layout), [], `groups ${groups?.join(',') ?? 'all'}`);
        // Every box is drawn, unless it was merged into an equivalent one.
        const drawn = new Set(layout.nodes.map((n) => n.id));
        const unmergeable = graph.nodes.filter((n) => n.mergeKey === undefined).map((n) => n.id);
        assert.deepEqual(unmergeable.filter((id) => !drawn.has(id)), []);
        assert.ok(layout.nodes.every((n) => graph.nodes.some((g) => g.id === n.id)));
        const jobs = Array.isArray(config.jobs) ? config.jobs.length : 0;
        if (!groups && jobs > 0) assert.ok(graph.nodes.some((n) => n.kind === 'job'));
      }
    });
  }

  test('manually-triggered.yml: passed flow with a non-trigger and a trigger line', () => {
    const graph = buildPipelineGraph(load(path.join(root, 'manually-triggered.yml')));
    const lines = graph.edges.map((e) => `${e.from} -> ${e.to}${e.trigger ? ' trigger' : ''}`);
    assert.deepEqual(lines, [
      'input:triggered-first:every-30s -> job:triggered-first trigger',
      'job:triggered-first -> after:triggered-first:every-30s trigger',
      'after:triggered-first:every-30s -> job:not-triggered',
      'after:triggered-first:every-30s -> job:triggered-second trigger',
    ]);
    const layout = layoutGraph(graph, measure);
    const col = Object.fromEntries(layout.nodes.map((n) => [n.id, n.column]));
    assert.deepEqual([col['job:triggered-first'], col['job:not-triggered'], col['job:triggered-second']], [1, 3, 3]);
    assert.equal(countEdgeCrossings(layout), 0);
  });

  test('multi-branch/parent.yml: jobs side by side share an input box; a job further right gets its own', () => {
    const graph = buildPipelineGraph(load(path.join(root, 'multi-branch/parent.yml')));
    const layout = layoutGraph(graph, measure);
    const column = new Map(layout.nodes.map((n) => [n.id, n.column]));
    const lines = layout.edges.map((e) => `${e.from} -> ${e.to}`);
    // set-feature-pipelines and test both read repo without passed, side by side.
    assert.equal(column.get('job:set-feature-pipelines'), column.get('job:test'));
    assert.ok(lines.includes('input:set-feature-pipelines:repo -> job:test'));
    assert.ok(!column.has('input:test:repo'));
    // build reads golang two columns further right: its own box, just left of it.
    assert.equal(column.get('input:build:golang'), column.get('job:build')! - 1);
    assert.equal(column.get('input:test:golang'), column.get('job:test')! - 1);
    // so no line has to pass through a column: each is one bend from box to box.
    assert.ok(layout.edges.every((e) => e.points.length <= 3), lines.join('\n'));
    assert.deepEqual(layoutProblems(layout), []);
  });
});
