import * as assert from 'node:assert/strict';
import { childNodes, kindOf, nodeAt, parse, walk, type NodeKind, type WalkNode } from '../../../server/src/parser';
import type * as A from '../../../server/src/parser/ast';
import { parseClean, print, SEED, src } from './helpers';

function kinds(text: string): string[] {
  const out: string[] = [];
  walk(parseClean(text).program, (node, _parent, kind) => {
    out.push(kind === node.type ? kind : `${kind}`);
  });
  return out;
}

describe('parser/walk', () => {
  it('visits every node depth-first in source order, with kinds for untyped nodes', () => {
    assert.deepEqual(kinds('sh script: "a${b.c}", x: [k: 1]'), [
      'Program',
      'ExpressionStatement',
      'CallExpression',
      'Identifier',
      'Argument',
      'Identifier',
      'StringLiteral',
      'StringChunk',
      'Interpolation',
      'PropertyAccess',
      'Identifier',
      'Identifier',
      'Argument',
      'Identifier',
      'MapLiteral',
      'MapEntry',
      'Identifier',
      'NumberLiteral',
    ]);
    assert.deepEqual(kinds('def f(a = 1) { try { } catch (e) { } }; def x = 2'), [
      'Program',
      'MethodDeclaration',
      'Identifier',
      'Parameter',
      'Identifier',
      'NumberLiteral',
      'BlockStatement',
      'TryStatement',
      'BlockStatement',
      'CatchClause',
      'Identifier',
      'BlockStatement',
      'VariableDeclaration',
      'VariableDeclarator',
      'Identifier',
      'NumberLiteral',
    ]);
  });

  it('passes the parent, and skips children when the visitor returns false', () => {
    const { program } = parseClean("stage('a') { sh 'x' }\nstage('b') { sh 'y' }");
    const seen: string[] = [];
    walk(program, (node, parent) => {
      if (node.type === 'CallExpression' && node.callee.type === 'Identifier') {
        seen.push(`${node.callee.name}<${parent?.type}`);
        if (
          node.callee.name === 'stage' &&
          (node.args[0].value as A.StringLiteral).parts[0].type === 'StringChunk' &&
          src("stage('a') { sh 'x' }\nstage('b') { sh 'y' }", node).includes("'a'")
        )
          return false;
      }
      return undefined;
    });
    assert.deepEqual(seen, ['stage<ExpressionStatement', 'stage<ExpressionStatement', 'sh<ExpressionStatement']);
  });

  it('narrows on node.type in visitors', () => {
    const { program } = parseClean("sh 'a'; echo 'b'");
    const names: string[] = [];
    walk(program, (node) => {
      switch (node.type) {
        case 'CallExpression':
          names.push(print(node.callee));
          break;
        case undefined:
          // Arguments, map entries, parameters, catch clauses, declarators.
          break;
      }
    });
    assert.deepEqual(names, ['sh', 'echo']);
  });

  it('walks very deep trees without recursion', () => {
    // 30,000 levels: far beyond what a recursive walk survives.
    const text = 'x = ' + Array.from({ length: 30000 }, () => "'a'").join(' + ');
    const { program } = parseClean(text);
    let strings = 0;
    let depth = 0;
    const depths = new Map<WalkNode, number>();
    walk(program, (node, parent) => {
      const d = parent ? (depths.get(parent) ?? 0) + 1 : 0;
      depths.set(node, d);
      depth = Math.max(depth, d);
      if (node.type === 'StringLiteral') strings++;
    });
    assert.equal(strings, 30000);
    assert.ok(depth > 29999);
  });

  it('lists children of keyword blocks in source order', () => {
    const { program } = parseClean('switch (x) { case 1: a(); case 2: b() }');
    const children = childNodes(program.body[0]).map((c) => print(c.node));
    assert.deepEqual(children, ['x', '1', '(call a)', '2', '(call b)']);
  });

  it('guesses kinds from shape', () => {
    const kind = (n: A.Node): NodeKind => kindOf(n);
    assert.equal(kind({ start: 0, end: 1, value: { type: 'NullLiteral', start: 0, end: 1 } } as A.Argument), 'Argument');
    assert.equal(
      kind({ start: 0, end: 1, key: { type: 'NullLiteral', start: 0, end: 1 }, value: { type: 'NullLiteral', start: 0, end: 1 } } as A.MapEntry),
      'MapEntry',
    );
    assert.equal(kind({ type: 'Identifier', start: 0, end: 1, name: 'a' }), 'Identifier');
  });
});

describe('parser/nodeAt', () => {
  const text = 'stage(\'Build\') {\n  sh "docker build -t ${env.IMAGE} ."\n}';
  const { program } = parseClean(text);

  it('returns the path to the innermost node at an offset', () => {
    const at = text.indexOf('IMAGE') + 2;
    const path = nodeAt(program, at);
    assert.deepEqual(
      path.map((n) => kindOf(n)),
      [
        'Program',
        'ExpressionStatement',
        'CallExpression',
        'ClosureExpression',
        'ExpressionStatement',
        'CallExpression',
        'Argument',
        'StringLiteral',
        'Interpolation',
        'PropertyAccess',
        'Identifier',
      ],
    );
    assert.equal(src(text, path[path.length - 1]), 'IMAGE');
  });

  it('finds an identifier from the position just after it', () => {
    const path = nodeAt(program, text.indexOf('stage') + 5);
    assert.equal(src(text, path[path.length - 1]), 'stage');
  });

  it('stops at the closest node when no child covers the offset', () => {
    const path = nodeAt(program, text.indexOf('{') + 1);
    assert.equal(kindOf(path[path.length - 1]), 'ClosureExpression');
  });

  it('returns [] outside the root', () => {
    const call = (program.body[0] as A.ExpressionStatement).expression;
    assert.deepEqual(nodeAt(call, text.length + 5), []);
    assert.equal(nodeAt(program, -1).length, 0);
  });

  it('works on a half-typed file', () => {
    const partial = SEED.slice(0, SEED.indexOf('customImage.push') + 'customImage.'.length);
    const result = parse(partial);
    const path = nodeAt(result.program, partial.length);
    const last = path[path.length - 1];
    assert.equal(last.type, 'Identifier');
    assert.equal((last as A.Identifier).name, '');
    assert.equal(path[path.length - 2].type, 'PropertyAccess');
  });
});
