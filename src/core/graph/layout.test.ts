import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPipelineGraph } from './build-graph';
import { layoutGraph } from './layout';
import { countEdgeCrossings, layoutProblems } from './metrics';
import type { GraphLayout, PipelineGraph } from './types';

/** A monospace font: 7 px per character, 14 px high. */
const measure = (text: string): { width: number; height: number } => ({ width: 7 * text.length, height: 14 });

const diamond = {
  resources: [{ name: 'src', type: 'git' }, { name: 'release', type: 's3' }],
  jobs: [
    { name: 'a', plan: [{ get: 'src', trigger: true }] },
    { name: 'b', plan: [{ get: 'src', passed: ['a'], trigger: true }] },
    { name: 'c', plan: [{ get: 'src', passed: ['a'] }] },
    { name: 'd', plan: [{ get: 'src', passed: ['b', 'c'], trigger: true }, { put: 'release' }] },
  ],
};

const columns = (l: GraphLayout): Record<string, number> => Object.fromEntries(l.nodes.map((n) => [n.id, n.column]));
const node = (l: GraphLayout, id: string) => {
  const n = l.nodes.find((x) => x.id === id);
  assert.ok(n, `no node ${id}`);
  return n;
};

/** A graph given as plain edges "a>b", every node a job named by its id. */
function plainGraph(ids: string[], edges: string[]): PipelineGraph {
  return {
    nodes: ids.map((id) => ({ id, kind: 'job', label: id })),
    edges: edges.map((e) => {
      const [from, to] = e.split('>') as [string, string];
      return { from, to, kind: 'input', trigger: true };
    }),
  };
}

describe('layoutGraph', () => {
  test('diamond: columns by longest path, no overlaps, lines left to right', () => {
    const l = layoutGraph(buildPipelineGraph(diamond), measure);
    assert.deepEqual(columns(l), {
      'input:a:src': 0,
      'job:a': 1,
      'after:a:src': 2,
      'job:b': 3,
      'job:c': 3,
      'after:b:src': 4,
      'after:c:src': 4,
      'job:d': 5,
      'after:d:release': 6,
    });
    assert.deepEqual(layoutProblems(l), []);
    assert.equal(countEdgeCrossings(l), 0);
    // b and c share a column one above the other; the picture holds every box.
    const b = node(l, 'job:b');
    const c = node(l, 'job:c');
    assert.equal(b.x, c.x);
    assert.notEqual(b.y, c.y);
    for (const n of l.nodes) {
      assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.width <= l.width && n.y + n.height <= l.height, n.id);
    }
  });

  test('boxes are as large as their measured text plus padding', () => {
    const l = layoutGraph(buildPipelineGraph(diamond), measure, { paddingX: 5, paddingY: 3 });
    const src = node(l, 'input:a:src');
    assert.deepEqual([src.width, src.height], [7 * 3 + 10, 14 + 6]);
  });

  test('a line spanning columns runs flat through spacer slots between the boxes', () => {
    // d gets src straight from a as well: a's src box (column 2) to d (column 5).
    const config = {
      jobs: [
        ...diamond.jobs.slice(0, 3),
        { name: 'd', plan: [{ get: 'src', passed: ['b', 'c'] }, { get: 'src', passed: ['a'], trigger: true }] },
        { name: 'e', plan: [{ get: 'src', trigger: true }, { get: 'src', passed: ['d'] }] },
      ],
    };
    const l = layoutGraph(buildPipelineGraph(config), measure);
    assert.deepEqual(layoutProblems(l), []);
    const long = l.edges.find((e) => e.from === 'after:a:src' && e.to === 'job:d');
    assert.ok(long);
    // two spacer columns (3 and 4), each crossed by a flat run: 2 ends + 2×2 points.
    assert.equal(long.points.length, 6);
    const b = node(l, 'job:b');
    const [, enter3, leave3] = long.points;
    assert.equal(enter3![0], b.x);
    assert.equal(enter3![1], leave3![1]);
    // e reads src without passed too, far right of a: it gets its own box
    // just left of it rather than a line across the picture.
    assert.equal(node(l, 'input:a:src').column, 0);
    assert.equal(node(l, 'input:e:src').column, node(l, 'job:e').column - 1);
    const toE = l.edges.find((e) => e.from === 'input:e:src' && e.to === 'job:e');
    assert.equal(toE?.points.length, 2);
  });

  test('an unconstrained input sits just left of the job that gets it', () => {
    const l = layoutGraph(buildPipelineGraph({
      jobs: [
        ...diamond.jobs,
        { name: 'late', plan: [{ get: 'src', passed: ['d'] }, { get: 'tools' }] },
      ],
    }), measure);
    assert.equal(node(l, 'job:late').column, 7);
    assert.equal(node(l, 'input:late:tools').column, 6);
  });

  test('unconstrained inputs of one resource in one column are drawn as one box', () => {
    const g = buildPipelineGraph({
      jobs: [
        { name: 'x', plan: [{ get: 'tools' }, { get: 'repo', trigger: true }] },
        { name: 'y', plan: [{ get: 'tools', trigger: true }] },
        { name: 'z', plan: [{ get: 'repo', passed: ['x'] }, { get: 'tools' }] },
      ],
    });
    const l = layoutGraph(g, measure);
    const lines = l.edges.map((e) => `${e.from} -> ${e.to}${e.trigger ? ' trigger' : ''}`);
    assert.deepEqual(lines.filter((e) => e.includes('tools')), [
      'input:x:tools -> job:x',
      'input:x:tools -> job:y trigger',
      'input:z:tools -> job:z',
    ]);
    assert.deepEqual(l.nodes.map((n) => n.id).filter((id) => id.includes('tools')), ['input:x:tools', 'input:z:tools']);
    assert.deepEqual(layoutProblems(l), []);
  });

  test('trigger flags and kinds reach the laid-out lines', () => {
    const l = layoutGraph(buildPipelineGraph(diamond), measure);
    const toC = l.edges.find((e) => e.to === 'job:c');
    const toB = l.edges.find((e) => e.to === 'job:b');
    assert.equal(toC?.trigger, false);
    assert.equal(toB?.trigger, true);
    assert.equal(l.edges.find((e) => e.to === 'after:d:release')?.kind, 'output');
  });

  test('crossings are removed when a drawing without them exists', () => {
    // In input order, a's lines cross b's and c's four times.
    const g = plainGraph(['a', 'b', 'c', 'x', 'y', 'z', 'u', 'v'], ['a>y', 'a>z', 'b>x', 'c>x', 'x>v', 'z>u', 'y>u']);
    const l = layoutGraph(g, measure);
    assert.equal(countEdgeCrossings(l), 0);
    assert.deepEqual(layoutProblems(l), []);
  });

  test('a complete 2×2 bipartite graph keeps its one unavoidable crossing', () => {
    const l = layoutGraph(plainGraph(['a', 'b', 'c', 'd'], ['a>c', 'a>d', 'b>c', 'b>d']), measure);
    assert.equal(countEdgeCrossings(l), 1);
  });

  test('the same input always gives the same picture', () => {
    const g = buildPipelineGraph(diamond);
    assert.deepEqual(layoutGraph(g, measure), layoutGraph(g, measure));
  });

  test('a cycle of passed constraints still lays out without overlaps', () => {
    const l = layoutGraph(buildPipelineGraph({
      jobs: [
        { name: 'p', plan: [{ get: 'r', passed: ['q'] }] },
        { name: 'q', plan: [{ get: 's', passed: ['p'] }] },
      ],
    }), measure);
    assert.equal(l.nodes.length, 4);
    assert.equal(l.edges.length, 4);
    assert.deepEqual(layoutProblems(l).filter((p) => p.includes('overlap')), []);
  });

  test('an empty graph is an empty picture', () => {
    const l = layoutGraph({ nodes: [], edges: [] }, measure, { margin: 5 });
    assert.deepEqual(l, { nodes: [], edges: [], width: 10, height: 10 });
  });
});
