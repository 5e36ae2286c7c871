/**
 * Statement-level view of the syntax tree for edits: which list a statement lives in, which
 * comments belong to it, and the exact text range that removes or replaces it cleanly.
 */
import { memoKey, type JenkinsModel } from '../model';
import type * as ast from '../parser/ast';
import type { TextEdit } from './apply';
import { isBlank, lineEndOf, lineStartOf, nextLineStart, startsLine } from './text';

type AnyNode = ast.Span & { type?: string };

/** Children of any syntax node (arguments, entries and other typeless nodes included), in source order. */
export function childNodes(node: object): AnyNode[] {
  const children: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children.sort((a, b) => a.start - b.start || b.end - a.end);
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as ast.Span).start === 'number' && typeof (value as ast.Span).end === 'number';
}

/** Visits every node below `root` (depth-first, parents first); return false to skip a subtree. */
export function walkNodes(root: object, visit: (node: AnyNode, parent: AnyNode | undefined) => boolean | void): void {
  const stack: Array<{ node: AnyNode; parent?: AnyNode }> = childNodes(root)
    .reverse()
    .map((node) => ({ node, parent: root as AnyNode }));
  let guard = 0;
  while (stack.length > 0 && guard++ < 2_000_000) {
    const { node, parent } = stack.pop()!;
    if (visit(node, parent) === false) continue;
    const children = childNodes(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], parent: node });
  }
}

export interface ListedStatement {
  statement: ast.Statement;
  /** The statements around it (a closure body, a block, the program). */
  list: ast.Statement[];
  index: number;
  /** The node whose body `list` is. */
  owner: ast.Program | ast.BlockStatement | ast.ClosureExpression | ast.ClassDeclaration;
}

export class SyntaxIndex {
  private readonly listed = new Map<ast.Statement, ListedStatement>();
  private readonly parents = new Map<object, AnyNode>();
  /** Every string literal, for "is this offset inside a string" questions. */
  readonly literals: ast.StringLiteral[] = [];

  constructor(
    readonly parse: ast.ParseResult,
    readonly text: string,
  ) {
    this.register(parse.program);
    walkNodes(parse.program, (node, parent) => {
      if (parent) this.parents.set(node, parent);
      if (node.type === 'StringLiteral') this.literals.push(node as ast.StringLiteral);
      if (node.type === 'BlockStatement' || node.type === 'ClosureExpression' || node.type === 'ClassDeclaration')
        this.register(node as ListedStatement['owner']);
    });
    this.literals.sort((a, b) => a.start - b.start);
  }

  private register(owner: ListedStatement['owner']): void {
    owner.body.forEach((statement, index) => this.listed.set(statement, { statement, list: owner.body, index, owner }));
  }

  parentOf(node: object): AnyNode | undefined {
    return this.parents.get(node);
  }

  /** The statement (in a statement list) that contains `node`, innermost first. */
  listedStatementOf(node: object): ListedStatement | undefined {
    let current: object | undefined = node;
    while (current) {
      const entry = this.listed.get(current as ast.Statement);
      if (entry) return entry;
      current = this.parents.get(current);
    }
    return undefined;
  }

  /** Whether the node is the whole expression of its listed statement (`sh 'x'`, `def img = docker.build(…)`). */
  isWholeStatement(call: ast.CallExpression): ListedStatement | undefined {
    const entry = this.listedStatementOf(call);
    if (!entry) return undefined;
    const statement = entry.statement;
    if (statement.type === 'ExpressionStatement') {
      let expr: ast.Expression = statement.expression;
      if (expr.type === 'AssignmentExpression' && expr.operator === '=') expr = expr.value;
      return expr === call ? entry : undefined;
    }
    if (statement.type === 'VariableDeclaration' && statement.declarations.length === 1) {
      return statement.declarations[0].init === call ? entry : undefined;
    }
    return undefined;
  }

  /** The innermost string literal whose content contains `offset` (strictly inside its delimiters). */
  literalAt(offset: number): ast.StringLiteral | undefined {
    let found: ast.StringLiteral | undefined;
    for (const literal of this.literals) {
      if (literal.start > offset) break;
      if (literal.contentStart <= offset && offset < literal.contentEnd) found = literal;
    }
    return found;
  }
}

/**
 * The comment-only lines directly above `offset`'s line (no blank line between) and the line
 * comment ending the statement's last line: they describe the statement and go with it.
 */
export function attachedComments(text: string, comments: readonly ast.Comment[], statement: ast.Span): { start: number; end: number } {
  let start = statement.start;
  if (startsLine(text, statement.start)) {
    let lineStart = lineStartOf(text, statement.start);
    while (lineStart > 0) {
      const previousStart = lineStartOf(text, lineStart - 1);
      const line = text.slice(previousStart, lineStart - 1);
      if (isBlank(line)) break;
      const first = previousStart + (line.length - line.trimStart().length);
      const lineContentEnd = previousStart + withoutTrailingBlanks(line).length;
      // The comment that ends the line and starts it (or starts a line of its own, for a block comment).
      const comment = comments.find((c) => c.end === lineContentEnd && c.start <= first && c.kind !== 'shebang');
      if (!comment || !startsLine(text, comment.start)) break;
      start = comment.start;
      lineStart = lineStartOf(text, comment.start);
    }
  }
  let end = statement.end;
  const lineEnd = lineEndOf(text, statement.end);
  let rest = text.slice(statement.end, lineEnd);
  let cursor = statement.end;
  const semicolon = /^[ \t]*;/.exec(rest);
  if (semicolon) {
    cursor += semicolon[0].length;
    end = cursor;
    rest = text.slice(cursor, lineEnd);
  }
  const trailing = comments.find((c) => c.start >= cursor && c.start < lineEnd && isBlank(text.slice(cursor, c.start)) && c.kind === 'line');
  if (trailing) end = trailing.end;
  return { start, end };
}

/**
 * The range that removes a statement with its attached comments: whole lines when it has
 * its lines to itself, else just its text (and a `;`).
 */
export function removalRange(text: string, comments: readonly ast.Comment[], statement: ast.Span): { start: number; end: number } {
  const attached = attachedComments(text, comments, statement);
  const ownsLines = startsLine(text, attached.start) && isBlank(text.slice(attached.end, lineEndOf(text, attached.end)));
  if (ownsLines) return { start: lineStartOf(text, attached.start), end: nextLineStart(text, attached.end) };
  return { start: statement.start, end: attached.end };
}

/** The range to overwrite when a statement is replaced: its attached comments go, its indentation stays. */
export function replacementRange(text: string, comments: readonly ast.Comment[], statement: ast.Span): { start: number; end: number } {
  const attached = attachedComments(text, comments, statement);
  if (attached.start < statement.start && startsLine(text, attached.start)) {
    // Leading comments go: start at their indentation, the new text then starts there.
    return { start: attached.start, end: attached.end };
  }
  return { start: statement.start, end: attached.end };
}

/** `line` without trailing spaces, tabs and CRs; a loop, since the regex form is quadratic on long runs of blanks. */
function withoutTrailingBlanks(line: string): string {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c !== 32 && c !== 9 && c !== 13) break;
    end--;
  }
  return line.slice(0, end);
}

/** One SyntaxIndex per model, shared by the migration and the quick fixes. */
const SYNTAX_INDEX = memoKey<SyntaxIndex>('syntax index');

export function syntaxOf(model: JenkinsModel): SyntaxIndex {
  let syntax = model.memo.get(SYNTAX_INDEX);
  if (!syntax) {
    syntax = new SyntaxIndex(model.parse, model.text);
    model.memo.set(SYNTAX_INDEX, syntax);
  }
  return syntax;
}
