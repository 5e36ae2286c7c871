import { defineRule, type Finding } from './types';

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
    const findings: Array<Finding<DindPrivilegedData>> = [];
    const pods = model.pods;
    for (let p = 0; p < pods.length; p++) {
      const pod = pods[p];
      const containers = pod.containers;
      for (let c = 0; c < containers.length; c++) {
        const container = containers[c];
        if (!container.isDind || container.privileged?.value !== true) continue;
        // The span's two fields in the literal, not spread: the spread's copy missed its cache (one finding in every other file of the bench).
        const span = container.privileged.span;
        findings.push({
          start: span.start,
          end: span.end,
          message: `Container '${container.name ?? '?'}' runs Docker-in-Docker with privileged: true, which gives the build root on the node. Build with Kaniko instead.`,
          data: { podId: pod.id, container: container.name },
        });
      }
    }
    return findings;
  },
});
