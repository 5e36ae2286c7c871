import { registersBinfmt } from '../docker';
import { dockerRunSites, type DockerRunSite } from './docker-run-sites';
import { defineRule, type Finding } from './types';

/** A pod's container (`podId`, `container`), or `--privileged` on a Docker agent, `.inside(…)` or `docker run` (`dockerRun`). */
export interface PrivilegedContainerData {
  podId?: number;
  container?: string;
  dockerRun?: DockerRunSite['kind'];
}

export const privilegedContainer = defineRule<PrivilegedContainerData>()({
  meta: {
    id: 'privileged-container',
    defaultSeverity: 'warning',
    title: 'Privileged container',
    description:
      "A build container runs privileged: `privileged: true` in a pod, or `--privileged` on `docker run`, `.inside(…)` or a Docker agent's `args`. Privileged containers can access every device of the node and escape isolation; builds rarely need that.",
    fix: 'Remove `privileged: true` / `--privileged` unless the tool really needs it, or grant only what it needs (`--cap-add`, `--device`). For image builds, use Kaniko. Register QEMU binfmt handlers once per node instead of on every run.',
    codeActions: [],
  },
  check(model) {
    const findings: Array<Finding<PrivilegedContainerData>> = [];
    const pods = model.pods;
    for (let p = 0; p < pods.length; p++) {
      const pod = pods[p];
      const containers = pod.containers;
      for (let c = 0; c < containers.length; c++) {
        const container = containers[c];
        if (container.isDind || container.privileged?.value !== true) continue;
        findings.push({
          ...container.privileged.span,
          message: `Container '${container.name ?? '?'}' runs with privileged: true.`,
          data: { podId: pod.id, container: container.name },
        });
      }
    }
    const sites = dockerRunSites(model);
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i];
      const word = site.options.privileged;
      if (!word) continue;
      findings.push({ ...site.span(word.start, word.end), message: privilegedRunMessage(site), data: { dockerRun: site.kind } });
    }
    return findings;
  },
});

function privilegedRunMessage(site: DockerRunSite): string {
  const image = site.options.image?.text;
  if (site.kind === 'sh' && registersBinfmt(image)) {
    return (
      `\`docker run --privileged ${image}\` registers QEMU emulators in the kernel of the node, for every container on it, on every run. ` +
      'Register them once per node (a DaemonSet running tonistiigi/binfmt), or build each platform on nodes of that architecture (a nodeSelector on kubernetes.io/arch).'
    );
  }
  const subject =
    site.kind === 'agent'
      ? 'The Docker agent runs its container'
      : site.kind === 'image'
        ? `The container of ${site.written} runs`
        : `\`docker run\`${image ? ` of ${image}` : ''} runs the container`;
  return `${subject} with --privileged: every device of the host and no isolation. Drop it, or grant only what the tool needs (--cap-add, --device).`;
}
