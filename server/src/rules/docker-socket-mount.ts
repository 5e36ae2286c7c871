import { dockerSocketVolumes, isSocketFile } from '../docker';
import { unquotedSpan } from './spans';
import type { Rule } from './types';

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
      dockerSocketVolumes(pod)
        .filter((volume) => volume.hostPathSpan)
        .map((volume) => ({
          ...unquotedSpan(model.text, volume.hostPathSpan!),
          message: isSocketFile(volume.hostPath!)
            ? `The pod mounts the host's Docker socket (${volume.hostPath}), which hands the build control of the node's Docker daemon.`
            : `The pod mounts the host's ${volume.hostPath}, which holds the Docker socket and hands the build control of the node's Docker daemon.`,
          data: { podId: pod.id, volume: volume.name },
        })),
    );
  },
};
