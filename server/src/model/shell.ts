/**
 * A small, forgiving shell splitter: enough of POSIX sh to find the simple commands of an
 * `sh` step and the exact characters of each word. Not an interpreter: no expansion, no
 * heredocs; quotes are removed from word text but positions always refer to the input.
 */

import { sourceSpan, type MappedText } from '../parser/strings';

export interface ShellWord {
  /** Word text with quotes and backslashes removed (substitutions kept as written). */
  text: string;
  start: number;
  end: number;
}

export interface ShellCommand {
  words: ShellWord[];
  /** From the first word's start to the last word's end. */
  start: number;
  end: number;
  /** Inside `$( … )` or backticks. */
  substitution: boolean;
  /** Operator that joins this command to the next one in a pipeline/list (`|`, `&&`, `||`, `;`, `&`, newline). */
  next?: string;
}

// Character codes the splitter dispatches on: comparing `charCodeAt` numbers works the same on every
// string representation (concatenated, sliced, two-byte), where `text[i]` deoptimised on each new one.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const AMPERSAND = 38;
const QUOTE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const SEMICOLON = 59;
const BACKSLASH = 92;
const BACKTICK = 96;
const OPEN_BRACE = 123;
const PIPE = 124;

// Runs of characters that need no attention are found by a sticky RegExp, which runs natively from
// the first call, rather than by a loop that stays interpreted for much of a run.
/** Blanks between words. */
const BLANKS = /[ \t\r]*/y;
/** Plain word characters: up to a blank, an operator, a quote, an escape or a substitution. */
const PLAIN_RUN = /[^ \t\r\n;&|()\\'"$`]*/y;
/** Plain characters inside double quotes: up to the closing quote, an escape or a substitution. */
const DOUBLE_QUOTED_RUN = /[^"\\$`]*/y;
/** Inside `$( … )`: up to an escape, a single quote or a parenthesis. */
const PAREN_BODY_RUN = /[^\\'()]*/y;
/** Inside backticks: up to an escape or the closing backtick. */
const BACKTICK_BODY_RUN = /[^\\`]*/y;
/**
 * The start of a word that needs no quote removal: plain characters, `$` that starts no
 * substitution, and whole `${…}`. Its text is the word's text as written, so a plain word (most
 * are) is one native match and one slice instead of a pass of the character loop per run. Cut at
 * the end of the part being split, as `quotedWord` cuts a `${` whose `}` lies past it.
 */
const PLAIN_WORD_START = /(?:[^ \t\r\n;&|()\\'"$`]+|\$(?![({])|\$\{[^}]*\})*/y;

// What the splitter's loops do at a character, by its code (below 128; every other character is
// a word character): one table look-up instead of a comparison per special character, which in
// code not yet optimised is a call each. Only BLANK and OPERATOR (kinds from ENDS_WORD up) end a word.
const WORD = 0;
const ESCAPE = 1;
const COMMENT = 2;
const BLANK = 3;
const OPERATOR = 4;
const ENDS_WORD = BLANK;
const CHAR_KINDS = charKinds();

function charKinds(): Uint8Array {
  const kinds = new Uint8Array(128);
  kinds[BACKSLASH] = ESCAPE;
  kinds[HASH] = COMMENT;
  for (const c of [SPACE, TAB, CR]) kinds[c] = BLANK;
  for (const c of [LF, SEMICOLON, AMPERSAND, PIPE, OPEN_PAREN, CLOSE_PAREN]) kinds[c] = OPERATOR;
  return kinds;
}

/** The end of the run `pattern` matches at `from`, at most `to`. */
function runEnd(pattern: RegExp, text: string, from: number, to: number): number {
  if (from >= to) return from;
  pattern.lastIndex = from;
  pattern.test(text);
  return Math.min(pattern.lastIndex, to);
}

/** Split `text` (or its `[from, to)` part) into simple commands, including those inside substitutions. */
export function splitShell(text: string, from = 0, to = text.length, substitution = false, depth = 0): ShellCommand[] {
  const commands: ShellCommand[] = [];
  splitInto(commands, text, from, to, substitution, depth);
  return commands;
}

/**
 * Appends the commands of `text[from, to)` to `commands`, those of a substitution just before the
 * command that holds it. A plain function with its state in arguments (not closures made per call)
 * keeps it small: cheap to compile, and compiled once.
 */
function splitInto(commands: ShellCommand[], text: string, from: number, to: number, substitution: boolean, depth: number): void {
  let words: ShellWord[] = [];
  let i = from;
  while (i < to) {
    const ch = text.charCodeAt(i);
    const kind = ch < 128 ? CHAR_KINDS[ch] : WORD;
    if (kind === BLANK) {
      // A lone blank (between words, the usual case) needs no match; a run of them (indentation) one.
      i++;
      if (i < to) {
        const c = text.charCodeAt(i);
        if (c === SPACE || c === TAB || c === CR) i = runEnd(BLANKS, text, i + 1, to);
      }
      continue;
    }
    if (kind === OPERATOR) {
      const op = operator(ch, text, i);
      // An operator after no words joins nothing: the command before it already has its operator
      // (a substitution's last command is followed by the word holding it), so `next` is set once.
      if (words.length > 0) {
        commands.push(new SplitCommand(words, substitution, op));
        words = [];
      }
      i += op === '&&' || op === '||' ? 2 : 1;
      continue;
    }
    if (kind === COMMENT) {
      // To the end of the line, never searching past `to`: inside a substitution a search beyond its
      // range would run once per comment, quadratic over one long line.
      if (to === text.length) {
        const newline = text.indexOf('\n', i);
        i = newline < 0 ? to : newline;
      } else {
        while (i < to && text.charCodeAt(i) !== LF) i++;
      }
      continue;
    }
    if (kind === ESCAPE && followedBy(text, i, LF)) {
      i += 2;
      continue;
    }
    // A word: runs until unquoted blank or operator. Its plain start is taken whole (most words are
    // all plain); where quotes, escapes or substitutions follow, `quotedWord` reads the rest. The
    // match is runEnd's, written out: this runs once per word.
    const start = i;
    PLAIN_WORD_START.lastIndex = i;
    PLAIN_WORD_START.test(text);
    i = PLAIN_WORD_START.lastIndex < to ? PLAIN_WORD_START.lastIndex : to;
    // The plain start stops only at a character that ends the word, or at a quote, an escape or a substitution.
    if (i < to && CHAR_KINDS[text.charCodeAt(i)] < ENDS_WORD) {
      const word = quotedWord(commands, text, start, i, to, depth);
      words.push(word);
      i = word.end;
    } else {
      words.push({ text: text.slice(start, i), start, end: i });
    }
  }
  if (words.length > 0) commands.push(new SplitCommand(words, substitution, undefined));
}

/**
 * The word at `start` whose plain start ends at `i`, where a quote, an escape or a substitution
 * follows: quotes and escapes are removed from its text, substitutions are split into `commands`.
 * Apart from the splitter's loop, which stays small for the plain words it mostly reads.
 */
function quotedWord(commands: ShellCommand[], text: string, start: number, i: number, to: number, depth: number): ShellWord {
  let value = text.slice(start, i);
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c < 128 && CHAR_KINDS[c] >= ENDS_WORD) break;
    if (c === BACKSLASH) {
      if (followedBy(text, i, LF)) {
        i += 2;
        continue;
      }
      if (i + 1 < to) value += text.charAt(i + 1);
      i += 2;
      continue;
    }
    if (c === QUOTE) {
      const close = text.indexOf("'", i + 1);
      const endQuote = close < 0 || close >= to ? to : close;
      value += text.slice(i + 1, endQuote);
      i = endQuote + 1;
      continue;
    }
    if (c === DOUBLE_QUOTE) {
      i++;
      while (i < to) {
        const d = text.charCodeAt(i);
        if (d === DOUBLE_QUOTE) break;
        if (d === BACKSLASH && i + 1 < to && escapableInDoubleQuotes(text.charCodeAt(i + 1))) {
          value += text.charAt(i + 1);
          i += 2;
          continue;
        }
        if ((d === DOLLAR && followedBy(text, i, OPEN_PAREN)) || d === BACKTICK) {
          const close = substitute(commands, text, i, to, depth);
          value += text.slice(i, Math.min(close + 1, to));
          i = close + 1;
          continue;
        }
        // Plain characters up to the next special one go in with one concatenation, not one each.
        const run = runEnd(DOUBLE_QUOTED_RUN, text, i + 1, to);
        value += text.slice(i, run);
        i = run;
      }
      i++;
      continue;
    }
    if (c === BACKTICK || (c === DOLLAR && followedBy(text, i, OPEN_PAREN))) {
      const close = substitute(commands, text, i, to, depth);
      value += text.slice(i, Math.min(close + 1, to));
      i = close + 1;
      continue;
    }
    if (c === DOLLAR && followedBy(text, i, OPEN_BRACE)) {
      const close = text.indexOf('}', i + 2);
      const stop = close < 0 || close >= to ? to - 1 : close;
      value += text.slice(i, stop + 1);
      i = stop + 1;
      continue;
    }
    const run = runEnd(PLAIN_RUN, text, i + 1, to);
    value += text.slice(i, run);
    i = run;
  }
  return { text: value, start, end: Math.min(i, to) };
}

/** What `commandWords` gives. */
interface CommandWords {
  words: ShellWord[];
  underKeyword: boolean;
}

/**
 * A command as the splitter makes it. Several rules ask `commandWords` of every command of a file:
 * it is worked out once and kept on the command, in a private field so that the command's own
 * fields stay those of `ShellCommand` (a WeakMap beside the commands cost a hashed look-up per
 * question, and its entries extra work in every scavenge).
 */
class SplitCommand implements ShellCommand {
  words: ShellWord[];
  start: number;
  end: number;
  substitution: boolean;
  next: string | undefined;
  #commandWords: CommandWords | null = null;

  constructor(words: ShellWord[], substitution: boolean, next: string | undefined) {
    this.words = words;
    this.start = words[0].start;
    this.end = words[words.length - 1].end;
    this.substitution = substitution;
    this.next = next;
  }

  /** `commandWords` of this command, worked out on first use: commands are never changed after the split. */
  static commandWords(command: ShellCommand): CommandWords {
    if (!(command instanceof SplitCommand)) return findCommandWords(command.words);
    return (command.#commandWords ??= findCommandWords(command.words));
  }
}

/** Whether the character after `i` (which may lie past the part being split) is `code`. */
function followedBy(text: string, i: number, code: number): boolean {
  // Bounded, because `charCodeAt` past the end deoptimises optimised code.
  return i + 1 < text.length && text.charCodeAt(i + 1) === code;
}

/** The operator that `ch` (of kind OPERATOR) at `i` starts; `(` and `)` separate commands as `;` does. */
function operator(ch: number, text: string, i: number): string {
  switch (ch) {
    case SEMICOLON:
    case OPEN_PAREN:
    case CLOSE_PAREN:
      return ';';
    case LF:
      return '\n';
    case AMPERSAND:
      return followedBy(text, i, AMPERSAND) ? '&&' : '&';
    default:
      // PIPE, the last character of kind OPERATOR.
      return followedBy(text, i, PIPE) ? '||' : '|';
  }
}

function escapableInDoubleQuotes(c: number): boolean {
  return c === DOUBLE_QUOTE || c === BACKSLASH || c === DOLLAR || c === BACKTICK;
}

/** `$( … )` or a backtick substitution starting at `at`: its commands are added; returns the offset of its closing `)` or backtick. */
function substitute(commands: ShellCommand[], text: string, at: number, to: number, depth: number): number {
  const backtick = text.charCodeAt(at) === BACKTICK;
  const close = backtick ? findBacktick(text, at + 1, to) : matchParen(text, at + 1, to);
  if (depth < 16) splitInto(commands, text, backtick ? at + 1 : at + 2, close, true, depth + 1);
  return close;
}

/** Offset of the `)` matching the `(` at `open`, or `to` when unbalanced. */
function matchParen(text: string, open: number, to: number): number {
  let depth = 0;
  for (let i = runEnd(PAREN_BODY_RUN, text, open, to); i < to; i = runEnd(PAREN_BODY_RUN, text, i, to)) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === QUOTE) {
      const close = text.indexOf("'", i + 1);
      if (close < 0 || close >= to) return to;
      i = close + 1;
      continue;
    }
    if (c === OPEN_PAREN) depth++;
    else {
      depth--;
      if (depth === 0) return i;
    }
    i++;
  }
  return to;
}

function findBacktick(text: string, from: number, to: number): number {
  for (let i = runEnd(BACKTICK_BODY_RUN, text, from, to); i < to; i = runEnd(BACKTICK_BODY_RUN, text, i, to)) {
    if (text.charCodeAt(i) === BACKTICK) return i;
    i += 2;
  }
  return to;
}

/** How a prefix program reads its options (getopt_long), so that they are not taken for the command. */
interface PrefixOptions {
  /** Short options that take a value, attached (`-uroot`) or as the next word (`-u root`). */
  shortValue: string;
  /** Short options whose value can only be attached (`-hhost`); alone they are plain flags. */
  shortOptional: string;
  /** Short options after which the words name no command that is run (`sudo -l docker`, `sudo -e file`). */
  noCommandShort: string;
  /** Every long option the program knows, by each name it answers to (see `longOptionNames`). */
  long: ReadonlyMap<string, LongOption | null>;
  /** A lone `-` right after the options is one more option (GNU env: the same as `-i`), not the program. */
  loneDash?: boolean;
  /** Words after the options that are the prefix's own operands, not the program (`timeout`'s duration). */
  operands?: number;
}

/**
 * What a long option does to the words after it: `value` takes the next word unless its value is
 * attached (`--user=root`); `flag` takes none (an optional value can only be attached:
 * `--preserve-env=PATH`); `stop` runs no command from these words (`--help`, `sudo --list`).
 */
type LongOption = 'flag' | 'value' | 'stop';

/**
 * The names a long option answers to where the parser accepts abbreviations (getopt_long, and
 * argparse's default `allow_abbrev`): its full name, and each prefix of it that starts no other
 * option's name (`--sig` is `--signal`). A prefix shared by several options maps to null: the
 * program stops with "option is ambiguous". A full name wins over the longer names it begins
 * (ionice's `--class` beside `--classdata`). Built once per table, so that reading an option is
 * one look-up.
 */
export function longOptionNames<T>(options: Readonly<Record<string, T>>): ReadonlyMap<string, T | null> {
  const names = new Map<string, T | null>();
  for (const [option, value] of Object.entries(options)) {
    for (let end = 1; end < option.length; end++) {
      const prefix = option.slice(0, end);
      names.set(prefix, names.has(prefix) ? null : value);
    }
  }
  for (const [option, value] of Object.entries(options)) names.set(option, value);
  return names;
}

/** bash builtins take only the whole `--help` (builtins/common.h CHECK_HELPOPT), no abbreviation. */
const BASH_BUILTIN_LONG: ReadonlyMap<string, LongOption | null> = new Map([['help', 'stop']]);
/** `--help` and `--version`: they print and exit, running nothing. */
const HELP_VERSION = { help: 'stop', version: 'stop' } as const;

const PREFIX_OPTIONS: ReadonlyMap<string, PrefixOptions> = new Map([
  [
    // sudo 1.9, src/parse_args.c: short options "+Aa:BbC:c:D:Eeg:Hh::iKklNnPp:R:r:SsT:t:U:u:Vv" and its long-option table
    // (`--preserve-env[=list]` and `-h[host]` take only an attached value; `-h` alone is --help).
    'sudo',
    {
      shortValue: 'aCcDgpRrTtUu',
      shortOptional: 'h',
      noCommandShort: 'ehlvKV',
      long: longOptionNames<LongOption>({
        background: 'flag',
        'preserve-env': 'flag',
        edit: 'stop',
        'set-home': 'flag',
        login: 'flag',
        'remove-timestamp': 'stop',
        list: 'stop',
        'preserve-groups': 'flag',
        shell: 'flag',
        'other-user': 'value',
        validate: 'stop',
        askpass: 'flag',
        'auth-type': 'value',
        bell: 'flag',
        'close-from': 'value',
        'login-class': 'value',
        chdir: 'value',
        group: 'value',
        help: 'stop',
        host: 'value',
        'reset-timestamp': 'flag',
        'no-update': 'flag',
        'non-interactive': 'flag',
        prompt: 'value',
        chroot: 'value',
        role: 'value',
        stdin: 'flag',
        'command-timeout': 'value',
        type: 'value',
        user: 'value',
        version: 'stop',
      }),
    },
  ],
  [
    // GNU coreutils env.c: "+a:C:iS:u:v0" and its longopts (`-S` splits its value into the command:
    // what runs is then not these words; --list-signal-handling prints and still runs the command).
    'env',
    {
      shortValue: 'aCu',
      shortOptional: '',
      noCommandShort: 'S',
      long: longOptionNames<LongOption>({
        argv0: 'value',
        'ignore-environment': 'flag',
        'env0-from': 'value',
        null: 'flag',
        unset: 'value',
        chdir: 'value',
        'default-signal': 'flag',
        'ignore-signal': 'flag',
        'block-signal': 'flag',
        'list-signal-handling': 'flag',
        debug: 'flag',
        'split-string': 'stop',
        ...HELP_VERSION,
      }),
      // env.c: after getopt, `if (optind < argc && STREQ (argv[optind], "-"))` clears the environment.
      loneDash: true,
    },
  ],
  [
    // bash's `time` reserved word takes `-p` (and `--`, parse.y's TIMEOPT and TIMEIGN); where `sh` is
    // not bash, `time` is /usr/bin/time, GNU time 1.9: "+af:o:pqvV" and its longopts (its help
    // spells --output-file as `--output`, an abbreviation).
    'time',
    {
      shortValue: 'fo',
      shortOptional: '',
      noCommandShort: 'V',
      long: longOptionNames<LongOption>({
        append: 'flag',
        format: 'value',
        'output-file': 'value',
        portability: 'flag',
        quiet: 'flag',
        verbose: 'flag',
        ...HELP_VERSION,
      }),
    },
  ],
  [
    // POSIX `command [-p] name …` runs it; `-v`/`-V` only say what the name is (bash builtins/command.def: "pvV").
    'command',
    { shortValue: '', shortOptional: '', noCommandShort: 'vV', long: BASH_BUILTIN_LONG },
  ],
  [
    // bash builtins/exec.def: "cla:" (`-a name` is the argv[0] to give the program).
    'exec',
    { shortValue: 'a', shortOptional: '', noCommandShort: '', long: BASH_BUILTIN_LONG },
  ],
  [
    // GNU coreutils nice.c: "+n:" and --adjustment=; the old `-10`/`--10` adjustments read as flags here.
    'nice',
    { shortValue: 'n', shortOptional: '', noCommandShort: '', long: longOptionNames<LongOption>({ adjustment: 'value', ...HELP_VERSION }) },
  ],
  [
    // GNU coreutils nohup.c: only --help and --version (parse_gnu_standard_options_only, getopt_long).
    'nohup',
    { shortValue: '', shortOptional: '', noCommandShort: '', long: longOptionNames<LongOption>(HELP_VERSION) },
  ],
  [
    // GNU coreutils timeout.c: "+fk:ps:v" and its long_options; then the DURATION operand.
    'timeout',
    {
      shortValue: 'ks',
      shortOptional: '',
      noCommandShort: '',
      long: longOptionNames<LongOption>({
        foreground: 'flag',
        'kill-after': 'value',
        'preserve-status': 'flag',
        signal: 'value',
        verbose: 'flag',
        ...HELP_VERSION,
      }),
      operands: 1,
    },
  ],
  [
    // GNU coreutils stdbuf.c: "+i:o:e:" and --input=, --output=, --error= (`stdbuf -oL docker build`).
    'stdbuf',
    {
      shortValue: 'ioe',
      shortOptional: '',
      noCommandShort: '',
      long: longOptionNames<LongOption>({ input: 'value', output: 'value', error: 'value', ...HELP_VERSION }),
    },
  ],
  [
    // util-linux sys-utils/setsid.c: "+Vhcfw", all flags; -V and -h print and exit.
    'setsid',
    {
      shortValue: '',
      shortOptional: '',
      noCommandShort: 'Vh',
      long: longOptionNames<LongOption>({ ctty: 'flag', fork: 'flag', wait: 'flag', ...HELP_VERSION }),
    },
  ],
  [
    // util-linux schedutils/ionice.c: "+n:c:p:P:u:tVh"; with -p/-P/-u it sets or prints the class of
    // running processes, and the words after are their ids, not a command.
    'ionice',
    {
      shortValue: 'nc',
      shortOptional: '',
      noCommandShort: 'pPuVh',
      long: longOptionNames<LongOption>({
        classdata: 'value',
        class: 'value',
        ignore: 'flag',
        pid: 'stop',
        pgid: 'stop',
        uid: 'stop',
        ...HELP_VERSION,
      }),
    },
  ],
]);
/**
 * Commands that run the rest of their words as a command (`sudo docker build`, `/usr/bin/env aws …`,
 * `timeout 30m docker build`): those whose options are read above, and `eval`, which has none.
 */
const PREFIX_PROGRAMS = new Set(['eval', ...PREFIX_OPTIONS.keys()]);

/** The index of the first word after the options at `i`, or undefined when the options say no command from these words runs. */
function afterOptions(words: readonly ShellWord[], i: number, options: PrefixOptions): number | undefined {
  while (i < words.length) {
    const word = words[i].text;
    if (word === '--' || word === '-') {
      const next = word === '--' ? i + 1 : i;
      return options.loneDash && words[next]?.text === '-' ? next + 1 : next;
    }
    if (!word.startsWith('-')) return i;
    i++;
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const option = options.long.get(eq < 0 ? word.slice(2) : word.slice(2, eq));
      // An ambiguous abbreviation stops the program with a usage error: it runs nothing. An option
      // not in the table (a newer version's) is read as a flag.
      if (option === 'stop' || option === null) return undefined;
      if (eq < 0 && option === 'value') i++;
      continue;
    }
    for (let k = 1; k < word.length; k++) {
      const letter = word[k];
      const attached = k + 1 < word.length;
      if (options.shortValue.includes(letter)) {
        if (!attached) i++;
        break;
      }
      if (options.shortOptional.includes(letter) && attached) break;
      if (options.noCommandShort.includes(letter)) return undefined;
    }
  }
  return i;
}

/** `docker` for `docker`, `/usr/bin/docker` and `./docker`: the program a word names, without its directory. */
export function programName(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash < 0 ? word : word.slice(slash + 1);
}

/** A leading `NAME=value` word: a variable assignment, which prefixes the command. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * Words of a command with a leading `sudo`, `env A=B`, `time`, `command`, `exec`, `nice`, `nohup`,
 * `timeout 10m`, `stdbuf`, `setsid` or `ionice` (each with its options), `VAR=x` and `eval` stripped, for matching. The prefixes
 * are recognised at any path (`/usr/bin/sudo`). A prefix whose options run no command
 * (`sudo -l …`, `command -v docker`) stays, so that nothing after it is taken for a command.
 */
export function effectiveWords(command: ShellCommand): ShellWord[] {
  return command.words.slice(effectiveStart(command.words, 0));
}

/** The index of the first of `words` after `effectiveWords`' prefixes, starting at `i`. */
function effectiveStart(words: readonly ShellWord[], i: number): number {
  while (i < words.length) {
    const w = words[i].text;
    const program = programName(w);
    if (PREFIX_PROGRAMS.has(program) && (program === w || w.startsWith('/'))) {
      const options = PREFIX_OPTIONS.get(program);
      const next = options ? afterOptions(words, i + 1, options) : i + 1;
      if (next === undefined) break;
      i = next + (options?.operands ?? 0);
      if (program === 'env') while (i < words.length && ASSIGNMENT.test(words[i].text)) i++;
      continue;
    }
    if (ASSIGNMENT.test(w) && i + 1 < words.length) {
      i++;
      continue;
    }
    break;
  }
  return i;
}

const SHELL_KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'do',
  'done',
  'while',
  'until',
  'case',
  'esac',
  '{',
  '}',
  '!',
  'function',
  'select',
]);

/**
 * The words that name and feed the program a command runs: `effectiveWords` after any leading
 * shell keywords (`if docker build …`, `then aws ecr get-login …`), and whether there were any.
 * Worked out once per command of `splitShell`; callers only read the result.
 */
export function commandWords(command: ShellCommand): CommandWords {
  return SplitCommand.commandWords(command);
}

function findCommandWords(words: ShellWord[]): CommandWords {
  let i = effectiveStart(words, 0);
  const afterPrefixes = i;
  while (i < words.length && SHELL_KEYWORDS.has(words[i].text)) i++;
  const underKeyword = i > afterPrefixes;
  if (underKeyword) i = effectiveStart(words, i);
  // The command's own array when nothing is stripped (most commands): callers only read it.
  return { words: i === 0 ? words : words.slice(i), underKeyword };
}

/** Jenkinsfile span of `[start, end)` in a mapped script: tight, and whole escapes included (`\$`, `\"`). */
export function scriptSpan(script: MappedText, start: number, end: number): { start: number; end: number } {
  return sourceSpan(script, start, end);
}
