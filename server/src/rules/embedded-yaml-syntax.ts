import { defineRule, type Finding } from './types';

/** One broken line can cascade into thousands of parser errors; the first few say what to fix. */
export const MAX_YAML_ERRORS_PER_POD = 10;

export interface EmbeddedYamlSyntaxData {
  podId: number;
}

export const embeddedYamlSyntax = defineRule<EmbeddedYamlSyntaxData>()({
  meta: {
    id: 'embedded-yaml-syntax',
    defaultSeverity: 'error',
    title: 'Pod YAML does not parse',
    description: 'The Kubernetes pod YAML given to the agent does not parse, so Jenkins cannot schedule the pod and the other checks cannot read it.',
    fix: 'Correct the YAML at the marked position: usually indentation, a tab, or a missing `:`.',
    codeActions: [],
  },
  check(model) {
    const findings: Array<Finding<EmbeddedYamlSyntaxData>> = [];
    // Made at the first error: most files have none.
    let seen: Set<string> | undefined;
    const pods = model.pods;
    for (let p = 0; p < pods.length; p++) {
      const pod = pods[p];
      const yaml = pod.yaml;
      if (!yaml) continue;
      let reported = 0;
      for (const error of yaml.errors) {
        if (reported === MAX_YAML_ERRORS_PER_POD) break;
        let start = error.start;
        let end = Math.max(error.end, error.start);
        // Errors at the end of the input (an unclosed `[` or quote) are empty and sit on the closing
        // delimiter; mark the last YAML character instead so the squiggle is inside the YAML.
        const floor = yaml.literal?.contentStart ?? 0;
        if (end === start && yaml.literal && start > floor) {
          let i = start;
          while (i > floor && /\s/.test(model.text[i - 1])) i--;
          if (i > floor) {
            start = i - 1;
            end = i;
          }
        }
        const message = `Pod YAML: ${error.message}`;
        // The YAML parser sometimes reports one mistake twice at the same place.
        const key = `${start}:${end}:${message}`;
        seen ??= new Set();
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push({ start, end, message, data: { podId: pod.id } });
        reported++;
      }
    }
    return findings;
  },
});
