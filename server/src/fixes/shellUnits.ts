/**
 * Shell scripts of `sh` steps as the migration sees them: pipelines ("units") joined by
 * `&&`, `||`, `;` or newlines. What each command is comes from `docker/` and `aws/`.
 */
import type { ShellCommand, ShellWord } from '../model';

export interface ShellUnit {
  /** Top-level commands joined by `|`. */
  commands: ShellCommand[];
  start: number;
  end: number;
  /** Operator after the unit (`&&`, `||`, `;`, `&`, newline), if any. */
  next?: string;
  /** Commands inside `$(…)`/backticks of this unit's words. */
  inner: ShellCommand[];
}

export function shellUnits(commands: readonly ShellCommand[]): ShellUnit[] {
  const top = commands.filter((c) => !c.substitution);
  const inner = commands.filter((c) => c.substitution);
  const units: ShellUnit[] = [];
  let current: ShellCommand[] = [];
  for (const command of top) {
    current.push(command);
    if (command.next === '|') continue;
    units.push(makeUnit(current, inner));
    current = [];
  }
  if (current.length > 0) units.push(makeUnit(current, inner));
  return units;
}

function makeUnit(commands: ShellCommand[], inner: ShellCommand[]): ShellUnit {
  const start = commands[0].start;
  const end = commands[commands.length - 1].end;
  return { commands, start, end, next: commands[commands.length - 1].next, inner: inner.filter((c) => c.start >= start && c.end <= end) };
}

/**
 * Applets of the busybox in Kaniko's debug image plus shell builtins: what a step can still
 * run once its container is the Kaniko container.
 */
export const BUSYBOX_COMMANDS = new Set(
  (
    '[ [[ . : alias ash awk base64 basename bc break cat cd chmod chown cmp continue cp cut date dd df diff dirname du echo env eval exec exit expr export ' +
    'false find fold getopts grep gunzip gzip head hostname id install kill less ln local ls md5sum mkdir mktemp more mv nc nslookup od printf ps pwd read readlink ' +
    'readonly realpath return rm rmdir sed seq set sh sha1sum sha256sum sha512sum shift sleep sort source split stat tail tar tee test time timeout touch tr trap ' +
    'true type ulimit umask unalias uname uniq unset unzip uptime vi wait wc wget which whoami xargs yes zcat'
  ).split(' '),
);

/** Whether the command can run in the Kaniko debug image. */
export function runsInBusybox(words: readonly ShellWord[]): boolean {
  const program = words[0]?.text;
  if (program === undefined) return true;
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(program) && words.length === 1) return true;
  if (program.startsWith('/kaniko/') || program.startsWith('/busybox/')) return true;
  if (/^(\/kaniko\/)?executor$/.test(program)) return true;
  return BUSYBOX_COMMANDS.has(program);
}
