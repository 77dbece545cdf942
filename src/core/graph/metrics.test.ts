import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countEdgeCrossings, layoutProblems } from './metrics';
import type { GraphLayout, LaidOutEdge } from './types';

const box = (id: string, x: number, y: number, column = 0) => ({ id, x, y, width: 20, height: 10, column });
const line = (from: string, to: string, points: [number, number][]): LaidOutEdge =>
  ({ from, to, kind: 'input', trigger: true, points });

describe('layout checks', () => {
  test('a sound layout has no problems', () => {
    const layout: GraphLayout = {
      nodes: [box('a', 0, 0), box('b', 50, 0, 1)],
      edges: [line('a', 'b', [[20, 5], [50, 5]])],
      width: 70,
      height: 10,
    };
    assert.deepEqual(layoutProblems(layout), []);
  });

  test('overlapping boxes, backward lines and lines through boxes are reported', () => {
    const layout: GraphLayout = {
      nodes: [box('a', 0, 0), box('b', 10, 3), box('c', 100, 0, 2), box('mid', 50, 0, 1)],
      edges: [line('a', 'c', [[20, 5], [100, 5]]), line('c', 'a', [[100, 5], [20, 5]])],
      width: 120,
      height: 15,
    };
    assert.deepEqual(layoutProblems(layout), [
      'boxes a and b overlap',
      'line a -> c passes through box b',
      'line a -> c passes through box mid',
      'line c -> a does not run left to right at point 1',
      'line c -> a passes through box b',
      'line c -> a passes through box mid',
    ]);
    // A line along a box's border does not enter it.
    const grazing: GraphLayout = { ...layout, nodes: [box('a', 0, 0), box('edge', 40, 5), box('c', 100, 0, 2)], edges: [layout.edges[0]!] };
    assert.deepEqual(layoutProblems(grazing), []);
  });

  test('crossings count pairs of lines whose ends swap order between columns', () => {
    const layout: GraphLayout = {
      nodes: [],
      edges: [
        line('a', 'd', [[20, 0], [50, 30]]),
        line('b', 'c', [[20, 30], [50, 0]]),
        line('a', 'e', [[20, 0], [50, 60]]),
        line('b', 'e', [[20, 30], [50, 60]]), // shares an end with a>e: no crossing
      ],
      width: 0,
      height: 0,
    };
    assert.equal(countEdgeCrossings(layout), 2);
  });
});
