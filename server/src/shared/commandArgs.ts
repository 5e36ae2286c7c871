/**
 * Reading the untyped `arguments` of an executeCommand request: `[]` or `[{ … }]`. Each reader
 * throws `TypeError` with a message fit for a ResponseError, naming the command and the field.
 */

/** The one object argument, or undefined for none; `expected` describes its fields for the error. */
export function commandObjectArg(command: string, args: readonly unknown[] | undefined, expected: string): Record<string, unknown> | undefined {
  const first = args?.[0];
  if (first === undefined || first === null) return undefined;
  if (typeof first !== 'object' || Array.isArray(first)) throw new TypeError(`${command}: expected one object argument ${expected}`);
  return first as Record<string, unknown>;
}

/** Copies the string `fields` of `input` that are set into `out`. */
export function copyStringFields<F extends string>(
  command: string,
  input: Record<string, unknown>,
  fields: readonly F[],
  out: Partial<Record<F, string>>,
): void {
  for (const field of fields) {
    const value = input[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new TypeError(`${command}: "${field}" must be a string`);
    out[field] = value;
  }
}

/** `input[field]` as an array of strings, or undefined when it is not set. */
export function stringListField(command: string, input: Record<string, unknown>, field: string): string[] | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new TypeError(`${command}: "${field}" must be an array of strings`);
  return value as string[];
}
