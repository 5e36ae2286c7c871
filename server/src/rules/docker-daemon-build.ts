import { effectiveWords, scriptSpan, type Pod } from '../model';
import { DOCKER_SOCKET } from './docker-socket-mount';
import type { Finding, Rule } from './types';

/** A pod whose builds reach a Docker daemon: a dind container or the host socket. */
export function podHasDockerDaemon(pod: Pod | undefined): boolean {
  if (!pod) return false;
  return (
    pod.containers.some((c) => c.isDind) ||
    pod.volumes.some((v) => v.kind === 'hostPath' && v.hostPath !== undefined && DOCKER_SOCKET.test(v.hostPath))
  );
}

const DAEMON_SUBCOMMANDS = new Set(['build', 'push', 'login']);
/** `docker` global options that take a value (`docker --config /x build .`, `docker -H tcp://… push`). */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

/**
 * The daemon subcommand of a `docker …` command line: `build`, `push`, `login`, also written
 * `docker image build|push` or `docker buildx build`, after any global options. Undefined otherwise.
 */
export function dockerDaemonSubcommand(words: Array<{ text: string }>): string | undefined {
  if (words[0]?.text !== 'docker') return undefined;
  let i = 1;
  while (i < words.length && words[i].text.startsWith('-')) {
    i += GLOBAL_OPTIONS_WITH_VALUE.has(words[i].text) ? 2 : 1;
  }
  const first = words[i]?.text ?? '';
  const second = words[i + 1]?.text ?? '';
  if (DAEMON_SUBCOMMANDS.has(first)) return first;
  if (first === 'image' && (second === 'build' || second === 'push')) return `image ${second}`;
  if (first === 'buildx' && second === 'build') return 'buildx build';
  return undefined;
}

export const dockerDaemonBuild: Rule = {
  meta: {
    id: 'docker-daemon-build',
    defaultSeverity: 'information',
    title: 'Image build that needs a Docker daemon',
    description:
      'This step builds, pushes or logs in through a Docker daemon, which in Kubernetes means a privileged Docker-in-Docker container or the node\'s Docker socket.',
    fix: 'Kaniko builds and pushes the same Dockerfile without a daemon: `/kaniko/executor --dockerfile … --context … --destination …`. Use the quick fix "Migrate stage to Kaniko".',
  },
  check(model) {
    const findings: Finding[] = [];
    for (const step of model.steps) {
      if (!podHasDockerDaemon(step.pod)) continue;
      if (step.kind === 'docker') {
        if (step.method !== 'build' && step.method !== 'withRegistry' && step.method !== 'push') continue;
        // A call with a trailing closure is flagged up to its closure, not over the whole block.
        const end = step.call.closures[0] ? lastNonSpace(model.text, step.call.start, step.call.closures[0].start) : step.call.end;
        findings.push({
          start: step.call.start,
          end,
          message: `\`${calleeText(model.text, step.call)}()\` needs a Docker daemon. Kaniko builds and pushes without one.`,
          data: { method: step.method, stageName: step.stage?.name },
        });
        continue;
      }
      if (!step.script) continue;
      for (const command of step.commands) {
        const words = effectiveWords(command);
        const subcommand = dockerDaemonSubcommand(words);
        if (!subcommand) continue;
        findings.push({
          ...scriptSpan(step.script, words[0].start, command.end),
          message: `\`docker ${subcommand}\` needs a Docker daemon. Kaniko builds and pushes without one.`,
          data: { command: subcommand.replace(/^(image|buildx) /, ''), stageName: step.stage?.name },
        });
      }
    }
    return findings;
  },
};

/** `docker.build`, `customImage.push`: the callee as written, short enough for a message. */
function calleeText(text: string, call: { callee: { start: number; end: number } }): string {
  const written = text.slice(call.callee.start, call.callee.end).replace(/\s+/g, '');
  return written.length > 60 ? written.slice(written.length - 60) : written;
}

function lastNonSpace(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && /\s/.test(text[i - 1])) i--;
  return i;
}
