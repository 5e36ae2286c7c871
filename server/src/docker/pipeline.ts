/**
 * The Docker Pipeline plugin (`docker.build`, `docker.withRegistry`, `image.push`, …) and the
 * Docker wrappers around it, as the model records them (`DockerStep.method`, callee paths).
 */
import type { DockerStep } from '../model';

/** Methods that build, push or log in through the daemon: what Kaniko replaces. */
const IMAGE_DAEMON_METHODS = new Set<DockerStep['method']>(['build', 'withRegistry', 'push']);

export function buildsOrPushesThroughDaemon(step: DockerStep): boolean {
  return IMAGE_DAEMON_METHODS.has(step.method);
}

/** Any Docker Pipeline call but a bare `docker.image(…)` reference talks to the daemon. */
export function dockerStepUsesDaemon(step: DockerStep): boolean {
  return step.method !== 'image';
}

/** Methods that start a container from an image, which Kaniko cannot do. */
export function runsContainer(method: string | undefined): boolean {
  return method === 'inside' || method === 'run' || method === 'withRun';
}

/**
 * Steps that give a block a daemon or run it in a container (`withDockerServer`, `docker.withServer`,
 * `docker.withTool`, `withDockerContainer`), by callee path. (`withDockerRegistry` only logs in,
 * like `docker.withRegistry`.)
 */
export const DAEMON_WRAPPER_STEPS: ReadonlySet<string> = new Set(['withDockerServer', 'docker.withServer', 'docker.withTool', 'withDockerContainer']);
