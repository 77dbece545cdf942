import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { palette, stripAnsi } from './color';
import { renderTable, sortByFirstColumn, statusCell, yesNo } from './table';

const plain = palette(false);

describe('renderTable', () => {
  test('pads every column to its widest cell, two spaces apart', () => {
    const text = renderTable(['name', 'paused'], [['a', 'no'], ['longer-name', yesNo(true)]], { headers: true, colors: plain });
    assert.equal(text, 'name         paused\na            no\nlonger-name  yes\n');
  });

  test('leaves the header out for scripts, as fly does off a terminal', () => {
    const text = renderTable(['name'], [['x'], ['y']], { headers: false, colors: plain });
    assert.equal(text, 'x\ny\n');
  });

  test('colours cells on a terminal without breaking the alignment', () => {
    const colours = palette(true);
    const text = renderTable(['s', 'n'], [[statusCell('failed'), '1'], [statusCell('succeeded'), '2']], { headers: false, colors: colours });
    assert.match(text, /\x1b\[31mfailed\x1b\[0m/);
    assert.match(text, /\x1b\[32msucceeded\x1b\[0m/);
    assert.equal(stripAnsi(text), 'failed     1\nsucceeded  2\n');
  });

  test('a missing build status reads n/a', () => {
    assert.deepEqual(statusCell(undefined), { text: 'n/a' });
  });

  test('sorts rows by their first cell', () => {
    assert.deepEqual(sortByFirstColumn([['b'], ['a'], ['c']]), [['a'], ['b'], ['c']]);
  });
});
