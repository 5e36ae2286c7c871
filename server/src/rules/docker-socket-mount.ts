import { unquotedSpan } from './spans';
import type { Rule } from './types';

/** The Docker daemon's socket, in its usual places. */
export const DOCKER_SOCKET = /^\/(var\/)?run\/docker\.sock\/?$/;

export const dockerSocketMount: Rule = {
  meta: {
    id: 'docker-socket-mount',
    defaultSeverity: 'warning',
    title: 'Host Docker socket mounted',
    description:
      'The pod mounts the node\'s Docker socket. Whoever talks to that socket controls the node\'s Docker daemon, so the build can start privileged containers on the host; it also ties builds to nodes that still run Docker.',
    fix: 'Build with Kaniko, which needs no daemon. Use the quick fix "Migrate stage to Kaniko".',
  },
  check(model) {
    return model.pods.flatMap((pod) =>
      pod.volumes
        .filter((volume) => volume.kind === 'hostPath' && volume.hostPath !== undefined && DOCKER_SOCKET.test(volume.hostPath) && volume.hostPathSpan)
        .map((volume) => ({
          ...unquotedSpan(model.text, volume.hostPathSpan!),
          message: `The pod mounts the host's Docker socket (${volume.hostPath}), which hands the build control of the node's Docker daemon.`,
          data: { podId: pod.id, volume: volume.name },
        })),
    );
  },
};
