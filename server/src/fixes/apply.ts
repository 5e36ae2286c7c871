/**
 * Text edits in Jenkinsfile offsets and their application. Fixes never touch text directly:
 * they return edits, so the editor (WorkspaceEdit) and the CLI apply exactly the same change.
 */

export interface TextEdit {
  /** UTF-16 offset of the first replaced character. */
  start: number;
  /** Offset after the last replaced character (`start` for an insertion). */
  end: number;
  newText: string;
}

export type ApplyResult = { ok: true; text: string } | { ok: false; error: string; conflict: [TextEdit, TextEdit] | [TextEdit] };

/**
 * Edits sorted by position; insertions at the same offset keep their given order, and an
 * insertion at an offset sorts before a replacement starting there.
 */
export function sortEdits(edits: readonly TextEdit[]): TextEdit[] {
  return edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index)
    .map((entry) => entry.edit);
}

/** The first pair of edits that touch the same characters, or an edit outside the text. */
export function findConflict(edits: readonly TextEdit[], textLength: number): [TextEdit, TextEdit] | [TextEdit] | undefined {
  const sorted = sortEdits(edits);
  for (const edit of sorted) {
    if (!(edit.start >= 0 && edit.end >= edit.start && edit.end <= textLength)) return [edit];
  }
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    // Touching is fine ([a,b) then [b,c)); an insertion strictly inside a replacement is not.
    if (current.start < previous.end) return [previous, current];
  }
  return undefined;
}

/** Applies non-overlapping edits. Never throws: overlapping or out-of-range edits give an error value. */
export function applyEdits(text: string, edits: readonly TextEdit[]): ApplyResult {
  const conflict = findConflict(edits, text.length);
  if (conflict) {
    const describe = (e: TextEdit) => `[${e.start}, ${e.end})`;
    return {
      ok: false,
      error:
        conflict.length === 1
          ? `edit ${describe(conflict[0])} lies outside the text (length ${text.length})`
          : `edits ${describe(conflict[0])} and ${describe(conflict[1])} overlap`,
      conflict,
    };
  }
  let result = '';
  let cursor = 0;
  for (const edit of sortEdits(edits)) {
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return { ok: true, text: result + text.slice(cursor) };
}

/** Drops edits that change nothing and merges insertions at one offset, keeping their order. */
export function normalizeEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const result: TextEdit[] = [];
  for (const edit of sortEdits(edits)) {
    if (edit.newText === text.slice(edit.start, edit.end)) continue;
    const last = result[result.length - 1];
    if (last && last.start === last.end && edit.start === edit.end && last.start === edit.start) {
      result[result.length - 1] = { start: last.start, end: last.end, newText: last.newText + edit.newText };
      continue;
    }
    result.push(edit);
  }
  return result;
}

/**
 * New text follows the line break of the line it edits (`\r\n` or `\n`; the line before it when
 * the edit is on a last line without one), so one CRLF line in an LF file, or the reverse, does not
 * decide the line breaks of every inserted line.
 */
export function withLineEndings(text: string, edits: readonly TextEdit[]): TextEdit[] {
  if (!text.includes('\r\n')) return [...edits];
  return edits.map((edit) => {
    const ending = lineBreakAt(text, edit.start);
    return { ...edit, newText: edit.newText.replace(/\r?\n/g, ending) };
  });
}

function lineBreakAt(text: string, offset: number): '\n' | '\r\n' {
  let newline = text.indexOf('\n', offset);
  if (newline < 0) newline = text.lastIndexOf('\n', offset - 1);
  return newline > 0 && text.charCodeAt(newline - 1) === 13 ? '\r\n' : '\n';
}
