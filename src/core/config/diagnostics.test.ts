import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic, formatPath, sortDiagnostics, type Diagnostic } from './diagnostics';

test('paths read as field accesses', () => {
  assert.equal(formatPath(['jobs', 2, 'plan', 0, 'get']), 'jobs[2].plan[0].get');
  assert.equal(formatPath(['resources', 0, 'source', 'a.b key']), 'resources[0].source["a.b key"]');
  assert.equal(formatPath([]), '');
});

test('diagnostics print like a compiler, sorted by position', () => {
  const d = (line: number, column: number, severity: 'error' | 'warning', path: string): Diagnostic => ({
    severity, message: 'm', file: 'p.yml', line, column, path,
  });
  const sorted = sortDiagnostics([d(9, 1, 'error', 'jobs[1]'), d(3, 5, 'warning', 'jobs[0].name'), d(3, 2, 'error', '')]);
  assert.deepEqual(sorted.map(formatDiagnostic), [
    'p.yml:3:2: error: m',
    'p.yml:3:5: warning: jobs[0].name: m',
    'p.yml:9:1: error: jobs[1]: m',
  ]);
});
