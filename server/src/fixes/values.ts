/**
 * Values carried from the old build into the executor command: literal text and Groovy
 * interpolations (`${env.BUILD_ID}`) kept apart, so each can be written back correctly into
 * a literal of any quote kind.
 */
import type * as ast from '../parser/ast';
import type { MappedText } from '../parser/strings';
import { escapeForLiteral, isGStringQuote } from './text';

export type Segment = { kind: 'text'; text: string } | { kind: 'groovy'; source: string };
export type Value = Segment[];

export function textValue(text: string): Value {
  return text === '' ? [] : [{ kind: 'text', text }];
}

export function concatValues(...values: Value[]): Value {
  const out: Value = [];
  for (const value of values) {
    for (const segment of value) {
      const last = out[out.length - 1];
      if (segment.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + segment.text };
      else if (segment.kind !== 'text' || segment.text !== '') out.push(segment);
    }
  }
  return out;
}

/** The value as the Groovy source of a GString body would show it (`app:${env.BUILD_ID}`), for identity and messages. */
export function valueKey(value: Value): string {
  return value.map((s) => (s.kind === 'text' ? s.text : '${' + s.source + '}')).join('');
}

export function hasGroovy(value: Value): boolean {
  return value.some((s) => s.kind === 'groovy');
}

/** Writes the value between the delimiters of a `quote` literal; undefined when it interpolates and the literal cannot. */
export function renderValue(value: Value, quote: ast.StringQuote, around?: { before: string; after: string }): string | undefined {
  if (hasGroovy(value) && !isGStringQuote(quote)) return undefined;
  return value
    .map((s, i) => {
      if (s.kind === 'groovy') return '${' + s.source + '}';
      const before = i === 0 ? around?.before : '}';
      const after = i === value.length - 1 ? around?.after : '$';
      return escapeForLiteral(s.text, quote, around ? { before: before ?? '', after: after ?? '' } : undefined);
    })
    .join('');
}

/** `mapped.text[start, end)` as a value: interpolation spans become Groovy segments. */
export function valueFromMapped(mapped: MappedText, start: number, end: number): Value {
  const out: Value = [];
  let cursor = start;
  const spans = [...mapped.interpolations].sort((a, b) => a.start - b.start);
  for (const span of spans) {
    if (span.end <= start || span.start >= end) continue;
    if (span.start < start || span.end > end) {
      // A word boundary inside an interpolation: keep the text as it reads.
      continue;
    }
    if (span.start > cursor) out.push({ kind: 'text', text: mapped.text.slice(cursor, span.start) });
    out.push({ kind: 'groovy', source: interpolationSource(mapped.text.slice(span.start, span.end)) });
    cursor = span.end;
  }
  if (cursor < end) out.push({ kind: 'text', text: mapped.text.slice(cursor, end) });
  return concatValues(out);
}

/** `${expr}` → `expr`, `$name.x` → `name.x`. */
function interpolationSource(raw: string): string {
  if (raw.startsWith('${') && raw.endsWith('}')) return raw.slice(2, -1);
  if (raw.startsWith('$')) return raw.slice(1);
  return raw;
}

/** Splits a value at text offsets (offsets over `valueKey`-less flat text: text segments count their length, Groovy segments count 0). */
export interface FlatChar {
  segment: number;
  offset: number;
}

/** Index of the last `ch` in the value's text segments, as [segment, offset]; undefined if none. */
export function lastTextIndex(value: Value, ch: string): FlatChar | undefined {
  for (let i = value.length - 1; i >= 0; i--) {
    const segment = value[i];
    if (segment.kind !== 'text') continue;
    const at = segment.text.lastIndexOf(ch);
    if (at >= 0) return { segment: i, offset: at };
  }
  return undefined;
}

export function comparePositions(a: FlatChar | undefined, b: FlatChar | undefined): number {
  if (!a && !b) return 0;
  if (!a) return -1;
  if (!b) return 1;
  return a.segment - b.segment || a.offset - b.offset;
}

/** The parts before and after one character position. */
export function splitAt(value: Value, at: FlatChar): [Value, Value] {
  const before: Value = value.slice(0, at.segment);
  const after: Value = value.slice(at.segment + 1);
  const segment = value[at.segment] as { kind: 'text'; text: string };
  return [concatValues(before, textValue(segment.text.slice(0, at.offset))), concatValues(textValue(segment.text.slice(at.offset + 1)), after)];
}

/** Whether a Groovy segment follows the position (or the value has one when `at` is undefined). */
export function groovyAfter(value: Value, at: FlatChar | undefined): boolean {
  return value.some((s, i) => s.kind === 'groovy' && (!at || i > at.segment));
}

export function startsWithText(value: Value, prefix: string): boolean {
  return value[0]?.kind === 'text' && value[0].text.startsWith(prefix);
}

/** Drops `count` characters from the first (text) segment. */
export function dropPrefix(value: Value, count: number): Value {
  if (value[0]?.kind !== 'text') return value;
  return concatValues(textValue(value[0].text.slice(count)), value.slice(1));
}
