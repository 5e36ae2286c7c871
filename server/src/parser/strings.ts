/**
 * The text of string literals (after Groovy's escape processing), mapped back to exact
 * Jenkinsfile offsets, so that embedded YAML or shell can be analysed and its findings
 * reported at the right place.
 */
import { indexAtOrBefore } from '../lines';
import type { Expression, Span, StringChunk, StringLiteral } from './ast';
import { cookChunk, escapeStyleOf, removesCR } from './lexer';

export interface MappedText {
  /** The string's text. */
  readonly text: string;
  /** Offset in `text` (0..text.length inclusive) → offset in the Jenkinsfile. Monotonic. */
  toSource(offset: number): number;
  /** Interpolation spans in `text` coordinates. */
  readonly interpolations: Span[];
  slice(start: number, end: number): MappedText;
  /**
   * Groovy's `String.stripIndent()` (the GDK method, the default): the common leading
   * whitespace of the non-blank lines is removed, blank lines become empty, line breaks
   * become `\n`; a first empty line is kept.
   *
   * `'jdk'` gives Java's `String.stripIndent()` (JDK 15+), which Groovy calls instead for a
   * plain `java.lang.String` receiver (a literal without interpolation) on those JVMs: it also
   * strips trailing whitespace, and removes no indentation when the text ends with a line break.
   */
  stripIndent(flavor?: 'groovy' | 'jdk'): MappedText;
  /** Java's `String.trim()`: characters up to U+0020 removed from both ends. */
  trim(): MappedText;
}

export interface StringTextOptions {
  /** `verbatim` (default): interpolations as their source text; `standIn`: same-length runs of `x` (line breaks kept). */
  interpolation?: 'verbatim' | 'standIn';
}

/**
 * Text segments: segment k covers text `[t[k], t[k+1])`. A linear segment maps character
 * `t[k] + i` to source `[s[k] + i, s[k] + i + 1)`; any other maps each of its characters to
 * source `[s[k], e[k])` (an escape sequence, or a normalized line break).
 */
class MappedString implements MappedText {
  constructor(
    readonly text: string,
    // Internal mapping tables, read by Builder.copy.
    readonly segT: number[],
    readonly segS: number[],
    readonly segE: number[],
    readonly segLinear: boolean[],
    readonly endSource: number,
    readonly interpolations: Span[],
  ) {}

  private segmentAt(offset: number): number {
    return indexAtOrBefore(this.segT, offset);
  }

  toSource(offset: number): number {
    if (!(offset < this.text.length)) return this.endSource;
    const i = Math.max(0, Math.floor(offset));
    const k = this.segmentAt(i);
    return this.segLinear[k] ? this.segS[k] + (i - this.segT[k]) : this.segS[k];
  }

  /** End (exclusive) of the source that produced character `offset`. */
  sourceEndOf(offset: number): number {
    if (!(offset < this.text.length)) return this.endSource;
    const i = Math.max(0, Math.floor(offset));
    const k = this.segmentAt(i);
    return this.segLinear[k] ? this.segS[k] + (i - this.segT[k]) + 1 : this.segE[k];
  }

  /** The source span that produced `text[start, end)`. */
  toSourceSpan(start: number, end: number): Span {
    const a = this.toSource(start);
    if (end <= start) return { start: a, end: a };
    return { start: a, end: Math.max(a, this.sourceEndOf(end - 1)) };
  }

  slice(start: number, end: number): MappedText {
    const len = this.text.length;
    const a = clamp(Math.floor(start), 0, len);
    const b = clamp(Math.floor(end), a, len);
    const builder = new Builder();
    builder.copy(this, a, b);
    const endSource = b >= len ? this.endSource : b > a ? this.sourceEndOf(b - 1) : this.toSource(a);
    return builder.build(endSource);
  }

  trim(): MappedText {
    const text = this.text;
    let a = 0;
    let b = text.length;
    while (a < b && text.charCodeAt(a) <= 32) a++;
    while (b > a && text.charCodeAt(b - 1) <= 32) b--;
    if (a === 0 && b === text.length) return this;
    return this.slice(a, b);
  }

  stripIndent(flavor: 'groovy' | 'jdk' = 'groovy'): MappedText {
    return flavor === 'jdk' ? this.stripIndentJdk() : this.stripIndentGroovy();
  }

  private stripIndentGroovy(): MappedText {
    const text = this.text;
    if (text.length === 0) return this;
    const lines = readLines(text);
    let indent = -1;
    for (const line of lines) {
      if (isAllWhitespace(text, line.start, line.end)) continue;
      if (indent === -1) indent = line.end - line.start;
      indent = leadingWhitespace(text, line.start, line.end, indent);
      if (indent === 0) break;
    }
    // Groovy returns the text untouched when there is nothing to strip.
    if (indent <= 0) return this;
    const builder = new Builder();
    const keepFinalBreak = text.endsWith('\n');
    lines.forEach((line, index) => {
      if (!isAllWhitespace(text, line.start, line.end)) builder.copy(this, Math.min(line.start + indent, line.end), line.end);
      if (index < lines.length - 1 || keepFinalBreak) this.lineBreak(builder, line);
    });
    return builder.build(this.endSource);
  }

  private stripIndentJdk(): MappedText {
    const text = this.text;
    if (text.length === 0) return this;
    const lines = readLines(text);
    const last = text.charCodeAt(text.length - 1);
    const endsWithBreak = last === 10 || last === 13;
    let outdent = 0;
    if (!endsWithBreak) {
      outdent = Number.MAX_SAFE_INTEGER;
      for (const line of lines) {
        const lead = leadingWhitespace(text, line.start, line.end, Number.MAX_SAFE_INTEGER);
        if (lead !== line.end - line.start) outdent = Math.min(outdent, lead);
      }
      const lastLine = lines[lines.length - 1];
      if (isAllWhitespace(text, lastLine.start, lastLine.end)) outdent = Math.min(outdent, lastLine.end - lastLine.start);
    }
    const builder = new Builder();
    lines.forEach((line, index) => {
      const first = line.start + leadingWhitespace(text, line.start, line.end, Number.MAX_SAFE_INTEGER);
      let lastNonWs = line.end;
      while (lastNonWs > line.start && isJavaWhitespace(text.charCodeAt(lastNonWs - 1))) lastNonWs--;
      if (first < lastNonWs) builder.copy(this, Math.min(line.start + outdent, first), lastNonWs);
      if (index < lines.length - 1 || endsWithBreak) this.lineBreak(builder, line);
    });
    return builder.build(this.endSource);
  }

  /** Appends `\n` for the line break after `line`, mapped to the original break. */
  private lineBreak(builder: Builder, line: Line): void {
    if (line.breakEnd === line.end) {
      // The last line has no break of its own: map the added `\n` to the end.
      builder.addChar('\n', this.endSource, this.endSource);
    } else if (line.breakEnd - line.end === 1 && this.text.charCodeAt(line.end) === 10) {
      builder.copy(this, line.end, line.breakEnd);
    } else {
      builder.addChar('\n', this.toSource(line.end), this.sourceEndOf(line.breakEnd - 1));
    }
  }
}

interface Line {
  start: number;
  end: number;
  /** After the line's terminator (`== end` for a last line without one). */
  breakEnd: number;
}

/** Lines as Java's `BufferedReader.readLine` splits them (\n, \r\n, \r; no empty line after a final break). */
function readLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  const len = text.length;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      const breakEnd = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      lines.push({ start, end: i, breakEnd });
      start = i = breakEnd;
      continue;
    }
    i++;
  }
  if (start < len) lines.push({ start, end: len, breakEnd: len });
  return lines;
}

/** Java's `Character.isWhitespace`. */
function isJavaWhitespace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
  if (c < 0x1680) return false;
  if (c === 0x00a0 || c === 0x2007 || c === 0x202f) return false;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x205f || c === 0x3000;
}

function isAllWhitespace(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isJavaWhitespace(text.charCodeAt(i))) return false;
  return true;
}

function leadingWhitespace(text: string, start: number, end: number, max: number): number {
  let i = start;
  while (i < end && i - start < max && isJavaWhitespace(text.charCodeAt(i))) i++;
  return i - start;
}

function clamp(value: number, low: number, high: number): number {
  return Number.isNaN(value) ? low : Math.min(high, Math.max(low, value));
}

class Builder {
  private readonly pieces: string[] = [];
  private length = 0;
  private readonly segT: number[] = [];
  private readonly segS: number[] = [];
  private readonly segE: number[] = [];
  private readonly segLinear: boolean[] = [];
  readonly interpolations: Span[] = [];

  get size(): number {
    return this.length;
  }

  /** `text`, whose characters come one-to-one from the source starting at `sourceStart`. */
  addLinear(text: string, sourceStart: number): void {
    if (text.length === 0) return;
    const k = this.segT.length - 1;
    const contiguous = k >= 0 && this.segLinear[k] && this.segS[k] + (this.length - this.segT[k]) === sourceStart;
    if (!contiguous) {
      this.segT.push(this.length);
      this.segS.push(sourceStart);
      this.segE.push(sourceStart + text.length);
      this.segLinear.push(true);
    }
    this.pieces.push(text);
    this.length += text.length;
    if (contiguous) this.segE[k] = sourceStart + text.length;
  }

  /** `text` produced as a whole by the source span `[sourceStart, sourceEnd)`. */
  addChar(text: string, sourceStart: number, sourceEnd: number): void {
    if (text.length === 0) return;
    this.segT.push(this.length);
    this.segS.push(sourceStart);
    this.segE.push(sourceEnd);
    this.segLinear.push(false);
    this.pieces.push(text);
    this.length += text.length;
  }

  /** Copies `from.text[a, b)` with its mapping and interpolation spans. */
  copy(from: MappedString, a: number, b: number): void {
    if (b <= a) return;
    const base = this.length - a;
    for (const span of from.interpolations) {
      const s = Math.max(span.start, a);
      const e = Math.min(span.end, b);
      if (s < e || (span.start === span.end && span.start >= a && span.start < b)) this.interpolations.push({ start: s + base, end: e + base });
    }
    const { segT, segS, segE, segLinear } = from;
    const total = from.text.length;
    let k = indexAtOrBefore(segT, a);
    for (; k < segT.length && segT[k] < b; k++) {
      const segStart = segT[k];
      const segEnd = k + 1 < segT.length ? segT[k + 1] : total;
      const x = Math.max(a, segStart);
      const y = Math.min(b, segEnd);
      if (x >= y) continue;
      const piece = from.text.slice(x, y);
      if (segLinear[k]) this.addLinear(piece, segS[k] + (x - segStart));
      else this.addChar(piece, segS[k], segE[k]);
    }
  }

  markInterpolation(start: number, end: number): void {
    this.interpolations.push({ start, end });
  }

  build(endSource: number): MappedString {
    const text = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
    if (this.segT.length === 0) return new MappedString(text, [0], [endSource], [endSource], [true], endSource, this.interpolations);
    return new MappedString(text, this.segT, this.segS, this.segE, this.segLinear, endSource, this.interpolations);
  }
}

function standIn(raw: string): string {
  return raw.replace(/[^\r\n]/g, 'x');
}

function appendLiteral(builder: Builder, lit: StringLiteral, source: string, options: StringTextOptions | undefined): void {
  const style = escapeStyleOf(lit.quote);
  const dropCR = removesCR(lit.quote);
  const verbatim = (options?.interpolation ?? 'verbatim') === 'verbatim';
  for (const part of lit.parts) {
    if (part.type === 'StringChunk') {
      // Most chunks have no escapes: one piece, without walking the characters.
      if (cooksUnchanged(part)) {
        builder.addLinear(part.value, part.start);
        continue;
      }
      cookChunk(source, part.start, part.end, style, dropCR, {
        verbatim: (s, e) => builder.addLinear(source.slice(s, e), s),
        escape: (ch, s, e) => builder.addChar(ch, s, e),
      });
    } else {
      const raw = source.slice(part.start, part.end);
      const start = builder.size;
      builder.addLinear(verbatim ? raw : standIn(raw), part.start);
      builder.markInterpolation(start, builder.size);
    }
  }
}

/**
 * Whether a chunk's value is its source text as it stands: escape processing only ever shortens
 * text (an escape sequence, a line continuation, the CR of CRLF become fewer characters), so an
 * unchanged length means nothing was processed.
 */
function cooksUnchanged(chunk: StringChunk): boolean {
  return chunk.value.length === chunk.end - chunk.start;
}

/** The cooked text of a string literal, mapped to `source` (the text the literal was parsed from). */
export function stringText(lit: StringLiteral, source: string, options?: StringTextOptions): MappedText {
  const parts = lit.parts;
  if (parts.length === 1) {
    // Most literals are one chunk without escapes: one linear segment, without a Builder.
    const only = parts[0];
    if (only.type === 'StringChunk' && only.value.length > 0 && cooksUnchanged(only))
      return new MappedString(only.value, [0], [only.start], [only.end], [true], lit.contentEnd, []);
  }
  const builder = new Builder();
  appendLiteral(builder, lit, source, options);
  return builder.build(lit.contentEnd);
}

/**
 * The text of `'a' + "b" + '''c'''` (parentheses allowed), or of a single literal;
 * undefined when any operand is not a string literal.
 */
export function concatText(expr: Expression, source: string, options?: StringTextOptions): MappedText | undefined {
  const literals: StringLiteral[] = [];
  // Iterative in-order walk: long `+` chains make deep left-leaning trees.
  const stack: Expression[] = [expr];
  while (stack.length > 0) {
    const node = stack.pop() as Expression;
    if (node.type === 'StringLiteral') literals.push(node);
    else if (node.type === 'ParenthesizedExpression') stack.push(node.expression);
    else if (node.type === 'BinaryExpression' && node.operator === '+') stack.push(node.right, node.left);
    else return undefined;
  }
  const builder = new Builder();
  for (const lit of literals) appendLiteral(builder, lit, source, options);
  return builder.build(literals[literals.length - 1].contentEnd);
}

/**
 * The source span that produced `text[start, end)` of a mapped text: unlike
 * `[toSource(start), toSource(end))` it ends right after the last character's source
 * (an escape sequence included), not at the next character's.
 */
export function sourceSpan(mapped: MappedText, start: number, end: number): Span {
  if (mapped instanceof MappedString) return mapped.toSourceSpan(start, end);
  return { start: mapped.toSource(start), end: mapped.toSource(Math.max(start, end)) };
}
