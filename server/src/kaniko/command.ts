/**
 * Reading a Kaniko executor command line the way the executor (spf13/pflag) does: which
 * words are flags, which are their values, which are unknown. Works on shell words with
 * positions (as the model's shell splitter produces them) and never throws.
 */
import { KANIKO_FLAGS_BY_NAME, KANIKO_FLAGS_BY_SHORT, KANIKO_SUBCOMMANDS, type KanikoFlag } from './flags';

/** A shell word: unquoted text and its offsets in the script it came from. */
export interface WordLike {
  text: string;
  start: number;
  end: number;
}

export interface ExecutorFlagUse {
  word: WordLike;
  /** The flag as written, without any `=value`: `--destination`, `-d`, `-destination`. */
  written: string;
  /** Name looked up: long name (`destination`) or shorthand letter (`d`). */
  name: string;
  long: boolean;
  /** The known flag, when there is one. */
  flag?: KanikoFlag;
  /**
   * `-destination=x`: a single dash before a long name. pflag reads it as `-d` with the value
   * `estination=x`, which is never what was meant.
   */
  singleDashLong?: KanikoFlag;
  /**
   * `--cache true`: a boolean flag takes no separate value, so the executor reads `true` as an
   * extra argument and stops with `unknown command "true" for "executor"`.
   */
  strayValue?: WordLike;
  /** Value given inline (`--x=v`, `-dv`) or in the next word; undefined when missing or not taken. */
  value?: string;
  valueWord?: WordLike;
  /** Script offsets of `written` (falls back to the whole word when it cannot be located). */
  start: number;
  end: number;
}

export interface ExecutorInvocation {
  /** `version`, `login`, … when the first argument is a subcommand. */
  subcommand?: WordLike;
  flags: ExecutorFlagUse[];
  positionals: WordLike[];
  /** Unquoted expansions (`$ARGS`, `${EXTRA}`) that may stand for any number of flags. */
  opaque: WordLike[];
  /** The `--` that ends the flags, if any. */
  endOfFlags?: WordLike;
}

/** `/kaniko/executor`, `kaniko/executor`, or plain `executor` (the debug image has /kaniko on PATH). */
export function isExecutorProgram(word: string): boolean {
  return /^(?:\/?(?:[\w.-]+\/)*kaniko\/)?executor$/.test(word);
}

const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;

/**
 * Where `written` starts in the raw word: at its first character, or after an opening quote
 * (`"--destination=…"`); -1 when neither (or without the source). Compares in place rather than
 * slicing the word out: asked for every flag of every executor.
 */
function writtenAt(source: string | undefined, word: WordLike, written: string): number {
  if (source === undefined) return -1;
  const start = word.start;
  if (start + written.length <= word.end && source.startsWith(written, start)) return start;
  const first = source.charCodeAt(start);
  if ((first === DOUBLE_QUOTE || first === SINGLE_QUOTE) && start + 1 + written.length <= word.end && source.startsWith(written, start + 1)) return start + 1;
  return -1;
}

/**
 * A flag use with every field in one literal (one hidden class for all uses, no spread of a
 * located span), at the characters of `written` when `locate` and they can be found, else the whole word.
 */
function flagUse(
  word: WordLike,
  written: string,
  name: string,
  long: boolean,
  flag: KanikoFlag | undefined,
  source: string | undefined,
  locate: boolean,
): ExecutorFlagUse {
  const at = locate ? writtenAt(source, word, written) : -1;
  return {
    word,
    written,
    name,
    long,
    flag,
    singleDashLong: undefined,
    strayValue: undefined,
    value: undefined,
    valueWord: undefined,
    start: at < 0 ? word.start : at,
    end: at < 0 ? word.end : at + written.length,
  };
}

/**
 * Parses the words after the executor program. `source` is the script text the word offsets
 * refer to, used to find the exact characters of each flag.
 */
export function parseExecutorArgs(words: readonly WordLike[], source?: string): ExecutorInvocation {
  const result: ExecutorInvocation = { flags: [], positionals: [], opaque: [] };
  let pending: ExecutorFlagUse | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const text = word.text;
    if (pending) {
      pending.value = text;
      pending.valueWord = word;
      pending = undefined;
      continue;
    }
    if (result.endOfFlags) {
      result.positionals.push(word);
      continue;
    }
    if (text === '--') {
      result.endOfFlags = word;
      continue;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq >= 0 ? text.slice(2, eq) : text.slice(2);
      if (name.includes('$')) {
        result.opaque.push(word);
        continue;
      }
      // `--${name}`, without building it again.
      const written = eq >= 0 ? text.slice(0, eq) : text;
      const flag = KANIKO_FLAGS_BY_NAME.get(name);
      const use = flagUse(word, written, name, true, flag, source, true);
      if (eq >= 0) use.value = text.slice(eq + 1);
      else if (flag?.takesValue) pending = use;
      else if (flag && /^(true|false)$/i.test(words[i + 1]?.text ?? '')) use.strayValue = words[i + 1];
      result.flags.push(use);
      continue;
    }
    if (text.startsWith('-') && text.length > 1) {
      const eq = text.indexOf('=');
      const body = eq >= 0 ? text.slice(1, eq) : text.slice(1);
      const longMeant = body.length > 1 ? KANIKO_FLAGS_BY_NAME.get(body) : undefined;
      if (longMeant) {
        const written = `-${body}`;
        const shorthand = KANIKO_FLAGS_BY_SHORT.get(body[0]);
        const use = flagUse(word, written, body, false, shorthand, source, true);
        use.singleDashLong = longMeant;
        // What pflag does with it: a value-taking shorthand swallows the rest of the word.
        if (shorthand?.takesValue) use.value = text.slice(2);
        else if (eq >= 0) use.value = text.slice(eq + 1);
        else if (longMeant.takesValue) pending = use;
        result.flags.push(use);
        continue;
      }
      // Shorthands: booleans may be combined (`-hv debug`); a value-taking one ends the group.
      let j = 1;
      while (j < text.length) {
        const letter = text[j];
        if (letter === '$') {
          result.opaque.push(word);
          break;
        }
        const flag = KANIKO_FLAGS_BY_SHORT.get(letter);
        const written = `-${letter}`;
        // Only the first letter of a group can be located; the others get the whole word.
        const use = flagUse(word, written, letter, false, flag, source, j === 1);
        result.flags.push(use);
        if (!flag) break;
        if (flag.takesValue) {
          const rest = text.slice(j + 1);
          if (rest !== '') use.value = rest.startsWith('=') ? rest.slice(1) : rest;
          else pending = use;
          break;
        }
        if (text[j + 1] === '=') {
          use.value = text.slice(j + 2);
          break;
        }
        j++;
      }
      continue;
    }
    if (text.startsWith('$')) {
      result.opaque.push(word);
      continue;
    }
    if (result.flags.length === 0 && result.positionals.length === 0 && !result.subcommand && KANIKO_SUBCOMMANDS.has(text)) {
      result.subcommand = word;
      continue;
    }
    result.positionals.push(word);
  }
  return result;
}

/** Whether a boolean flag's inline value turns it off (`--no-push=false`). */
export function boolFlagValue(use: ExecutorFlagUse): boolean {
  if (use.value === undefined) return true;
  return !/^(false|0|f)$/i.test(use.value);
}

/**
 * Go's `strconv.ParseBool`, which the executor applies to `KANIKO_NO_PUSH`, `KANIKO_CLEANUP` and
 * `KANIKO_PRE_CLEANUP` (cmd/executor/cmd/root.go, pkg/config/options.go): undefined when the text
 * is not one of its spellings.
 */
export function goParseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** Environment variables the executor reads as the boolean flag of the same meaning. */
export const KANIKO_FLAG_ENV: ReadonlyMap<string, string> = new Map([
  ['KANIKO_NO_PUSH', 'no-push'],
  ['KANIKO_CLEANUP', 'cleanup'],
  ['KANIKO_PRE_CLEANUP', 'pre-cleanup'],
]);

/** The build context without `--context`: the executor's default, a directory of the Kaniko container (not the Jenkins workspace). */
export const DEFAULT_CONTEXT = '/workspace/';

/**
 * Context prefixes the executor knows (pkg/buildcontext/buildcontext.go), matched as written
 * (case-sensitive). A value without `://` is a local directory.
 */
export const CONTEXT_SCHEMES: readonly string[] = ['gs://', 's3://', 'dir://', 'git://', 'https://', 'tar://'];

/**
 * The scheme of a `--context` value (`http://`), and whether the executor knows it; undefined for
 * a local directory or a prefix that is only known when the script runs (`$CTX://`).
 */
export function contextScheme(value: string): { scheme: string; known: boolean } | undefined {
  const end = value.indexOf('://');
  if (end < 0) return undefined;
  const scheme = value.slice(0, end + 3);
  if (/[$`]/.test(scheme)) return undefined;
  return { scheme, known: CONTEXT_SCHEMES.includes(scheme) };
}

/** `executor --help` (or `-h`): the executor prints its usage and builds nothing. A single-dash `-help` does not count (see `singleDashLong`). */
export function asksForHelp(invocation: ExecutorInvocation): boolean {
  return invocation.flags.some((use) => use.flag?.name === 'help' && !use.singleDashLong);
}

/** Flags whose use sets where the context comes from (`--bucket` is the hidden GCS form). */
export function givesContext(invocation: ExecutorInvocation): boolean {
  return invocation.flags.some((use) => !use.singleDashLong && (use.flag?.name === 'context' || use.flag?.name === 'bucket'));
}
