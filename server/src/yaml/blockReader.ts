/**
 * A fast reader for the block-style YAML that Kubernetes pod specs are written in: nested block
 * maps and sequences, one-line plain and quoted scalars, one-line flow collections (`[cat]`, `{}`,
 * `{privileged: true}`), comments. It builds the very nodes `yaml` 2.9 (core schema) would, with the same
 * classes, values, scalar types, `flow` flags and `range` triples, in a fraction of the time.
 *
 * It never reports an error: anything it does not fully recognise (block scalars, anchors, tags,
 * multi-line scalars, multi-document streams, tabs, CR, odd indentation, …) makes it answer
 * `undefined`, and the caller parses with `yaml` instead. Comments, `spaceBefore` and source
 * tokens are not kept (nothing that reads the nodes uses them), but comment lines move ranges
 * exactly as they do in `yaml` (see `absorbComments` and `closeWithComments`).
 */
import { Pair, Scalar, YAMLMap, YAMLSeq, type ParsedNode } from 'yaml';

export type BlockNode = YAMLMap<Scalar, BlockNode> | YAMLSeq<BlockNode> | Scalar;

/**
 * `yaml`'s node constructors mark each node with its type symbol through `Object.defineProperty`,
 * which made building the nodes most of this reader's cost. Ours are instances of the same classes
 * (`instanceof`, `isMap`, `toJSON`, `clone` work) that inherit that mark from a prototype made once
 * here from a real node of each class.
 */
function markedPrototype<T extends object>(sample: T): T {
  const prototype = Object.create(Object.getPrototypeOf(sample) as object) as T;
  for (const symbol of Object.getOwnPropertySymbols(sample)) Object.defineProperty(prototype, symbol, Object.getOwnPropertyDescriptor(sample, symbol)!);
  return prototype;
}
const SCALAR = markedPrototype(new Scalar(null));
const PAIR = markedPrototype(new Pair(null));
const MAP = markedPrototype(new YAMLMap());
const SEQ = markedPrototype(new YAMLSeq());

type Range = [number, number, number];

/** Copied for every node's `range` triple, see `nodeRange`. */
const RANGE_TEMPLATE: Range = [0, 0, 0];

// Nodes are built by `new` on constructors whose prototypes are the marked ones: one construct
// call that allocates each node with room for its fields, cheaper cold than `Object.create`
// followed by a store per field.
// A scalar's range is made here rather than passed in: one call less per scalar, cold.
function initScalar(this: Scalar, value: unknown, type: Scalar.Type, start: number, valueEnd: number, nodeEnd: number): void {
  this.value = value;
  this.type = type;
  const range = RANGE_TEMPLATE.slice() as Range;
  range[0] = start;
  range[1] = valueEnd;
  range[2] = nodeEnd;
  this.range = range;
}
initScalar.prototype = SCALAR;
const ScalarNode = initScalar as unknown as new (value: unknown, type: Scalar.Type, start: number, valueEnd: number, nodeEnd: number) => Scalar;

function initPair(this: Pair<Scalar, BlockNode>, key: Scalar, value: BlockNode): void {
  this.key = key;
  this.value = value;
}
initPair.prototype = PAIR;
const PairNode = initPair as unknown as new (key: Scalar, value: BlockNode) => Pair<Scalar, BlockNode>;

function initMap(this: YAMLMap<Scalar, BlockNode>): void {
  this.items = emptyItems();
}
initMap.prototype = MAP;
const MapNode = initMap as unknown as new () => YAMLMap<Scalar, BlockNode>;

function initSeq(this: YAMLSeq<BlockNode>): void {
  this.items = emptyItems();
}
initSeq.prototype = SEQ;
const SeqNode = initSeq as unknown as new () => YAMLSeq<BlockNode>;

/** An empty array already of the elements kind that holds nodes, copied for every collection's `items`. */
const ITEMS_TEMPLATE: unknown[] = [undefined];
ITEMS_TEMPLATE.pop();

/**
 * A collection's empty `items`, copied rather than made by a literal `[]`: the literal's allocation
 * site is soon marked "maybe tenure" (collections outlive a scavenge), and V8 deoptimised `map`,
 * into which it was inlined, when it settled that (see `nodeRange`).
 */
function emptyItems<T>(): T[] {
  return ITEMS_TEMPLATE.slice() as T[];
}

/**
 * A node's `range` triple, copied from a template rather than made by an array literal: V8 soon
 * decides to allocate a hot literal's arrays in the old generation (each pod's nodes outlive a
 * scavenge or two), and that decision deoptimised every function that built them; a copy has no
 * allocation site to decide on. (`Array.of`, used before, costs ~800 instructions a call cold.)
 */
function nodeRange(start: number, valueEnd: number, nodeEnd: number): Range {
  const range = RANGE_TEMPLATE.slice() as Range;
  range[0] = start;
  range[1] = valueEnd;
  range[2] = nodeEnd;
  return range;
}

/** `INDENTS[n]` is n spaces (see `seekContent`). */
const INDENTS: string[] = [];
for (let n = 0; n <= 40; n++) INDENTS.push(' '.repeat(n));

/** Thrown (one shared instance) to give up; caught in `readBlockYaml` only. */
const BAIL = { bail: true };

const SPACE = 0x20;
const NEWLINE = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const DOT = 0x2e;

/** The root node of `text` as `yaml` parses it (one document, no errors), or `undefined` when unsure. */
export function readBlockYaml(text: string): ParsedNode | undefined {
  if (!plainCharacters(text)) return undefined;
  try {
    // Every node this reader builds has its range set, as `yaml`'s parsed nodes do.
    return new BlockReader(text).document() as ParsedNode;
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}

/** Printable characters and line feeds only: no tab, CR, BOM, C0/C1 control or Unicode line separator. */
// A regular expression rather than a loop: it runs compiled from the first file on, and one character class cannot backtrack.
const NOT_PLAIN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

function plainCharacters(text: string): boolean {
  return !NOT_PLAIN.test(text);
}

function bail(): never {
  throw BAIL;
}

/** Real pod specs nest about ten levels deep. */
const MAX_BLOCK_DEPTH = 100;

class BlockReader {
  /** Block maps and sequences open around the current position. */
  private depth = 0;
  private readonly length: number;
  /** Line start of the next content line after the node just read (-1 at the end of the text). */
  private next = -1;
  /** Indentation of that line. */
  private nextIndent = 0;
  /** The comment lines between the node just read and the next content line: their indentation and where each ends (after its line feed). */
  private readonly commentIndents: number[] = [];
  private readonly commentEnds: number[] = [];
  /** How many of them are still unclaimed (the last ones); 0 once a node's range took them or none were there. */
  private pendingComments = 0;
  /** End (its line feed, or the text's end) of the content line `next` starts, the line being read. */
  private eol = 0;
  /** The first `#` at or after `hashFrom` (the text's length if none): lines are read in order, so one native search serves many lines. */
  private hashAt = -1;
  private hashFrom = 0;
  /**
   * The first `:` at or after `colonFrom` (the text's length if none), kept the same way: a search
   * per line that ran to the next colon of the text made long colon-free runs (sequences of plain
   * items) quadratic.
   */
  private colonAt = -1;
  private colonFrom = 0;

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  document(): BlockNode {
    this.seekContent(0, 0);
    if (this.next < 0) bail();
    const root = this.collection(this.next + this.nextIndent, this.nextIndent);
    if (this.next >= 0) bail();
    return root;
  }

  /**
   * Sets `next`/`nextIndent` to the first line at or after line start `from` that holds more than
   * spaces. Most lines are indented at least as far as `column`, the collection being read: one
   * native comparison skips that much indentation (cold, a charCodeAt loop costs a few builtin calls per space).
   */
  private seekContent(from: number, column: number): void {
    const { text, length } = this;
    // Emptied only when not empty: cold, a store to an array's length goes through the runtime
    // (two stores per line were once most of this method's cost), and comment lines are rare.
    if (this.commentIndents.length > 0) {
      this.commentIndents.length = 0;
      this.commentEnds.length = 0;
    }
    this.pendingComments = 0;
    let lineStart = from;
    const indent = column > 0 && column < INDENTS.length ? INDENTS[column] : undefined;
    while (lineStart < length) {
      let at = lineStart;
      if (indent !== undefined && text.startsWith(indent, at)) at += column;
      while (at < length && text.charCodeAt(at) === SPACE) at++;
      if (at >= length) break;
      const c = text.charCodeAt(at);
      if (c === NEWLINE) {
        lineStart = at + 1;
        continue;
      }
      if (c === HASH) {
        const newline = text.indexOf('\n', at);
        this.commentIndents.push(at - lineStart);
        lineStart = newline < 0 ? length : newline + 1;
        this.commentEnds.push(lineStart);
        this.pendingComments++;
        continue;
      }
      // Document markers and directives.
      if (at === lineStart && (c === DASH || c === DOT || c === 0x25) && (c === 0x25 || text.startsWith(c === DASH ? '---' : '...', at))) bail();
      this.next = lineStart;
      this.nextIndent = at - lineStart;
      const newline = text.indexOf('\n', at);
      this.eol = newline < 0 ? length : newline;
      return;
    }
    this.next = -1;
    this.nextIndent = 0;
  }

  private isSequenceIndicator(at: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    return at + 1 >= this.length || this.text.charCodeAt(at + 1) === SPACE || this.text.charCodeAt(at + 1) === NEWLINE;
  }

  /**
   * Block collections open: deep nesting goes to `yaml`, which reports it (past ~900 levels it runs
   * out of stack) where our recursion would either pass it silently or throw a RangeError.
   */
  private enter(): void {
    if (++this.depth > MAX_BLOCK_DEPTH) bail();
  }

  /** A block map or sequence whose first line has its content at `at`, column `column`. */
  private collection(at: number, column: number): YAMLMap<Scalar, BlockNode> | YAMLSeq<BlockNode> {
    return this.isSequenceIndicator(at) ? this.sequence(at, column) : this.map(at, column);
  }

  private map(at: number, column: number): YAMLMap<Scalar, BlockNode> {
    this.enter();
    const map = new MapNode();
    let keyStart = at;
    for (;;) {
      const colon = this.keyColon(keyStart);
      if (colon < 0) bail();
      const key = this.plainScalar(keyStart, colon, colon);
      const valueStart = this.skipSpaces(colon + 1);
      const c = this.text.charCodeAt(valueStart);
      let value: BlockNode;
      if (valueStart >= this.length || c === NEWLINE || (c === HASH && valueStart > colon + 1)) {
        // Nothing more on the line than (perhaps) a comment: a nested block or an empty value.
        this.seekContent(this.eol < this.length ? this.eol + 1 : this.length, column);
        const next = this.next;
        if (next >= 0 && this.nextIndent > column) value = this.collection(next + this.nextIndent, this.nextIndent);
        else if (next >= 0 && this.nextIndent === column && this.isSequenceIndicator(next + column)) value = this.sequence(next + column, column);
        else {
          // A comment after an empty value extends its range in ways not worth copying.
          if (c === HASH || this.commentIndents.length > 0) bail();
          value = emptyScalar(valueStart);
        }
      } else value = this.inlineEntry(valueStart, column);
      map.items.push(new PairNode(key, value));
      if (this.next < 0 || this.nextIndent < column) return this.close(map, at, value, column);
      if (this.nextIndent > column) bail();
      // A `- ` here bails too: keyColon finds no key in a sequence entry.
      keyStart = this.next + column;
    }
  }

  private sequence(at: number, column: number): YAMLSeq<BlockNode> {
    this.enter();
    const seq = new SeqNode();
    let dash = at;
    for (;;) {
      const itemStart = this.skipSpaces(dash + 1);
      let item: BlockNode;
      if (itemStart >= this.length || this.text.charCodeAt(itemStart) === NEWLINE) {
        this.seekContent(itemStart + 1, column);
        if (this.next >= 0 && this.nextIndent > column) item = this.collection(this.next + this.nextIndent, this.nextIndent);
        else {
          if (this.commentIndents.length > 0) bail();
          item = emptyScalar(itemStart);
        }
      } else if (this.isSequenceIndicator(itemStart)) {
        bail();
      } else if (this.keyColon(itemStart) >= 0) {
        // `- name: x`: a map whose keys line up with `name`.
        item = this.map(itemStart, itemStart - this.lineStartOf(itemStart));
      } else item = this.inlineEntry(itemStart, column);
      seq.items.push(item);
      // A key at the sequence's column ends a sequence that is a map value at the key's column.
      if (this.next < 0 || this.nextIndent < column || (this.nextIndent === column && !this.isSequenceIndicator(this.next + column))) {
        return this.close(seq, at, item, column);
      }
      if (this.nextIndent > column) bail();
      dash = this.next + column;
    }
  }

  /** A value on the rest of its line, with the comment lines that belong to it, in a collection at `column`. */
  private inlineEntry(at: number, column: number): BlockNode {
    const value = this.inlineValue(at);
    this.seekContent(value.range![2], column);
    this.absorbComments(value, column);
    // A more indented line would continue a plain scalar or be an error.
    if (this.next >= 0 && this.nextIndent > column) bail();
    return value;
  }

  /** Ends the block collection at `column` whose last entry is `last`: its range, with the comment lines it keeps. */
  private close<T extends YAMLMap<Scalar, BlockNode> | YAMLSeq<BlockNode>>(node: T, at: number, last: BlockNode, column: number): T {
    const end = last.range![2];
    node.range = nodeRange(at, end, this.closeWithComments(column, end));
    this.depth--;
    return node;
  }

  /**
   * Comment lines right after a one-line value, more indented than its collection (blank lines
   * between allowed), belong to the value in `yaml`: its range[2] runs to the end of the last one.
   * The rest stay pending for `closeWithComments`.
   */
  private absorbComments(value: BlockNode, column: number): void {
    const indents = this.commentIndents;
    let absorbed = 0;
    while (absorbed < indents.length && indents[absorbed] > column) absorbed++;
    if (absorbed > 0) value.range![2] = this.commentEnds[absorbed - 1];
    this.pendingComments = indents.length - absorbed;
  }

  /**
   * range[2] of a collection that ends here: comment lines still pending after its last item stay
   * with it (up to the next content) when one of them is at least as indented as the collection
   * and the collection is not at column 0; otherwise they pass to the collection around it.
   */
  private closeWithComments(column: number, end: number): number {
    if (this.pendingComments === 0 || column === 0) return end;
    const indents = this.commentIndents;
    for (let i = indents.length - this.pendingComments; i < indents.length; i++) {
      if (indents[i] >= column) {
        this.pendingComments = 0;
        return this.next >= 0 ? this.next + this.nextIndent : this.length;
      }
    }
    return end;
  }

  private lineStartOf(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  private skipSpaces(at: number): number {
    while (at < this.length && this.text.charCodeAt(at) === SPACE) at++;
    return at;
  }

  /**
   * If a plain implicit key starts at `at` (`name: …`, `name:` at the line end), the offset of its
   * colon; -1 if the line holds no key there. Keys this reader does not handle bail.
   */
  private keyColon(at: number): number {
    const { text, length } = this;
    const first = text.charCodeAt(at);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      // A quoted key is rare in pod YAML; a quoted value followed by `:` is an error.
      const close = this.quoteEnd(at);
      const after = this.skipSpaces(close);
      if (after < length && text.charCodeAt(after) === COLON) bail();
      return -1;
    }
    if (!plainStart(first, text, at)) return -1;
    const colon = this.indicatorColon(at + 1, this.contentEnd(at + 1));
    if (colon < 0) return -1;
    // Space before the colon, or a key longer than `yaml`'s 1024-character limit: leave it to `yaml`.
    if (text.charCodeAt(colon - 1) === SPACE || colon - at > 1000) bail();
    return colon;
  }

  // Lines are searched with native `indexOf` rather than character by character: cold, a loop
  // runs a few builtin calls per character, a search a few per line.

  /** The first `:` in [from, end) followed by a space, a line feed or the text's end (a mapping indicator); -1 if none. */
  private indicatorColon(from: number, end: number): number {
    const { text, length } = this;
    let colon = this.colonAt;
    if (colon < from || from < this.colonFrom) colon = this.nextColon(from);
    while (colon < end) {
      const after = colon + 1;
      if (after >= length) return colon;
      const c = text.charCodeAt(after);
      if (c === SPACE || c === NEWLINE) return colon;
      colon = this.nextColon(after);
    }
    return -1;
  }

  /** The first `:` at or after `from` (the text's length if none), kept for the next lines. */
  private nextColon(from: number): number {
    const colon = this.text.indexOf(':', from);
    this.colonAt = colon < 0 ? this.length : colon;
    this.colonFrom = from;
    return this.colonAt;
  }

  /** Where the content of the line being read ends, from `from` on: at the `#` of its first ` #` comment at or after `from`, else at `eol`. */
  private contentEnd(from: number): number {
    const { text, eol } = this;
    let hash = this.hashAt;
    if (hash < from || from < this.hashFrom) {
      hash = text.indexOf('#', from);
      if (hash < 0) hash = this.length;
      this.hashAt = hash;
      this.hashFrom = from;
    }
    while (hash < eol) {
      if (text.charCodeAt(hash - 1) === SPACE) return hash;
      hash = text.indexOf('#', hash + 1);
      if (hash < 0) return eol;
    }
    return eol;
  }

  /** A scalar or flow collection that starts at `at` and ends on its line; its range[2] is the next line's start. */
  private inlineValue(at: number): BlockNode {
    const c = this.text.charCodeAt(at);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const scalar = this.quotedScalar(at);
      scalar.range![2] = this.lineEnd(scalar.range![1]);
      return scalar;
    }
    if (c === OPEN_BRACKET || c === OPEN_BRACE) return this.flowCollection(at);
    if (!plainStart(c, this.text, at)) bail();
    const { text } = this;
    let end = this.contentEnd(at + 1);
    // `a: b: c` is a nested mapping on one line, an error.
    if (this.indicatorColon(at + 1, end) >= 0) bail();
    while (text.charCodeAt(end - 1) === SPACE) end--;
    return this.plainScalar(at, end, this.lineEnd(end));
  }

  /** After a value ending at `at`: spaces, an optional comment, the line feed. The offset after them; bails on anything else. */
  private lineEnd(at: number): number {
    const { text, length } = this;
    const afterSpaces = this.skipSpaces(at);
    if (afterSpaces >= length) return length;
    const c = text.charCodeAt(afterSpaces);
    if (c === NEWLINE) return afterSpaces + 1;
    // A comment runs to the end of the line being read.
    if (c === HASH && afterSpaces > at) return this.eol < length ? this.eol + 1 : length;
    return bail();
  }

  private plainScalar(start: number, end: number, rangeEnd: number): Scalar {
    return resolvePlain(this.text.slice(start, end), start, end, rangeEnd);
  }

  /** Offset after the closing quote of the one-line quoted scalar at `at`; bails if it does not close on its line. */
  private quoteEnd(at: number): number {
    const { text, length } = this;
    const quote = text.charCodeAt(at);
    for (let i = at + 1; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE) break;
      if (quote === DOUBLE_QUOTE && c === BACKSLASH) {
        // An escaped line break continues the scalar on the next line.
        if (i + 1 >= length || text.charCodeAt(i + 1) === NEWLINE) break;
        i++;
      } else if (c === quote) {
        if (quote === SINGLE_QUOTE && text.charCodeAt(i + 1) === SINGLE_QUOTE) i++;
        else return i + 1;
      }
    }
    return bail();
  }

  /** A one-line quoted scalar; range[2] is left at its end for the caller to extend. */
  private quotedScalar(at: number): Scalar {
    const { text } = this;
    const end = this.quoteEnd(at);
    const double = text.charCodeAt(at) === DOUBLE_QUOTE;
    let value = '';
    let run = at + 1;
    for (let i = at + 1; i < end - 1; i++) {
      const c = text.charCodeAt(i);
      if (double && c === BACKSLASH) {
        const escaped = ESCAPES[text[i + 1]];
        if (escaped === undefined) bail();
        value += text.slice(run, i) + escaped;
        i++;
        run = i + 1;
      } else if (!double && c === SINGLE_QUOTE) {
        value += text.slice(run, i + 1);
        i++;
        run = i + 1;
      }
    }
    value += text.slice(run, end - 1);
    return new ScalarNode(value, double ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', at, end, end);
  }

  /** A one-line flow collection value: `[a, "b"]`, `{}`, `{name: a, command: [cat]}`; its range[2] is the next line's start. */
  private flowCollection(at: number): BlockNode {
    const node = this.flowNode(at, 0);
    node.range![2] = this.lineEnd(node.range![1]);
    return node;
  }

  /** A flow sequence or map that closes on its line; range[2] is left at its end. */
  private flowNode(at: number, depth: number): YAMLMap<Scalar, BlockNode> | YAMLSeq<BlockNode> {
    const { text, length } = this;
    if (depth > 32) bail();
    const isMap = text.charCodeAt(at) === OPEN_BRACE;
    const close = isMap ? CLOSE_BRACE : CLOSE_BRACKET;
    const map = isMap ? new MapNode() : undefined;
    const seq = isMap ? undefined : new SeqNode();
    let i = this.skipSpaces(at + 1);
    if (i < length && text.charCodeAt(i) !== close) {
      for (;;) {
        let item: BlockNode;
        if (map) {
          // `key: value` with a plain key right before its colon; `{a}`, `{a: }`, `{"a": 1}` and `{a:1}` go to yaml.
          if (!plainStart(text.charCodeAt(i), text, i)) bail();
          let colon = i + 1;
          for (; colon < length; colon++) {
            const d = text.charCodeAt(colon);
            if (d === COLON) break;
            if (d === NEWLINE || d === COMMA || d === HASH || d === OPEN_BRACKET || d === CLOSE_BRACKET || d === OPEN_BRACE || d === CLOSE_BRACE) bail();
          }
          if (colon >= length || text.charCodeAt(colon + 1) !== SPACE || text.charCodeAt(colon - 1) === SPACE) bail();
          const key = this.plainScalar(i, colon, colon);
          const valueStart = this.skipSpaces(colon + 1);
          const value = this.flowItem(valueStart, depth);
          if (value.range![1] === valueStart) bail();
          map.items.push(new PairNode(key, value));
          item = value;
        } else {
          item = this.flowItem(i, depth);
          seq!.items.push(item);
        }
        i = item.range![2];
        if (i >= length) bail();
        const separator = text.charCodeAt(i);
        if (separator === close) break;
        if (separator !== COMMA) bail();
        i = this.skipSpaces(i + 1);
        // A trailing comma (`[a, ]`) is valid YAML; rare enough to leave to `yaml`.
        if (i >= length || text.charCodeAt(i) === close) bail();
      }
    }
    if (i >= length) bail();
    const node = map ?? seq!;
    node.flow = true;
    node.range = nodeRange(at, i + 1, i + 1);
    return node;
  }

  /** An entry of a flow collection: a one-line scalar or a nested flow collection; its range[2] takes the spaces after it. */
  private flowItem(at: number, depth: number): BlockNode {
    const { text, length } = this;
    const c = text.charCodeAt(at);
    let item: BlockNode;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) item = this.quotedScalar(at);
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) item = this.flowNode(at, depth + 1);
    else {
      // `-`, like `?` and `:`, starts a flow scalar only before a character that could continue it.
      if (
        !plainStart(c, text, at) ||
        (c === DASH && (text.charCodeAt(at + 1) === COMMA || text.charCodeAt(at + 1) === CLOSE_BRACKET || text.charCodeAt(at + 1) === CLOSE_BRACE))
      )
        bail();
      let end = at + 1;
      for (; end < length; end++) {
        const d = text.charCodeAt(end);
        if (d === COMMA || d === CLOSE_BRACKET || d === CLOSE_BRACE) break;
        // Nested openings, `key: value` pairs, comments and line breaks: not this reader's.
        if (d === NEWLINE || d === COLON || d === HASH || d === OPEN_BRACKET || d === OPEN_BRACE) bail();
      }
      let valueEnd = end;
      while (text.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
      item = this.plainScalar(at, valueEnd, valueEnd);
    }
    item.range![2] = this.skipSpaces(item.range![1]);
    return item;
  }
}

/** `key:` with nothing after it on the line and no nested block: a null scalar just after the indicator and its spaces. */
function emptyScalar(at: number): Scalar {
  return new ScalarNode(null, 'PLAIN', at, at, at);
}

/** Can a plain scalar start at `at`, whose char code is `c` (block or flow context)? Indicators that start something else, or that this reader leaves to `yaml`, cannot. */
function plainStart(c: number, text: string, at: number): boolean {
  // Letters and digits first: cold, the switch below tests its cases one by one.
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return true;
  switch (c) {
    case DASH: {
      // `-x` is a scalar; `- ` is a sequence entry.
      const next = text.charCodeAt(at + 1);
      return at + 1 < text.length && next !== SPACE && next !== NEWLINE;
    }
    case NEWLINE:
    case SPACE:
    case 0x3f: // ? explicit key
    case COLON:
    case COMMA:
    case OPEN_BRACKET:
    case CLOSE_BRACKET:
    case OPEN_BRACE:
    case CLOSE_BRACE:
    case HASH:
    case 0x26: // & anchor
    case 0x2a: // * alias
    case 0x21: // ! tag
    case 0x7c: // | block scalar
    case 0x3e: // > block scalar
    case SINGLE_QUOTE:
    case DOUBLE_QUOTE:
    case 0x25: // % directive
    case 0x40: // @ reserved
    case 0x60: // ` reserved
      return false;
    default:
      return !Number.isNaN(c);
  }
}

/** The double-quoted escapes this reader decodes; any other escape is left to `yaml`. */
const ESCAPES: Record<string, string | undefined> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', ' ': ' ' };

// The YAML 1.2 core schema's plain scalar forms, in the order `yaml` tries them.
// (Null, true and false: `~`, `null`, `Null`, `NULL`, and the like for booleans, compared in resolvePlain.)
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?\d+$/;
const INT_HEX = /^0x[\dA-Fa-f]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.\d+|\d+(?:\.\d*)?)[Ee][-+]?\d+$/;
const FLOAT = /^[-+]?(?:\.\d+|\d+\.\d*)$/;

/** A plain scalar (with its `range`), its value resolved as `yaml`'s core schema does. */
function resolvePlain(source: string, start: number, end: number, rangeEnd: number): Scalar {
  const c = source.charCodeAt(0);
  if (c > 0x39) {
    // Only `~` and four- or five-letter words starting with n, t or f can be null or booleans: most
    // keys and values meet no test, `name` three string comparisons (cheaper cold than a RegExp).
    const length = source.length;
    if (length === 4) {
      // Compared rather than matched: `name` is the most common key of all.
      if (c === 0x6e || c === 0x4e)
        return new ScalarNode(source === 'null' || source === 'Null' || source === 'NULL' ? null : source, 'PLAIN', start, end, rangeEnd);
      if (c === 0x74 || c === 0x54)
        return new ScalarNode(source === 'true' || source === 'True' || source === 'TRUE' ? true : source, 'PLAIN', start, end, rangeEnd);
    } else if (length === 5) {
      if (c === 0x66 || c === 0x46)
        return new ScalarNode(source === 'false' || source === 'False' || source === 'FALSE' ? false : source, 'PLAIN', start, end, rangeEnd);
    } else if (length === 1 && c === 0x7e) return new ScalarNode(null, 'PLAIN', start, end, rangeEnd); // ~
    return new ScalarNode(source, 'PLAIN', start, end, rangeEnd);
  }
  if (!(c >= 0x30 || c === 0x2b || c === DASH || c === DOT)) return new ScalarNode(source, 'PLAIN', start, end, rangeEnd);
  if (INT_OCT.test(source)) return withFormat(new ScalarNode(parseInt(source.substring(2), 8), 'PLAIN', start, end, rangeEnd), 'OCT');
  if (INT.test(source)) return new ScalarNode(parseInt(source, 10), 'PLAIN', start, end, rangeEnd);
  if (INT_HEX.test(source)) return withFormat(new ScalarNode(parseInt(source.substring(2), 16), 'PLAIN', start, end, rangeEnd), 'HEX');
  if (FLOAT_NAN.test(source)) {
    const value = source.slice(-3).toLowerCase() === 'nan' ? NaN : source.charCodeAt(0) === DASH ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    return new ScalarNode(value, 'PLAIN', start, end, rangeEnd);
  }
  if (FLOAT_EXP.test(source)) return withFormat(new ScalarNode(parseFloat(source), 'PLAIN', start, end, rangeEnd), 'EXP');
  if (FLOAT.test(source)) {
    const scalar = new ScalarNode(parseFloat(source), 'PLAIN', start, end, rangeEnd);
    const dot = source.indexOf('.');
    if (dot !== -1 && source.charCodeAt(source.length - 1) === 0x30) scalar.minFractionDigits = source.length - dot - 1;
    return scalar;
  }
  return new ScalarNode(source, 'PLAIN', start, end, rangeEnd);
}

function withFormat(scalar: Scalar, format: string): Scalar {
  scalar.format = format;
  return scalar;
}
