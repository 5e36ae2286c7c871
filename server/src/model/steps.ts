/** Views of a model's steps that several rules and fixes ask for, derived once per model. */
import type { JenkinsModel, Pod, Step } from './types';

const stepsByPodCache = new WeakMap<JenkinsModel, ReadonlyMap<Pod, readonly Step[]>>();

/** The steps that run in `pod` (its own, not a nested pod's), in document order. */
export function stepsOfPod(model: JenkinsModel, pod: Pod): readonly Step[] {
  let byPod = stepsByPodCache.get(model);
  if (!byPod) {
    const map = new Map<Pod, Step[]>();
    for (const step of model.steps) {
      if (!step.pod) continue;
      const list = map.get(step.pod);
      if (list) list.push(step);
      else map.set(step.pod, [step]);
    }
    stepsByPodCache.set(model, (byPod = map));
  }
  return byPod.get(pod) ?? [];
}
