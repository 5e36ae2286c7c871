/** Views of a model's steps that several rules and fixes ask for, derived once per model. */
import { memoKey } from './memo';
import type { JenkinsModel, Pod, Step } from './types';

const STEPS_BY_POD = memoKey<ReadonlyMap<Pod, readonly Step[]>>('steps by pod');

/** The steps that run in `pod` (its own, not a nested pod's), in document order. */
export function stepsOfPod(model: JenkinsModel, pod: Pod): readonly Step[] {
  let byPod = model.memo.get(STEPS_BY_POD);
  if (!byPod) {
    const map = new Map<Pod, Step[]>();
    for (const step of model.steps) {
      if (!step.pod) continue;
      const list = map.get(step.pod);
      if (list) list.push(step);
      else map.set(step.pod, [step]);
    }
    byPod = model.memo.set(STEPS_BY_POD, map);
  }
  return byPod.get(pod) ?? [];
}
