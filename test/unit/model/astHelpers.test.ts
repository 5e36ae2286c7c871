import assert from 'node:assert/strict';
import { parse } from '../../../server/src/parser';
import type * as ast from '../../../server/src/parser/ast';
import {
  argName,
  closureBodies,
  closureCalls,
  firstClosure,
  firstPositionalArg,
  literalValue,
  mapEntry,
  namedArg,
  positionalArgs,
} from '../../../server/src/model/ast-helpers';

function firstCall(text: string): ast.CallExpression {
  const statement = parse(text).program.body[0];
  assert.ok(statement.type === 'ExpressionStatement' && statement.expression.type === 'CallExpression');
  return statement.expression;
}

function source(text: string, node: ast.Span | undefined): string | undefined {
  return node && text.slice(node.start, node.end);
}

describe('model/ast-helpers', () => {
  it('finds positional arguments among named ones, the first without building the list', () => {
    const text = `f(a: 1, 'x', b: 2, 'y')`;
    const call = firstCall(text);
    assert.deepEqual(
      positionalArgs(call).map((arg) => source(text, arg)),
      ["'x'", "'y'"],
    );
    assert.equal(source(text, firstPositionalArg(call)), "'x'");
    assert.equal(firstPositionalArg(firstCall(`f(a: 1)`)), undefined);
    assert.equal(firstPositionalArg(firstCall(`f()`)), undefined);
  });

  it('reads argument names written as words and as plain string literals, not as interpolated ones', () => {
    const text = `f(plain: 1, 'quoted': 2, "two\${''}": 3, '': 4, 5)`;
    const call = firstCall(text);
    assert.deepEqual(
      call.args.map((arg) => argName(arg)),
      ['plain', 'quoted', undefined, '', undefined],
    );
    assert.equal(source(text, namedArg(call, 'quoted')), "'quoted': 2");
    assert.equal(namedArg(call, 'missing'), undefined);
  });

  it('reads literal values of one chunk, several chunks and none, and refuses interpolations', () => {
    const call = firstCall(`f('one', 'a\\tb', '', "x\${y}z", 7)`);
    assert.deepEqual(
      call.args.map((arg) => literalValue(arg.value)),
      ['one', 'a\tb', '', undefined, undefined],
    );
    assert.equal(literalValue(undefined), undefined);
  });

  it('finds map entries by word and by plain string key', () => {
    const call = firstCall(`f([name: 'a', 'image': 'b', "x\${y}": 'c'])`);
    const map = call.args[0].value as ast.MapLiteral;
    assert.equal(literalValue(mapEntry(map, 'name')?.value), 'a');
    assert.equal(literalValue(mapEntry(map, 'image')?.value), 'b');
    assert.equal(mapEntry(map, 'x${y}'), undefined);
  });

  it('lists closures in Groovy order (closure arguments, then trailing closures) and the command calls of a closure', () => {
    const text = `podTemplate(label: 'l', { a() }, { b() }) { label 'x'; def v = 1; yaml pod; echo }`;
    const call = firstCall(text);
    const closures = closureBodies(call);
    assert.deepEqual(
      closures.map((closure) => source(text, closure)),
      ['{ a() }', '{ b() }', "{ label 'x'; def v = 1; yaml pod; echo }"],
    );
    assert.deepEqual(
      closureCalls(closures[2]).map((inner) => source(text, inner)),
      ["label 'x'", 'yaml pod'],
    );
  });
});

describe('model/ast-helpers: firstClosure', () => {
  it('finds the first closure argument before a trailing closure, and none without closures', () => {
    const text = `stage('x', { a() }) { b() }`;
    assert.equal(source(text, firstClosure(firstCall(text))), '{ a() }');
    const trailing = `stage('x') { b() }`;
    assert.equal(source(trailing, firstClosure(firstCall(trailing))), '{ b() }');
    assert.equal(firstClosure(firstCall(`stage('x')`)), undefined);
  });
});
