import * as assert from 'node:assert/strict';
import { parse, walk } from '../../../server/src/parser';
import type * as A from '../../../server/src/parser/ast';
import { checkTree, print, SEED, src } from './helpers';

/** Names of every call in the tree, in order (`docker.withRegistry` as `withRegistry`). */
function callNames(program: A.Program): string[] {
  const names: string[] = [];
  walk(program, (node) => {
    if (node.type !== 'CallExpression') return;
    const callee = node.callee;
    names.push(callee.type === 'Identifier' ? callee.name : callee.type === 'PropertyAccess' ? callee.property.name : '?');
  });
  return names;
}

const SEED_CALLS = [
  'pipeline',
  'agent',
  'triggers',
  'pollSCM',
  'stages',
  'stage',
  'agent',
  'kubernetes',
  'label',
  'defaultContainer',
  'yaml',
  'steps',
  'container',
  'script',
  'sh',
  'sh',
  'sh',
  'withRegistry',
  'build',
  'push',
];

describe('parser: error recovery', () => {
  it('keeps the whole structure when the final } is missing', () => {
    const text = SEED.slice(0, SEED.lastIndexOf('}'));
    const result = parse(text);
    checkTree(text, result);
    assert.deepEqual(callNames(result.program), SEED_CALLS);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /'\{' is not closed: missing '\}'/);
    // Reported at the pipeline's opening brace.
    assert.equal(result.errors[0].start, SEED.indexOf('{'));
    const pipeline = (result.program.body[0] as A.ExpressionStatement).expression as A.CallExpression;
    assert.equal(pipeline.closures[0].end, text.length);
  });

  it('keeps pipeline and stages with their contents when several braces are missing at the end', () => {
    const text = SEED.slice(0, SEED.indexOf('} //stages'));
    const result = parse(text);
    checkTree(text, result);
    assert.deepEqual(callNames(result.program), SEED_CALLS);
    assert.equal(result.errors.length, 2);
  });

  it('turns a garbage line in the middle into an error node and parses the rest', () => {
    const marker = "            sh 'pip install awscli'";
    const text = SEED.replace(marker, '            %%% ??? ### garbage\n' + marker);
    const result = parse(text);
    checkTree(text, result);
    assert.deepEqual(callNames(result.program), SEED_CALLS);
    const garbage = { start: text.indexOf('%%%'), end: text.indexOf('garbage') + 'garbage'.length };
    assert.deepEqual(result.errors, [{ ...garbage, message: "Unexpected '%'" }]);
    const errorNodes: A.ErrorNode[] = [];
    walk(result.program, (node) => {
      if (node.type === 'Error') errorNodes.push(node);
    });
    assert.deepEqual(errorNodes, [{ type: 'Error', ...garbage, message: "Unexpected '%'" }]);
  });

  it("recovers from a half-typed sh ' inside steps", () => {
    const text = "pipeline {\n  stages {\n    stage('A') {\n      steps {\n        sh '\n      }\n    }\n  }\n}\n";
    const result = parse(text);
    checkTree(text, result);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /Unterminated string/);
    assert.equal(print(result.program), "(cmd pipeline {(cmd stages {(call stage 'A' {(cmd steps {(cmd sh '…)})})})})");
    let literal: A.StringLiteral | undefined;
    walk(result.program, (node) => {
      if (node.type === 'StringLiteral' && node.quote === "'" && !node.terminated) literal = node;
    });
    assert.ok(literal);
    const at = text.indexOf("sh '") + 3;
    assert.deepEqual([literal.start, literal.contentStart, literal.contentEnd, literal.end], [at, at + 1, at + 1, at + 1]);
  });

  it('recovers from an interpolation left open at the end of a line', () => {
    const text = "steps {\n  sh \"echo ${env.\n  sh 'next'\n}\n";
    const result = parse(text);
    checkTree(text, result);
    assert.deepEqual(callNames(result.program), ['steps', 'sh', 'sh']);
    assert.ok(result.errors.length >= 2);
  });

  it('closes a call whose ) is missing when the next line starts a new statement', () => {
    const text = "steps {\n  foo(a, b\n  sh 'x'\n}";
    const result = parse(text);
    checkTree(text, result);
    assert.equal(print(result.program), "(cmd steps {(call foo a b) ; (cmd sh 'x')})");
    assert.equal(result.errors.length, 1);
    assert.equal(src(text, result.errors[0]), '(');
  });

  it('keeps a trailing `docker.` as an access with an empty name (for completion)', () => {
    const text = 'node {\n  docker.\n}';
    const result = parse(text);
    checkTree(text, result);
    let access: A.PropertyAccess | undefined;
    walk(result.program, (node) => {
      if (node.type === 'PropertyAccess') access = node;
    });
    assert.ok(access);
    assert.equal(access.property.name, '');
    assert.deepEqual([access.property.start, access.property.end], [16, 16]);
    assert.equal(result.errors.length, 1);
  });

  it('reports a missing value after = and a stray closing brace', () => {
    const text = 'def x =\n}\ny = 2';
    const result = parse(text);
    checkTree(text, result);
    assert.ok(result.errors.some((e) => /Expected/.test(e.message)));
    assert.ok(result.errors.some((e) => /Unexpected '\}'/.test(e.message)));
    assert.equal(print(result.program.body[result.program.body.length - 1]), '(= y 2)');
  });

  it('parses what follows an unclosed stage as its content and reports the brace', () => {
    const text = "stages {\n  stage('A') {\n    steps { sh 'a'\n  }\n  stage('B') { steps { sh 'b' } }\n}\n";
    const result = parse(text);
    checkTree(text, result);
    assert.deepEqual(callNames(result.program), ['stages', 'stage', 'steps', 'sh', 'stage', 'steps', 'sh']);
    assert.equal(result.errors.length, 1);
  });

  it('reports an unterminated block comment that swallows the rest', () => {
    const text = "sh 'a'\n/* oops\nsh 'b'";
    const result = parse(text);
    checkTree(text, result);
    assert.deepEqual(callNames(result.program), ['sh']);
    assert.equal(result.comments[0].end, text.length);
    assert.match(result.errors[0].message, /Unterminated block comment/);
  });

  it('reports a missing line break between statements but keeps both', () => {
    const text = 'a b c';
    const result = parse(text);
    assert.equal(print(result.program), '(cmd a b) ; c');
    assert.equal(result.errors.length, 1);
    assert.deepEqual([result.errors[0].start, result.errors[0].end], [4, 5]);
  });

  it('reports misplaced keywords without losing the next statements', () => {
    const text = "else { x() }\ncatch (e) { }\nsh 'a'";
    const result = parse(text);
    checkTree(text, result);
    assert.ok(result.errors.length >= 2);
    assert.ok(callNames(result.program).includes('sh'));
  });
});
