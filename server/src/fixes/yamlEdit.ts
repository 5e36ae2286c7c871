/**
 * Surgical edits of pod YAML that lives in a Groovy string literal (or in a file of its own: quote
 * `raw`, nothing escaped, offsets are the file's). Positions are YAML-text
 * offsets (as the `yaml` parser reports them); each edit is mapped back to the Jenkinsfile
 * through the literal's `toSource`, with new lines re-indented for `.stripIndent()` and
 * escaped for the literal's quote kind. Everything not named by an edit stays byte for byte.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { StringQuote } from '../parser/ast';
import { sourceSpan, type MappedText } from '../parser/strings';
import type { TextEdit } from './apply';
import { escapeForLiteral, isBlank, lineEndOf, lineStartOf, nextLineStart } from './text';

type Ranged = { range?: [number, number, number] | null };

export class YamlEditor {
  private readonly inline: Array<{ start: number; end: number; value: string }> = [];
  private readonly removals: Array<{ start: number; end: number }> = [];
  private readonly insertions: Array<{ at: number; lines: string[] }> = [];
  /** Indentation `.stripIndent()` removed from every line (empty when nothing was stripped). */
  private readonly prefix: string;

  constructor(
    /** The Jenkinsfile. */
    private readonly source: string,
    /** The YAML text and its mapping. */
    readonly yaml: MappedText,
    private readonly quote: StringQuote | 'raw',
  ) {
    this.prefix = this.strippedPrefix();
  }

  get text(): string {
    return this.yaml.text;
  }

  column(offset: number): number {
    return offset - lineStartOf(this.text, offset);
  }

  /** Replace `[start, end)` (within one line, or joining lines) by `value`. */
  replaceInline(start: number, end: number, value: string): void {
    this.inline.push({ start, end, value });
  }

  /** Remove whole lines `[start, end)` (both line starts, or the end of the text). */
  removeLines(start: number, end: number): void {
    if (end > start) this.removals.push({ start, end });
  }

  /** Insert whole lines (each with its YAML indentation) after the line that contains `offset`. */
  insertAfterLine(offset: number, lines: string[]): void {
    if (lines.length > 0) this.insertions.push({ at: lineEndOf(this.text, offset), lines });
  }

  /** The edits in Jenkinsfile offsets. */
  toSourceEdits(): TextEdit[] {
    const result: TextEdit[] = [];
    for (const edit of this.inline) {
      // The source of the last replaced character ends the range, so a line break after it (\r\n) stays whole.
      const span =
        edit.end > edit.start ? sourceSpan(this.yaml, edit.start, edit.end) : { start: this.yaml.toSource(edit.start), end: this.yaml.toSource(edit.start) };
      result.push({ ...span, newText: this.escape(edit.value) });
    }
    for (const edit of this.removals) {
      result.push({ start: this.yaml.toSource(edit.start), end: this.yaml.toSource(edit.end), newText: '' });
    }
    const placed = this.insertions.map((insertion, order) => ({ ...insertion, at: this.outsideRemovals(insertion.at), order }));
    placed.sort((a, b) => a.at - b.at || a.order - b.order);
    for (const insertion of placed) {
      // At a line's end (its newline, or the end of the text): each new line starts with a break.
      const newText = insertion.lines.map((line) => '\n' + this.prefix + line).join('');
      let at = this.yaml.toSource(insertion.at);
      // Before a whole \r\n, never between its characters.
      if (this.source[at - 1] === '\r' && this.source[at] === '\n') at--;
      result.push({ start: at, end: at, newText: this.escape(newText) });
    }
    return result;
  }

  private escape(text: string): string {
    return this.quote === 'raw' ? text : escapeForLiteral(text, this.quote);
  }

  /** An insertion point inside removed lines moves to the end of the line before them. */
  private outsideRemovals(at: number): number {
    for (let guard = 0; guard < 1000; guard++) {
      const hit = this.removals.find((r) => r.start <= at && at < r.end);
      if (!hit || hit.start === 0) return at;
      at = hit.start - 1;
    }
    return at;
  }

  private strippedPrefix(): string {
    const match = /\S/.exec(this.text);
    if (!match) return '';
    const lineStart = lineStartOf(this.text, match.index);
    // Text on the opening delimiter's line was never indented.
    if (lineStart === 0) return '';
    const at = this.yaml.toSource(lineStart);
    const before = this.source.slice(lineStartOf(this.source, at), at);
    return isBlank(before) ? before : '';
  }

  // -- structure -------------------------------------------------------------------

  /** Offset after the last non-blank character of a node's content. */
  contentEnd(node: Ranged | null | undefined, fallback: number): number {
    if (!node?.range) return fallback;
    let end = node.range[1];
    while (end > node.range[0] && /\s/.test(this.text[end - 1])) end--;
    return end;
  }

  /** Start of the comment-only lines directly above `lineStart` (indented at least `column`). */
  private leadingCommentsStart(lineStart: number, column: number): number {
    let start = lineStart;
    while (start > 0) {
      const previous = lineStartOf(this.text, start - 1);
      const line = this.text.slice(previous, start - 1);
      const trimmed = line.trimStart();
      if (!trimmed.startsWith('#') || line.length - trimmed.length < column) break;
      start = previous;
    }
    return start;
  }

  /** Line range of a block-map pair: its leading comments, key line(s) and value lines. */
  pairLines(pair: Pair): { start: number; end: number; keyStart: number } | undefined {
    const key = pair.key as Ranged | null;
    if (!key?.range) return undefined;
    const keyStart = key.range[0];
    const contentEnd = this.contentEnd(pair.value as Ranged | null, key.range[1]);
    const lineStart = lineStartOf(this.text, keyStart);
    if (!isBlank(this.text.slice(lineStart, keyStart))) return undefined; // first key after `- `: callers handle it
    return { start: this.leadingCommentsStart(lineStart, this.column(keyStart)), end: nextLineStart(this.text, contentEnd), keyStart };
  }

  /** Line range of a block-sequence item, from its `-` line. */
  itemLines(item: Ranged): { start: number; end: number; dash: number } | undefined {
    if (!item.range) return undefined;
    let dash = item.range[0] - 1;
    while (dash >= 0 && /\s/.test(this.text[dash])) dash--;
    if (dash < 0 || this.text[dash] !== '-') return undefined;
    const lineStart = lineStartOf(this.text, dash);
    if (!isBlank(this.text.slice(lineStart, dash))) return undefined;
    const end = nextLineStart(this.text, this.contentEnd(item, item.range[1]));
    return { start: this.leadingCommentsStart(lineStart, this.column(dash)), end, dash };
  }

  /** Removes block-sequence items with their lines; false (stopping there) at one whose lines cannot be found. */
  removeItems(items: Iterable<unknown>): boolean {
    for (const item of items) {
      const lines = this.itemLines(item as Ranged);
      if (!lines) return false;
      this.removeLines(lines.start, lines.end);
    }
    return true;
  }

  /** Whether a collection is written in block style (not `[…]` / `{…}`). */
  isBlock(node: unknown): boolean {
    if (isMap(node) || isSeq(node)) return !(node as YAMLMap | YAMLSeq).flow;
    return false;
  }

  /**
   * Removes a pair of a block map. The first pair of a sequence item (`- name: x`) is removed
   * by pulling the next key onto the dash line.
   */
  removePair(map: YAMLMap, pair: Pair): boolean {
    const lines = this.pairLines(pair);
    if (lines) {
      this.removeLines(lines.start, lines.end);
      return true;
    }
    const index = map.items.indexOf(pair);
    const next = map.items[index + 1];
    const key = pair.key as Ranged | null;
    const nextKey = next ? (next.key as Ranged | null) : undefined;
    if (!key?.range || !nextKey?.range) return false;
    const nextLines = this.pairLines(next);
    const nextStart = nextLines ? nextLines.keyStart : nextKey.range[0];
    this.replaceInline(key.range[0], nextStart, '');
    return true;
  }

  /** Offset just after the last line of a map's (or sequence's) content. */
  endOfLines(node: Ranged): number {
    return nextLineStart(this.text, this.contentEnd(node, node.range?.[1] ?? this.text.length));
  }

  /** Column of the keys of a block map. */
  mapColumn(map: YAMLMap): number | undefined {
    const first = map.items[0]?.key as Ranged | undefined;
    return first?.range ? this.column(first.range[0]) : undefined;
  }

  /** Column of the dashes of a block sequence, and the column of its items' content. */
  seqColumns(seq: YAMLSeq): { dash: number; content: number } | undefined {
    const item = seq.items[0] as Ranged | undefined;
    if (!item?.range) return undefined;
    const lines = this.itemLines(item);
    if (!lines) return undefined;
    return { dash: this.column(lines.dash), content: this.column(item.range[0]) };
  }

  /**
   * How this document indents a sequence under a key: the dash's offset from the key column
   * (0 for `key:\n- a`, 2 for `key:\n  - a`), learned from the first block sequence found.
   */
  sequenceStyle(root: unknown): { dashOffset: number; itemOffset: number } {
    let found: { dashOffset: number; itemOffset: number } | undefined;
    const visit = (node: unknown, depth: number): void => {
      if (found || depth > 50) return;
      if (isMap(node)) {
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const key = pair.key as Ranged | null;
          if (isSeq(pair.value) && !pair.value.flow && key?.range) {
            const columns = this.seqColumns(pair.value);
            if (columns) {
              found = { dashOffset: columns.dash - this.column(key.range[0]), itemOffset: columns.content - columns.dash };
              return;
            }
          }
          visit(pair.value, depth + 1);
        }
      } else if (isSeq(node)) {
        for (const item of node.items) visit(item, depth + 1);
      }
    };
    visit(root, 0);
    return found && found.dashOffset >= 0 && found.itemOffset > 0 ? found : { dashOffset: 2, itemOffset: 2 };
  }

  /** Indentation step of nested maps (2 by default). */
  mapStep(root: unknown): number {
    let step: number | undefined;
    const visit = (node: unknown, depth: number): void => {
      if (step !== undefined || depth > 50 || !isMap(node)) return;
      const column = this.mapColumn(node);
      for (const pair of node.items) {
        if (isPair(pair) && isMap(pair.value) && !pair.value.flow) {
          const inner = this.mapColumn(pair.value);
          if (column !== undefined && inner !== undefined && inner > column) {
            step = inner - column;
            return;
          }
        }
        if (isPair(pair)) visit(pair.value, depth + 1);
      }
    };
    visit(root, 0);
    return step ?? 2;
  }
}

export function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((item): item is Pair => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
}

export function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

export type { Node };
