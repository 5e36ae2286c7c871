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

/**
 * Checks that every node's span fits what the node is: identifiers span their name, binary
 * expressions start with their left operand and end with their right one, brackets enclose
 * their contents, and so on. Catches any off-by-one in the parser's offsets.
 */
export function checkOffsets(text: string, program: A.Program, options: { unclosed?: boolean } = {}): void {
  const at = (n: A.Span): string => text.slice(n.start, n.end);
  const fail = (n: A.Span, what: string): never =>
    assert.fail(`${what}: [${n.start}, ${n.end}) ${JSON.stringify(at(n))} in ${JSON.stringify(text.slice(0, 120))}`);
  const startsWith = (n: A.Span, child: A.Span | string, what: string): void => {
    if (typeof child === 'string' ? !at(n).startsWith(child) : n.start !== child.start) fail(n, what);
  };
  const endsWith = (n: A.Span, child: A.Span | string, what: string): void => {
    // In damaged input a closing delimiter may be missing: the node then ends where the input stopped.
    if (typeof child === 'string' && options.unclosed && /^[)\]}]$|^'|^"|^\//.test(child)) return;
    if (typeof child === 'string' ? !at(n).endsWith(child) : n.end !== child.end) fail(n, what);
  };
  const between = (n: A.Span, left: A.Span, right: A.Span, op: string): void => {
    const middle = text
      .slice(left.end, right.start)
      .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|\\\r?\n/g, '')
      .trim();
    if (middle !== op) fail(n, `operator ${JSON.stringify(op)} between operands, found ${JSON.stringify(middle)}`);
  };
  walk(program, (node, _parent, kind) => {
    const n = node as WalkNode;
    // Placeholders for missing parts are empty; there is nothing to check.
    if (n.start === n.end) return;
    switch (n.type) {
      case 'Identifier':
        // A quoted or computed member name (`a."b"`, `a.(x)`) spans its source text.
        if (n.name !== '' && at(n) !== n.name && !/^['"/(]|^\$\//.test(at(n))) fail(n, `identifier ${n.name}`);
        break;
      case 'NumberLiteral':
        if (at(n) !== n.raw) fail(n, 'number');
        break;
      case 'BooleanLiteral':
        if (at(n) !== String(n.value)) fail(n, 'boolean');
        break;
      case 'NullLiteral':
        if (at(n) !== 'null') fail(n, 'null');
        break;
      case 'StringLiteral': {
        startsWith(n, n.quote, 'opening quote');
        if (n.contentStart !== n.start + n.quote.length) fail(n, 'contentStart');
        if (n.terminated) {
          endsWith(n, n.quote === '$/' ? '/$' : n.quote, 'closing quote');
          if (n.contentEnd !== n.end - n.quote.length) fail(n, 'contentEnd');
        } else if (n.contentEnd !== n.end) fail(n, 'contentEnd (unterminated)');
        let cursor = n.contentStart;
        for (const part of n.parts) {
          if (part.start !== cursor) fail(part, 'parts must be contiguous');
          cursor = part.end;
        }
        if (cursor !== n.contentEnd) fail(n, 'parts must cover the content');
        break;
      }
      case 'Interpolation':
        startsWith(n, n.braced ? '${' : '$', 'interpolation start');
        if (n.expression && n.braced === false && (n.expression.start !== n.start + 1 || n.expression.end !== n.end)) fail(n, '$path');
        break;
      case 'CallExpression':
        startsWith(n, n.callee, 'call starts with callee');
        if (n.closures.length > 0) endsWith(n, n.closures[n.closures.length - 1], 'call ends with its closure');
        else if (n.parenthesized) endsWith(n, ')', 'call ends with )');
        else if (n.args.length > 0) endsWith(n, n.args[n.args.length - 1], 'command ends with its last argument');
        break;
      case 'PropertyAccess':
        startsWith(n, n.object, 'access starts with object');
        if (n.property.name !== '') endsWith(n, n.property, 'access ends with property');
        break;
      case 'IndexExpression':
        startsWith(n, n.object, 'index starts with object');
        endsWith(n, ']', 'index ends with ]');
        break;
      case 'BinaryExpression':
        startsWith(n, n.left, 'binary starts with left');
        endsWith(n, n.right, 'binary ends with right');
        between(n, n.left, n.right, n.operator);
        break;
      case 'UnaryExpression':
        if (n.prefix) {
          startsWith(n, n.operator === '*' || n.operator.startsWith('(') ? n.operator[0] : n.operator, 'prefix operator');
          endsWith(n, n.argument, 'prefix operand');
        } else {
          startsWith(n, n.argument, 'postfix operand');
          endsWith(n, n.operator, 'postfix operator');
        }
        break;
      case 'TernaryExpression':
        startsWith(n, n.test, 'ternary test');
        endsWith(n, n.alternate, 'ternary alternate');
        break;
      case 'AssignmentExpression':
        startsWith(n, n.target, 'assignment target');
        endsWith(n, n.value, 'assignment value');
        between(n, n.target, n.value, n.operator);
        break;
      case 'ParenthesizedExpression':
        startsWith(n, '(', 'paren (');
        endsWith(n, ')', 'paren )');
        break;
      case 'ListLiteral':
        // Also used for `a[1, 2]` indexes, which have no brackets of their own.
        if (at(n).startsWith('[')) endsWith(n, ']', 'list ]');
        break;
      case 'MapLiteral':
        startsWith(n, '[', 'map [');
        endsWith(n, ']', 'map ]');
        break;
      case 'ClosureExpression':
        // Lazy interpolations `${-> x}` are closures without braces.
        if (!at(n).startsWith('{') && at(n).includes('->')) break;
        startsWith(n, '{', 'closure {');
        endsWith(n, '}', 'closure }');
        break;
      case 'NewExpression':
        startsWith(n, 'new', 'new');
        break;
      case 'ExpressionStatement':
        if (n.annotations.length === 0 && (n.start !== n.expression.start || n.end !== n.expression.end)) fail(n, 'statement = expression');
        else endsWith(n, n.expression, 'statement ends with expression');
        break;
      case 'VariableDeclaration':
        const tuple = n.declarations.length > 0 && text.slice(n.start, n.declarations[0].start).includes('(');
        if (n.declarations.length > 0 && !tuple) endsWith(n, n.declarations[n.declarations.length - 1], 'declaration ends with last declarator');
        if (n.tupleInit) endsWith(n, n.tupleInit, 'tuple declaration ends with its value');
        break;
      case 'BlockStatement':
        if (!n.keyword) {
          startsWith(n, '{', 'block {');
          endsWith(n, '}', 'block }');
        } else startsWith(n, n.keyword, 'keyword block');
        break;
      case 'IfStatement':
        startsWith(n, 'if', 'if');
        endsWith(n, n.alternate ?? n.consequent, 'if ends with its last branch');
        break;
      case 'ForStatement':
      case 'WhileStatement':
        startsWith(n, n.type === 'ForStatement' ? 'for' : 'while', 'loop keyword');
        endsWith(n, n.body, 'loop body');
        break;
      case 'TryStatement':
        startsWith(n, 'try', 'try');
        endsWith(n, n.finalizer ?? (n.handlers.length ? n.handlers[n.handlers.length - 1] : n.block), 'try ends with its last part');
        break;
      case 'ReturnStatement':
      case 'ThrowStatement':
        startsWith(n, n.type === 'ReturnStatement' ? 'return' : 'throw', 'keyword');
        if (n.argument) endsWith(n, n.argument, 'argument');
        break;
      case 'JumpStatement':
        startsWith(n, n.keyword, 'jump keyword');
        break;
      case 'MethodDeclaration':
        endsWith(n, n.body, 'method ends with its body');
        break;
      case 'Annotation':
        startsWith(n, '@', 'annotation @');
        break;
      case 'ImportStatement':
        if (!at(n).startsWith('import') && !at(n).startsWith('@')) fail(n, 'import');
        break;
      case undefined:
        switch (kind) {
          case 'Argument': {
            const arg = n as A.Argument;
            if (arg.name) startsWith(n, arg.name, 'named argument starts with its name');
            else startsWith(n, arg.value, 'argument = value');
            endsWith(n, arg.value, 'argument ends with value');
            break;
          }
          case 'MapEntry': {
            const entry = n as A.MapEntry;
            startsWith(n, entry.key, 'entry key');
            endsWith(n, entry.value, 'entry value');
            break;
          }
          case 'Parameter': {
            const p = n as A.Parameter;
            endsWith(n, p.defaultValue ?? p.name, 'parameter end');
            break;
          }
          case 'VariableDeclarator': {
            const d = n as A.VariableDeclarator;
            startsWith(n, d.name, 'declarator name');
            if (d.init) endsWith(n, d.init, 'declarator init');
            break;
          }
          case 'CatchClause': {
            startsWith(n, 'catch', 'catch');
            endsWith(n, (n as A.CatchClause).body, 'catch body');
            break;
          }
        }
        break;
    }
  });
}
