/**
 * Re-braces Groovy in Allman style: each `{` that opens a call's closure or a statement's block
 * moves to a line of its own, indented like the line it was on. Only where Groovy 2.4 still
 * attaches it there (the closures of a call that begins a statement, an initializer or an
 * assignment's value; the blocks of if/else/for/while/try/catch/finally and methods), so the
 * program means the same: allman.test.ts proves that with the real compiler on every fixture.
 * Test-only.
 */
import { parse } from '../../../server/src/parser';
import type * as A from '../../../server/src/parser/ast';
import { walk } from '../../../server/src/parser/walk';

/** Offsets of the `{` to move. */
function bracesToMove(text: string, program: A.Program): number[] {
  const offsets: number[] = [];
  let statementStart = 0;
  const leadingCall = (expr: A.Expression | undefined) => {
    if (expr?.type !== 'CallExpression') return;
    // `agent { … }steps {` continues the line's first statement in Groovy (`agent(…).steps(…)`):
    // only a statement that begins its line starts afresh.
    if (text.slice(text.lastIndexOf('\n', statementStart - 1) + 1, statementStart).trim() !== '') return;
    for (const closure of expr.closures) offsets.push(closure.start);
  };
  const block = (statement: A.Statement | undefined) => {
    if (statement?.type === 'BlockStatement' && statement.keyword === undefined) offsets.push(statement.start);
  };
  walk(program, (node) => {
    switch (node.type) {
      case 'ExpressionStatement':
        statementStart = node.start;
        leadingCall(node.expression);
        if (node.expression.type === 'AssignmentExpression') leadingCall(node.expression.value);
        break;
      case 'VariableDeclaration':
        statementStart = node.start;
        for (const d of node.declarations) leadingCall(d.init);
        break;
      case 'IfStatement':
        block(node.consequent);
        block(node.alternate);
        break;
      case 'ForStatement':
      case 'WhileStatement':
        block(node.body);
        break;
      case 'TryStatement':
        block(node.block);
        for (const h of node.handlers) block(h.body);
        block(node.finalizer);
        break;
      case 'MethodDeclaration':
        if (node.body.end > node.body.start) block(node.body);
        break;
    }
  });
  return offsets;
}

export function toAllman(text: string): string {
  const { program } = parse(text);
  const offsets = [...new Set(bracesToMove(text, program))].filter((o) => text[o] === '{').sort((a, b) => a - b);
  let out = '';
  let from = 0;
  for (const offset of offsets) {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const before = text.slice(lineStart, offset);
    if (before.trim() === '') continue; // already on a line of its own
    let cut = offset;
    while (cut > lineStart && (text[cut - 1] === ' ' || text[cut - 1] === '\t')) cut--;
    const indentation = /^[ \t]*/.exec(before)![0];
    out += text.slice(from, cut) + '\n' + indentation + '{';
    from = offset + 1;
  }
  return out + text.slice(from);
}
