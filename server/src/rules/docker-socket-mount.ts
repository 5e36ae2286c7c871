import { isDockerSocketVolume, isSocketFile } from '../docker';
import { dockerRunSites, type DockerRunSite } from './docker-run-sites';
import { unquotedSpan } from './spans';
import { defineRule, type Finding } from './types';

/** A pod's hostPath volume (`podId`, `volume`), or a mount on a Docker agent, `.inside(…)` or `docker run` (`dockerRun`). */
export interface DockerSocketMountData {
  podId?: number;
  volume?: string;
  dockerRun?: DockerRunSite['kind'];
}

export const dockerSocketMount = defineRule<DockerSocketMountData>()({
  meta: {
    id: 'docker-socket-mount',
    defaultSeverity: 'warning',
    title: 'Host Docker socket mounted',
    description:
      "The pod or container mounts the node's Docker socket. Whoever talks to that socket controls the node's Docker daemon, so the build can start privileged containers on the host; it also ties builds to nodes that still run Docker.",
    fix: 'Build with Kaniko, which needs no daemon. Use the quick fix "Migrate stage to Kaniko" (for a Docker agent, move the stage to a Kubernetes agent first).',
    codeActions: ['migrate-to-kaniko'],
  },
  check(model) {
    const findings: Array<Finding<DockerSocketMountData>> = [];
    const pods = model.pods;
    for (let p = 0; p < pods.length; p++) {
      const pod = pods[p];
      const volumes = pod.volumes;
      for (let v = 0; v < volumes.length; v++) {
        const volume = volumes[v];
        if (!isDockerSocketVolume(volume) || !volume.hostPathSpan) continue;
        findings.push({
          ...unquotedSpan(model.text, volume.hostPathSpan),
          message: isSocketFile(volume.hostPath!)
            ? `The pod mounts the host's Docker socket (${volume.hostPath}), which hands the build control of the node's Docker daemon.`
            : `The pod mounts the host's ${volume.hostPath}, which holds the Docker socket and hands the build control of the node's Docker daemon.`,
          data: { podId: pod.id, volume: volume.name },
        });
      }
    }
    // Docker agents, `.inside('-v …')` and `docker run -v …`: a container of the daemon gets the daemon itself.
    const sites = dockerRunSites(model);
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i];
      const mounts = site.options.socketMounts;
      for (let m = 0; m < mounts.length; m++) {
        const mount = mounts[m];
        const what = isSocketFile(mount.hostPath)
          ? `the host's Docker socket (${mount.hostPath}),`
          : `the host's ${mount.hostPath}, which holds the Docker socket,`;
        const where =
          site.kind === 'agent' ? 'The Docker agent mounts' : site.kind === 'image' ? `The container of ${site.written} mounts` : 'This `docker run` mounts';
        const kaniko =
          site.kind === 'sh'
            ? ''
            : ' Kaniko builds images without a daemon; the migration to Kaniko needs a Kubernetes agent (`agent { kubernetes { … } }` or `podTemplate`), so move the stage to one first.';
        findings.push({
          ...site.span(mount.start, mount.end),
          message: `${where} ${what} which hands the build control of the node's Docker daemon.${kaniko}`,
          data: { dockerRun: site.kind },
        });
      }
    }
    return findings;
  },
});
