import assert from 'node:assert/strict';
import { indexAtOrBefore, lineIndexOf, lineNumberOf, lineStarts } from '../../server/src/lines';

describe('lines', () => {
  it('lineStarts: one start per line; \\r stays on its line, a final newline opens an empty line', () => {
    assert.deepEqual(lineStarts(''), [0]);
    assert.deepEqual(lineStarts('a\r\nbc\n\nd\n'), [0, 3, 6, 7, 9]);
  });

  it('lineIndexOf: 0-based; a newline belongs to the line it ends; past the end is the last line', () => {
    const text = 'ab\ncd\n';
    const starts = lineStarts(text);
    assert.deepEqual(
      [0, 1, 2, 3, 5, 6, 99].map((offset) => lineIndexOf(starts, offset)),
      [0, 0, 0, 1, 1, 2, 2],
    );
  });

  it('lineNumberOf: 1-based, and right again after another text was asked about', () => {
    assert.equal(lineNumberOf('x\ny\nz', 4), 3);
    assert.equal(lineNumberOf('one line', 5), 1);
    assert.equal(lineNumberOf('x\ny\nz', 2), 2);
  });

  it('indexAtOrBefore: the last entry <= value, 0 below the first', () => {
    assert.equal(indexAtOrBefore([0, 10, 20], 15), 1);
    assert.equal(indexAtOrBefore([0, 10, 20], 20), 2);
    assert.equal(indexAtOrBefore([5, 10], 1), 0);
  });
});
