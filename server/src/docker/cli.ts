/**
 * The Docker CLI as shell words: which program is `docker`, its global options, and the
 * subcommand a command line runs. Words are those of `commandWords` (prefixes such as `sudo`,
 * `env A=B` and shell keywords removed).
 */
import { commandWords, programName, type ShellWord, type Step } from '../model';
import { dockerStepUsesDaemon } from './pipeline';

/** `docker` global options that take a value (`docker --config /x build .`, `docker -H tcp://… push`). */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

/** `docker image <sub>` → the classic verb it stands for. */
const IMAGE_MANAGEMENT: Record<string, string> = {
  build: 'build',
  push: 'push',
  tag: 'tag',
  rm: 'rmi',
  prune: 'image-prune',
  ls: 'images',
  pull: 'pull',
  inspect: 'inspect',
};

/** Management commands whose second word is the operation (`docker buildx build`, `docker container run`). */
const GROUPS = new Set(['buildx', 'builder', 'compose', 'container', 'stack', 'swarm']);

export interface DockerInvocation {
  /** `build`, `push`, `tag`, `login`, …; `docker image build` → `build`; `buildx build` for groups; `''` for a bare `docker`. */
  verb: string;
  /** The subcommand as written (`image build`, `buildx build`, `build`). */
  written: string;
  /** Words after the verb. */
  args: ShellWord[];
  /** `buildx`, `compose`, … as written, or `docker-compose`, when the command is one of those. */
  group?: string;
}

/** `docker`, `/usr/bin/docker`, `/usr/local/bin/docker`. */
export function isDockerProgram(word: string | undefined): boolean {
  return word !== undefined && programName(word) === 'docker';
}

/** Reads `docker [global options] <verb> …`; undefined when the command is not the Docker CLI. */
export function dockerInvocation(words: readonly ShellWord[]): DockerInvocation | undefined {
  const program = words[0]?.text;
  if (program === undefined) return undefined;
  // The program's name read once (isDockerProgram would read it again): asked for every command by several rules.
  const name = programName(program);
  if (name === 'docker-compose') return { verb: 'compose', written: 'compose', args: words.slice(1), group: 'docker-compose' };
  if (name !== 'docker') return undefined;
  let i = 1;
  while (i < words.length && words[i].text.startsWith('-')) i += GLOBAL_OPTIONS_WITH_VALUE.has(words[i].text) ? 2 : 1;
  const first = words[i]?.text;
  if (first === undefined) return { verb: '', written: '', args: [] };
  const second = words[i + 1]?.text;
  if (first === 'image' && second !== undefined) {
    return { verb: IMAGE_MANAGEMENT[second] ?? `image ${second}`, written: `image ${second}`, args: words.slice(i + 2) };
  }
  if (first === 'system' && second === 'prune') return { verb: 'system-prune', written: 'system prune', args: words.slice(i + 2) };
  if (GROUPS.has(first)) {
    const verb = first === 'compose' ? 'compose' : `${first} ${second ?? ''}`.trim();
    return { verb, written: `${first} ${second ?? ''}`.trim(), args: words.slice(i + 2), group: first };
  }
  return { verb: first, written: first, args: words.slice(i + 1) };
}

/** Options that take a value, of the subcommands whose operands are read (`docker login -u U server`, `docker push --platform P image`). */
const OPTIONS_WITH_VALUE: Readonly<Record<'login' | 'push' | 'tag', ReadonlySet<string>>> = {
  login: new Set(['-u', '--username', '-p', '--password']),
  push: new Set(['--platform']),
  tag: new Set(),
};

/** The operands of `docker login|push|tag` arguments: the words that are not options or their values (`login`: [server]; `push`: [image]; `tag`: [source, target]). */
export function dockerOperands(verb: 'login' | 'push' | 'tag', args: readonly ShellWord[]): ShellWord[] {
  const withValue = OPTIONS_WITH_VALUE[verb];
  const operands: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i].text;
    if (withValue.has(word)) i++;
    else if (!word.startsWith('-')) operands.push(args[i]);
  }
  return operands;
}

/** Verbs that hand an image to the daemon or the registry through it: what Kaniko replaces. */
const IMAGE_DAEMON_VERBS = new Set(['build', 'push', 'login', 'buildx build']);

/** `docker compose` / `docker-compose` global options that take a value (`-f ci/compose.yml`, `-p name`). */
const COMPOSE_OPTIONS_WITH_VALUE = new Set([
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--env-file',
  '--profile',
  '--project-directory',
  '--ansi',
  '--parallel',
  '--progress',
]);

/** The subcommand of `docker compose [options] <sub>` / `docker-compose [options] <sub>` (`build`, `push`, `up`); undefined when none. */
export function composeSubcommand(docker: DockerInvocation): string | undefined {
  if (docker.group !== 'compose' && docker.group !== 'docker-compose') return undefined;
  // `docker compose build`: dockerInvocation took `build` as the group's second word.
  const second = docker.written.split(' ')[1];
  if (docker.group === 'compose' && second !== undefined && !second.startsWith('-')) return second;
  const words = docker.group === 'compose' && second !== undefined ? [{ text: second }, ...docker.args] : docker.args;
  let i = 0;
  while (i < words.length && words[i].text.startsWith('-')) {
    const word = words[i].text;
    i += COMPOSE_OPTIONS_WITH_VALUE.has(word) ? 2 : 1;
  }
  return words[i]?.text;
}

export interface ImageDaemonCommand {
  command: 'build' | 'push' | 'login';
  /** The subcommand as the user wrote it, without `docker` (`image build`, `buildx build`, `compose build`). */
  written: string;
  /** The whole command for a message: `docker buildx build`, `docker compose push`, `docker-compose build`. */
  shown: string;
}

/**
 * The daemon subcommand of a command that builds, pushes or logs in through the Docker daemon
 * (`build`, `push`, `login`, also `image build|push`, `buildx build`, and `build`/`push` of
 * `docker compose` and `docker-compose`), as `docker-daemon-build` reports it: `command` without
 * the management group, `written` as the user wrote it.
 */
export function imageDaemonCommand(words: readonly ShellWord[]): ImageDaemonCommand | undefined {
  const docker = dockerInvocation(words);
  return docker && imageDaemonCommandOf(docker);
}

/** `imageDaemonCommand` of a command already read by `dockerInvocation`. */
export function imageDaemonCommandOf(docker: DockerInvocation): ImageDaemonCommand | undefined {
  const compose = composeSubcommand(docker);
  if (compose !== undefined) {
    if (compose !== 'build' && compose !== 'push') return undefined;
    const shown = docker.group === 'docker-compose' ? `docker-compose ${compose}` : `docker compose ${compose}`;
    return { command: compose, written: `compose ${compose}`, shown };
  }
  if (!IMAGE_DAEMON_VERBS.has(docker.verb)) return undefined;
  return {
    command: docker.verb === 'buildx build' ? 'build' : (docker.verb as 'build' | 'push' | 'login'),
    written: docker.written,
    shown: `docker ${docker.written}`,
  };
}

/** A command that needs the daemon in any way (anything but a bare `docker`). */
export function usesDockerDaemon(words: readonly ShellWord[]): boolean {
  const docker = dockerInvocation(words);
  return docker !== undefined && docker.verb !== '';
}

/** A step that talks to the daemon: a Docker Pipeline call other than `docker.image(…)`, or an `sh` step with a `docker` command. */
export function stepUsesDockerDaemon(step: Step): boolean {
  if (step.kind === 'docker') return dockerStepUsesDaemon(step);
  return step.commands.some((command) => usesDockerDaemon(commandWords(command).words));
}

/**
 * Text that still names a daemon subcommand after `docker` somewhere (`x=$(docker build …)` read
 * as one word, `sh -c "docker push …"`): commands the word-level reading above could not place.
 */
export function mentionsDockerCommand(text: string): boolean {
  return /\bdocker\s+(build|push|run|login|tag|compose|exec|pull)\b/.test(text);
}
