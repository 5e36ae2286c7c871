import { KANIKO_ARCHIVED_ON, kanikoImage, maintainedForksSummary } from '../kaniko/images';
import { writtenImage } from './kaniko-helpers';
import { unquotedSpan } from './spans';
import { defineRule, type Finding } from './types';

export interface KanikoImageUnmaintainedData {
  podId: number;
  container: string | undefined;
  image: string | undefined;
  role: NonNullable<ReturnType<typeof kanikoImage>>['role'];
}

export const kanikoImageUnmaintained = defineRule<KanikoImageUnmaintainedData>()({
  meta: {
    id: 'kaniko-image-unmaintained',
    defaultSeverity: 'hint',
    title: 'Kaniko image from the archived upstream project',
    description: `GoogleContainerTools/kaniko was archived on ${KANIKO_ARCHIVED_ON}: the \`gcr.io/kaniko-project\` images get no more fixes, security patches or dependency updates. The image still works today.`,
    fix: `Switch to a maintained fork: ${maintainedForksSummary()}. The osscontainertools images keep the upstream tags and flags (\`-debug\` has the shell).`,
    codeActions: [],
  },
  check(model) {
    const findings: Array<Finding<KanikoImageUnmaintainedData>> = [];
    const pods = model.pods;
    for (let p = 0; p < pods.length; p++) {
      const pod = pods[p];
      const containers = pod.containers;
      for (let c = 0; c < containers.length; c++) {
        const container = containers[c];
        const image = container.kanikoImage;
        if (!image?.unmaintained || !container.imageSpan) continue;
        const written = writtenImage(model, container);
        findings.push({
          ...unquotedSpan(model.text, container.imageSpan),
          message: `'${written}' comes from the Kaniko project archived on ${KANIKO_ARCHIVED_ON} and gets no more fixes. Maintained forks: ${maintainedForksSummary()}.`,
          data: { podId: pod.id, container: container.name, image: written, role: image.role },
        });
      }
    }
    return findings;
  },
});
