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

// A collection is built once its items are read (see `emptyItems` for the array).
function initMap(this: YAMLMap<Scalar, BlockNode>, items: Array<Pair<Scalar, BlockNode>>): void {
  this.items = items;
}
initMap.prototype = MAP;
const MapNode = initMap as unknown as new (items: Array<Pair<Scalar, BlockNode>>) => YAMLMap<Scalar, BlockNode>;

function initSeq(this: YAMLSeq<BlockNode>, items: BlockNode[]): void {
  this.items = items;
}
initSeq.prototype = SEQ;
const SeqNode = initSeq as unknown as new (items: BlockNode[]) => YAMLSeq<BlockNode>;

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

/** Real pod specs nest about ten levels deep. */
const MAX_BLOCK_DEPTH = 100;

// The reader's state, in module variables rather than fields of a reader object: cold, each
// `this.field` is an inline-cache lookup (~40 instructions, a quarter of a pass), a module variable
// a context slot load. One text is read at a time (the reader calls out to nothing), and
// `readBlockYaml` lets go of the text before it returns.

/** The text being read, and its length. */
let text = '';
let length = 0;
/** Block maps and sequences open around the current position. */
let depth = 0;
/** Line start of the next content line after the node just read (-1 at the end of the text). */
let next = -1;
/** Indentation of that line. */
let nextIndent = 0;
/** End (its line feed, or the text's end) of the content line `next` starts, the line being read. */
let eol = 0;
/**
 * The comment lines between the node just read and the next content line: their indentation and
 * where each ends (after its line feed), in the first `comments` entries (the arrays are reused).
 */
const commentIndents: number[] = [];
const commentEnds: number[] = [];
let comments = 0;
/** How many of them are still unclaimed (the last ones); 0 once a node's range took them or none were there. */
let pendingComments = 0;
/** The first `#` at or after `hashFrom` (the text's length if none): lines are read in order, so one native search serves many lines. */
let hashAt = -1;
let hashFrom = 0;
/**
 * The first `:` at or after `colonFrom` (the text's length if none), kept the same way: a search
 * per line that ran to the next colon of the text made long colon-free runs (sequences of plain
 * items) quadratic.
 */
let colonAt = -1;
let colonFrom = 0;

/** The root node of `source` as `yaml` parses it (one document, no errors), or `undefined` when unsure. */
export function readBlockYaml(source: string): ParsedNode | undefined {
  if (!plainCharacters(source)) return undefined;
  text = source;
  length = source.length;
  depth = 0;
  next = -1;
  nextIndent = 0;
  eol = 0;
  comments = 0;
  pendingComments = 0;
  hashAt = -1;
  hashFrom = 0;
  colonAt = -1;
  colonFrom = 0;
  try {
    // Every node this reader builds has its range set, as `yaml`'s parsed nodes do.
    return document() as ParsedNode;
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  } finally {
    text = '';
    // The arrays outlive the read: a text with a long run of comment lines leaves them that long.
    if (commentIndents.length > 1024) commentIndents.length = commentEnds.length = 0;
  }
}

/** Printable characters and line feeds only: no tab, CR, BOM, C0/C1 control or Unicode line separator. */
// A regular expression rather than a loop: it runs compiled from the first file on, and one character class cannot backtrack.
const NOT_PLAIN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

function plainCharacters(source: string): boolean {
  return !NOT_PLAIN.test(source);
}

function bail(): never {
  throw BAIL;
}

function document(): BlockNode {
  seekContent(0, 0);
  if (next < 0) bail();
  const root = collection(next + nextIndent, nextIndent);
  if (next >= 0) bail();
  return root;
}

/**
 * Sets `next`/`nextIndent` to the first line at or after line start `from` that holds more than
 * spaces. Most lines are indented at least as far as `column`, the collection being read: one
 * native comparison skips that much indentation (cold, a charCodeAt loop costs a few builtin calls per space).
 */
function seekContent(from: number, column: number): void {
  comments = 0;
  pendingComments = 0;
  let lineStart = from;
  const indent = column > 0 && column < INDENTS.length ? INDENTS[column] : undefined;
  while (lineStart < length) {
    let at = lineStart;
    if (indent !== undefined && text.startsWith(indent, at)) at += column;
    // Bounds tested rather than left to charCodeAt's NaN: optimised code deoptimises on an index out of bounds.
    // Each character read once (cold, a read is a builtin call): `c` is the first that is not a space.
    let c = SPACE;
    while (at < length && (c = text.charCodeAt(at)) === SPACE) at++;
    if (at >= length) break;
    if (c === NEWLINE) {
      lineStart = at + 1;
      continue;
    }
    if (c === HASH) {
      const newline = text.indexOf('\n', at);
      commentIndents[comments] = at - lineStart;
      lineStart = newline < 0 ? length : newline + 1;
      commentEnds[comments] = lineStart;
      comments++;
      continue;
    }
    // Document markers and directives.
    if (at === lineStart && (c === DASH || c === DOT || c === 0x25) && (c === 0x25 || text.startsWith(c === DASH ? '---' : '...', at))) bail();
    pendingComments = comments;
    next = lineStart;
    nextIndent = at - lineStart;
    const newline = text.indexOf('\n', at);
    eol = newline < 0 ? length : newline;
    return;
  }
  pendingComments = comments;
  next = -1;
  nextIndent = 0;
}

function isSequenceIndicator(at: number): boolean {
  if (text.charCodeAt(at) !== DASH) return false;
  return at + 1 >= length || text.charCodeAt(at + 1) === SPACE || text.charCodeAt(at + 1) === NEWLINE;
}

/**
 * Block collections open: deep nesting goes to `yaml`, which reports it (past ~900 levels it runs
 * out of stack) where our recursion would either pass it silently or throw a RangeError.
 */
function enter(): void {
  if (++depth > MAX_BLOCK_DEPTH) bail();
}

/** A block map or sequence whose first line has its content at `at`, column `column`. */
function collection(at: number, column: number): YAMLMap<Scalar, BlockNode> | YAMLSeq<BlockNode> {
  return isSequenceIndicator(at) ? sequence(at, column) : map(at, column, keyColon(at));
}

/** A block map whose first key starts at `at`, column `column`, with its colon at `firstColon` (-1: no key there). */
function map(at: number, column: number, firstColon: number): YAMLMap<Scalar, BlockNode> {
  enter();
  const items = emptyItems<Pair<Scalar, BlockNode>>();
  let keyStart = at;
  let colon = firstColon;
  for (;;) {
    if (colon < 0) bail();
    const key = resolvePlain(text.slice(keyStart, colon), text.charCodeAt(keyStart), keyStart, colon, colon);
    let valueStart = colon + 1;
    // Each character read once (cold, a read is a builtin call): `c` is the first that is not a space.
    let c = NEWLINE;
    while (valueStart < length && (c = text.charCodeAt(valueStart)) === SPACE) valueStart++;
    let value: BlockNode;
    if (valueStart >= length || c === NEWLINE || (c === HASH && valueStart > colon + 1)) {
      // Nothing more on the line than (perhaps) a comment: a nested block or an empty value.
      seekContent(eol < length ? eol + 1 : length, column);
      if (next >= 0 && nextIndent > column) value = collection(next + nextIndent, nextIndent);
      else if (next >= 0 && nextIndent === column && isSequenceIndicator(next + column)) value = sequence(next + column, column);
      else {
        // A comment after an empty value extends its range in ways not worth copying.
        if (c === HASH || comments > 0) bail();
        value = emptyScalar(valueStart);
      }
    } else value = inlineEntry(valueStart, c, column);
    items.push(new PairNode(key, value));
    if (next < 0 || nextIndent < column) return close(new MapNode(items), at, value, column);
    if (nextIndent > column) bail();
    // A `- ` here bails too: keyColon finds no key in a sequence entry.
    keyStart = next + column;
    colon = keyColon(keyStart);
  }
}

function sequence(at: number, column: number): YAMLSeq<BlockNode> {
  enter();
  const items = emptyItems<BlockNode>();
  let dash = at;
  for (;;) {
    let itemStart = dash + 1;
    // Each character read once, as in `map`.
    let c = NEWLINE;
    while (itemStart < length && (c = text.charCodeAt(itemStart)) === SPACE) itemStart++;
    let item: BlockNode;
    let colon: number;
    if (itemStart >= length || c === NEWLINE) {
      seekContent(itemStart + 1, column);
      if (next >= 0 && nextIndent > column) item = collection(next + nextIndent, nextIndent);
      else {
        if (comments > 0) bail();
        item = emptyScalar(itemStart);
      }
    } else if (c === DASH && isSequenceIndicator(itemStart)) {
      bail();
    } else if ((colon = keyColon(itemStart)) >= 0) {
      // `- name: x`: a map whose keys line up with `name` (the dash is on the line `next` starts).
      item = map(itemStart, itemStart - next, colon);
    } else item = inlineEntry(itemStart, c, column);
    items.push(item);
    // A key at the sequence's column ends a sequence that is a map value at the key's column.
    if (next < 0 || nextIndent < column || (nextIndent === column && !isSequenceIndicator(next + column))) {
      return close(new SeqNode(items), at, item, column);
    }
    if (nextIndent > column) bail();
    dash = next + column;
  }
}

/** A value on the rest of its line, with the comment lines that belong to it, in a collection at `column`. */
function inlineEntry(at: number, c: number, column: number): BlockNode {
  const value = inlineValue(at, c);
  seekContent(value.range![2], column);
  if (comments > 0) absorbComments(value, column);
  // A more indented line would continue a plain scalar or be an error.
  if (next >= 0 && nextIndent > column) bail();
  return value;
}

/** Ends the block collection at `column` whose last entry is `last`: its range, with the comment lines it keeps. */
function close<T extends YAMLMap<Scalar, BlockNode> | YAMLSeq<BlockNode>>(node: T, at: number, last: BlockNode, column: number): T {
  const end = last.range![2];
  node.range = nodeRange(at, end, pendingComments === 0 || column === 0 ? end : closeWithComments(column, end));
  depth--;
  return node;
}

/**
 * Comment lines right after a one-line value, more indented than its collection (blank lines
 * between allowed), belong to the value in `yaml`: its range[2] runs to the end of the last one.
 * The rest stay pending for `closeWithComments`.
 */
function absorbComments(value: BlockNode, column: number): void {
  let absorbed = 0;
  while (absorbed < comments && commentIndents[absorbed] > column) absorbed++;
  if (absorbed > 0) value.range![2] = commentEnds[absorbed - 1];
  pendingComments = comments - absorbed;
}

/**
 * range[2] of a collection at `column` (not 0) that ends here with comment lines pending after its
 * last item: they stay with it (up to the next content) when one of them is at least as indented
 * as the collection; otherwise they pass to the collection around it.
 */
function closeWithComments(column: number, end: number): number {
  for (let i = comments - pendingComments; i < comments; i++) {
    if (commentIndents[i] >= column) {
      pendingComments = 0;
      return next >= 0 ? next + nextIndent : length;
    }
  }
  return end;
}

function skipSpaces(at: number): number {
  while (at < length && text.charCodeAt(at) === SPACE) at++;
  return at;
}

/**
 * If a plain implicit key starts at `at` (`name: …`, `name:` at the line end), the offset of its
 * colon; -1 if the line holds no key there. Keys this reader does not handle bail.
 */
function keyColon(at: number): number {
  const first = text.charCodeAt(at);
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
    // A quoted key is rare in pod YAML; a quoted value followed by `:` is an error.
    const after = skipSpaces(quoteEnd(at));
    if (after < length && text.charCodeAt(after) === COLON) bail();
    return -1;
  }
  // Most keys start with a lower-case letter: no call to plainStart for them.
  if (!(first >= 0x61 && first <= 0x7a) && !plainStart(first, at)) return -1;
  const colon = indicatorColon(at + 1, contentEnd(at + 1));
  if (colon < 0) return -1;
  // Space before the colon, or a key longer than `yaml`'s 1024-character limit: leave it to `yaml`.
  if (text.charCodeAt(colon - 1) === SPACE || colon - at > 1000) bail();
  return colon;
}

// Lines are searched with native `indexOf` rather than character by character: cold, a loop
// runs a few builtin calls per character, a search a few per line.

/** The first `:` in [from, end) followed by a space, a line feed or the text's end (a mapping indicator); -1 if none. */
function indicatorColon(from: number, end: number): number {
  let colon = colonAt;
  if (colon < from || from < colonFrom) colon = nextColon(from);
  while (colon < end) {
    const after = colon + 1;
    if (after >= length) return colon;
    const c = text.charCodeAt(after);
    if (c === SPACE || c === NEWLINE) return colon;
    colon = nextColon(after);
  }
  return -1;
}

/** The first `:` at or after `from` (the text's length if none), kept for the next lines. */
function nextColon(from: number): number {
  const colon = text.indexOf(':', from);
  colonAt = colon < 0 ? length : colon;
  colonFrom = from;
  return colonAt;
}

/** Where the content of the line being read ends, from `from` on: at the `#` of its first ` #` comment at or after `from`, else at `eol`. */
function contentEnd(from: number): number {
  let hash = hashAt;
  if (hash < from || from < hashFrom) {
    hash = text.indexOf('#', from);
    if (hash < 0) hash = length;
    hashAt = hash;
    hashFrom = from;
  }
  while (hash < eol) {
    if (text.charCodeAt(hash - 1) === SPACE) return hash;
    hash = text.indexOf('#', hash + 1);
    if (hash < 0) return eol;
  }
  return eol;
}

/** A scalar or flow collection that starts at `at` (char code `c`) and ends on its line; its range[2] is the next line's start. */
function inlineValue(at: number, c: number): BlockNode {
  if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
    const scalar = quotedScalar(at);
    scalar.range![2] = lineEnd(scalar.range![1]);
    return scalar;
  }
  if (c === OPEN_BRACKET || c === OPEN_BRACE) return flowCollection(at);
  if (!(c >= 0x61 && c <= 0x7a) && !plainStart(c, at)) bail();
  let end = contentEnd(at + 1);
  // `a: b: c` is a nested mapping on one line, an error.
  if (indicatorColon(at + 1, end) >= 0) bail();
  while (text.charCodeAt(end - 1) === SPACE) end--;
  // Only spaces, perhaps a ` #` comment (see contentEnd), and the line's end follow: what lineEnd would find.
  return resolvePlain(text.slice(at, end), c, at, end, eol < length ? eol + 1 : length);
}

/** After a value ending at `at`: spaces, an optional comment, the line feed. The offset after them; bails on anything else. */
function lineEnd(at: number): number {
  const afterSpaces = skipSpaces(at);
  if (afterSpaces >= length) return length;
  const c = text.charCodeAt(afterSpaces);
  if (c === NEWLINE) return afterSpaces + 1;
  // A comment runs to the end of the line being read.
  if (c === HASH && afterSpaces > at) return eol < length ? eol + 1 : length;
  return bail();
}

/** Offset after the closing quote of the one-line quoted scalar at `at`; bails if it does not close on its line. */
function quoteEnd(at: number): number {
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
function quotedScalar(at: number): Scalar {
  const end = quoteEnd(at);
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
function flowCollection(at: number): BlockNode {
  const node = flowNode(at, 0);
  node.range![2] = lineEnd(node.range![1]);
  return node;
}

/** A flow sequence or map that closes on its line; range[2] is left at its end. */
function flowNode(at: number, flowDepth: number): YAMLMap<Scalar, BlockNode> | YAMLSeq<BlockNode> {
  if (flowDepth > 32) bail();
  const isMap = text.charCodeAt(at) === OPEN_BRACE;
  const closer = isMap ? CLOSE_BRACE : CLOSE_BRACKET;
  const pairs = isMap ? emptyItems<Pair<Scalar, BlockNode>>() : undefined;
  const items = isMap ? undefined : emptyItems<BlockNode>();
  let i = skipSpaces(at + 1);
  if (i < length && text.charCodeAt(i) !== closer) {
    for (;;) {
      let item: BlockNode;
      if (pairs) {
        // `key: value` with a plain key right before its colon; `{a}`, `{a: }`, `{"a": 1}` and `{a:1}` go to yaml.
        if (!plainStart(text.charCodeAt(i), i)) bail();
        let colon = i + 1;
        for (; colon < length; colon++) {
          const d = text.charCodeAt(colon);
          if (d === COLON) break;
          if (d === NEWLINE || d === COMMA || d === HASH || d === OPEN_BRACKET || d === CLOSE_BRACKET || d === OPEN_BRACE || d === CLOSE_BRACE) bail();
        }
        if (colon >= length || text.charCodeAt(colon + 1) !== SPACE || text.charCodeAt(colon - 1) === SPACE) bail();
        const key = resolvePlain(text.slice(i, colon), text.charCodeAt(i), i, colon, colon);
        const valueStart = skipSpaces(colon + 1);
        const value = flowItem(valueStart, flowDepth);
        if (value.range![1] === valueStart) bail();
        pairs.push(new PairNode(key, value));
        item = value;
      } else {
        item = flowItem(i, flowDepth);
        items!.push(item);
      }
      i = item.range![2];
      if (i >= length) bail();
      const separator = text.charCodeAt(i);
      if (separator === closer) break;
      if (separator !== COMMA) bail();
      i = skipSpaces(i + 1);
      // A trailing comma (`[a, ]`) is valid YAML; rare enough to leave to `yaml`.
      if (i >= length || text.charCodeAt(i) === closer) bail();
    }
  }
  if (i >= length) bail();
  const node = pairs ? new MapNode(pairs) : new SeqNode(items!);
  node.flow = true;
  node.range = nodeRange(at, i + 1, i + 1);
  return node;
}

/** An entry of a flow collection: a one-line scalar or a nested flow collection; its range[2] takes the spaces after it. */
function flowItem(at: number, flowDepth: number): BlockNode {
  const c = text.charCodeAt(at);
  let item: BlockNode;
  if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) item = quotedScalar(at);
  else if (c === OPEN_BRACKET || c === OPEN_BRACE) item = flowNode(at, flowDepth + 1);
  else {
    // `-`, like `?` and `:`, starts a flow scalar only before a character that could continue it.
    if (
      !plainStart(c, at) ||
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
    item = resolvePlain(text.slice(at, valueEnd), c, at, valueEnd, valueEnd);
  }
  item.range![2] = skipSpaces(item.range![1]);
  return item;
}

/** `key:` with nothing after it on the line and no nested block: a null scalar just after the indicator and its spaces. */
function emptyScalar(at: number): Scalar {
  return new ScalarNode(null, 'PLAIN', at, at, at);
}

/** Can a plain scalar start at `at`, whose char code is `c` (block or flow context)? Indicators that start something else, or that this reader leaves to `yaml`, cannot. */
function plainStart(c: number, at: number): boolean {
  // Letters and digits first: cold, the switch below tests its cases one by one.
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return true;
  switch (c) {
    case DASH: {
      // `-x` is a scalar; `- ` is a sequence entry.
      const following = text.charCodeAt(at + 1);
      return at + 1 < length && following !== SPACE && following !== NEWLINE;
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

/** A plain scalar (with its `range`), its value resolved as `yaml`'s core schema does; `c` is its first char code. */
function resolvePlain(source: string, c: number, start: number, end: number, rangeEnd: number): Scalar {
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
