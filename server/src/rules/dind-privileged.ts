import { defineRule } from './types';

export interface DindPrivilegedData {
  podId: number;
  container: string | undefined;
}

export const dindPrivileged = defineRule<DindPrivilegedData>()({
  meta: {
    id: 'dind-privileged',
    defaultSeverity: 'warning',
    title: 'Privileged Docker-in-Docker container',
    description:
      "A Docker-in-Docker container runs with `privileged: true`, which gives the build root on the Kubernetes node: it can load kernel modules, read every other pod's secrets and escape the container.",
    fix: 'Build with Kaniko instead: it builds and pushes images from a Dockerfile in userspace, without a daemon or privileges. Use the quick fix "Migrate stage to Kaniko".',
    codeActions: ['migrate-to-kaniko'],
  },
  check(model) {
    return model.pods.flatMap((pod) =>
      pod.containers
        .filter((container) => container.isDind && container.privileged?.value === true)
        .map((container) => ({
          ...container.privileged!.span,
          message: `Container '${container.name ?? '?'}' runs Docker-in-Docker with privileged: true, which gives the build root on the node. Build with Kaniko instead.`,
          data: { podId: pod.id, container: container.name },
        })),
    );
  },
});
