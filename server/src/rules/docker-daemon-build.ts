import { buildsOrPushesThroughDaemon, imageDaemonCommand, podHasDockerDaemon } from '../docker';
import { commandWords, scriptSpan, type DockerStep } from '../model';
import { defineRule, type Finding } from './types';

/** A Docker Pipeline call (`method`) or a `docker …` command in a script (`command`). */
export interface DockerDaemonBuildData {
  method?: DockerStep['method'];
  command?: NonNullable<ReturnType<typeof imageDaemonCommand>>['command'];
  stageName: string | undefined;
}

export const dockerDaemonBuild = defineRule<DockerDaemonBuildData>()({
  meta: {
    id: 'docker-daemon-build',
    defaultSeverity: 'information',
    title: 'Image build that needs a Docker daemon',
    description:
      'This step builds, pushes or logs in through a Docker daemon, which in Kubernetes means a privileged Docker-in-Docker container or the node\'s Docker socket.',
    fix: 'Kaniko builds and pushes the same Dockerfile without a daemon: `/kaniko/executor --dockerfile … --context … --destination …`. Use the quick fix "Migrate stage to Kaniko".',
    codeActions: ['migrate-to-kaniko'],
  },
  check(model) {
    const findings: Array<Finding<DockerDaemonBuildData>> = [];
    for (const step of model.steps) {
      if (!podHasDockerDaemon(step.pod)) continue;
      if (step.kind === 'docker') {
        if (!buildsOrPushesThroughDaemon(step)) continue;
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
        const { words } = commandWords(command);
        const daemon = imageDaemonCommand(words);
        if (!daemon) continue;
        findings.push({
          ...scriptSpan(step.script, words[0].start, command.end),
          message: `\`docker ${daemon.written}\` needs a Docker daemon. Kaniko builds and pushes without one.`,
          data: { command: daemon.command, stageName: step.stage?.name },
        });
      }
    }
    return findings;
  },
});

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
