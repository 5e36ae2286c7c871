import type { Rule } from './types';

export const privilegedContainer: Rule = {
  meta: {
    id: 'privileged-container',
    defaultSeverity: 'warning',
    title: 'Privileged container',
    description:
      'A build container runs with `privileged: true`. Privileged containers can access every device of the node and escape isolation; builds rarely need that.',
    fix: 'Remove `privileged: true` (or set it to `false`) unless the tool really needs it. For image builds, use Kaniko.',
  },
  check(model) {
    return model.pods.flatMap((pod) =>
      pod.containers
        .filter((container) => !container.isDind && container.privileged?.value === true)
        .map((container) => ({
          ...container.privileged!.span,
          message: `Container '${container.name ?? '?'}' runs with privileged: true.`,
          data: { podId: pod.id, container: container.name },
        })),
    );
  },
};
