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
          message: `docker.${step.method === 'push' ? 'image(…).push' : step.method}() needs a Docker daemon. Kaniko builds and pushes without one.`,
          data: { method: step.method, stageName: step.stage?.name },
        });
        continue;
      }
      if (!step.script) continue;
      for (const command of step.commands) {
        const words = effectiveWords(command);
        if (words[0]?.text !== 'docker' || !DAEMON_SUBCOMMANDS.has(words[1]?.text ?? '')) continue;
        findings.push({
          ...scriptSpan(step.script, words[0].start, command.end),
          message: `\`docker ${words[1].text}\` needs a Docker daemon. Kaniko builds and pushes without one.`,
          data: { command: words[1].text, stageName: step.stage?.name },
        });
      }
    }
    return findings;
  },
};

function lastNonSpace(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && /\s/.test(text[i - 1])) i--;
  return i;
}
