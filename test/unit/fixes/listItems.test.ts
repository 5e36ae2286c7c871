import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/fixes';
import { removeListItems } from '../../../server/src/fixes/podRewrite';
import { parse } from '../../../server/src/parser';
import type * as ast from '../../../server/src/parser/ast';
import { groovyErrorsText, judgeGroovy } from '../../judges/groovy';

/** The first list literal of `source`, with `remove` (indexes) cut out by removeListItems. */
function removeFrom(source: string, remove: number[]): string {
  let list: ast.ListLiteral | undefined;
  const visit = (node: unknown): void => {
    if (list || typeof node !== 'object' || node === null) return;
    if ((node as { type?: string }).type === 'ListLiteral') list = node as ast.ListLiteral;
    else for (const value of Object.values(node)) Array.isArray(value) ? value.forEach(visit) : visit(value);
  };
  visit(parse(source).program);
  assert.ok(list, 'no list literal');
  const result = applyEdits(source, removeListItems(list.elements, new Set(remove), list));
  assert.ok(result.ok);
  return result.text;
}

describe('removeListItems (#13: an emptied list kept its trailing comma)', function () {
  this.timeout(120_000);
  const results: string[] = [];
  const cut = (source: string, remove: number[]) => {
    const text = removeFrom(source, remove);
    results.push(text);
    return text;
  };

  after('Groovy 2.4 compiles every result', () => {
    for (const verdict of judgeGroovy(results.map((text, i) => ({ name: `result ${i}`, text })))) assert.ok(verdict.compiles, groovyErrorsText(verdict));
  });

  it('the only item with a trailing comma: the list becomes []', () => {
    assert.equal(cut('x = [\n    a(),\n  ]\n', [0]), 'x = []\n');
  });

  it('every item, one per line: []', () => {
    assert.equal(cut('x = [\n  a(),\n  b()\n]\n', [0, 1]), 'x = []\n');
  });

  it('the last item of several, with a trailing comma: the comma after the kept item stays, which Groovy allows', () => {
    assert.equal(cut('x = [a(), b(),]\n', [1]), 'x = [a(),]\n');
  });

  it('a middle item takes its own comma', () => {
    assert.equal(cut('x = [a(), b(), c()]\n', [1]), 'x = [a(), c()]\n');
  });
});
