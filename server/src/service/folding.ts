/**
 * Folding ranges from the syntax tree: closures and blocks, multi-line lists, maps and
 * argument lists, multi-line strings (pod YAML, scripts), block comments, runs of line
 * comments and of imports, and `// region` … `// endregion` markers.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type * as ast from '../parser/ast';
import { walk } from '../parser/walk';
import type { Analysis } from './analysis';

const REGION_START = /^\s*#?region\b/;
const REGION_END = /^\s*#?endregion\b/;

export function getFoldingRanges(analysis: Analysis): FoldingRange[] {
  const { document, model } = analysis;
  const text = model.text;
  const byStartLine = new Map<number, FoldingRange>();
  const add = (range: FoldingRange | undefined): void => {
    if (!range || range.endLine <= range.startLine) return;
    const existing = byStartLine.get(range.startLine);
    // One range per start line (editors keep only one); the outermost is the one users expect.
    if (!existing || range.endLine > existing.endLine) byStartLine.set(range.startLine, range);
  };

  const imports: ast.ImportStatement[] = [];
  walk(model.parse.program, (node) => {
    switch (node.type) {
      case 'ClosureExpression':
      case 'BlockStatement':
      case 'ListLiteral':
      case 'MapLiteral':
        add(bracketed(document, text, node));
        break;
      case 'CallExpression':
        // A multi-line argument list: `podTemplate(\n  yaml: …,\n)`.
        if (node.parenthesized) add(argumentList(document, text, node));
        break;
      case 'ClassDeclaration':
        add(bracketed(document, text, node));
        break;
      case 'StringLiteral':
        add(multiLineString(document, text, node));
        break;
      case 'ImportStatement':
        imports.push(node);
        break;
      default:
        break;
    }
  });

  for (const range of importRuns(document, imports)) add(range);
  for (const range of commentRanges(document, text, model.parse.comments)) add(range);
  return [...byStartLine.values()].sort((a, b) => a.startLine - b.startLine);
}

/** `{ … }` / `[ … ]`: from the opening line to the line before the closer when the closer starts its line. */
function bracketed(document: TextDocument, text: string, span: ast.Span): FoldingRange | undefined {
  const startLine = document.positionAt(span.start).line;
  const endLine = lineBeforeCloser(document, text, span.end - 1);
  return { startLine, endLine };
}

function argumentList(document: TextDocument, text: string, call: ast.CallExpression): FoldingRange | undefined {
  const first = call.args[0];
  const last = call.args[call.args.length - 1];
  if (!first || !last) return undefined;
  const open = text.lastIndexOf('(', first.start);
  const close = text.indexOf(')', last.end);
  if (open < call.start || close < 0 || close >= call.end) return undefined;
  // Always stop before the `)` line: it usually opens the trailing closure (`''') {`), which folds on its own.
  return { startLine: document.positionAt(open).line, endLine: document.positionAt(close).line - 1 };
}

function multiLineString(document: TextDocument, text: string, literal: ast.StringLiteral): FoldingRange | undefined {
  const startLine = document.positionAt(literal.start).line;
  const endLine = literal.terminated ? lineBeforeCloser(document, text, literal.contentEnd) : document.positionAt(literal.end).line;
  return { startLine, endLine };
}

/** Line of the closer at `offset`, minus one when only blanks precede it on its line (`}` stays visible). */
function lineBeforeCloser(document: TextDocument, text: string, offset: number): number {
  const position = document.positionAt(offset);
  const before = text.slice(offset - position.character, offset);
  return /^\s*$/.test(before) ? position.line - 1 : position.line;
}

function importRuns(document: TextDocument, imports: ast.ImportStatement[]): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  let run: { startLine: number; endLine: number } | undefined;
  for (const statement of [...imports].sort((a, b) => a.start - b.start)) {
    const startLine = document.positionAt(statement.start).line;
    const endLine = document.positionAt(statement.end).line;
    if (run && startLine <= run.endLine + 1) run.endLine = endLine;
    else {
      if (run) ranges.push({ ...run, kind: FoldingRangeKind.Imports });
      run = { startLine, endLine };
    }
  }
  if (run) ranges.push({ ...run, kind: FoldingRangeKind.Imports });
  return ranges;
}

function commentRanges(document: TextDocument, text: string, comments: ast.Comment[]): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const regions: number[] = [];
  /** Consecutive `//` comments that each start their own line. */
  let run: { startLine: number; endLine: number } | undefined;
  const flush = (): void => {
    if (run && run.endLine > run.startLine) ranges.push({ ...run, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const comment of [...comments].sort((a, b) => a.start - b.start)) {
    const start = document.positionAt(comment.start);
    const ownLine = /^\s*$/.test(text.slice(comment.start - start.character, comment.start));
    if (comment.kind === 'block') {
      flush();
      const endLine = document.positionAt(comment.end).line;
      ranges.push({ startLine: start.line, endLine, kind: FoldingRangeKind.Comment });
      continue;
    }
    if (comment.kind !== 'line' || !ownLine) {
      flush();
      continue;
    }
    if (REGION_START.test(comment.text)) {
      flush();
      regions.push(start.line);
      continue;
    }
    if (REGION_END.test(comment.text)) {
      flush();
      const open = regions.pop();
      if (open !== undefined) ranges.push({ startLine: open, endLine: start.line, kind: FoldingRangeKind.Region });
      continue;
    }
    if (run && start.line === run.endLine + 1) run.endLine = start.line;
    else {
      flush();
      run = { startLine: start.line, endLine: start.line };
    }
  }
  flush();
  return ranges;
}
