import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { indexAtOrBefore, lineIndexOf, lineNumberOf, lineStarts, positionsWithoutCr } from '../../server/src/lines';

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

describe('lines: positionsWithoutCr', () => {
  it('gives TextDocument.positionAt for every offset (and past either end) of texts without \\r; none for texts with one', () => {
    let state = 7;
    const pick = (n: number) => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state % n;
    };
    const pieces = ['a', 'bc', '\n', '\n\n', ' ', 'é', '😀', '\t', '\r', '\r\n'];
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: pick(30) }, () => pieces[pick(pieces.length)]).join('');
      const positions = positionsWithoutCr(text);
      if (text.includes('\r')) {
        assert.equal(positions, undefined, JSON.stringify(text));
        continue;
      }
      assert.ok(positions, JSON.stringify(text));
      const document = TextDocument.create('file:///x', 'jenkinsfile', 0, text);
      for (let offset = -2; offset <= text.length + 2; offset++)
        assert.deepEqual(positions(offset), document.positionAt(offset), `${JSON.stringify(text)} @${offset}`);
    }
  });
});
