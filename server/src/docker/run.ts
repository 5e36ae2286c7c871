/**
 * `docker run` options, wherever they are written: a `docker run`/`docker create` command line,
 * the options string of `docker.image(x).inside('…')` / `.withRun('…')`, or `args '…'` of a
 * declarative Docker agent. What matters here is what hands a container the host: `--privileged`
 * and a bind mount of the Docker socket (or of the directory that holds it).
 */
import type { ShellWord } from '../model';
import { dockerInvocation, type DockerInvocation } from './cli';
import { isDockerSocketPath } from './pod';

/** `docker run` options that take no value; every other option does (`-e X`, `--network host`). */
const RUN_FLAGS = new Set([
  '--rm',
  '--detach',
  '--interactive',
  '--tty',
  '--privileged',
  '--init',
  '--read-only',
  '--publish-all',
  '--no-healthcheck',
  '--oom-kill-disable',
  '--sig-proxy',
  '--quiet',
  '--help',
  '--disable-content-trust',
  '--use-api-socket',
]);
/** One-letter booleans, which may be combined (`-it`, `-dit`). */
const RUN_SHORT_FLAGS = new Set(['d', 'i', 't', 'P', 'q']);

/** `run`, `create` and their `docker container …` spellings, as `dockerInvocation` names them. */
const RUN_VERBS = new Set(['run', 'create', 'container run', 'container create']);

export interface SocketMount {
  /** The host path as written (`/var/run/docker.sock`, `/var/run`). */
  hostPath: string;
  /** Offsets of the host path in the source the words come from (the whole word when it cannot be located). */
  start: number;
  end: number;
}

export interface DockerRunOptions {
  /** The `--privileged` word (not `--privileged=false`). */
  privileged?: ShellWord;
  /** Bind mounts of the host's Docker socket or the directory holding it (`-v`, `--volume`, `--mount`). */
  socketMounts: SocketMount[];
  /** The image (first word after the options) of a `docker run` command line; undefined for options strings. */
  image?: ShellWord;
}

/**
 * Reads `docker run` options. With `commandLine`, reading stops at the image (the container's own
 * arguments follow it); an options string (`inside('…')`, agent `args`) is options only.
 * `source` is the text the word offsets refer to, used to underline the exact host path.
 */
export function dockerRunOptions(words: readonly ShellWord[], source: string, commandLine = false): DockerRunOptions {
  const result: DockerRunOptions = { socketMounts: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const text = word.text;
    if (text === '--') {
      if (commandLine) result.image = words[i + 1];
      break;
    }
    if (!text.startsWith('-') || text === '-') {
      if (commandLine) {
        result.image = word;
        break;
      }
      continue;
    }
    const eq = text.indexOf('=');
    const name = text.startsWith('--') && eq > 0 ? text.slice(0, eq) : text.startsWith('--') ? text : text.slice(0, 2);
    const attached = text.startsWith('--') ? (eq > 0 ? text.slice(eq + 1) : undefined) : text.length > 2 ? text.slice(text[2] === '=' ? 3 : 2) : undefined;
    if (name === '--privileged') {
      if (attached === undefined || !/^(false|0)$/i.test(attached)) result.privileged = word;
      continue;
    }
    if (RUN_FLAGS.has(name)) continue;
    if (!text.startsWith('--') && [...text.slice(1)].every((letter) => RUN_SHORT_FLAGS.has(letter))) continue;
    // An option with a value: inline (`--volume=…`, `-v…`) or in the next word.
    let value = attached;
    let valueWord = word;
    if (value === undefined) {
      valueWord = words[i + 1];
      value = valueWord?.text;
      i++;
    }
    if (value === undefined || valueWord === undefined) break;
    const hostPath = name === '-v' || name === '--volume' ? volumeSource(value) : name === '--mount' ? mountSource(value) : undefined;
    if (hostPath !== undefined && isDockerSocketPath(hostPath)) result.socketMounts.push({ hostPath, ...locate(source, valueWord, hostPath) });
  }
  return result;
}

/** The options of a `docker run` / `docker create` command (any path to docker, `sudo` removed); undefined for other commands. */
export function dockerRunCommand(words: readonly ShellWord[], source: string): DockerRunOptions | undefined {
  const docker = dockerInvocation(words);
  return docker && dockerRunOf(docker, source);
}

/** `dockerRunCommand` of a command already read by `dockerInvocation`. */
export function dockerRunOf(docker: DockerInvocation, source: string): DockerRunOptions | undefined {
  return RUN_VERBS.has(docker.verb) ? dockerRunOptions(docker.args, source, true) : undefined;
}

/**
 * Images that register QEMU binfmt handlers in the node's kernel for cross-platform builds
 * (`multiarch/qemu-user-static`, `tonistiigi/binfmt`, `docker/binfmt`): they need `--privileged`
 * because they change the host, not the container.
 */
export function registersBinfmt(image: string | undefined): boolean {
  if (image === undefined) return false;
  const at = image.indexOf('@');
  let name = at < 0 ? image : image.slice(0, at);
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  if (name.startsWith('docker.io/')) name = name.slice('docker.io/'.length);
  return name === 'multiarch/qemu-user-static' || name === 'tonistiigi/binfmt' || name === 'docker/binfmt' || name.endsWith('/qemu-user-static');
}

/** `/var/run/docker.sock:/var/run/docker.sock[:ro]` → the host side. A named volume has no slash. */
function volumeSource(value: string): string | undefined {
  const colon = value.indexOf(':');
  const source = colon < 0 ? value : value.slice(0, colon);
  return source.startsWith('/') ? source : undefined;
}

/** `type=bind,source=/var/run/docker.sock,target=…` (or `src=`) → the source of a bind mount. */
function mountSource(value: string): string | undefined {
  const fields = new Map(
    value.split(',').map((field) => {
      const eq = field.indexOf('=');
      return eq < 0 ? [field, ''] : [field.slice(0, eq), field.slice(eq + 1)];
    }),
  );
  const type = fields.get('type') ?? 'volume';
  const source = fields.get('source') ?? fields.get('src');
  return type === 'bind' && source?.startsWith('/') ? source : undefined;
}

function locate(source: string, word: ShellWord, part: string): { start: number; end: number } {
  const index = source.slice(word.start, word.end).indexOf(part);
  return index < 0 ? { start: word.start, end: word.end } : { start: word.start + index, end: word.start + index + part.length };
}
