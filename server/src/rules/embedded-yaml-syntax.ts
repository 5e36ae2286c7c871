import type { Rule } from './types';

export const embeddedYamlSyntax: Rule = {
  meta: {
    id: 'embedded-yaml-syntax',
    defaultSeverity: 'error',
    title: 'Pod YAML does not parse',
    description: 'The Kubernetes pod YAML given to the agent does not parse, so Jenkins cannot schedule the pod and the other checks cannot read it.',
    fix: 'Correct the YAML at the marked position: usually indentation, a tab, or a missing `:`.',
  },
  check(model) {
    return model.pods.flatMap((pod) =>
      (pod.yaml?.errors ?? []).map((error) => ({
        start: error.start,
        end: Math.max(error.end, error.start),
        message: `Pod YAML: ${error.message}`,
        data: { podId: pod.id },
      })),
    );
  },
};
