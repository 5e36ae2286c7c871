import * as assert from 'node:assert/strict';
import { applyEdits, findConflict, normalizeEdits, withLineEndings } from '../../../server/src/fixes/apply';
import { unifiedDiff } from '../../../server/src/fixes/diff';

describe('applyEdits', () => {
  it('applies edits given in any order', () => {
    const result = applyEdits('abcdef', [
      { start: 4, end: 6, newText: 'XY' },
      { start: 0, end: 1, newText: '' },
      { start: 2, end: 2, newText: '+' },
    ]);
    assert.deepEqual(result, { ok: true, text: 'b+cdXY' });
  });

  it('keeps insertions at one offset in their given order, before a replacement starting there', () => {
    const result = applyEdits('abc', [
      { start: 1, end: 2, newText: 'B' },
      { start: 1, end: 1, newText: '1' },
      { start: 1, end: 1, newText: '2' },
    ]);
    assert.deepEqual(result, { ok: true, text: 'a12Bc' });
  });

  it('accepts touching edits', () => {
    assert.deepEqual(
      applyEdits('abcd', [
        { start: 0, end: 2, newText: 'x' },
        { start: 2, end: 4, newText: 'y' },
      ]),
      { ok: true, text: 'xy' },
    );
  });

  it('returns an error value for overlapping edits instead of throwing', () => {
    const result = applyEdits('abcdef', [
      { start: 0, end: 3, newText: 'x' },
      { start: 2, end: 4, newText: 'y' },
    ]);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.match(result.error, /overlap/);
      assert.equal(result.conflict.length, 2);
    }
  });

  it('rejects an insertion strictly inside a replacement', () => {
    assert.equal(
      applyEdits('abcdef', [
        { start: 1, end: 4, newText: '' },
        { start: 2, end: 2, newText: 'x' },
      ]).ok,
      false,
    );
  });

  it('rejects edits outside the text', () => {
    const result = applyEdits('abc', [{ start: 2, end: 5, newText: '' }]);
    assert.equal(result.ok, false);
    assert.equal(findConflict([{ start: -1, end: 0, newText: '' }], 3)?.length, 1);
  });

  it('drops no-op edits and merges insertions at one offset', () => {
    const edits = normalizeEdits('abc', [
      { start: 0, end: 1, newText: 'a' },
      { start: 3, end: 3, newText: 'x' },
      { start: 3, end: 3, newText: 'y' },
    ]);
    assert.deepEqual(edits, [{ start: 3, end: 3, newText: 'xy' }]);
  });

  it('writes CRLF line breaks into CRLF files only', () => {
    assert.deepEqual(withLineEndings('a\r\nb', [{ start: 0, end: 0, newText: 'x\ny\r\n' }])[0].newText, 'x\r\ny\r\n');
    assert.deepEqual(withLineEndings('a\nb', [{ start: 0, end: 0, newText: 'x\ny' }])[0].newText, 'x\ny');
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    assert.equal(unifiedDiff('a\n', 'a\n', 'a/x', 'b/x'), '');
  });

  it('prints hunks with three lines of context, removals before additions', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n') + '\n';
    const after = ['1', '2', '3', '4', 'five', '6', '7', '8', '9', '10'].join('\n') + '\n';
    assert.equal(unifiedDiff(before, after, 'a/J', 'b/J'), '--- a/J\n+++ b/J\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n');
  });

  it('separates distant changes into hunks and counts insertions and deletions', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `l${i + 1}`);
    const after = [...lines];
    after.splice(1, 1);
    after.splice(17, 0, 'new');
    const diff = unifiedDiff(lines.join('\n') + '\n', after.join('\n') + '\n', 'a', 'b');
    assert.match(diff, /^@@ -1,5 \+1,4 @@$/m);
    assert.match(diff, /^@@ -16,5 \+15,6 @@$/m);
    assert.match(diff, /^-l2$/m);
    assert.match(diff, /^\+new$/m);
  });

  it('marks a missing final newline', () => {
    assert.equal(
      unifiedDiff('a\nb', 'a\nc', 'x', 'y'),
      '--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
    );
  });
});
