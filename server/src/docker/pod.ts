/**
 * The Docker daemon in a Kubernetes pod: a Docker-in-Docker container (the model marks it
 * `isDind`), or the node's daemon reached through a hostPath of its socket, and the parts of a
 * container that only make sense with a daemon.
 */
import { isMap } from 'yaml';
import type { Container, Pod, Volume } from '../model';

/**
 * Host paths that hand a container the node's Docker daemon: the socket itself, or the
 * directory holding it (`hostPath: /var/run` mounted at `/var/run`, as some agent pods do).
 */
const DOCKER_SOCKET_HOST_PATH = /^\/(var\/)?run(\/docker\.sock)?\/?$/;

export function isDockerSocketPath(hostPath: string | undefined): boolean {
  return hostPath !== undefined && DOCKER_SOCKET_HOST_PATH.test(hostPath);
}

/** Whether the path is the socket itself rather than the directory around it (for messages). */
export function isSocketFile(hostPath: string): boolean {
  return /docker\.sock\/?$/.test(hostPath);
}

export function isDockerSocketVolume(volume: Volume | undefined): boolean {
  return volume?.kind === 'hostPath' && isDockerSocketPath(volume.hostPath);
}

export function dockerSocketVolumes(pod: Pod): Volume[] {
  return pod.volumes.filter(isDockerSocketVolume);
}

/** A pod whose builds reach a Docker daemon: a dind container or the host socket. */
export function podHasDockerDaemon(pod: Pod | undefined): boolean {
  if (!pod) return false;
  // Indexed loops, not `some` with a callback or for-of (an iterator each): asked for every step by several rules, cold.
  const containers = pod.containers;
  for (let i = 0; i < containers.length; i++) if (containers[i].isDind) return true;
  const volumes = pod.volumes;
  for (let i = 0; i < volumes.length; i++) if (isDockerSocketVolume(volumes[i])) return true;
  return false;
}

/** Mount paths that only make sense for a Docker daemon or client: its data, socket, TLS certificates. */
const DOCKER_MOUNT_PATH = /^\/(var\/lib\/docker|(var\/)?run\/docker\.sock|(var\/)?run\/docker|certs(\/.*)?|var\/run|run)\/?$/;

/** A volume (mounted at `mountPath`) that serves the daemon, so it goes with the daemon container. */
export function isDockerVolume(volume: Volume | undefined, mountPath: string | undefined): boolean {
  if (mountPath !== undefined && DOCKER_MOUNT_PATH.test(mountPath)) return true;
  return isDockerSocketVolume(volume);
}

/** Keys of a daemon container that were written for dockerd and go with it. */
export const DAEMON_ONLY_KEYS: readonly string[] = ['command', 'args', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'];

/**
 * Environment of the daemon container that was written for dockerd or the docker client and goes
 * with it. DOCKER_CONFIG too: the Kaniko image sets it to /kaniko/.docker, and a value left from
 * the daemon container would send Kaniko to look for its credentials elsewhere.
 */
export const DAEMON_ONLY_ENV: ReadonlySet<string> = new Set([
  'DOCKER_TLS_CERTDIR',
  'DOCKER_HOST',
  'DOCKER_TLS_VERIFY',
  'DOCKER_CERT_PATH',
  'DOCKER_DRIVER',
  'DOCKER_CONFIG',
  'DOCKER_BUILDKIT',
]);

/** A container whose Docker client talks to a daemon over `DOCKER_HOST` (`tcp://localhost:2375` to a dind sidecar). */
export function setsDockerHost(container: Container, text: string): boolean {
  if (container.origin === 'yaml') {
    const env = isMap(container.node) ? container.node.get('env', true) : undefined;
    return JSON.stringify((env as { toJSON?: () => unknown } | undefined)?.toJSON?.() ?? '').includes('DOCKER_HOST');
  }
  return container.span ? /DOCKER_HOST/.test(text.slice(container.span.start, container.span.end)) : false;
}
