import { buildsOrPushesThroughDaemon, imageDaemonCommandOf, podHasDockerDaemon, type ImageDaemonCommand } from '../docker';
import { scriptSpan, type DockerStep, type Pod } from '../model';
import { scriptCommands } from './script-commands';
import { defineRule, type Finding } from './types';

/** A Docker Pipeline call (`method`) or a `docker …` command in a script (`command`). */
export interface DockerDaemonBuildData {
  method?: DockerStep['method'] | 'withDockerRegistry';
  command?: ImageDaemonCommand['command'];
  stageName: string | undefined;
}

export const dockerDaemonBuild = defineRule<DockerDaemonBuildData>()({
  meta: {
    id: 'docker-daemon-build',
    defaultSeverity: 'information',
    title: 'Image build that needs a Docker daemon',
    description:
      "This step builds, pushes or logs in through a Docker daemon (`docker build`, `docker buildx build`, `docker compose build|push`, `docker.build`, `withDockerRegistry`, …), which in Kubernetes means a privileged Docker-in-Docker container or the node's Docker socket.",
    fix: 'Kaniko builds and pushes the same Dockerfile without a daemon: `/kaniko/executor --dockerfile … --context … --destination …`. Use the quick fix "Migrate stage to Kaniko".',
    codeActions: ['migrate-to-kaniko'],
  },
  check(model) {
    const findings: Array<Finding<DockerDaemonBuildData>> = [];
    // Every finding is in a pod with a Docker daemon: a model without one (most) is done here, before its steps are read.
    if (!someHasDockerDaemon(model.pods)) return findings;
    const steps = model.steps;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (step.kind !== 'docker' || !podHasDockerDaemon(step.pod) || !buildsOrPushesThroughDaemon(step)) continue;
      // A call with a trailing closure is flagged up to its closure, not over the whole block.
      const end = step.call.closures[0] ? lastNonSpace(model.text, step.call.start, step.call.closures[0].start) : step.call.end;
      findings.push({
        start: step.call.start,
        end,
        message: `\`${calleeText(model.text, step.call)}()\` needs a Docker daemon. Kaniko builds and pushes without one.`,
        data: { method: step.method, stageName: step.stage?.name },
      });
    }
    // Only the scripts' `docker` commands, grouped once per model (scriptCommands); an indexed loop, as it runs cold.
    const commands = scriptCommands(model).docker;
    for (let i = 0; i < commands.length; i++) {
      const { step, command, words, docker } = commands[i];
      if (!podHasDockerDaemon(step.pod)) continue;
      const daemon = imageDaemonCommandOf(docker);
      if (!daemon) continue;
      // The span's two fields in the literal, not spread: a spread's copy and the fields added after it missed their caches (most of the ~1,300 findings of a `check` of the bench).
      const span = scriptSpan(step.script, words[0].start, command.end);
      findings.push({
        start: span.start,
        end: span.end,
        message: daemon.written.startsWith('compose')
          ? `\`${daemon.shown}\` ${daemon.command === 'build' ? 'builds' : 'pushes'} the images of a Compose file through the Docker daemon. Kaniko builds and pushes without one: one executor run per image (its context, Dockerfile and --destination from the Compose file).`
          : `\`${daemon.shown}\` needs a Docker daemon. Kaniko builds and pushes without one.`,
        data: { command: daemon.command, stageName: step.stage?.name },
      });
    }
    // `withDockerRegistry(…) { }` logs the daemon in to the registry for its block, like docker.withRegistry.
    const wrappers = model.dockerWrappers;
    for (let i = 0; i < wrappers.length; i++) {
      const wrapper = wrappers[i];
      if (wrapper.step !== 'withDockerRegistry' || !podHasDockerDaemon(wrapper.pod)) continue;
      const call = wrapper.call;
      findings.push({
        start: call.start,
        end: call.closures[0] ? lastNonSpace(model.text, call.start, call.closures[0].start) : call.end,
        message:
          '`withDockerRegistry` logs the Docker daemon in to the registry. Kaniko pushes without a daemon and reads its registry credentials from /kaniko/.docker/config.json.',
        data: { method: 'withDockerRegistry', stageName: wrapper.stage?.name },
      });
    }
    return findings.sort((a, b) => a.start - b.start);
  },
});

/** Whether any of the pods reaches a Docker daemon (an indexed loop: asked for every model, cold). */
function someHasDockerDaemon(pods: readonly Pod[]): boolean {
  for (let i = 0; i < pods.length; i++) if (podHasDockerDaemon(pods[i])) return true;
  return false;
}

// Made once, not at each call (a regular expression literal is a new object each time it is evaluated). `replace` starts a global one from 0.
const SPACES = /\s+/g;
const SPACE = /\s/;

/** `docker.build`, `customImage.push`: the callee as written, short enough for a message. */
function calleeText(text: string, call: { callee: { start: number; end: number } }): string {
  const written = text.slice(call.callee.start, call.callee.end).replace(SPACES, '');
  return written.length > 60 ? written.slice(written.length - 60) : written;
}

function lastNonSpace(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && SPACE.test(text[i - 1])) i--;
  return i;
}
