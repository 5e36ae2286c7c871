/**
 * What the migration is about: the stages that build through a Docker daemon, and pods whose
 * daemon is used across stages or outside any stage (pod units), migrated as one.
 */
import { podHasDockerDaemon, stepUsesDockerDaemon } from '../../docker';
import { lineNumberOf } from '../../lines';
import { calleeName, memoKey, stepsOfPod, type JenkinsModel, type Pod, type Stage } from '../../model';
import type * as ast from '../../parser/ast';

/** A pod migrated as one unit: its daemon is used by several stages, or by steps outside any stage. */
export interface PodUnit extends Stage {
  unit: 'pod';
  /**
   * Pods read from one source (the same `yamlFile`, or the same YAML literal) by several stages'
   * agents: migrated together, since rewriting that source changes them all. `pod` is the first.
   */
  pods?: Pod[];
}

export function isPodUnit(stage: Stage): stage is PodUnit {
  return (stage as Partial<PodUnit>).unit === 'pod';
}

/** What titles, messages and reasons call a migration unit: `pod` for a pod migrated as a whole, else `stage`. */
export function unitWord(stage: Stage): 'pod' | 'stage' {
  return isPodUnit(stage) ? 'pod' : 'stage';
}

const POD_UNITS = memoKey<PodUnit[]>('pod units');

/**
 * Pods whose daemon steps do not sit in one stage (scripted `podTemplate { node { … } }` with no
 * stage around the build, or a build in one stage and its push in another): the migration takes
 * the whole pod, every step that runs in it, as one unit.
 */
export function findPodUnits(model: JenkinsModel): PodUnit[] {
  const cached = model.memo.get(POD_UNITS);
  if (cached) return cached;
  const units: PodUnit[] = [];
  const grouped = new Set<Pod>();
  for (const pods of sharedSourceGroups(model)) {
    const unit = podGroupUnit(model, pods);
    if (!unit) continue;
    units.push(unit);
    for (const pod of pods) grouped.add(pod);
  }
  model.pods.forEach((pod) => {
    if (!podHasDockerDaemon(pod) || grouped.has(pod)) return;
    const steps = stepsOfPod(model, pod);
    const daemonSteps = steps.filter(stepUsesDockerDaemon);
    // A daemon pod with steps but no visible docker command: a unit too, so that it is refused with its reason, never "nothing to change".
    const stages = new Set((daemonSteps.length > 0 ? daemonSteps : steps).map((step) => step.stage));
    if (steps.length === 0) return;
    // One stage that runs in this pod is a stage candidate itself; a stage that declares the pod
    // inside its body (`stage { podTemplate { node(POD_LABEL) { … } } }`) is not, so the pod is the unit.
    const only = stages.size === 1 ? [...stages][0] : undefined;
    if (only && only.pod === pod && (daemonSteps.length > 0 || only.agentPod === pod)) return;
    if (daemonSteps.length === 0 && [...stages].some((stage) => stage?.agentPod === pod)) return;
    const unit = singlePodUnit(model, pod);
    if (unit) units.push(unit);
  });
  units.sort((a, b) => a.call.start - b.call.start);
  model.memo.set(POD_UNITS, units);
  return units;
}

/** What a pod's YAML is read from, when other pods may read it too: its `yamlFile` path, or its YAML literal. */
function podSourceKey(pod: Pod): string | undefined {
  if (pod.yaml?.from === 'yamlFile' && pod.yaml.file !== undefined) return `file:${pod.yaml.file}`;
  if (pod.yaml?.literal) return `literal:${pod.yaml.literal.start}`;
  return undefined;
}

/**
 * Daemon pods that read one source, when the Docker daemon is used from more than one of them (a
 * Build stage and a Push stage, each with `agent { kubernetes { yamlFile 'pod.yaml' } }`): the
 * source can only be rewritten once, for all of them.
 */
function sharedSourceGroups(model: JenkinsModel): Pod[][] {
  const bySource = new Map<string, Pod[]>();
  for (const pod of model.pods) {
    const key = podHasDockerDaemon(pod) ? podSourceKey(pod) : undefined;
    if (key === undefined) continue;
    const pods = bySource.get(key);
    if (pods) pods.push(pod);
    else bySource.set(key, [pod]);
  }
  return [...bySource.values()].filter((pods) => pods.length > 1 && pods.filter((pod) => stepsOfPod(model, pod).some(stepUsesDockerDaemon)).length > 1);
}

/**
 * The pods of one source as a unit: every step that runs in any of them, in the innermost block
 * that holds all their declarations (the `pipeline`, for declarative agents). Undefined when no
 * block holds them all (two top-level podTemplates): each is then refused with the reason.
 */
function podGroupUnit(model: JenkinsModel, pods: Pod[]): PodUnit | undefined {
  const start = Math.min(...pods.map((pod) => pod.call.start));
  const end = Math.max(...pods.map((pod) => pod.call.end));
  const scope = enclosingBlock(model, start, end);
  if (!scope) return undefined;
  const first = pods.reduce((a, b) => (b.call.start < a.call.start ? b : a));
  const steps = pods.flatMap((pod) => stepsOfPod(model, pod)).sort((a, b) => a.call.start - b.call.start);
  const yaml = first.yaml!;
  // Named after what they share: the file, the variable holding the YAML, or the literal's line.
  const source =
    yaml.from === 'yamlFile'
      ? yaml.file!
      : yaml.expression.type === 'Identifier'
        ? yaml.expression.name
        : `pod YAML at line ${lineNumberOf(model.text, (yaml.literal ?? yaml.expression).start)}`;
  return {
    unit: 'pod',
    name: source,
    call: scope.call,
    nameSpan: { start: scope.call.start, end: scope.call.start },
    body: scope.body,
    children: [],
    parentBlock: 'scripted',
    pod: first,
    pods: [...pods].sort((a, b) => a.call.start - b.call.start),
    steps,
  };
}

/** The innermost call with a closure that holds [start, end); inside a declarative `pipeline`, the pipeline itself. */
function enclosingBlock(model: JenkinsModel, start: number, end: number): { call: ast.CallExpression; body: ast.ClosureExpression } | undefined {
  let found: { call: ast.CallExpression; body: ast.ClosureExpression } | undefined;
  const visit = (node: unknown, depth: number): void => {
    if (depth > 400 || typeof node !== 'object' || node === null) return;
    const n = node as { type?: string; start?: number; end?: number };
    if (typeof n.start === 'number' && typeof n.end === 'number' && (n.start > start || n.end < end)) return;
    if (n.type === 'CallExpression') {
      const call = n as ast.CallExpression;
      const body = call.closures.find((c) => c.start <= start && end <= c.end);
      if (body) {
        found = { call, body };
        // The whole pipeline is the unit of a declarative file: its post and environment belong to every stage.
        if (calleeName(call) === 'pipeline') return;
      }
    }
    for (const value of Object.values(n)) {
      if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
      else if (typeof value === 'object') visit(value, depth + 1);
    }
  };
  visit(model.parse.program, 0);
  return found;
}

/** The unit a pod is migrated in: the group of pods read from its source, when it is in one; else the pod itself (daemon or not). */
export function podUnitFor(model: JenkinsModel, pod: Pod): PodUnit | undefined {
  return findPodUnits(model).find((unit) => unit.pods?.includes(pod)) ?? singlePodUnit(model, pod);
}

/** A pod as a migration unit: its code and every step that runs in it. */
function singlePodUnit(model: JenkinsModel, pod: Pod): PodUnit | undefined {
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
  const covered = new Set(units.flatMap((unit) => unit.pods ?? [unit.pod]));
  const stages = model.stages.filter((stage) => {
    if (!podHasDockerDaemon(stage.pod)) return false;
    if (stage.pod && covered.has(stage.pod)) return false;
    if (stage.steps.some(stepUsesDockerDaemon)) return true;
    return stage.agentPod !== undefined && stage.children.length === 0;
  });
  return [...stages, ...units].sort((a, b) => a.call.start - b.call.start);
}
