/** Shared helpers for the parser tests: a compact tree printer and tree invariants. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { childNodes, parse, walk, type WalkNode } from '../../../server/src/parser';
import type * as A from '../../../server/src/parser/ast';

export const SEED = fs.readFileSync(path.join(__dirname, '../../../../test/fixtures/seed/before.Jenkinsfile'), 'utf8');
export const AFTER_BUILD_STAGE = fs.readFileSync(path.join(__dirname, '../../../../test/fixtures/seed/after-build-stage.groovy'), 'utf8');

/** Parses and asserts there were no errors. */
export function parseClean(text: string): A.ParseResult {
  const result = parse(text);
  assert.deepEqual(result.errors, [], `unexpected errors for ${JSON.stringify(text)}`);
  return result;
}

/** The only statement of a clean parse. */
export function statement(text: string): A.Statement {
  const { program } = parseClean(text);
  assert.equal(program.body.length, 1, `expected one statement in ${JSON.stringify(text)}`);
  return program.body[0];
}

/** The expression of a one-statement program. */
export function expression(text: string): A.Expression {
  const s = statement(text);
  assert.equal(s.type, 'ExpressionStatement');
  return (s as A.ExpressionStatement).expression;
}

/** S-expression of a clean one-statement (or several) program. */
export function sx(text: string): string {
  return parseClean(text).program.body.map(print).join(' ; ');
}

function printString(node: A.StringLiteral): string {
  const close = node.quote === '$/' ? '/$' : node.quote;
  let out = node.quote;
  for (const part of node.parts) {
    if (part.type === 'StringChunk') out += JSON.stringify(part.value).slice(1, -1);
    else out += part.braced ? '${' + (part.expression ? print(part.expression) : '') + '}' : '$' + (part.expression ? print(part.expression) : '');
  }
  return out + (node.terminated ? close : '…');
}

function printArg(arg: A.Argument): string {
  return arg.name ? `${print(arg.name)}:${print(arg.value)}` : print(arg.value);
}

function printParam(p: A.Parameter): string {
  return (p.typeName ? p.typeName + ' ' : '') + p.name.name + (p.defaultValue ? '=' + print(p.defaultValue) : '');
}

/** A compact rendering of a node; recursion is fine for the small trees of construct tests. */
export function print(node: A.Node | undefined): string {
  if (!node) return '∅';
  const n = node as WalkNode;
  switch (n.type) {
    case 'Program':
      return n.body.map(print).join(' ; ');
    case 'ExpressionStatement':
      return n.annotations.map(print).join(' ') + (n.annotations.length ? ' ' : '') + print(n.expression);
    case 'Annotation':
      return '@' + n.name + (n.args.length ? '(' + n.args.map(printArg).join(' ') + ')' : '');
    case 'VariableDeclaration':
      return `(${n.annotations.map(print).join(' ')}${n.annotations.length ? ' ' : ''}${n.typeName ?? 'var'} ${n.declarations.map((d) => d.name.name + (d.init ? '=' + print(d.init) : '')).join(' ')}${n.tupleInit ? ' = ' + print(n.tupleInit) : ''})`;
    case 'BlockStatement':
      return `(${n.keyword ?? 'block'}${n.expressions ? ' [' + n.expressions.map(print).join(' ') + ']' : ''}${n.body.map((s) => ' ' + print(s)).join('')})`;
    case 'IfStatement':
      return `(if ${print(n.test)} ${print(n.consequent)}${n.alternate ? ' else ' + print(n.alternate) : ''})`;
    case 'TryStatement':
      return `(try ${print(n.block)}${n.handlers.map((h) => ` (catch ${h.typeName ?? ''}${h.typeName ? ' ' : ''}${h.param ? h.param.name : '∅'} ${print(h.body)})`).join('')}${n.finalizer ? ' (finally ' + print(n.finalizer) + ')' : ''})`;
    case 'ForStatement':
      return n.variable || n.iterable
        ? `(for ${print(n.variable)} in ${print(n.iterable)} ${print(n.body)})`
        : `(for ${print(n.init)}; ${print(n.test)}; ${print(n.update)} ${print(n.body)})`;
    case 'WhileStatement':
      return `(while ${print(n.test)} ${print(n.body)})`;
    case 'ReturnStatement':
      return `(return${n.argument ? ' ' + print(n.argument) : ''})`;
    case 'ThrowStatement':
      return `(throw${n.argument ? ' ' + print(n.argument) : ''})`;
    case 'JumpStatement':
      return `(${n.keyword})`;
    case 'MethodDeclaration':
      return `(method ${n.annotations.map((a) => print(a) + ' ').join('')}${n.returnType ?? ''}${n.returnType ? ' ' : ''}${n.name.name} [${n.params.map(printParam).join(', ')}] ${print(n.body)})`;
    case 'ClassDeclaration':
      return `(class ${n.name.name}${n.body.map((s) => ' ' + print(s)).join('')})`;
    case 'ImportStatement':
      return `(import${n.isStatic ? ' static' : ''} ${n.path}${n.alias ? ' as ' + n.alias : ''})`;
    case 'Error':
      return '(error)';
    case 'Identifier':
      return n.name;
    case 'StringLiteral':
      return printString(n);
    case 'StringChunk':
      return JSON.stringify(n.value);
    case 'Interpolation':
      return '${' + print(n.expression) + '}';
    case 'NumberLiteral':
      return n.raw;
    case 'BooleanLiteral':
      return String(n.value);
    case 'NullLiteral':
      return 'null';
    case 'ListLiteral':
      return '[' + n.elements.map(print).join(' ') + ']';
    case 'MapLiteral':
      return n.entries.length === 0 ? '[:]' : '[' + n.entries.map((e) => print(e.key) + ':' + print(e.value)).join(' ') + ']';
    case 'ClosureExpression':
      return `{${n.params.length ? n.params.map(printParam).join(', ') + ' -> ' : ''}${n.body.map(print).join(' ; ')}}`;
    case 'CallExpression':
      return `(${n.parenthesized ? 'call' : 'cmd'} ${print(n.callee)}${n.args.map((a) => ' ' + printArg(a)).join('')}${n.closures.map((c) => ' ' + print(c)).join('')})`;
    case 'PropertyAccess':
      return `(${n.operator} ${print(n.object)} ${n.property.name})`;
    case 'IndexExpression':
      return `(${n.safe ? '?[]' : '[]'} ${print(n.object)} ${print(n.index)})`;
    case 'BinaryExpression':
      return `(${n.operator} ${print(n.left)} ${print(n.right)})`;
    case 'UnaryExpression':
      return n.prefix ? `(${n.operator} ${print(n.argument)})` : `(post${n.operator} ${print(n.argument)})`;
    case 'TernaryExpression':
      return `(? ${print(n.test)} ${print(n.consequent)} ${print(n.alternate)})`;
    case 'AssignmentExpression':
      return `(${n.operator} ${print(n.target)} ${print(n.value)})`;
    case 'ParenthesizedExpression':
      return `(paren ${print(n.expression)})`;
    case 'NewExpression':
      return `(new ${n.typeName}${n.args.map((a) => ' ' + printArg(a)).join('')})`;
    default:
      return '?';
  }
}

/** Source text of a node. */
export function src(text: string, node: A.Span): string {
  return text.slice(node.start, node.end);
}

/**
 * Invariants every parse must satisfy: spans within the text and ordered, children inside
 * their parents, errors within the text.
 */
export function checkTree(text: string, result: A.ParseResult): void {
  const len = text.length;
  walk(result.program, (node, parent) => {
    if (!(Number.isInteger(node.start) && Number.isInteger(node.end) && 0 <= node.start && node.start <= node.end && node.end <= len)) {
      assert.fail(`bad span [${node.start}, ${node.end}) for ${node.type ?? 'node'} in text of length ${len}`);
    }
    if (parent && (node.start < parent.start || node.end > parent.end)) {
      assert.fail(`child [${node.start}, ${node.end}) ${node.type ?? ''} outside parent [${parent.start}, ${parent.end}) ${parent.type ?? ''}`);
    }
  });
  for (const e of result.errors) {
    if (!(0 <= e.start && e.start <= e.end && e.end <= len)) assert.fail(`bad error span [${e.start}, ${e.end}): ${e.message}`);
  }
  for (const c of result.comments) {
    if (!(0 <= c.start && c.start <= c.end && c.end <= len)) assert.fail(`bad comment span [${c.start}, ${c.end})`);
  }
}

/** Every node of a tree, in walk order. */
export function allNodes(root: A.Node): WalkNode[] {
  const nodes: WalkNode[] = [];
  walk(root, (node) => {
    nodes.push(node);
  });
  return nodes;
}

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export { childNodes };
