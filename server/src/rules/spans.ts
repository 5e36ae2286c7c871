/** Span helpers shared by rules. */

/**
 * A value's span without its quotes: containerTemplate arguments (`'kaniko'`) and quoted YAML
 * scalars (`"gcr.io/…"`, or `\"…\"` inside a GString) are underlined on the value itself.
 */
export function unquotedSpan(text: string, span: { start: number; end: number }): { start: number; end: number } {
  const value = text.slice(span.start, span.end);
  for (const quote of ['\\"', "\\'", '"', "'"]) {
    if (value.length >= 2 * quote.length && value.startsWith(quote) && value.endsWith(quote)) {
      return { start: span.start + quote.length, end: span.end - quote.length };
    }
  }
  return { start: span.start, end: span.end };
}
