// Smoke run of the validation benchmark: the generated pipeline is valid and
// every row is measured (the full run is `node --import tsx bench/validate-pipeline.ts`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBench } from './validate-pipeline';

test('validate-pipeline bench runs on a small generated pipeline', () => {
  const r = runBench(50, 1);
  assert.ok(r.lines > 1000);
  for (const row of [r.parse, r.validate, r.total, r.jsonParse, r.yamlPackage]) assert.ok(row[0] > 0 && row[1] >= 0);
});
