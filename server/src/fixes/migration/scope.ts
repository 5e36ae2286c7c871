/**
 * What the migration is about: the stages that build through a Docker daemon, and pods whose
 * daemon is used across stages or outside any stage (pod units), migrated as one.
 */
import { podHasDockerDaemon, stepUsesDockerDaemon } from '../../docker';
import { lineNumberOf } from '../../lines';
import { calleeName, stepsOfPod, type JenkinsModel, type Pod, type Stage } from '../../model';
import type * as ast from '../../parser/ast';

/** A pod migrated as one unit: its daemon is used by several stages, or by steps outside any stage. */
export interface PodUnit extends Stage {
  unit: 'pod';
}

export function isPodUnit(stage: Stage): stage is PodUnit {
  return (stage as Partial<PodUnit>).unit === 'pod';
}

/** What titles, messages and reasons call a migration unit: `pod` for a pod migrated as a whole, else `stage`. */
export function unitWord(stage: Stage): 'pod' | 'stage' {
  return isPodUnit(stage) ? 'pod' : 'stage';
}

const podUnitCache = new WeakMap<JenkinsModel, PodUnit[]>();

/**
 * Pods whose daemon steps do not sit in one stage (scripted `podTemplate { node { … } }` with no
 * stage around the build, or a build in one stage and its push in another): the migration takes
 * the whole pod, every step that runs in it, as one unit.
 */
export function findPodUnits(model: JenkinsModel): PodUnit[] {
  const cached = podUnitCache.get(model);
  if (cached) return cached;
  const units: PodUnit[] = [];
  model.pods.forEach((pod) => {
    if (!podHasDockerDaemon(pod)) return;
    const steps = stepsOfPod(model, pod);
    const daemonSteps = steps.filter(stepUsesDockerDaemon);
    // A daemon pod with steps but no visible docker command: a unit too, so that it is refused with its reason, never "nothing to change".
    const stages = new Set((daemonSteps.length > 0 ? daemonSteps : steps).map((step) => step.stage));
    if (steps.length === 0) return;
    if (stages.size === 1 && !stages.has(undefined) && (daemonSteps.length > 0 || [...stages][0]!.agentPod === pod)) return;
    if (daemonSteps.length === 0 && [...stages].some((stage) => stage?.agentPod === pod)) return;
    const unit = podUnitFor(model, pod);
    if (unit) units.push(unit);
  });
  podUnitCache.set(model, units);
  return units;
}

/** A pod as a migration unit (its code and every step that runs in it), daemon or not. */
export function podUnitFor(model: JenkinsModel, pod: Pod): PodUnit | undefined {
  const scope = podScope(model, pod);
  if (!scope) return undefined;
  return {
    unit: 'pod',
    name: podUnitName(model, pod),
    call: scope.call,
    nameSpan: { start: scope.call.start, end: scope.call.start },
    body: scope.body,
    children: [],
    parentBlock: 'scripted',
    pod,
    steps: [...stepsOfPod(model, pod)],
  };
}

/** What a pod unit is called: its literal label, else the stage that declares it, else its line. */
function podUnitName(model: JenkinsModel, pod: Pod): string {
  if (pod.label && !/[$]|POD_LABEL/.test(pod.label)) return pod.label;
  if (pod.stage) return pod.stage.name;
  const line = lineNumberOf(model.text, pod.call.start);
  return pod.origin === 'podTemplate' ? `podTemplate at line ${line}` : `pipeline agent at line ${line}`;
}

/** The code a pod's steps live in: the podTemplate's closure, the declaring stage, or the whole pipeline. */
function podScope(model: JenkinsModel, pod: Pod): { call: ast.CallExpression; body: ast.ClosureExpression } | undefined {
  if (pod.origin === 'podTemplate') {
    // The body: the attached closure, or one passed inside the parentheses (`podTemplate(…, { node { } })`).
    const inside = pod.call.args.map((arg) => arg.value).filter((value): value is ast.ClosureExpression => value.type === 'ClosureExpression');
    const body = pod.call.closures[0] ?? inside[inside.length - 1];
    return body ? { call: pod.call, body } : undefined;
  }
  if (pod.stage) return pod.stage.body ? { call: pod.stage.call, body: pod.stage.body } : undefined;
  const pipeline = model.parse.program.body
    .map((statement: ast.Statement) =>
      statement.type === 'ExpressionStatement' && statement.expression.type === 'CallExpression' ? statement.expression : undefined,
    )
    .find((call) => call && calleeName(call) === 'pipeline' && call.start <= pod.call.start && pod.call.end <= call.end);
  const body = pipeline?.closures[0];
  return pipeline && body ? { call: pipeline, body } : undefined;
}

/**
 * What the migration is about, in document order: stages that build, push or log in through a
 * daemon in their pod, leaf stages whose own agent pod runs a daemon, and pods whose daemon is
 * used across stages (`findPodUnits`), which take the place of their stages. Some may turn out
 * blocked; `planStageMigration` tells.
 */
export function findMigratableStages(model: JenkinsModel): Stage[] {
  const units = findPodUnits(model);
  const covered = new Set(units.map((unit) => unit.pod));
  const stages = model.stages.filter((stage) => {
    if (!podHasDockerDaemon(stage.pod)) return false;
    if (stage.pod && covered.has(stage.pod)) return false;
    if (stage.steps.some(stepUsesDockerDaemon)) return true;
    return stage.agentPod !== undefined && stage.children.length === 0;
  });
  return [...stages, ...units].sort((a, b) => a.call.start - b.call.start);
}
