/**
 * Shell scripts of `sh` steps as the migration sees them: pipelines ("units") joined by
 * `&&`, `||`, `;` or newlines, each classified as a Docker/AWS command or something else.
 */
import { effectiveWords, type ShellCommand, type ShellWord } from '../model';

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

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'do', 'done', 'while', 'until', 'case', 'esac', '{', '}', '!', 'function', 'select']);

/** Words with leading shell keywords removed, and whether there were any. */
export function commandWords(command: ShellCommand): { words: ShellWord[]; underKeyword: boolean } {
  const words = effectiveWords(command);
  let i = 0;
  while (i < words.length && KEYWORDS.has(words[i].text)) i++;
  return { words: i === 0 ? words : effectiveWords({ ...command, words: words.slice(i) }), underKeyword: i > 0 };
}

/** Docker CLI global options that take a value (`docker --config x push …`). */
const DOCKER_GLOBAL_WITH_VALUE = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

export interface DockerInvocation {
  /** `build`, `push`, `tag`, `login`, …; two words for management commands (`image build` → `build`). */
  verb: string;
  /** Words after the verb. */
  args: ShellWord[];
  /** `buildx`, `compose`, … as written, when the command is one of those. */
  group?: string;
}

const IMAGE_MANAGEMENT: Record<string, string> = { build: 'build', push: 'push', tag: 'tag', rm: 'rmi', prune: 'image-prune', ls: 'images', pull: 'pull', inspect: 'inspect' };

/** Reads `docker [global options] <verb> …`; undefined when the command is not the docker CLI. */
export function dockerInvocation(words: readonly ShellWord[]): DockerInvocation | undefined {
  const program = words[0]?.text;
  if (program === undefined) return undefined;
  if (/(^|\/)docker-compose$/.test(program)) return { verb: 'compose', args: words.slice(1) as ShellWord[], group: 'docker-compose' };
  if (!/(^|\/)docker$/.test(program)) return undefined;
  let i = 1;
  while (i < words.length && words[i].text.startsWith('-')) {
    const option = words[i].text;
    i += DOCKER_GLOBAL_WITH_VALUE.has(option) ? 2 : 1;
  }
  const first = words[i]?.text;
  if (first === undefined) return { verb: '', args: [] };
  if (first === 'image' && words[i + 1]) {
    const sub = words[i + 1].text;
    return { verb: IMAGE_MANAGEMENT[sub] ?? `image ${sub}`, args: words.slice(i + 2) as ShellWord[] };
  }
  if (first === 'system' && words[i + 1]?.text === 'prune') return { verb: 'system-prune', args: words.slice(i + 2) as ShellWord[] };
  if (first === 'buildx' || first === 'builder' || first === 'compose' || first === 'container' || first === 'stack' || first === 'swarm') {
    return { verb: first === 'compose' ? 'compose' : `${first} ${words[i + 1]?.text ?? ''}`.trim(), args: words.slice(i + 2) as ShellWord[], group: first };
  }
  return { verb: first, args: words.slice(i + 1) as ShellWord[] };
}

/** `aws [options] ecr get-login…`: which ECR login command, if any. */
export function awsEcrLogin(words: readonly ShellWord[]): 'get-login' | 'get-login-password' | undefined {
  if (words[0]?.text !== 'aws' && !/(^|\/)aws$/.test(words[0]?.text ?? '')) return undefined;
  const ecr = words.findIndex((w) => w.text === 'ecr');
  const sub = ecr >= 0 ? words[ecr + 1]?.text : undefined;
  return sub === 'get-login' || sub === 'get-login-password' ? sub : undefined;
}

export function usesAwsCli(words: readonly ShellWord[]): boolean {
  return /(^|\/)aws$/.test(words[0]?.text ?? '');
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
