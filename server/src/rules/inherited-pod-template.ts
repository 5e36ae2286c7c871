import { podHasDockerDaemon, stepUsesDockerDaemon } from '../docker';
import { stepsOfPod } from '../model';
import { unquotedSpan } from './spans';
import { defineRule, type Finding } from './types';

export interface InheritedPodTemplateData {
  podId: number;
  inheritFrom: string;
}

export const inheritedPodTemplate = defineRule<InheritedPodTemplateData>()({
  meta: {
    id: 'inherited-pod-template',
    defaultSeverity: 'information',
    title: 'Docker daemon from a parent pod template that is not visible here',
    description:
      "The pod inherits from a pod template defined in Jenkins (`inheritFrom`), and its steps talk to a Docker daemon that nothing in this file provides: it comes from the parent, which is most likely a privileged Docker-in-Docker container or a mount of the node's Docker socket. The other rules cannot see it.",
    fix: 'Look at the parent template in Jenkins (Manage Jenkins → Clouds → Pod Templates). If it runs Docker-in-Docker or mounts the socket, build with Kaniko in a container of this pod instead, and drop that container from the parent or stop inheriting it.',
    codeActions: [],
  },
  check(model) {
    const findings: Array<Finding<InheritedPodTemplateData>> = [];
    const pods = model.pods;
    for (let p = 0; p < pods.length; p++) {
      const pod = pods[p];
      if (!pod.inheritFrom || !pod.inheritFromSpan || podHasDockerDaemon(pod)) continue;
      const daemonStep = stepsOfPod(model, pod).find(stepUsesDockerDaemon);
      if (!daemonStep) continue;
      const merge = pod.yamlMergeStrategy === 'merge' ? ' and merges its YAML into it (yamlMergeStrategy merge())' : '';
      findings.push({
        ...unquotedSpan(model.text, pod.inheritFromSpan),
        message: `This pod inherits from '${pod.inheritFrom}'${merge}, which is defined in Jenkins, not here; its Docker commands need a daemon that only that parent can provide, most likely a privileged Docker-in-Docker container or the node's Docker socket, which this file cannot check.`,
        data: { podId: pod.id, inheritFrom: pod.inheritFrom },
      });
    }
    return findings;
  },
});
