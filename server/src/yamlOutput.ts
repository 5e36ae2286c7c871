/**
 * Generated YAML is read by YAML 1.1 parsers too (go-yaml in kubectl, PyYAML), which also break
 * lines at NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029): such a
 * character in a comment or a value would end it there, and what follows would be read as YAML
 * (a `---` and a whole `Namespace` document). Values go through the `yaml` library's scalars;
 * these are the checks around it: hosts must be host names, comments are made single-line
 * ASCII-safe, and the final text is refused if any such character got through anyway.
 */
/** Line breaks to some YAML reader, other controls, byte-order marks, lone surrogates. */
const UNSAFE_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]|\p{Cs}/u;
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]|\p{Cs}/gu;

function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Comment text on one line: line breaks and controls shown as `U+XXXX` instead of written raw. */
export function commentSafe(text: string): string {
  return text.replace(/[\r\n]/g, (c) => codePoint(c)).replace(UNSAFE_CHARACTERS, (c) => codePoint(c));
}

/** JSON text with every character outside printable ASCII as a `\uXXXX` escape (same JSON value). */
export function asciiJson(json: string): string {
  return json.replace(/[^\n\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Throws when generated YAML holds a character some YAML reader would take as a line break, or a control. */
export function assertYamlSafe(text: string): void {
  const match = UNSAFE_CHARACTER.exec(text);
  if (match) throw new Error(`internal error: generated YAML holds ${codePoint(match[0])} at offset ${match.index}`);
}

function isHostLabel(label: string): boolean {
  if (label.length < 1 || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return false;
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d;
    if (!ok) return false;
  }
  return true;
}

/** A DNS host name: labels of letters, digits and `-` (not at either end), at most 63 each, 253 in all. */
export function isHostName(host: string): boolean {
  return host.length >= 1 && host.length <= 253 && host.split('.').every(isHostLabel);
}

/**
 * Why a registry host cannot be written into generated YAML, or undefined. A real host must be a
 * DNS name (with a `:port` where `port` is allowed); a placeholder (`${env.AWS_ACCOUNT_ID}`,
 * `<account-id>`, `$(…)`) is written for the user to edit, so it may hold `$ { } ( ) < > _`, but
 * only printable ASCII without blanks, quotes, `\` or `#`.
 */
export function registryHostProblem(host: string, placeholder: boolean, options: { port?: boolean } = {}): string | undefined {
  const shown = commentSafe(JSON.stringify(host));
  if (!placeholder) {
    const colon = options.port ? host.lastIndexOf(':') : -1;
    const name = colon >= 0 ? host.slice(0, colon) : host;
    const port = colon >= 0 ? host.slice(colon + 1) : '';
    const portOk = colon < 0 || (port.length >= 1 && port.length <= 5 && [...port].every((c) => c >= '0' && c <= '9'));
    return isHostName(name) && portOk ? undefined : `${shown} is not a valid host name: use letters, digits, '-' and '.' (labels of at most 63 characters).`;
  }
  for (const character of host) {
    const c = character.codePointAt(0)!;
    if (c <= 0x20 || c >= 0x7f || character === '"' || character === "'" || character === '\\' || character === '#') {
      return `${shown} cannot be written into YAML: it holds ${codePoint(character)}; a registry host is letters, digits, '-' and '.'.`;
    }
  }
  return host.length <= 253 ? undefined : `${shown} is longer than a host name can be (253 characters).`;
}

/**
 * Options for documents kubectl reads: its go-yaml is YAML 1.1, where a plain `yes`, `on` or
 * `null` is no string, so names like these are written quoted.
 */
export const KUBECTL_YAML = { version: '1.1' } as const;
