/** Line, indentation and quoting helpers shared by the fixes. Pure string functions. */
import type { StringQuote } from '../parser/ast';

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line's `\n` (or the end of the text). */
export function lineEndOf(text: string, offset: number): number {
  const index = text.indexOf('\n', offset);
  return index < 0 ? text.length : index;
}

/** Offset just past the line's `\n` (or the end of the text). */
export function nextLineStart(text: string, offset: number): number {
  const end = lineEndOf(text, offset);
  return end < text.length ? end + 1 : end;
}

/** Leading blanks of the line that contains `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

export function isBlank(text: string): boolean {
  return /^[ \t\r]*$/.test(text);
}

/** Whether only blanks precede `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return isBlank(text.slice(lineStartOf(text, offset), offset));
}

/**
 * The file's indentation unit: a tab when lines are tab-indented, else the most common
 * increase of indentation from one code line to the next (2 when nothing tells).
 */
export function detectIndentUnit(text: string): string {
  const lines = text.split('\n').filter((line) => !isBlank(line));
  let tabs = 0;
  const increases = new Map<number, number>();
  let previous = 0;
  for (const line of lines) {
    const indent = /^[ \t]*/.exec(line)![0];
    if (indent.startsWith('\t')) tabs++;
    const width = indent.length;
    if (width > previous && !indent.includes('\t')) increases.set(width - previous, (increases.get(width - previous) ?? 0) + 1);
    previous = width;
  }
  if (tabs > lines.length / 2) return '\t';
  let best = 2;
  let bestCount = 0;
  for (const [width, count] of increases) {
    if (width <= 8 && (count > bestCount || (count === bestCount && width < best))) {
      best = width;
      bestCount = count;
    }
  }
  return ' '.repeat(best);
}

/** Whether the literal interpolates `${…}` (a GString). */
export function isGStringQuote(quote: StringQuote): boolean {
  return quote === '"' || quote === '"""' || quote === '/' || quote === '$/';
}

/**
 * Escapes plain text so that, written between the delimiters of a literal of kind `quote`,
 * it reads back as exactly `text` (no interpolation, no escape surprises).
 */
export function escapeForLiteral(text: string, quote: StringQuote, around?: { before: string; after: string }): string {
  let out = '';
  const chars = [...text];
  // In a triple-quoted literal a lone quote is plain text; only one that could meet another
  // (next to a quote, or at either end of the inserted text) needs its escape.
  const risky = (i: number, q: string) =>
    chars[i - 1] === q ||
    chars[i + 1] === q ||
    (i === 0 && (around ? around.before === q : true)) ||
    (i === chars.length - 1 && (around ? around.after === q || around.after === '' : true));
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    switch (quote) {
      case "'":
      case "'''":
        if (ch === '\\') out += '\\\\';
        else if (ch === "'" && (quote === "'" || risky(i, "'"))) out += "\\'";
        else if (ch === '\n' && quote === "'") out += '\\n';
        else if (ch === '\r' && quote === "'") out += '\\r';
        else out += ch;
        break;
      case '"':
      case '"""':
        if (ch === '\\') out += '\\\\';
        else if (ch === '"' && (quote === '"' || risky(i, '"'))) out += '\\"';
        else if (ch === '$') out += '\\$';
        else if (ch === '\n' && quote === '"') out += '\\n';
        else if (ch === '\r' && quote === '"') out += '\\r';
        else out += ch;
        break;
      case '/':
        if (ch === '/') out += '\\/';
        else if (ch === '$') out += "${'$'}";
        else out += ch;
        break;
      case '$/':
        if (ch === '$') out += '$$';
        else if (ch === '/') out += '$/';
        else out += ch;
        break;
    }
  }
  return out;
}

/** Shell-quotes a word when it holds characters the shell would interpret. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
