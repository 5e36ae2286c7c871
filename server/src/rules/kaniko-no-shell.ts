import { shellVariant } from '../kaniko/images';
import { stepsIn, writtenImage } from './kaniko-helpers';
import { unquotedSpan } from './spans';
import { defineRule, type Finding } from './types';

export interface KanikoNoShellData {
  podId: number;
  container: string | undefined;
  image: string | undefined;
  suggestedImage: string;
}

export const kanikoNoShell = defineRule<KanikoNoShellData>()({
  meta: {
    id: 'kaniko-no-shell',
    defaultSeverity: 'error',
    title: 'Kaniko image without a shell used for `sh` steps',
    description:
      'Only the `debug` variants of the Kaniko image contain a shell (busybox under `/busybox`). Jenkins runs every `sh` step through a shell inside the container, so with a plain or `slim` image the step fails before the executor starts.',
    fix: "Use the debug variant of the same image: `ghcr.io/osscontainertools/kaniko:<version>-debug` (or `martizih/kaniko:<version>-debug`, upstream `gcr.io/kaniko-project/executor:v1.24.0-debug`), Chainguard `cgr.dev/chainguard/kaniko:latest-dev`. The fork's `-alpine` and `-bootstrap` variants have a shell too.",
    codeActions: [],
  },
  check(model, options) {
    const findings: Array<Finding<KanikoNoShellData>> = [];
    const pods = model.pods;
    for (let p = 0; p < pods.length; p++) {
      const pod = pods[p];
      const containers = pod.containers;
      for (let c = 0; c < containers.length; c++) {
        const container = containers[c];
        // `kanikoHasShell` also holds when the tag cannot be known (a digest, `${VERSION}`).
        if (!container.isKaniko || container.kanikoHasShell || !container.imageSpan || !container.image) continue;
        const image = container.kanikoImage;
        if (!image || image.shell !== 'no') continue;
        const shellSteps = stepsIn(model, container).filter((step) => step.kind === 'shell');
        if (shellSteps.length === 0) continue;
        const suggestedImage = shellVariant(container.image) ?? options.kanikoImage;
        findings.push({
          ...unquotedSpan(model.text, container.imageSpan),
          message: `'${writtenImage(model, container)}' has no shell, but ${shellSteps.length === 1 ? 'an sh step runs' : `${shellSteps.length} sh steps run`} in container '${container.name ?? '?'}'. Use a debug image such as '${suggestedImage}'.`,
          data: { podId: pod.id, container: container.name, image: writtenImage(model, container), suggestedImage },
        });
      }
    }
    return findings;
  },
});
