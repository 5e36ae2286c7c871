/**
 * Hand-written lexer for the Groovy that Jenkinsfiles use.
 *
 * The whole file is tokenized up front into a flat stream. String literals become
 * `strStart (strChunk | interpPath | interpStart … interpEnd)* strEnd`, with the tokens of a
 * `${…}` expression in between, so nesting (`"${"${x}"}"`) is handled by an explicit mode stack
 * instead of recursion. The lexer guarantees that every `strStart` has its `strEnd` and every
 * `interpStart` its `interpEnd` (zero-width when the source lacks them), which lets the parser
 * treat them as hard stops.
 */
import type { Comment, ParseError, StringQuote } from './ast';

export type TokenKind = 'word' | 'number' | 'op' | 'strStart' | 'strChunk' | 'strEnd' | 'interpStart' | 'interpEnd' | 'interpPath' | 'unknown' | 'eof';

export interface PathSegment {
  name: string;
  start: number;
  end: number;
}

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** A line break (or a comment spanning one) separates this token from the previous one. */
  nl: boolean;
  /** Source text for words, numbers, operators and unknown characters; the quote for `strStart`/`strEnd`. */
  text: string;
  /** Cooked text of a `strChunk`. */
  value?: string;
  /** `strEnd`: whether the closing delimiter was present. */
  terminated?: boolean;
  /** `interpPath`: the dotted identifiers of `$a.b.c`. */
  segments?: PathSegment[];
}

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
  errors: ParseError[];
  /** Indices in `tokens` of the `->` operators, ascending (usually few; the parser binary-searches them). */
  arrows: number[];
  /** Offsets of the `=` operators, ascending: every assignment's and initialiser's, none inside a string or comment. */
  equalsOperators: number[];
}

/** Words that cannot be identifiers. */
export const RESERVED = new Set([
  'as',
  'assert',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'def',
  'default',
  'do',
  'else',
  'enum',
  'extends',
  'false',
  'final',
  'finally',
  'for',
  'goto',
  'if',
  'implements',
  'import',
  'in',
  'instanceof',
  'interface',
  'new',
  'null',
  'package',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'throws',
  'true',
  'try',
  'while',
  'abstract',
  'native',
  'private',
  'protected',
  'public',
  'static',
  'strictfp',
  'synchronized',
  'transient',
  'volatile',
  'boolean',
  'byte',
  'char',
  'short',
  'int',
  'long',
  'float',
  'double',
  'void',
]);

/** Reserved words that are values, after which `/` means division. */
const VALUE_WORDS = new Set(['this', 'super', 'true', 'false', 'null']);

const OPERATORS_BY_LENGTH: string[][] = [
  ['>>>=', '<..<'],
  ['>>>', '>>=', '<<=', '**=', '==~', '===', '!==', '<=>', '..<', '<..', '...', '??.'],
  [
    '++',
    '--',
    '+=',
    '-=',
    '*=',
    '/=',
    '%=',
    '&=',
    '|=',
    '^=',
    '==',
    '!=',
    '<=',
    '>=',
    '&&',
    '||',
    '<<',
    '>>',
    '**',
    '?.',
    '*.',
    '.&',
    '.@',
    '::',
    '->',
    '?:',
    '?=',
    '=~',
    '..',
    '?[',
  ],
  ['(', ')', '[', ']', '{', '}', ';', ',', '.', '@', '=', '<', '>', '!', '~', '?', ':', '+', '-', '*', '/', '%', '&', '|', '^'],
];
/**
 * Operators by first character (all ASCII), longest first (longest match wins); each list ends
 * with its one-character operator. An array indexed by character code: cheaper than a Map.
 */
const OPERATORS_BY_FIRST: (string[] | undefined)[] = new Array<string[] | undefined>(128).fill(undefined);
for (const op of OPERATORS_BY_LENGTH.flat()) (OPERATORS_BY_FIRST[op.charCodeAt(0)] ??= []).push(op);
// scanCode takes the first entry that matches and relies on the last one always matching: without
// it, a character that starts only longer operators would never be consumed (an endless loop).
for (const list of OPERATORS_BY_FIRST)
  if (list && list[list.length - 1].length !== 1) throw new Error(`no one-character operator '${list[0][0]}' to end its list`);

// Native searches that skip runs of characters the lexer would otherwise walk one by one, mostly
// in unoptimised code (the files are small, so much of a run executes before V8 optimises it).
// Searches for one character (no quantifier): the first that ends the run.
/** The end of blanks (the indentation after a line break). */
const NOT_BLANK = /[^ \t\f\v\uFEFF]/g;
/** The end of a line comment. */
const LINE_END = /[\n\r]/g;
/** The end of a word's ASCII run (`ASCII_IDENT_PART`). */
const WORD_ASCII_END = /[^A-Za-z0-9_$]/g;
/**
 * A number from its first digit (or its `.`) as Groovy lexes it: hex or binary with an integer
 * suffix; or decimal digits, then a fraction and/or an exponent with a floating-point suffix, or an
 * integer or floating-point suffix (`_` anywhere after the first digit).
 */
const NUMBER =
  // eslint-disable-next-line regexp/no-super-linear-move -- sticky, matched once per number token and the lexer goes on after the match, so each character is read once; nothing after the leading run can reject
  /0[xX][0-9a-fA-F_]*[lLiIgG]?|0[bB][01_]*[lLiIgG]?|[0-9_]*(?:\.[0-9][0-9_]*(?:[eE][+-]?[0-9][0-9_]*)?[fFdDgG]?|[eE][+-]?[0-9][0-9_]*[fFdDgG]?|[lLiIgGfFdD]?)/y;

const ID_START_RE = /[\p{L}\p{Nl}\p{Sc}\p{Pc}]/u;
const ID_PART_RE = /[\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Mn}\p{Mc}\p{Nd}\p{Cf}]/u;

/** Java identifier start (including `$`), by code point. */
export function isIdentStart(cp: number): boolean {
  if (cp < 128) return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || cp === 95 || cp === 36;
  return ID_START_RE.test(String.fromCodePoint(cp));
}

export function isIdentPart(cp: number): boolean {
  if (cp < 128) return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp >= 48 && cp <= 57) || cp === 95 || cp === 36;
  return ID_PART_RE.test(String.fromCodePoint(cp));
}

/** `isIdentPart` of each ASCII character, 1 or 0. */
const ASCII_IDENT_PART = Uint8Array.from({ length: 128 }, (_, c) => (isIdentPart(c) ? 1 : 0));

/** Identifier start inside a GString (`$` excluded: `$$` is not an interpolation). */
function isGStringIdentStart(cp: number): boolean {
  return cp !== 36 && isIdentStart(cp);
}

function isGStringIdentPart(cp: number): boolean {
  return cp !== 36 && isIdentPart(cp);
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

// ---------------------------------------------------------------------------
// Escape processing, shared with strings.ts (which also needs the offset mapping)

/** How the characters between a string's delimiters are cooked. */
export type EscapeStyle = 'standard' | 'slashy' | 'dollarSlashy';

export function escapeStyleOf(quote: StringQuote): EscapeStyle {
  return quote === '/' ? 'slashy' : quote === '$/' ? 'dollarSlashy' : 'standard';
}

/** Groovy drops the CR of CRLF in strings that may span lines. */
export function removesCR(quote: StringQuote): boolean {
  return quote !== "'" && quote !== '"';
}

export interface CookSink {
  /** Source characters `[start, end)` appear unchanged. */
  verbatim(start: number, end: number): void;
  /** One character produced by the escape sequence at `[start, end)`. */
  escape(char: string, start: number, end: number): void;
}

const STANDARD_ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  s: ' ',
  '"': '"',
  "'": "'",
  '\\': '\\',
  $: '$',
};

function lineBreakLength(src: string, i: number, end: number): number {
  const c = src.charCodeAt(i);
  if (c === 10) return 1;
  if (c === 13) return i + 1 < end && src.charCodeAt(i + 1) === 10 ? 2 : 1;
  return 0;
}

/**
 * Cooks the literal text `src[start, end)` of a string chunk (no delimiters, no interpolations)
 * the way Groovy does, reporting each piece to `sink`. Characters that are dropped (line
 * continuations, the CR of CRLF) are reported to neither callback.
 */
export function cookChunk(src: string, start: number, end: number, style: EscapeStyle, removeCR: boolean, sink: CookSink): void {
  let run = start;
  let i = start;
  const flush = (to: number): void => {
    if (to > run) sink.verbatim(run, to);
  };
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === 13 && removeCR && i + 1 < end && src.charCodeAt(i + 1) === 10) {
      flush(i);
      i += 1;
      run = i;
      continue;
    }
    if (style === 'dollarSlashy' && c === 36 && i + 1 < end) {
      const d = src.charCodeAt(i + 1);
      if (d === 36 || d === 47) {
        flush(i);
        sink.escape(d === 36 ? '$' : '/', i, i + 2);
        i += 2;
        run = i;
        continue;
      }
    }
    if (c !== 92 /* \ */) {
      i++;
      continue;
    }
    if (style === 'standard') {
      if (i + 1 >= end) {
        i++;
        continue;
      }
      const d = src[i + 1];
      const simple = STANDARD_ESCAPES[d];
      if (simple !== undefined) {
        flush(i);
        sink.escape(simple, i, i + 2);
        i += 2;
        run = i;
        continue;
      }
      const nl = lineBreakLength(src, i + 1, end);
      if (nl > 0) {
        flush(i);
        i += 1 + nl;
        run = i;
        continue;
      }
      const dc = d.charCodeAt(0);
      if (dc >= 48 && dc <= 55) {
        let j = i + 1;
        const max = dc <= 51 ? 3 : 2;
        while (j < end && j - (i + 1) < max && src.charCodeAt(j) >= 48 && src.charCodeAt(j) <= 55) j++;
        flush(i);
        sink.escape(String.fromCharCode(parseInt(src.slice(i + 1, j), 8)), i, j);
        i = j;
        run = i;
        continue;
      }
      if (
        d === 'u' &&
        i + 6 <= end &&
        isHex(src.charCodeAt(i + 2)) &&
        isHex(src.charCodeAt(i + 3)) &&
        isHex(src.charCodeAt(i + 4)) &&
        isHex(src.charCodeAt(i + 5))
      ) {
        flush(i);
        sink.escape(String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16)), i, i + 6);
        i += 6;
        run = i;
        continue;
      }
      // Invalid escape (reported by the lexer): the backslash stays as written.
      i++;
      continue;
    }
    // Slashy and dollar-slashy strings: only `\uXXXX`, line continuations and (slashy) `\/`
    // are escapes; a backslash preceded by an odd run of backslashes is itself escaped for
    // the first two (Groovy applies them with regular expressions that count backslashes).
    let j = i;
    while (j < end && src.charCodeAt(j) === 92) j++;
    const runLength = j - i;
    const next = j < end ? src.charCodeAt(j) : -1;
    if (style === 'slashy' && next === 47) {
      flush(j - 1);
      sink.escape('/', j - 1, j + 1);
      i = j + 1;
      run = i;
      continue;
    }
    if (runLength % 2 === 1) {
      if (
        next === 117 &&
        j + 5 <= end &&
        isHex(src.charCodeAt(j + 1)) &&
        isHex(src.charCodeAt(j + 2)) &&
        isHex(src.charCodeAt(j + 3)) &&
        isHex(src.charCodeAt(j + 4))
      ) {
        flush(j - 1);
        sink.escape(String.fromCharCode(parseInt(src.slice(j + 1, j + 5), 16)), j - 1, j + 5);
        i = j + 5;
        run = i;
        continue;
      }
      const nl = j < end ? lineBreakLength(src, j, end) : 0;
      if (nl > 0) {
        flush(j - 1);
        i = j + nl;
        run = i;
        continue;
      }
    }
    i = j;
  }
  flush(end);
}

/** Whether `cookChunk` leaves `raw` as it is (no character it would drop or replace): most chunks. */
function cooksVerbatim(raw: string, style: EscapeStyle, removeCR: boolean): boolean {
  return raw.indexOf('\\') < 0 && (!removeCR || raw.indexOf('\r') < 0) && (style !== 'dollarSlashy' || raw.indexOf('$') < 0);
}

/** The cooked value of a chunk, without the mapping. */
export function cookValue(src: string, start: number, end: number, style: EscapeStyle, removeCR: boolean): string {
  const raw = src.slice(start, end);
  if (cooksVerbatim(raw, style, removeCR)) return raw;
  let out = '';
  cookChunk(src, start, end, style, removeCR, {
    verbatim: (s, e) => {
      out += src.slice(s, e);
    },
    escape: (ch) => {
      out += ch;
    },
  });
  return out;
}

// ---------------------------------------------------------------------------
// The lexer

interface CodeFrame {
  mode: 'code';
  /** Open brackets: '(', '[', '{' (the `?[` safe index counts as '['). */
  brackets: string[];
  braces: number;
  /** Interpolation frame: 'single' inside a one-line `"…"` (ends at a line break), 'multi' otherwise. */
  interp: 'none' | 'single' | 'multi';
  interpStart: number;
}

interface StringFrame {
  mode: 'string';
  quote: StringQuote;
  start: number;
}

type Frame = CodeFrame | StringFrame;

type ChunkStop = 'close' | 'interp' | 'eol' | 'eof';

/** The characters that can end or change the scan of a string chunk, by quote (`scanChunk` skips the rest). */
const CHUNK_SPECIAL: Record<StringQuote, RegExp> = {
  "'": /['\\\n\r]/g,
  "'''": /['\\]/g,
  '"': /["\\$\n\r]/g,
  '"""': /["\\$]/g,
  '/': /[/\\$]/g,
  '$/': /[/$]/g,
};

class Lexer {
  private readonly tokens: Token[] = [];
  private readonly comments: Comment[] = [];
  private readonly errors: ParseError[] = [];
  private readonly arrows: number[] = [];
  private readonly equalsOperators: number[] = [];
  private readonly frames: Frame[] = [];
  private pos = 0;
  private pendingNl = false;
  /** A line break since the last token that makes a following `/` start a slashy string. */
  private regexNl = false;
  private last: Token | undefined;
  /** Why the last `scanChunk` stopped. */
  private chunkStop: ChunkStop = 'eof';

  constructor(private readonly src: string) {}

  run(): LexResult {
    const src = this.src;
    this.frames.push({ mode: 'code', brackets: [], braces: 0, interp: 'none', interpStart: 0 });
    if (src.startsWith('#!')) {
      let end = 2;
      while (end < src.length && src.charCodeAt(end) !== 10 && src.charCodeAt(end) !== 13) end++;
      this.comments.push({ kind: 'shebang', start: 0, end, text: src.slice(2, end) });
      this.pos = end;
    }
    for (;;) {
      const frame = this.frames[this.frames.length - 1];
      if (frame.mode === 'string') {
        this.scanStringPart(frame);
        continue;
      }
      if (!this.scanCode(frame)) break;
    }
    this.emit('eof', src.length, src.length, '');
    return { tokens: this.tokens, comments: this.comments, errors: this.errors, arrows: this.arrows, equalsOperators: this.equalsOperators };
  }

  private error(start: number, end: number, message: string): void {
    this.errors.push({ start, end, message });
  }

  private emit(
    kind: TokenKind,
    start: number,
    end: number,
    text: string,
    nl = this.pendingNl,
    value?: string,
    terminated?: boolean,
    segments?: PathSegment[],
  ): Token {
    // Every field set here and never after, so that all tokens share one object shape whose fields
    // keep their types (a later assignment generalises the shape and deoptimises its readers).
    const token: Token = { kind, start, end, nl, text, value, terminated, segments };
    this.pendingNl = false;
    this.regexNl = false;
    this.tokens.push(token);
    this.last = token;
    return token;
  }

  private regexAllowed(): boolean {
    const last = this.last;
    if (!last || this.regexNl) return true;
    switch (last.kind) {
      case 'number':
      case 'strEnd':
      case 'unknown':
        return false;
      case 'word':
        return RESERVED.has(last.text) && !VALUE_WORDS.has(last.text);
      case 'op':
        return !(last.text === ')' || last.text === ']' || last.text === '}' || last.text === '++' || last.text === '--');
      default:
        return true;
    }
  }

  private lineBreak(frame: CodeFrame): void {
    this.pendingNl = true;
    const top = frame.brackets[frame.brackets.length - 1];
    if (top !== '(' && top !== '[') this.regexNl = true;
  }

  /**
   * Scans tokens (and the whitespace and comments between them) until the frame changes (a string
   * opens, an interpolation closes) or the input ends. Returns false at the end of input.
   * One call covers many tokens: a call per token costs more than the token in unoptimised code.
   */
  private scanCode(frame: CodeFrame): boolean {
    const src = this.src;
    const len = src.length;
    let i = this.pos;
    for (;;) {
      if (i >= len) {
        this.pos = i;
        if (frame.interp !== 'none') {
          this.closeInterpolation(frame, i, "Unterminated interpolation: missing '}'");
          return true;
        }
        return false;
      }
      const c = src.charCodeAt(i);
      if (c === 32 || c === 9 || c === 12 || c === 11 || c === 0xfeff) {
        i++;
        continue;
      }
      if (c === 10 || c === 13) {
        if (frame.interp === 'single') {
          this.pos = i;
          this.closeInterpolation(frame, i, "Unterminated interpolation: missing '}' before the end of the line");
          return true;
        }
        this.lineBreak(frame);
        i++;
        // The next line's indentation in one native search.
        NOT_BLANK.lastIndex = i;
        i = NOT_BLANK.test(src) ? NOT_BLANK.lastIndex - 1 : len;
        continue;
      }
      if (c === 92 /* \ */ && i + 1 < len && (src.charCodeAt(i + 1) === 10 || src.charCodeAt(i + 1) === 13)) {
        // Line continuation outside strings: plain whitespace.
        i += 1 + lineBreakLength(src, i + 1, len);
        continue;
      }
      if (c === 47 /* / */ && i + 1 < len) {
        const d = src.charCodeAt(i + 1);
        if (d === 47) {
          LINE_END.lastIndex = i + 2;
          const end = LINE_END.test(src) ? LINE_END.lastIndex - 1 : len;
          this.comments.push({ kind: 'line', start: i, end, text: src.slice(i + 2, end) });
          i = end;
          continue;
        }
        if (d === 42) {
          const close = src.indexOf('*/', i + 2);
          const end = close < 0 ? len : close + 2;
          this.comments.push({ kind: 'block', start: i, end, text: src.slice(i + 2, close < 0 ? len : close) });
          if (close < 0) this.error(i, len, "Unterminated block comment: missing '*/'");
          const body = src.slice(i, end);
          if (body.includes('\n') || body.includes('\r')) {
            if (frame.interp === 'single') {
              this.pos = i;
              this.closeInterpolation(frame, i, "Unterminated interpolation: missing '}' before the end of the line");
              return true;
            }
            this.lineBreak(frame);
          }
          i = end;
          continue;
        }
      }

      // A token starts at i.
      this.pos = i;

      // Strings
      if (c === 39 /* ' */ || c === 34 /* " */) {
        const triple = src.charCodeAt(i + 1) === c && src.charCodeAt(i + 2) === c;
        const quote = (c === 39 ? (triple ? "'''" : "'") : triple ? '"""' : '"') as StringQuote;
        this.openString(quote, i);
        return true;
      }
      if (c === 36 /* $ */ && src.charCodeAt(i + 1) === 47) {
        this.openString('$/', i);
        return true;
      }
      if (c === 47 && this.regexAllowed()) {
        this.openString('/', i);
        return true;
      }

      // Numbers and words, each in one native search (a word's non-ASCII characters, rare, by code
      // point after it). One path for both: numbers are rare, and code optimised before the first
      // one would be thrown away at it if numbers had calls of their own.
      const number = isDigit(c) || (c === 46 && isDigit(src.charCodeAt(i + 1)) && this.regexAllowed());
      const cp = c < 128 ? c : (src.codePointAt(i) ?? c);
      if (number || isIdentStart(cp)) {
        const pattern = number ? NUMBER : WORD_ASCII_END;
        pattern.lastIndex = number ? i : i + (cp > 0xffff ? 2 : 1);
        const found = pattern.test(src);
        // NUMBER matches the number; WORD_ASCII_END finds the first character after the ASCII run.
        let end = number ? pattern.lastIndex : found ? pattern.lastIndex - 1 : len;
        while (!number && end < len) {
          const a = src.charCodeAt(end);
          if (a < 128) {
            if (ASCII_IDENT_PART[a] === 0) break;
            end++;
            continue;
          }
          const p = src.codePointAt(end) ?? 0;
          if (!isIdentPart(p)) break;
          end += p > 0xffff ? 2 : 1;
        }
        this.emit(number ? 'number' : 'word', i, end, src.slice(i, end));
        i = end;
        continue;
      }

      // Operators
      const candidates = c < 128 ? OPERATORS_BY_FIRST[c] : undefined;
      if (candidates !== undefined) {
        if (c === 33 /* ! */) {
          const negated = this.negatedKeyword(i);
          if (negated) {
            this.emit('op', i, i + negated.length, negated);
            i += negated.length;
            continue;
          }
        }
        // An indexed loop: for-of's iterator is slow in unoptimised code.
        for (let k = 0; k < candidates.length; k++) {
          const op = candidates[k];
          if (op.length === 1 || src.startsWith(op, i)) {
            this.pos = i + op.length;
            if (this.operator(frame, op, i)) return true;
            break;
          }
        }
        i = this.pos;
        continue;
      }

      // Anything else: merge runs of unexpected characters into one token.
      const width = cp > 0xffff ? 2 : 1;
      const prev = this.last;
      if (prev && prev.kind === 'unknown' && prev.end === i && !this.pendingNl) {
        // A new token in place of the previous one, rather than changing its fields after creation.
        this.tokens.pop();
        this.emit('unknown', prev.start, i + width, src.slice(prev.start, i + width), prev.nl);
      } else {
        this.emit('unknown', i, i + width, src.slice(i, i + width));
      }
      i += width;
    }
  }

  /** `!in` / `!instanceof` as one operator, as Groovy lexes them. */
  private negatedKeyword(i: number): string | undefined {
    const src = this.src;
    for (const word of ['instanceof', 'in']) {
      if (src.startsWith(word, i + 1)) {
        const after = src[i + 1 + word.length];
        const ok = word === 'in' ? after === undefined || ' \t\r\n[({'.includes(after) : after === undefined || ' \t\r\n'.includes(after);
        if (ok) return '!' + word;
      }
    }
    return undefined;
  }

  /** Emits the operator and tracks brackets; returns true when it ends the frame (an interpolation's `}`). */
  private operator(frame: CodeFrame, op: string, start: number): boolean {
    const br = frame.brackets;
    switch (op) {
      case '(':
      case '[':
      case '?[':
        br.push(op === '(' ? '(' : '[');
        break;
      case '{':
        br.push('{');
        frame.braces++;
        break;
      case ')':
      case ']':
        if (br.length > 0 && br[br.length - 1] === (op === ')' ? '(' : '[')) br.pop();
        break;
      case '}':
        if (frame.braces > 0) {
          // Unwind to the matching brace, dropping unclosed ( and [ inside it.
          for (;;) {
            const top = br.pop();
            if (top === '{') break;
          }
          frame.braces--;
        } else if (frame.interp !== 'none') {
          this.frames.pop();
          this.emit('interpEnd', start, start + 1, '}');
          return true;
        }
        break;
      case '->':
        // The index the token gets below.
        this.arrows.push(this.tokens.length);
        break;
      case '=':
        this.equalsOperators.push(start);
        break;
    }
    this.emit('op', start, start + op.length, op);
    return false;
  }

  private closeInterpolation(frame: CodeFrame, at: number, message: string): void {
    this.error(frame.interpStart, at, message);
    this.frames.pop();
    this.emit('interpEnd', at, at, '');
  }

  // -- strings ------------------------------------------------------------------

  private openString(quote: StringQuote, start: number): void {
    this.emit('strStart', start, start + quote.length, quote);
    this.pos = start + quote.length;
    this.frames.push({ mode: 'string', quote, start });
  }

  private scanStringPart(frame: StringFrame): void {
    const src = this.src;
    const start = this.pos;
    const end = this.scanChunk(frame.quote, start);
    const stop = this.chunkStop;
    if (end > start) {
      this.emit('strChunk', start, end, '', this.pendingNl, cookValue(src, start, end, escapeStyleOf(frame.quote), removesCR(frame.quote)));
    }
    switch (stop) {
      case 'close': {
        const closeLength = frame.quote === '$/' ? 2 : frame.quote.length;
        this.emit('strEnd', end, end + closeLength, frame.quote, this.pendingNl, undefined, true);
        this.pos = end + closeLength;
        this.frames.pop();
        return;
      }
      case 'eol':
      case 'eof': {
        this.emit('strEnd', end, end, frame.quote, this.pendingNl, undefined, false);
        this.error(
          frame.start,
          end,
          stop === 'eol'
            ? 'Unterminated string: missing ' + frame.quote + ' before the end of the line'
            : 'Unterminated string: missing closing ' + (frame.quote === '$/' ? '/$' : frame.quote),
        );
        this.pos = end;
        this.frames.pop();
        return;
      }
      case 'interp': {
        if (src.charCodeAt(end + 1) === 123 /* { */) {
          this.emit('interpStart', end, end + 2, '${');
          this.pos = end + 2;
          this.frames.push({ mode: 'code', brackets: [], braces: 0, interp: frame.quote === '"' ? 'single' : 'multi', interpStart: end });
          return;
        }
        const segments: PathSegment[] = [];
        let i = end + 1;
        for (;;) {
          const s = i;
          let cp = src.codePointAt(i) ?? -1;
          if (!isGStringIdentStart(cp)) break;
          while (i < src.length && isGStringIdentPart((cp = src.codePointAt(i) ?? -1))) i += cp > 0xffff ? 2 : 1;
          segments.push({ name: src.slice(s, i), start: s, end: i });
          if (src.charCodeAt(i) === 46 && isGStringIdentStart(src.codePointAt(i + 1) ?? -1)) {
            i++;
            continue;
          }
          break;
        }
        this.emit('interpPath', end, i, src.slice(end, i), this.pendingNl, undefined, undefined, segments);
        this.pos = i;
        return;
      }
    }
  }

  /**
   * Finds where the literal text starting at `start` stops (returned; why in `chunkStop`: no object
   * per chunk), reporting bad escapes and `$`.
   */
  private scanChunk(quote: StringQuote, start: number): number {
    const src = this.src;
    const len = src.length;
    const singleLine = quote === "'" || quote === '"';
    const interpolates = quote !== "'" && quote !== "'''";
    const slashy = quote === '/' || quote === '$/';
    const q = quote.charCodeAt(0);
    // A native search jumps over the plain text between the characters that matter, which the
    // per-character loop below would walk (mostly in unoptimised code: the files are small).
    const special = CHUNK_SPECIAL[quote];
    let i = start;
    while (i < len) {
      special.lastIndex = i;
      if (!special.test(src)) break;
      i = special.lastIndex - 1;
      const c = src.charCodeAt(i);
      if (c === 10 || c === 13) {
        if (singleLine) return this.stopChunk(i, 'eol');
        i++;
        continue;
      }
      if (quote === '/') {
        if (c === 47) return this.stopChunk(i, 'close');
        if (c === 92 && src.charCodeAt(i + 1) === 47) {
          i += 2;
          continue;
        }
      } else if (quote === '$/') {
        if (c === 47 && src.charCodeAt(i + 1) === 36) return this.stopChunk(i, 'close');
        if (c === 36 && (src.charCodeAt(i + 1) === 36 || src.charCodeAt(i + 1) === 47)) {
          i += 2;
          continue;
        }
      } else {
        if (c === q) {
          if (quote.length === 1) return this.stopChunk(i, 'close');
          if (src.charCodeAt(i + 1) === q && src.charCodeAt(i + 2) === q) {
            // Groovy keeps a quote as content when four or five quotes follow in a row.
            let run = 3;
            while (run < 6 && src.charCodeAt(i + run) === q) run++;
            if (run === 3 || run === 6) return this.stopChunk(i, 'close');
          }
          i++;
          continue;
        }
        if (c === 92) {
          i = this.checkEscape(i);
          continue;
        }
      }
      if (c === 36 && interpolates) {
        const next = src.codePointAt(i + 1) ?? -1;
        if (next === 123 || isGStringIdentStart(next)) return this.stopChunk(i, 'interp');
        if (!slashy) this.error(i, i + 1, "Illegal '$' in a GString: escape it as '\\$' or use '${…}'");
      }
      i++;
    }
    return this.stopChunk(len, 'eof');
  }

  private stopChunk(end: number, stop: ChunkStop): number {
    this.chunkStop = stop;
    return end;
  }

  /** Validates the escape at `i` (a backslash in a quoted string) and returns the index after it. */
  private checkEscape(i: number): number {
    const src = this.src;
    const len = src.length;
    if (i + 1 >= len) return i + 1;
    const d = src[i + 1];
    if (STANDARD_ESCAPES[d] !== undefined) return i + 2;
    const nl = lineBreakLength(src, i + 1, len);
    if (nl > 0) return i + 1 + nl;
    const dc = d.charCodeAt(0);
    if (dc >= 48 && dc <= 55) return i + 2;
    if (d === 'u') {
      if (i + 6 <= len && isHex(src.charCodeAt(i + 2)) && isHex(src.charCodeAt(i + 3)) && isHex(src.charCodeAt(i + 4)) && isHex(src.charCodeAt(i + 5)))
        return i + 6;
      this.error(i, i + 2, "Invalid unicode escape: '\\u' needs four hex digits");
      return i + 2;
    }
    this.error(i, i + 2, `Invalid escape sequence '\\${d}'`);
    return i + 2;
  }
}

export function lex(text: string): LexResult {
  return new Lexer(text).run();
}
