/**
 * Line numbers of offsets: the one place that counts lines. Rules, fixes and messages ask here
 * instead of counting newlines themselves.
 */

/** The index of the last entry of the ascending `sorted` that is `<= value`; 0 when none is. */
export function indexAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (sorted[mid] <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The offset each line of `text` starts at (`\n` ends a line; a `\r` before it belongs to the line). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  // indexOf, not a charCodeAt loop: the loop runs cold in a one-shot `check` (several times slower there).
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 0-based line of `offset`, given the text's `lineStarts`. */
export function lineIndexOf(starts: readonly number[], offset: number): number {
  return indexAtOrBefore(starts, offset);
}

let lastText: string | undefined;
let lastStarts: number[] = [];

/**
 * The 1-based line of `offset` in `text`, as messages print it. The line starts of the last text
 * asked about are kept, so a planner that names many lines of one file counts its lines once.
 */
export function lineNumberOf(text: string, offset: number): number {
  if (text !== lastText) {
    lastText = text;
    lastStarts = lineStarts(text);
  }
  return lineIndexOf(lastStarts, offset) + 1;
}

/**
 * `TextDocument.positionAt` for a text without `\r` (so only `\n` ends a line: no `\r\n` or lone
 * `\r` to step around), undefined for any other text. Its line starts are found with indexOf once
 * asked for; positionAt's first call scans the text a character at a time, cold in a one-shot `check`.
 */
export function positionsWithoutCr(text: string): ((offset: number) => { line: number; character: number }) | undefined {
  if (text.includes('\r')) return undefined;
  let starts: number[] | undefined;
  return (offset) => {
    starts ??= lineStarts(text);
    const clamped = Math.max(Math.min(offset, text.length), 0);
    const line = indexAtOrBefore(starts, clamped);
    return { line, character: clamped - starts[line] };
  };
}
