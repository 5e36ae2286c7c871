/**
 * Position encodings (LSP 3.17 `general.positionEncodings`). The service counts UTF-16 code
 * units, as LSP did before 3.17; a client that prefers `utf-8` (Neovim, Helix) gets byte
 * columns, converted here at the edge for every position going in or out.
 */
import type { Diagnostic, Position, PositionEncodingKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export type Encoding = 'utf-16' | 'utf-8';

/** The encoding to serve: `utf-8` when the client lists it before `utf-16` (or alone), else `utf-16`. */
export function negotiateEncoding(offered: readonly PositionEncodingKind[] | undefined): Encoding {
  for (const kind of offered ?? []) {
    if (kind === 'utf-8') return 'utf-8';
    if (kind === 'utf-16') return 'utf-16';
  }
  return 'utf-16';
}

export interface PositionCodec {
  readonly encoding: Encoding;
  /** A client position (or any value holding positions) in service terms. */
  in<T>(document: TextDocument | undefined, value: T): T;
  /** A service result (any value holding positions) in client terms. */
  out<T>(document: TextDocument | undefined, value: T): T;
  diagnosticsOut(document: TextDocument, diagnostics: Diagnostic[]): Diagnostic[];
}

export const UTF16: PositionCodec = {
  encoding: 'utf-16',
  in: (_document, value) => value,
  out: (_document, value) => value,
  diagnosticsOut: (_document, diagnostics) => diagnostics,
};

export function codecFor(encoding: Encoding): PositionCodec {
  if (encoding === 'utf-16') return UTF16;
  return {
    encoding,
    in: (document, value) => (document ? mapPositions(value, new Lines(document), (lines, p) => lines.fromUtf8(p)) : value),
    out: (document, value) => (document ? mapPositions(value, new Lines(document), (lines, p) => lines.toUtf8(p)) : value),
    diagnosticsOut: (document, diagnostics) => mapPositions(diagnostics, new Lines(document), (lines, p) => lines.toUtf8(p)),
  };
}

function isPosition(value: object): value is Position {
  const candidate = value as Partial<Position>;
  return typeof candidate.line === 'number' && typeof candidate.character === 'number' && Object.keys(value).length === 2;
}

/** A copy of `value` with every `{ line, character }` in it converted. */
function mapPositions<T>(value: T, lines: Lines, convert: (lines: Lines, position: Position) => Position): T {
  const walk = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map(walk);
    if (isPosition(node)) return convert(lines, node);
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) copy[key] = walk(child);
    return copy;
  };
  return walk(value) as T;
}

/** Line texts of one document version, looked up once each. */
class Lines {
  private readonly cache = new Map<number, string>();

  constructor(private readonly document: TextDocument) {}

  private text(line: number): string {
    let text = this.cache.get(line);
    if (text === undefined) {
      const start = this.document.offsetAt({ line, character: 0 });
      const end = line + 1 < this.document.lineCount ? this.document.offsetAt({ line: line + 1, character: 0 }) : this.document.getText().length;
      text = this.document
        .getText()
        .slice(start, end)
        .replace(/\r?\n$/, '');
      this.cache.set(line, text);
    }
    return text;
  }

  /** UTF-16 column → byte column. */
  toUtf8(position: Position): Position {
    if (position.character === 0 || position.line >= this.document.lineCount) return position;
    const text = this.text(position.line);
    return { line: position.line, character: Buffer.byteLength(text.slice(0, Math.min(position.character, text.length)), 'utf8') };
  }

  /** Byte column → UTF-16 column (a column inside a character's bytes goes to that character's start). */
  fromUtf8(position: Position): Position {
    if (position.character === 0 || position.line >= this.document.lineCount) return position;
    const text = this.text(position.line);
    let bytes = 0;
    let index = 0;
    while (index < text.length) {
      const code = text.codePointAt(index)!;
      const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      if (bytes + width > position.character) break;
      bytes += width;
      index += code >= 0x10000 ? 2 : 1;
    }
    return { line: position.line, character: index };
  }
}
