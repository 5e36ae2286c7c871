/**
 * Migration of a stage that builds with a Docker daemon (privileged dind, or the node's
 * socket) to Kaniko, as text edits: the pod's daemon container becomes a Kaniko container,
 * the build/push sequence becomes one `/kaniko/executor` call, AWS CLI installs and registry
 * logins go. Where it cannot be done safely the plan says why instead of guessing.
 */
import { awsCliInstallKind, ecrLoginCommand, findEcrHosts, installedPackages, isEcrPluginCredentialsId, runsAwsCli, shellStepsUseAwsCli } from '../aws';
import {
  ATTACHED_VALUE_SHORTS,
  DAEMON_HOUSEKEEPING,
  DAEMON_WRAPPER_STEPS,
  dockerBuildOption,
  dockerInvocation,
  dockerSocketVolumes,
  dockerStepUsesDaemon,
  housekeepingCommand,
  isDockerSocketVolume,
  isDroppedFlagWithValue,
  mentionsDockerCommand,
  podHasDockerDaemon,
  runsContainer,
  setsDockerHost,
  usesDockerDaemon,
} from '../docker';
import { keepAliveFor } from '../kaniko/images';
import {
  argName,
  calleeName,
  calleePath,
  commandWords,
  literalValue,
  mapEntry,
  namedArg,
  positionalArgs,
  splitShell,
  type Container,
  type DockerStep,
  type JenkinsModel,
  type Pod,
  type ShellCommand,
  type ShellStep,
  type ShellWord,
  type Stage,
  type Step,
} from '../model';
import type * as ast from '../parser/ast';
import { sourceSpan, stringText, type MappedText } from '../parser/strings';
import { findConflict, normalizeEdits, withLineEndings, type TextEdit } from './apply';
import { KANIKO_CONTAINER, rewriteContainerTemplatePod, rewriteYamlPod, type CredentialsMount, type KanikoContainerSettings, type PodRewrite } from './podRewrite';
import { runsInBusybox, shellUnits, type ShellUnit } from './shellUnits';
import { attachedComments, removalRange, replacementRange, SyntaxIndex, type ListedStatement } from './syntax';
import { detectIndentUnit, escapeForLiteral, indentationAt, isBlank, lineEndOf, lineStartOf, nextLineStart, startsLine } from './text';
import {
  comparePositions,
  concatValues,
  dropPrefix,
  groovyAfter,
  lastTextIndex,
  renderValue,
  splitAt,
  startsWithText,
  textValue,
  valueFromMapped,
  valueKey,
  type Value,
} from './values';

export type MigrationSettings = KanikoContainerSettings;

export interface StageMigration {
  stage: Stage;
  edits: TextEdit[];
  /** One paragraph for the refactor preview and the CLI. */
  summary: string;
  /** What the user still has to do (create the ConfigMap or Secret, …). */
  notes: string[];
}

export interface BlockedMigration {
  stage: Stage;
  /** Why the stage is not migrated: shown in hover and by the CLI. */
  blocked: string;
}

export type MigrationPlan = StageMigration | BlockedMigration;

export function isBlocked(plan: MigrationPlan): plan is BlockedMigration {
  return 'blocked' in plan;
}

function stepUsesDaemon(step: Step): boolean {
  if (step.kind === 'docker') return dockerStepUsesDaemon(step);
  return step.commands.some((command) => usesDockerDaemon(commandWords(command).words));
}

/** A pod migrated as one unit: its daemon is used by several stages, or by steps outside any stage. */
export interface PodUnit extends Stage {
  unit: 'pod';
}

export function isPodUnit(stage: Stage): stage is PodUnit {
  return (stage as Partial<PodUnit>).unit === 'pod';
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
    const steps = model.steps.filter((step) => step.pod === pod);
    const daemonSteps = steps.filter(stepUsesDaemon);
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
    container: 'scripted',
    pod,
    steps: model.steps.filter((step) => step.pod === pod),
  };
}

/** What a pod unit is called: its literal label, else the stage that declares it, else its line. */
function podUnitName(model: JenkinsModel, pod: Pod): string {
  if (pod.label && !/[$]|POD_LABEL/.test(pod.label)) return pod.label;
  if (pod.stage) return pod.stage.name;
  let line = 1;
  for (let i = 0; i < pod.call.start; i++) if (model.text.charCodeAt(i) === 10) line++;
  return pod.origin === 'podTemplate' ? `podTemplate at line ${line}` : `pipeline agent at line ${line}`;
}

/** The code a pod's steps live in: the podTemplate's closure, the declaring stage, or the whole pipeline. */
function podScope(model: JenkinsModel, pod: Pod): { call: ast.CallExpression; body: ast.ClosureExpression } | undefined {
  if (pod.origin === 'podTemplate') {
    const body = pod.call.closures[0];
    return body ? { call: pod.call, body } : undefined;
  }
  if (pod.stage) return pod.stage.body ? { call: pod.stage.call, body: pod.stage.body } : undefined;
  const pipeline = model.parse.program.body
    .map((statement: ast.Statement) => (statement.type === 'ExpressionStatement' && statement.expression.type === 'CallExpression' ? statement.expression : undefined))
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
    if (stage.steps.some(stepUsesDaemon)) return true;
    return stage.agentPod !== undefined && stage.children.length === 0;
  });
  return [...stages, ...units].sort((a, b) => a.call.start - b.call.start);
}

// ---------------------------------------------------------------------------------------------

class Blocked {
  constructor(readonly reason: string) {}
}

function block(reason: string): never {
  throw new Blocked(reason);
}

const syntaxCache = new WeakMap<JenkinsModel, SyntaxIndex>();

export function syntaxOf(model: JenkinsModel): SyntaxIndex {
  let syntax = syntaxCache.get(model);
  if (!syntax) {
    syntax = new SyntaxIndex(model.parse, model.text);
    syntaxCache.set(model, syntax);
  }
  return syntax;
}

export function planStageMigration(model: JenkinsModel, stage: Stage, settings: MigrationSettings): MigrationPlan {
  try {
    return new Planner(model, stage, settings).plan();
  } catch (error) {
    if (error instanceof Blocked) return { stage, blocked: error.reason };
    // A bug must not take the editor down: report it as a reason not to migrate.
    return { stage, blocked: `internal error while planning the migration: ${error instanceof Error ? error.message : String(error)}` };
  }
}

// ---------------------------------------------------------------------------------------------

interface BuildSpec {
  /** `-t` values and the Docker Pipeline image name: identity keys → values. */
  tags: Array<{ key: string; value: Value }>;
  dockerfile?: { value: Value; text: string };
  context: { value: Value; text: string };
  flags: Value[];
  dropped: string[];
}

interface BuildRecord {
  step: Step;
  spec: BuildSpec;
  /** Docker Pipeline: the image name and variable. */
  name?: Value;
  variable?: string;
  /** Shell: the unit holding `docker build`. */
  unit?: ShellUnit;
  destinations: Array<{ value: Value; step: Step }>;
  executor?: Value;
}

type Line = { text: string; level: number };
type RegistryWrapper = { call: ast.CallExpression; name: string; url?: ast.Expression; credentials?: ast.Expression };
type Fate =
  | { kind: 'keep' }
  | { kind: 'remove' }
  | { kind: 'executor'; builds: BuildRecord[] }
  | { kind: 'replace'; lines: Line[] }
  | { kind: 'unwrap'; closure: ast.ClosureExpression }
  | { kind: 'script'; step: ShellStep; units: Map<ShellUnit, UnitFate> };
type UnitFate = 'keep' | 'remove' | { replace: BuildRecord };

type UnitKind = 'keep' | 'build' | 'push' | 'tag' | 'login' | 'ecr-login' | 'aws-install' | 'cleanup';

const REMOVABLE_WRAPPERS = new Set([
  'script',
  'withCredentials',
  'withEnv',
  'withAWS',
  'container',
  'dir',
  'timeout',
  'retry',
  'always',
  'success',
  'failure',
  'cleanup',
  'unstable',
  'changed',
  'fixed',
  'regression',
  'aborted',
  'unsuccessful',
  'post',
]);

class Planner {
  private readonly text: string;
  private readonly syntax: SyntaxIndex;
  private readonly comments: readonly ast.Comment[];
  private readonly unit: string;
  private readonly edits: TextEdit[] = [];
  private readonly fates = new Map<ast.Statement, Fate>();
  /** Edits renaming a container reference: dropped when the reference goes with a removed wrapper. */
  private readonly retargets = new Set<TextEdit>();
  private readonly resolved = new Map<ast.Statement, Fate>();
  private readonly builds: BuildRecord[] = [];
  /** Image names and tags (as written, without quotes) → the build that produces them. */
  private readonly aliases = new Map<string, BuildRecord>();
  private readonly unitKinds = new Map<ShellStep, Array<{ unit: ShellUnit; kind: UnitKind }>>();
  private readonly notes: string[] = [];
  private readonly counts = { awsInstall: 0, ecrLogin: 0, dockerLogin: 0, cleanup: 0 };
  /** Daemon housekeeping commands removed (`docker version`, `docker info`, …), as written. */
  private readonly housekeeping = new Set<string>();
  private ecrHint = false;
  private daemon!: Container;
  private daemonContainers: Container[] = [];
  private wrapExecutor = false;

  constructor(
    private readonly model: JenkinsModel,
    private readonly stage: Stage,
    private readonly settings: MigrationSettings,
  ) {
    this.text = model.text;
    this.syntax = syntaxOf(model);
    this.comments = model.parse.comments;
    this.unit = detectIndentUnit(model.text);
  }

  private line(offset: number): number {
    let line = 1;
    for (let i = 0; i < offset && i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) line++;
    return line;
  }

  plan(): MigrationPlan {
    const pod = this.stage.pod;
    if (!pod) block('the stage has no Kubernetes pod agent');
    if (pod.origin === 'yamlFile' || pod.yaml?.from === 'yamlFile') {
      block(`the pod is defined in ${pod.yaml?.file ?? 'a separate file'} (yamlFile); change the container there: the migration only edits this Jenkinsfile`);
    }
    if (pod.yaml && pod.yaml.errors.length > 0) block('the pod YAML does not parse');
    if (!podHasDockerDaemon(pod)) block('the stage\'s pod has no Docker daemon (no dind container and no Docker socket)');
    if (this.model.parse.errors.some((e) => e.start >= this.stage.call.start && e.start < this.stage.call.end)) {
      block('the stage has Groovy syntax errors');
    }
    // The pod's own declaration (podTemplate arguments, or the whole kubernetes { } block) must parse too:
    // editing a half-written container list would make it worse.
    const podDeclarationEnd = pod.origin === 'podTemplate' ? (pod.call.closures[0]?.start ?? pod.call.end) : pod.call.end;
    if (this.model.parse.errors.some((e) => e.start >= pod.call.start && e.start < podDeclarationEnd)) {
      block('the pod declaration has Groovy syntax errors');
    }

    this.analyzeSteps();
    if (this.builds.length === 0 && isPodUnit(this.stage)) {
      block('the pod runs a Docker daemon, but no docker build is visible in this file (a script it calls may build); move the docker commands into the Jenkinsfile, or migrate that script by hand');
    }
    if (this.builds.length === 0) block('the stage does not build an image (nothing for Kaniko to do)');
    this.chooseDaemonContainer(pod);
    for (const [step, units] of this.unitKinds) this.assignScriptFate(step, units);
    this.checkOtherSteps();
    this.checkBuildVariables();

    const destinations = this.builds.flatMap((b) => b.destinations.map((d) => this.expanded(d.value)));
    const ecr = this.ecrHint || destinations.some((d) => findEcrHosts(d).length > 0);
    const pushes = this.builds.some((b) => b.destinations.length > 0);
    const logsIn = this.counts.dockerLogin + this.counts.ecrLogin > 0;
    const podRewrite = this.rewritePod(pushes || logsIn ? (ecr ? 'configMap' : 'secret') : 'none');
    this.edits.push(...podRewrite.edits);
    this.retarget();
    for (const build of this.builds) build.executor = this.executorValue(build);
    this.emitStatements();

    // A container name retargeted inside a wrapper that goes away entirely goes with it.
    const removals = this.edits.filter((e) => e.newText === '' && e.end > e.start);
    const kept = this.edits.filter((e) => !this.retargets.has(e) || !removals.some((r) => r.start <= e.start && e.end <= r.end));
    const edits = normalizeEdits(this.text, withLineEndings(this.text, kept));
    const conflict = findConflict(edits, this.text.length);
    if (conflict) block(`internal error: the planned edits overlap (${conflict.map((e) => `[${e.start}, ${e.end})`).join(', ')})`);
    return { stage: this.stage, edits, summary: this.summary(podRewrite), notes: this.notes };
  }

  // -- pod ----------------------------------------------------------------------------------

  private containerOf(pod: Pod | undefined, name: string): Container | undefined {
    for (let current = pod; current; current = current.origin === 'podTemplate' ? current.parent : undefined) {
      const found = current.containers.find((c) => c.name === name);
      if (found) return found;
    }
    return undefined;
  }

  private buildContainerName(): string {
    const names = new Set(this.builds.map((b) => b.step.containerName));
    if (names.size > 1) block(`the builds run in different containers (${[...names].join(', ')})`);
    return [...names][0];
  }

  private chooseDaemonContainer(pod: Pod): void {
    const dinds = pod.containers.filter((c) => c.isDind);
    const sockets = dockerSocketVolumes(pod);
    const buildName = this.buildContainerName();
    const buildContainer = this.containerOf(pod, buildName);
    if (dinds.length > 1) block(`the pod runs ${dinds.length} Docker-in-Docker containers`);
    if (dinds.length === 1 && sockets.length > 0) block('the pod has both a dind container and the Docker socket');
    let daemon: Container | undefined;
    if (dinds.length === 1) {
      daemon = dinds[0];
    } else {
      const mounting = pod.containers.filter((c) => c.origin === 'yaml' && c.volumeMounts.some((m) => sockets.some((v) => v.name !== undefined && v.name === m.name)));
      if (pod.containers.some((c) => c.origin === 'containerTemplate')) {
        // Pod-level volumes reach every container: the one the build runs in is the Docker client.
        if (!buildContainer || buildContainer.origin !== 'containerTemplate' || buildContainer.pod !== pod) {
          block(`the build runs in container '${buildName}', which is not one of the pod's containerTemplates`);
        }
        daemon = buildContainer;
      } else if (mounting.length === 1) {
        daemon = mounting[0];
      } else if (mounting.length > 1) {
        if (!buildContainer || !mounting.includes(buildContainer)) block(`several containers mount the Docker socket (${mounting.map((c) => c.name).join(', ')})`);
        block(`containers ${mounting.filter((c) => c !== buildContainer).map((c) => `'${c.name}'`).join(', ')} also mount the Docker socket and would keep using it`);
      } else {
        block('no container mounts the Docker socket volume');
      }
    }
    if (!daemon?.name) block('the daemon container has no name');
    if (daemon.pod !== pod && !(pod.origin === 'podTemplate')) block('the daemon container belongs to another pod');
    const clash = daemon.pod.containers.find((c) => c !== daemon && c.name === KANIKO_CONTAINER);
    if (clash) block(`the pod already has a container named '${KANIKO_CONTAINER}'`);
    this.daemon = daemon;
    // Pods parsed from the same YAML literal (a shared variable) change together.
    const literal = daemon.pod.yaml?.literal;
    this.daemonContainers = [daemon];
    if (literal && daemon.span) {
      for (const other of this.model.pods) {
        if (other === daemon.pod || other.yaml?.literal !== literal) continue;
        const twin = other.containers.find((c) => c.span?.start === daemon!.span!.start);
        if (twin) this.daemonContainers.push(twin);
      }
    }
    this.wrapExecutor = !buildContainer || !this.daemonContainers.includes(buildContainer);
  }

  private rewritePod(mount: CredentialsMount): PodRewrite {
    const daemon = this.daemon;
    // Volumes the daemon container used must not stay mounted elsewhere (that daemon access would survive).
    if (daemon.origin === 'yaml') {
      for (const other of daemon.pod.containers) {
        if (other === daemon) continue;
        for (const mount of other.volumeMounts) {
          const volume = daemon.pod.volumes.find((v) => v.name === mount.name);
          if (isDockerSocketVolume(volume)) {
            block(`container '${other.name}' also mounts the Docker socket`);
          }
        }
      }
    }
    const result = daemon.origin === 'yaml' ? rewriteYamlPod(this.model, daemon.pod, daemon, this.settings, mount) : rewriteContainerTemplatePod(this.model, daemon.pod, daemon, this.settings, mount);
    if ('blocked' in result) block(result.blocked);
    return result;
  }

  private retarget(): void {
    const name = this.daemon.name!;
    if (name === KANIKO_CONTAINER) return;
    for (const ref of this.model.containerRefs) {
      if (ref.name !== name) continue;
      const target = this.containerOf(ref.pod, ref.name);
      if (!target || !this.daemonContainers.includes(target)) continue;
      const literal = this.syntax.literals.find((l) => l.start === ref.span.start && l.end === ref.span.end);
      if (!literal || literalValue(literal) === undefined || literal.quote === '/' || literal.quote === '$/') {
        block(`the container name at line ${this.line(ref.span.start)} is not a plain string`);
      }
      const edit = { start: literal.contentStart, end: literal.contentEnd, newText: escapeForLiteral(KANIKO_CONTAINER, literal.quote) };
      this.retargets.add(edit);
      this.edits.push(edit);
    }
  }

  // -- steps --------------------------------------------------------------------------------

  private analyzeSteps(): void {
    for (const step of this.stage.steps) {
      if (step.kind === 'docker') this.analyzeDockerStep(step);
      else if (step.step === 'sh') this.analyzeShellStep(step);
    }
    // An AWS CLI install stays when something kept still calls `aws`.
    const keptCommands = this.stage.steps.flatMap((step) => {
      if (step.kind !== 'shell') return [];
      const units = this.unitKinds.get(step) ?? shellUnits(step.commands).map((unit) => ({ unit, kind: 'keep' as UnitKind }));
      return units.filter(({ kind }) => kind === 'keep').flatMap(({ unit }) => [...unit.commands, ...unit.inner].map((c) => commandWords(c).words));
    });
    const keptAws = keptCommands.some((words) => runsAwsCli(words));
    // A package install that also brings a tool the kept commands run (`apk add make py-pip …` then `make`) stays.
    const keptPrograms = new Set(keptCommands.map((words) => (words[0]?.text ?? '').replace(/^.*\//, '')));
    for (const units of this.unitKinds.values()) {
      for (const entry of units) {
        if (entry.kind !== 'aws-install') continue;
        const packages = entry.unit.commands.flatMap((c) => installedPackages(commandWords(c).words.map((w) => w.text)));
        const needed = packages.filter((p) => keptPrograms.has(p));
        if (keptAws || needed.length > 0) {
          entry.kind = 'keep';
          if (needed.length > 0) this.notes.push(`Kept a package install that also provides ${needed.join(', ')}, which the stage still runs.`);
        } else this.counts.awsInstall++;
      }
    }
    if (keptAws) this.notes.push('The AWS CLI installs stay: other commands of the stage still call `aws`.');
  }

  /** Whether a command installs the AWS CLI, judged as `aws-cli-per-run-install` judges it: within the step's own stage. */
  private installsAwsCli(step: ShellStep, command: ShellCommand): boolean {
    const scope = step.stage ?? step;
    let uses = this.stageUsesAwsCli.get(scope);
    if (uses === undefined) {
      uses = shellStepsUseAwsCli(step.stage ? step.stage.steps : [step]);
      this.stageUsesAwsCli.set(scope, uses);
    }
    return awsCliInstallKind(commandWords(command).words, uses) !== undefined;
  }

  private readonly stageUsesAwsCli = new Map<Stage | ShellStep, boolean>();

  private statementOf(call: ast.CallExpression, what: string): ListedStatement {
    const entry = this.syntax.isWholeStatement(call);
    if (!entry) block(`${what} at line ${this.line(call.start)} is part of a larger expression`);
    return entry;
  }

  private setFate(statement: ast.Statement, fate: Fate): void {
    const existing = this.fates.get(statement);
    if (existing && existing.kind === 'executor' && fate.kind === 'remove') return;
    this.fates.set(statement, fate);
  }

  private analyzeDockerStep(step: DockerStep): void {
    const call = step.call;
    switch (step.method) {
      case 'build': {
        const chain = this.chainedPush(call);
        const entry = chain ? this.statementOf(chain, 'docker.build(…).push()') : this.statementOf(call, 'docker.build(…)');
        const build = this.pipelineBuild(step);
        this.builds.push(build);
        this.setFate(entry.statement, { kind: 'executor', builds: [build] });
        return;
      }
      case 'push':
      case 'tag': {
        const build = this.imageOf(step.receiver, call);
        if (step.method === 'push') build.destinations.push({ value: this.pushDestination(step, build), step });
        const entry = this.syntax.isWholeStatement(call);
        if (entry) this.setFate(entry.statement, { kind: 'remove' });
        else if (!this.isChainedOn(call, build)) block(`the ${step.method} at line ${this.line(call.start)} is part of a larger expression`);
        return;
      }
      case 'withRegistry':
        if (call.closures.length !== 1) block(`docker.withRegistry at line ${this.line(call.start)} has no block`);
        return;
      case 'image': {
        // Only as the receiver of a push of an image built here (checked by imageOf); anything else needs the daemon.
        const parent = this.syntax.parentOf(call);
        const method = parent?.type === 'PropertyAccess' ? (parent as ast.PropertyAccess).property.name : undefined;
        if (method !== 'push' && method !== 'tag' && !step.assignedTo) {
          block(`docker.image(…)${method ? `.${method}` : ''} at line ${this.line(call.start)} needs the Docker daemon${runsContainer(method) ? ' to run a container, which Kaniko cannot do' : ''}`);
        }
        if (step.assignedTo) {
          const entry = this.statementOf(call, 'docker.image(…)');
          this.setFate(entry.statement, { kind: 'remove' });
        }
        return;
      }
      default:
        block(`${step.method === 'inside' ? 'docker.image(…).inside' : `.${step.method}(…)`} at line ${this.line(call.start)} runs a container through the Docker daemon, which Kaniko cannot do`);
    }
  }

  /** `docker.build(…).push()` as one statement: the push call. */
  private chainedPush(build: ast.CallExpression): ast.CallExpression | undefined {
    const access = this.syntax.parentOf(build);
    if (access?.type !== 'PropertyAccess' || (access as ast.PropertyAccess).object !== build) return undefined;
    const call = this.syntax.parentOf(access);
    if (call?.type !== 'CallExpression' || (call as ast.CallExpression).callee !== access) return undefined;
    return call as ast.CallExpression;
  }

  private isChainedOn(call: ast.CallExpression, build: BuildRecord): boolean {
    return build.step.kind === 'docker' && this.chainedPush(build.step.call) === call;
  }

  /** The build whose image `receiver` is. */
  private imageOf(receiver: ast.Expression | undefined, at: ast.CallExpression): BuildRecord {
    if (!receiver) block(`line ${this.line(at.start)}: cannot tell which image is pushed`);
    if (receiver.type === 'ParenthesizedExpression') return this.imageOf(receiver.expression, at);
    if (receiver.type === 'CallExpression' && calleePath(receiver) === 'docker.build') {
      const build = this.builds.find((b) => b.step.kind === 'docker' && b.step.call === receiver);
      if (build) return build;
    }
    if (receiver.type === 'CallExpression' && calleePath(receiver) === 'docker.image') {
      return this.buildNamed(positionalArgs(receiver)[0]?.value, at);
    }
    if (receiver.type === 'Identifier') {
      const byVariable = [...this.builds].reverse().find((b) => b.variable === receiver.name);
      if (byVariable) return byVariable;
      const imageStep = this.stage.steps.find((s): s is DockerStep => s.kind === 'docker' && s.method === 'image' && s.assignedTo === receiver.name);
      if (imageStep) return this.buildNamed(positionalArgs(imageStep.call)[0]?.value, at);
    }
    block(`line ${this.line(at.start)}: the pushed image is not built in this stage`);
  }

  private buildNamed(expr: ast.Expression | undefined, at: ast.CallExpression): BuildRecord {
    const key = expr ? valueKey(this.expressionValue(expr)) : undefined;
    const build = key !== undefined ? this.aliases.get(key) ?? this.aliases.get(withoutLatest(key)) : undefined;
    if (!build) block(`line ${this.line(at.start)}: docker.image(${key ?? '?'}) is not an image built in this stage`);
    return build;
  }

  /** A Groovy expression as a value: literals as text, anything else as an interpolation. */
  private expressionValue(expr: ast.Expression): Value {
    if (expr.type === 'StringLiteral') {
      const mapped = stringText(expr, this.text, { interpolation: 'verbatim' });
      return valueFromMapped(mapped, 0, mapped.text.length);
    }
    const source = this.text.slice(expr.start, expr.end);
    if (/[{}\n"']/.test(source)) block(`line ${this.line(expr.start)}: cannot carry the expression \`${source.slice(0, 40)}\` into the executor command`);
    return [{ kind: 'groovy', source }];
  }

  /** The mapped text of a string-valued expression (a literal, or a variable holding one). */
  private mappedOf(expr: ast.Expression): MappedText | undefined {
    if (expr.type === 'StringLiteral') return stringText(expr, this.text, { interpolation: 'verbatim' });
    if (expr.type === 'Identifier') return this.model.variables.get(expr.name)?.text;
    return undefined;
  }

  private pipelineBuild(step: DockerStep): BuildRecord {
    const args = positionalArgs(step.call);
    const nameExpr = args[0]?.value;
    if (!nameExpr) block(`docker.build at line ${this.line(step.call.start)} has no image name`);
    let name = this.expressionValue(nameExpr);
    if (nameExpr.type === 'Identifier') {
      // A variable holding a literal name: its text, so tags can be told apart from the repository.
      const mapped = this.mappedOf(nameExpr);
      if (mapped && mapped.interpolations.length === 0) name = textValue(mapped.text);
    }
    let argsText: MappedText;
    const argsExpr = args[1]?.value;
    if (argsExpr) {
      const mapped = this.mappedOf(argsExpr);
      if (!mapped) block(`the arguments of docker.build at line ${this.line(step.call.start)} are not a string I can read`);
      argsText = mapped;
    } else {
      argsText = { text: '.', interpolations: [], toSource: () => step.call.start, slice: () => argsText, stripIndent: () => argsText, trim: () => argsText };
    }
    const words = splitShell(argsText.text).filter((c) => !c.substitution).flatMap((c) => c.words);
    const spec = this.parseBuildWords(words, argsText, step.call.start);
    spec.tags.unshift({ key: valueKey(name), value: name });
    const build: BuildRecord = { step, spec, name, variable: step.assignedTo, destinations: [] };
    for (const tag of spec.tags) this.aliases.set(tag.key, build);
    return build;
  }

  private pushDestination(step: DockerStep, build: BuildRecord): Value {
    const registry = this.registryAt(step.call);
    const tagArg = positionalArgs(step.call)[0]?.value;
    let image = build.name ?? build.spec.tags[0].value;
    if (tagArg) {
      const tag = this.expressionValue(tagArg);
      const split = splitImageName(image);
      if (!split) block(`line ${this.line(step.call.start)}: cannot tell the repository from the tag in '${valueKey(image)}'`);
      image = concatValues(split.repository, textValue(':'), tag);
    }
    if (!registry) return image;
    // The Docker Pipeline plugin (DockerRegistryEndpoint.imageName) leaves a name that already starts with the registry host alone.
    const host = this.expanded(registry);
    const name = this.expanded(image);
    if (name.startsWith(host)) return image;
    if (/^\$\{/.test(name)) {
      block(`line ${this.line(step.call.start)}: cannot tell whether the image name ${valueKey(image)} already starts with the registry ${host}; write the full name in docker.build`);
    }
    return concatValues(registry, textValue('/'), image);
  }

  /** The registry host of the innermost `docker.withRegistry` around a call, as the Docker Pipeline plugin forms it (host[:port]). */
  private registryAt(call: ast.CallExpression): Value | undefined {
    const around = this.registryWrappers()
      .filter((w) => w.call.start < call.start && call.end <= w.call.end)
      .sort((a, b) => b.call.start - a.call.start)[0];
    if (!around) return undefined;
    if (!(this.stage.call.start <= around.call.start && around.call.end <= this.stage.call.end)) {
      block(`${around.name} at line ${this.line(around.call.start)} wraps more than this stage`);
    }
    const urlArg = around.url;
    const credentials = literalValue(around.credentials);
    if (isEcrPluginCredentialsId(credentials)) this.ecrHint = true;
    if (credentials) this.credentialsId = credentials;
    if (!urlArg) return undefined;
    const mapped = this.mappedOf(urlArg);
    if (!mapped) block(`the registry URL at line ${this.line(urlArg.start)} is not a string I can read`);
    let url = valueFromMapped(mapped, 0, mapped.text.length);
    if (valueKey(url).trim() === '') return undefined;
    for (const scheme of ['https://', 'http://']) if (startsWithText(url, scheme)) url = dropPrefix(url, scheme.length);
    // host[:port] only: the plugin drops the path.
    const host: Value = [];
    for (const segment of url) {
      if (segment.kind === 'groovy') {
        host.push(segment);
        continue;
      }
      const slash = segment.text.indexOf('/');
      if (slash >= 0) {
        host.push({ kind: 'text', text: segment.text.slice(0, slash) });
        break;
      }
      host.push(segment);
    }
    const result = concatValues(host);
    return valueKey(result) === '' ? undefined : result;
  }

  private credentialsId?: string;
  private wrappers?: RegistryWrapper[];

  /**
   * `docker.withRegistry(url, credentialsId) { }` and the step `withDockerRegistry` in both of its
   * forms, `(url: …, credentialsId: …) { }` and `([credentialsId: …, url: …]) { }`: the same
   * login for the block, so the migration reads them alike.
   */
  private registryWrappers(): RegistryWrapper[] {
    if (this.wrappers) return this.wrappers;
    const wrappers: RegistryWrapper[] = [];
    for (const step of this.model.steps) {
      if (step.kind !== 'docker' || step.method !== 'withRegistry') continue;
      const [url, credentials] = positionalArgs(step.call);
      wrappers.push({ call: step.call, name: 'docker.withRegistry', url: url?.value, credentials: credentials?.value });
    }
    const visit = (node: unknown, depth: number): void => {
      if (depth > 400 || typeof node !== 'object' || node === null) return;
      const n = node as { type?: string };
      if (n.type === 'CallExpression' && calleePath(n as ast.CallExpression) === 'withDockerRegistry') {
        const call = n as ast.CallExpression;
        const map = positionalArgs(call)[0]?.value;
        const entry = (key: string) => (map?.type === 'MapLiteral' ? mapEntry(map, key)?.value : namedArg(call, key)?.value);
        wrappers.push({ call, name: 'withDockerRegistry', url: entry('url'), credentials: entry('credentialsId') });
      }
      for (const value of Object.values(n)) {
        if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
        else if (typeof value === 'object') visit(value, depth + 1);
      }
    };
    visit(this.stage.call, 0);
    this.wrappers = wrappers;
    return wrappers;
  }

  /** A value with known variables filled in (`${tag}`, `${env.REGISTRY}`, `$REGISTRY`), to recognise registries. */
  private expanded(value: Value, depth = 0): string {
    const lookup = (name: string): string | undefined => {
      const variable = this.model.variables.get(name);
      if (!variable?.text || depth > 5) return undefined;
      return this.expanded(valueFromMapped(variable.text, 0, variable.text.text.length), depth + 1);
    };
    return value
      .map((segment) => {
        if (segment.kind === 'groovy') {
          const name = /^(?:env\.)?([A-Za-z_][A-Za-z0-9_]*)$/.exec(segment.source)?.[1];
          return (name && lookup(name)) ?? '${' + segment.source + '}';
        }
        return segment.text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (all, name: string) => {
          const variable = this.model.variables.get(name);
          return variable?.environment ? lookup(name) ?? all : all;
        });
      })
      .join('');
  }

  // -- shell ----------------------------------------------------------------------------------

  private analyzeShellStep(step: ShellStep): void {
    if (!step.script) {
      return; // Unreadable scripts are judged by checkOtherSteps, by the container they run in.
    }
    const units = shellUnits(step.commands);
    const kinds: Array<{ unit: ShellUnit; kind: UnitKind }> = [];
    for (const unit of units) {
      const kind = this.unitKind(step, unit);
      kinds.push({ unit, kind });
    }
    // `docker login … || exit 1`: the fallback of a removed command goes with it.
    for (let i = 0; i < kinds.length; i++) {
      const removed = kinds[i].kind !== 'keep' && kinds[i].kind !== 'build';
      if (kinds[i].unit.next === '||') {
        if (removed && i + 1 < kinds.length && kinds[i + 1].kind === 'keep') kinds[i + 1].kind = kinds[i].kind;
      }
      if (i > 0 && kinds[i - 1].unit.next === '||' && kinds[i].kind !== 'keep' && kinds[i - 1].kind === 'keep') {
        block(`line ${this.line(step.call.start)}: a Docker command runs only when another command fails (\`||\`)`);
      }
    }
    if (kinds.some((k) => k.kind !== 'keep')) this.unitKinds.set(step, kinds);
  }

  private unitKind(step: ShellStep, unit: ShellUnit): UnitKind {
    const where = `line ${this.line(step.call.start)}`;
    const parsed = unit.commands.map((c) => commandWords(c));
    const dockers = parsed.map((p) => dockerInvocation(p.words));
    const last = dockers[dockers.length - 1];
    const underKeyword = parsed.some((p) => p.underKeyword);

    // Logins: `aws ecr get-login-password | docker login …`, `echo $P | docker login …`, `docker login …`.
    if (last?.verb === 'logout' && unit.commands.length === 1 && !underKeyword) {
      this.housekeeping.add('docker logout');
      return 'cleanup';
    }
    if (last?.verb === 'login' || last?.verb === 'logout') {
      if (underKeyword) block(`${where}: docker ${last.verb} inside a shell if/for/while; migrate that script by hand`);
      this.counts.dockerLogin++;
      if (parsed.some((p) => ecrLoginCommand(p.words))) this.ecrHint = true;
      return 'login';
    }
    for (const docker of dockers) {
      if (!docker || docker.verb === '') continue;
      if (underKeyword) block(`${where}: \`docker ${docker.verb}\` inside a shell if/for/while; migrate that script by hand`);
      if (unit.commands.length > 1) block(`${where}: \`docker ${docker.verb}\` is piped to or from another command`);
      switch (docker.verb) {
        case 'build':
          this.shellBuild(step, unit, docker.args);
          return 'build';
        case 'tag':
          this.shellTag(step, docker.args);
          return 'tag';
        case 'push':
          this.shellPush(step, docker.args);
          return 'push';
        case 'rmi':
        case 'image-prune':
        case 'system-prune':
          this.counts.cleanup++;
          return 'cleanup';
        default:
          if (DAEMON_HOUSEKEEPING.has(docker.verb)) {
            // Asks or tidies the daemon, which Kaniko does not have: moot once the build moves.
            this.housekeeping.add(housekeepingCommand(docker.verb));
            return 'cleanup';
          }
          block(`${where}: \`${docker.group === 'docker-compose' ? 'docker-compose' : `docker ${docker.verb}`}\` needs the Docker daemon, which Kaniko does not provide`);
      }
    }
    // ECR logins: `$(aws ecr get-login …)`, `eval $(…)`, `PASS=$(aws ecr get-login-password …)`.
    const ecrInner = unit.inner.some((c) => ecrLoginCommand(commandWords(c).words));
    const only = parsed.length === 1 ? parsed[0].words : [];
    const substitutionOnly = only.length === 1 && (/^\$\(.*\)$/s.test(only[0].text) || /^`.*`$/s.test(only[0].text));
    const assignment = only.length === 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(only[0].text);
    if (ecrInner && (substitutionOnly || assignment)) {
      if (underKeyword) block(`${where}: an ECR login inside a shell if/for/while; migrate that script by hand`);
      this.counts.ecrLogin++;
      this.ecrHint = true;
      return 'ecr-login';
    }
    if (parsed.length === 1 && ecrLoginCommand(parsed[0].words)) {
      this.counts.ecrLogin++;
      this.ecrHint = true;
      return 'ecr-login';
    }
    if (unit.commands.some((c) => this.installsAwsCli(step, c))) {
      if (underKeyword) block(`${where}: an AWS CLI install inside a shell if/for/while; migrate that script by hand`);
      return 'aws-install';
    }
    for (const inner of unit.inner) {
      const docker = dockerInvocation(commandWords(inner).words);
      if (docker && docker.verb !== '') block(`${where}: \`docker ${docker.verb}\` inside a command substitution needs the Docker daemon`);
    }
    return 'keep';
  }

  private wordValue(step: ShellStep, word: ShellWord): Value {
    return valueFromMapped(step.script!, word.start, word.end);
  }

  private shellBuild(step: ShellStep, unit: ShellUnit, args: ShellWord[]): void {
    const spec = this.parseBuildWords(args, step.script!, step.call.start);
    const build: BuildRecord = { step, spec, unit, destinations: [] };
    this.builds.push(build);
    for (const tag of spec.tags) this.aliases.set(tag.key, build);
  }

  private shellTag(step: ShellStep, args: ShellWord[]): void {
    const positional = args.filter((w) => !w.text.startsWith('-'));
    if (positional.length !== 2) block(`line ${this.line(step.call.start)}: cannot read this docker tag`);
    const build = this.aliases.get(positional[0].text) ?? this.aliases.get(withoutLatest(positional[0].text));
    if (!build) block(`line ${this.line(step.call.start)}: docker tag of '${positional[0].text}', which this stage does not build`);
    this.aliases.set(positional[1].text, build);
    build.spec.tags.push({ key: positional[1].text, value: this.wordValue(step, positional[1]) });
  }

  private shellPush(step: ShellStep, args: ShellWord[]): void {
    if (args.some((w) => w.text === '-a' || w.text === '--all-tags')) block(`line ${this.line(step.call.start)}: docker push --all-tags; list the tags to push instead`);
    const positional = args.filter((w) => !w.text.startsWith('-'));
    if (positional.length !== 1) block(`line ${this.line(step.call.start)}: cannot read this docker push`);
    const build = this.aliases.get(positional[0].text) ?? this.aliases.get(withoutLatest(positional[0].text));
    if (!build) block(`line ${this.line(step.call.start)}: docker push of '${positional[0].text}', which this stage does not build`);
    build.destinations.push({ value: this.wordValue(step, positional[0]), step });
  }

  /** Reads `docker build` arguments (shell words of `mapped`). */
  private parseBuildWords(words: readonly ShellWord[], mapped: MappedText, at: number): BuildSpec {
    const where = `line ${this.line(at)}`;
    const raw = (w: ShellWord) => valueFromMapped(mapped, w.start, w.end);
    const tags: BuildSpec['tags'] = [];
    const flags: Value[] = [];
    const dropped: string[] = [];
    const positional: ShellWord[] = [];
    let dockerfile: BuildSpec['dockerfile'];
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      const text = word.text;
      if (!text.startsWith('-') || text === '-') {
        positional.push(word);
        continue;
      }
      const known = dockerBuildOption(text);
      if ((known && !known.takesValue && known.migration === 'drop') || isDroppedFlagWithValue(text)) {
        dropped.push(text);
        continue;
      }
      let option = text;
      let value: Value;
      let valueText: string;
      const eq = text.indexOf('=');
      if (text.startsWith('--') && eq > 0) {
        option = text.slice(0, eq);
        const rest = optionValueAfter(raw(word), text.slice(0, eq + 1));
        if (!rest) block(`${where}: cannot read the docker build option ${option}`);
        value = rest;
        valueText = text.slice(eq + 1);
      } else if (ATTACHED_VALUE_SHORTS.has(text.slice(0, 2)) && text.length > 2 && !text.startsWith('--')) {
        option = text.slice(0, 2);
        const rest = optionValueAfter(raw(word), option);
        if (!rest) block(`${where}: cannot read the docker build option ${option}`);
        value = rest;
        valueText = text.slice(2);
      } else {
        const next = words[i + 1];
        if (!dockerBuildOption(option)?.takesValue) block(`${where}: the docker build option ${option} has no Kaniko equivalent I know`);
        if (!next) block(`${where}: docker build ${option} has no value`);
        value = raw(next);
        valueText = next.text;
        i++;
      }
      const declared = dockerBuildOption(option);
      const meaning = declared?.takesValue ? declared.migration : undefined;
      switch (meaning) {
        case 'tag':
          tags.push({ key: valueText, value });
          break;
        case 'file':
          dockerfile = { value, text: valueText };
          break;
        case 'build-arg':
          flags.push(concatValues(textValue('--build-arg '), value));
          break;
        case 'target':
          flags.push(concatValues(textValue('--target '), value));
          break;
        case 'label':
          flags.push(concatValues(textValue('--label '), value));
          break;
        case 'platform':
          if (valueText.includes(',')) {
            block(`${where}: docker build --platform ${valueText} builds several platforms; Kaniko builds one platform per run (one executor call per platform with --custom-platform, then a manifest list made elsewhere)`);
          }
          flags.push(concatValues(textValue('--custom-platform '), value));
          break;
        case 'drop':
          dropped.push(option);
          break;
        default:
          // Kaniko's RUN steps already share the pod's network: host networking is what they get.
          if (option === '--network' && valueText === 'host') {
            this.notes.push('Dropped --network=host: Kaniko runs the RUN steps in the pod\'s own network.');
            break;
          }
          block(`${where}: the docker build option ${option} has no Kaniko equivalent I know`);
      }
    }
    if (positional.length !== 1) block(`${where}: docker build needs exactly one build context, found ${positional.length}`);
    const context = positional[0];
    if (context.text === '-' || /^[a-z]+:\/\//i.test(context.text) || /^git@/.test(context.text)) {
      block(`${where}: the build context '${context.text}' is not a directory`);
    }
    if (dockerfile?.text === '-') block(`${where}: the Dockerfile comes from standard input`);
    return { tags, dockerfile, context: { value: raw(context), text: context.text }, flags, dropped };
  }

  private assignScriptFate(step: ShellStep, kinds: Array<{ unit: ShellUnit; kind: UnitKind }>): void {
    const entry = this.syntax.isWholeStatement(step.call);
    const consumed = kinds.every((k) => k.kind !== 'keep');
    const builds = kinds.filter((k) => k.kind === 'build');
    if (step.call.args.some((a) => ['returnStdout', 'returnStatus'].includes(argName(a) ?? ''))) {
      block(`line ${this.line(step.call.start)}: the output or status of this docker step is used (returnStdout/returnStatus)`);
    }
    if (consumed && entry) {
      const records = builds.map((k) => this.builds.find((b) => b.unit === k.unit)!);
      this.setFate(entry.statement, records.length === 0 ? { kind: 'remove' } : { kind: 'executor', builds: records });
      return;
    }
    const where = `line ${this.line(step.call.start)}`;
    if (!entry) block(`${where}: the sh step is part of a larger expression`);
    const literal = step.literal;
    if (!literal || literal.start < step.call.start || literal.end > step.call.end) block(`${where}: the script is not written in the sh step, so it cannot be edited here`);
    if (builds.length > 0 && this.wrapExecutor) block(`${where}: docker build shares its sh step with other commands, and the build must move to the '${KANIKO_CONTAINER}' container`);
    const units = new Map<ShellUnit, UnitFate>();
    for (const { unit, kind } of kinds) {
      units.set(unit, kind === 'keep' ? 'keep' : kind === 'build' ? { replace: this.builds.find((b) => b.unit === unit)! } : 'remove');
    }
    this.setFate(entry.statement, { kind: 'script', step, units });
  }

  // -- checks -------------------------------------------------------------------------------

  private containerNameOf(step: Step): Container | undefined {
    return this.containerOf(step.pod, step.containerName);
  }

  /** Steps outside the build that share the daemon, or will run in the Kaniko container. */
  private checkOtherSteps(): void {
    const daemonPods = new Set(this.daemonContainers.map((c) => c.pod));
    const connected = new Set<Container>(this.daemonContainers);
    for (const build of this.builds) {
      const container = this.containerNameOf(build.step);
      if (container) connected.add(container);
    }
    for (const pod of daemonPods) for (const c of pod.containers) if (setsDockerHost(c, this.text)) connected.add(c);

    for (const step of this.model.steps) {
      const container = this.containerNameOf(step);
      const inPod = (step.pod && daemonPods.has(step.pod)) || (container !== undefined && daemonPods.has(container.pod));
      if (!inPod) continue;
      const inStage = step.stage === this.stage || this.stage.steps.includes(step);
      const where = step.stage && step.stage !== this.stage ? `stage '${step.stage.name}' (line ${this.line(step.call.start)})` : `line ${this.line(step.call.start)}`;
      if (!inStage) {
        if (step.kind === 'docker') block(`${where} still uses the Docker daemon of the same pod (docker.${step.method})`);
        if (step.kind === 'shell' && step.commands.some((c) => usesDockerDaemon(commandWords(c).words))) {
          block(`${where} still uses the Docker daemon of the same pod`);
        }
      }
      if (step.kind !== 'shell' || step.step !== 'sh') continue;
      const becomesKaniko = container !== undefined && this.daemonContainers.includes(container);
      const touchesDaemon = container !== undefined && connected.has(container);
      if (!becomesKaniko && !touchesDaemon) continue;
      const kinds = this.unitKinds.get(step as ShellStep);
      if (!step.script) {
        if (becomesKaniko || touchesDaemon) block(`${where}: cannot read the script of this sh step, which runs in container '${step.containerName}'`);
        continue;
      }
      const kept = kinds ? kinds.filter((k) => k.kind === 'keep').map((k) => k.unit) : shellUnits(step.commands);
      for (const unit of kept) {
        for (const command of [...unit.commands, ...unit.inner]) {
          const words = commandWords(command).words;
          const docker = dockerInvocation(words);
          if (docker && docker.verb !== '') block(`${where}: \`docker ${docker.verb}\` still needs the Docker daemon`);
          if (mentionsDockerCommand(words.map((w) => w.text).join(' '))) {
            block(`${where}: a docker command I cannot place (\`${words.map((w) => w.text).join(' ').slice(0, 60)}\`)`);
          }
          if (becomesKaniko && !runsInBusybox(words)) {
            block(
              `${where}: \`${words[0]?.text}\` would run in the Kaniko container, whose debug image has only busybox; run it in another container first`,
            );
          }
        }
      }
    }
    this.checkUnsupportedWrappers();
  }

  private checkUnsupportedWrappers(): void {
    const body = this.stage.call;
    let found: ast.CallExpression | undefined;
    const visit = (node: unknown, depth: number): void => {
      if (found || depth > 400 || typeof node !== 'object' || node === null) return;
      const n = node as ast.Node;
      if ((n as { type?: string }).type === 'CallExpression') {
        const path = calleePath(n as ast.CallExpression);
        if (path !== undefined && DAEMON_WRAPPER_STEPS.has(path)) {
          found = n as ast.CallExpression;
          return;
        }
      }
      for (const value of Object.values(n)) {
        if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
        else if (typeof value === 'object') visit(value, depth + 1);
      }
    };
    visit(body, 0);
    if (found) block(`${calleePath(found)} at line ${this.line(found.start)} is not supported by the migration yet`);
  }

  /** A build variable must only be pushed or tagged: any other use needs the image in a daemon. */
  private checkBuildVariables(): void {
    for (const build of this.builds) {
      const name = build.variable;
      if (!name || build.step.kind !== 'docker') continue;
      const allowed = new Set<ast.Node>();
      for (const step of this.stage.steps) {
        if (step.kind === 'docker' && step.receiver?.type === 'Identifier' && step.receiver.name === name) allowed.add(step.receiver);
      }
      const check = (node: unknown, parent: unknown, depth: number): void => {
        if (depth > 400 || typeof node !== 'object' || node === null) return;
        const n = node as { type?: string; name?: string; start: number };
        if (n.type === 'Identifier' && n.name === name && !allowed.has(n as ast.Node)) {
          const declarator = parent as { name?: unknown; init?: unknown } | undefined;
          const assignment = parent as { type?: string; target?: unknown } | undefined;
          const isDeclaration = declarator?.name === node;
          const isTarget = assignment?.type === 'AssignmentExpression' && assignment.target === node;
          if (!isDeclaration && !isTarget) block(`line ${this.line(n.start)}: the image variable '${name}' is used for more than pushing`);
        }
        for (const value of Object.values(n)) {
          if (Array.isArray(value)) for (const v of value) check(v, node, depth + 1);
          else if (typeof value === 'object') check(value, node, depth + 1);
        }
      };
      check(this.stage.call, undefined, 0);
    }
  }

  // -- executor -----------------------------------------------------------------------------

  private executorValue(build: BuildRecord): Value {
    const spec = build.spec;
    const pwd = textValue('`pwd`');
    const context = contextValue(spec.context);
    const dockerfile = spec.dockerfile
      ? pathValue(spec.dockerfile)
      : spec.context.text === '.' || spec.context.text === './'
        ? concatValues(pwd, textValue('/Dockerfile'))
        : concatValues(context, textValue(spec.context.text.endsWith('/') ? 'Dockerfile' : '/Dockerfile'));
    const parts: Value[] = [textValue('/kaniko/executor'), concatValues(textValue('--dockerfile '), dockerfile), concatValues(textValue('--context '), context)];
    const seen = new Set<string>();
    for (const destination of build.destinations) {
      const key = valueKey(destination.value);
      if (seen.has(key)) continue;
      seen.add(key);
      this.checkShellVariables(build, destination);
      parts.push(concatValues(textValue('--destination='), destination.value));
    }
    if (seen.size === 0) {
      parts.push(textValue('--no-push'));
      this.notes.push('Nothing was pushed before, so the executor runs with --no-push (the image is built and then discarded).');
    }
    parts.push(...spec.flags);
    // Several builds share the Kaniko container: each must leave its filesystem clean for the next.
    if (this.builds.length > 1) parts.push(textValue('--cleanup'));
    if (spec.dropped.length > 0) this.notes.push(`Dropped docker build options without a Kaniko equivalent: ${[...new Set(spec.dropped)].join(', ')}.`);
    const out: Value = [];
    parts.forEach((part, i) => out.push(...(i > 0 ? concatValues(textValue(' '), part) : part)));
    return concatValues(out);
  }

  /** A destination's shell variables must mean the same where the executor runs. */
  private checkShellVariables(build: BuildRecord, destination: { value: Value; step: Step }): void {
    if (destination.step === build.step || destination.step.kind !== 'shell' || !destination.step.script) return;
    const script = destination.step.script.text;
    for (const segment of destination.value) {
      if (segment.kind !== 'text') continue;
      for (const match of segment.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
        // eslint-disable-next-line no-restricted-syntax -- match[1] is an identifier ([A-Za-z_][A-Za-z0-9_]*); no two quantifiers share characters, so linear in the script
        if (new RegExp(`(^|[\\s;&|])(export\\s+)?${match[1]}=`).test(script)) {
          block(`line ${this.line(destination.step.call.start)}: the pushed name uses the shell variable ${match[1]}, which is set in another sh step`);
        }
      }
    }
  }

  private executorLines(builds: BuildRecord[]): Line[] {
    const lines: Line[] = [];
    const level = this.wrapExecutor ? 1 : 0;
    if (this.wrapExecutor) lines.push({ text: `container('${KANIKO_CONTAINER}') {`, level: 0 });
    for (const build of builds) {
      // The original's quoting where it can: a single-quoted script with shell variables stays single-quoted.
      const quote = build.step.kind === 'shell' && build.step.literal && !build.step.literal.quote.startsWith('"') ? "'" : '"';
      const single = quote === "'" ? renderValue(build.executor!, "'") : undefined;
      lines.push({ text: single !== undefined ? `sh '${single}'` : `sh "${renderValue(build.executor!, '"')}"`, level });
    }
    if (this.wrapExecutor) lines.push({ text: '}', level: 0 });
    return lines;
  }

  // -- statements ---------------------------------------------------------------------------

  private resolve(statement: ast.Statement): Fate {
    const cached = this.resolved.get(statement);
    if (cached) return cached;
    let fate: Fate = { kind: 'keep' };
    const own = this.fates.get(statement);
    if (own) {
      fate = own.kind === 'executor' ? { kind: 'replace', lines: this.executorLines(own.builds) } : own;
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'CallExpression' && statement.expression.closures.length > 0) {
      const call = statement.expression;
      const children = call.closures.flatMap((c) => c.body).map((s) => this.resolve(s));
      const isRegistry = this.registryWrappers().some((w) => w.call === call);
      if (isRegistry) {
        if (children.every((c) => c.kind === 'remove')) fate = { kind: 'remove' };
        else if (children.every((c) => c.kind === 'remove' || c.kind === 'replace')) {
          fate = { kind: 'replace', lines: children.flatMap((c) => (c.kind === 'replace' ? c.lines : [])) };
        } else fate = { kind: 'unwrap', closure: call.closures[0] };
      } else if (children.length > 0 && children.every((c) => c.kind === 'remove') && REMOVABLE_WRAPPERS.has(calleeName(call) ?? '')) {
        fate = { kind: 'remove' };
      }
    }
    this.resolved.set(statement, fate);
    return fate;
  }

  private emitStatements(): void {
    const body = this.stage.body;
    if (!body) block('the stage has no body');
    this.emitList(body.body, 0);
  }

  private emitList(statements: readonly ast.Statement[], dedent: number): void {
    for (const statement of statements) this.emitStatement(statement, dedent);
  }

  private indentFor(statement: ast.Span, dedent: number): string {
    const indent = indentationAt(this.text, statement.start);
    return indent.slice(Math.min(dedent, indent.length));
  }

  private emitStatement(statement: ast.Statement, dedent: number): void {
    const fate = this.resolve(statement);
    switch (fate.kind) {
      case 'remove':
        this.edits.push({ ...removalRange(this.text, this.comments, statement), newText: '' });
        return;
      case 'replace': {
        const range = replacementRange(this.text, this.comments, statement);
        const indent = this.indentFor(statement, dedent);
        const unit = this.unitFor(statement);
        const text = fate.lines.map((line, i) => (i === 0 ? '' : indent) + unit.repeat(line.level) + line.text).join('\n');
        if (fate.lines.length === 0) this.edits.push({ ...removalRange(this.text, this.comments, statement), newText: '' });
        else this.edits.push({ ...range, newText: text });
        return;
      }
      case 'unwrap':
        this.unwrap(statement, fate.closure, dedent);
        return;
      case 'script':
        this.editScript(fate.step, fate.units);
        return;
      default:
        if (this.emptiesDeclarativeSteps(statement, dedent)) return;
        for (const list of nestedLists(statement)) this.emitList(list, dedent);
    }
  }

  /**
   * Declarative `steps { }` must keep a step (an empty one fails validation): when every step of
   * the block goes (a stage that only logged in), one `echo` says where the work went instead.
   */
  private emptiesDeclarativeSteps(statement: ast.Statement, dedent: number): boolean {
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'CallExpression') return false;
    const call = statement.expression;
    if (calleeName(call) !== 'steps' || call.closures.length !== 1 || !this.model.stages.some((s) => s.stepsBlock === call)) return false;
    const body = call.closures[0].body;
    if (body.length === 0 || !body.every((child) => this.resolve(child).kind === 'remove')) return false;
    const range = replacementRange(this.text, this.comments, body[0]);
    this.edits.push({ ...range, newText: "echo 'Kaniko builds and pushes in the kaniko container now: nothing left to do here'" });
    for (const child of body.slice(1)) this.emitStatement(child, dedent);
    return true;
  }

  /** One level of indentation where a statement stands: its own indentation beyond its block's line, else the file's. */
  private unitFor(statement: ast.Statement): string {
    const own = indentationAt(this.text, statement.start);
    const owner = this.syntax.listedStatementOf(statement)?.owner;
    if (owner && owner.type !== 'Program') {
      const outer = indentationAt(this.text, owner.start);
      if (own.length > outer.length && own.startsWith(outer)) return own.slice(outer.length);
    }
    return this.unit;
  }

  /** `docker.withRegistry(…) { body }` → `body`, one level less indented. */
  private unwrap(statement: ast.Statement, closure: ast.ClosureExpression, dedent: number): void {
    const text = this.text;
    const where = `line ${this.line(statement.start)}`;
    if (!startsLine(text, statement.start)) block(`${where}: docker.withRegistry shares its line with other code`);
    const open = closure.start;
    const afterOpen = text.slice(open + 1, lineEndOf(text, open));
    const openComment = this.comments.find((c) => c.start > open && c.start < lineEndOf(text, open));
    if (!isBlank(afterOpen) && !(openComment && isBlank(text.slice(open + 1, openComment.start)))) block(`${where}: code follows the opening brace of docker.withRegistry`);
    const close = closure.end - 1;
    if (!startsLine(text, close)) block(`${where}: the closing brace of docker.withRegistry shares its line with code`);
    const tail = attachedComments(text, this.comments, statement);
    if (!isBlank(text.slice(tail.end, lineEndOf(text, tail.end)))) block(`${where}: code follows docker.withRegistry's closing brace`);

    const leading = attachedComments(text, this.comments, statement).start;
    const headerStart = lineStartOf(text, leading);
    const bodyStart = nextLineStart(text, open);
    const footerStart = lineStartOf(text, close);
    this.edits.push({ start: headerStart, end: bodyStart, newText: '' });
    this.edits.push({ start: footerStart, end: nextLineStart(text, tail.end), newText: '' });

    const own = indentationAt(text, statement.start).length;
    const first = closure.body[0];
    const inner = first ? indentationAt(text, first.start).length : own;
    const delta = Math.max(0, inner - own);
    const before = this.edits.length;
    this.emitList(closure.body, dedent + delta);
    const childEdits = this.edits.slice(before);
    if (delta === 0) return;
    for (let line = bodyStart; line < footerStart; line = nextLineStart(text, line)) {
      if (this.syntax.literalAt(line) && this.syntax.literalAt(line)!.contentStart < line) continue;
      if (childEdits.some((e) => e.start <= line && line < e.end)) continue;
      const indent = indentationAt(text, line);
      if (isBlank(text.slice(line, lineEndOf(text, line)))) continue;
      const cut = Math.min(delta, indent.length);
      if (cut > 0) this.edits.push({ start: line, end: line + cut, newText: '' });
      if (nextLineStart(text, line) === line) break;
    }
  }

  /** Removes and replaces commands inside a kept `sh` script. */
  private editScript(step: ShellStep, fates: Map<ShellUnit, UnitFate>): void {
    const script = step.script!;
    const literal = step.literal!;
    const units = [...fates.keys()];
    const removed = new Set<number>();
    units.forEach((unit, i) => {
      if (fates.get(unit) === 'remove') removed.add(i);
    });
    let i = 0;
    while (i < units.length) {
      if (!removed.has(i)) {
        const fate = fates.get(units[i]);
        if (fate && typeof fate === 'object') {
          const span = sourceSpan(script, units[i].start, units[i].end);
          const rendered = renderValue(fate.replace.executor!, literal.quote, { before: this.text[span.start - 1] ?? '', after: this.text[span.end] ?? '' });
          if (rendered === undefined) block(`line ${this.line(step.call.start)}: the executor command needs Groovy interpolation, which this script's quotes do not allow`);
          this.edits.push({ ...span, newText: rendered });
        }
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < units.length && removed.has(j + 1)) j++;
      if (j + 1 < units.length) {
        // Up to the next kept command: separators and comments in between go too.
        this.edits.push({ start: script.toSource(units[i].start), end: script.toSource(units[j + 1].start), newText: '' });
      } else if (i > 0) {
        // A tail: from the end of the last kept command.
        this.edits.push({ start: sourceSpan(script, units[i - 1].start, units[i - 1].end).end, end: sourceSpan(script, units[j].start, units[j].end).end, newText: '' });
      }
      i = j + 1;
    }
  }

  // -- summary ------------------------------------------------------------------------------

  private summary(pod: PodRewrite): string {
    const parts: string[] = [];
    const daemon = this.daemon;
    parts.push(
      `container '${daemon.name}' becomes '${KANIKO_CONTAINER}' (${this.settings.kanikoImage}, kept alive with ${keepAliveFor(this.settings.kanikoImage, this.settings.kanikoKeepAlive) === 'cat' ? '/busybox/cat' : 'sleep'})`,
    );
    if (pod.credentials === 'configMap') {
      parts.push(`/kaniko/.docker mounts the ConfigMap '${this.settings.configMapName}' (ECR credential helper)`);
      this.notes.push(`Create the ConfigMap '${this.settings.configMapName}' (jenkinsfile-kaniko configmap, or the "Generate ECR ConfigMap" command) and let the pod's node or service account push to ECR.`);
    } else if (pod.credentials === 'secret') {
      parts.push(`/kaniko/.docker mounts the Secret 'regcred' (.dockerconfigjson as config.json)`);
      this.notes.push(
        `Create the Secret 'regcred': kubectl create secret docker-registry regcred --docker-server=<registry> --docker-username=<user> --docker-password=<password>.${this.credentialsId ? ` The Jenkins credentials '${this.credentialsId}' are no longer used for the push.` : ''}`,
      );
    }
    if (pod.credentials === 'none') parts.push('no registry credentials are mounted (nothing is pushed)');
    if (pod.removedVolumes.length > 0) parts.push(`removed volume${pod.removedVolumes.length > 1 ? 's' : ''} ${pod.removedVolumes.map((v) => `'${v}'`).join(', ')}`);
    const destinations = this.builds.reduce((n, b) => n + new Set(b.destinations.map((d) => valueKey(d.value))).size, 0);
    parts.push(`${this.builds.length === 1 ? 'the build' : `${this.builds.length} builds`} → /kaniko/executor with ${destinations} destination${destinations === 1 ? '' : 's'}`);
    const removed: string[] = [];
    if (this.counts.awsInstall) removed.push(`${this.counts.awsInstall} AWS CLI install${this.counts.awsInstall > 1 ? 's' : ''}`);
    if (this.counts.ecrLogin) removed.push(`${this.counts.ecrLogin} ECR login${this.counts.ecrLogin > 1 ? 's' : ''}`);
    if (this.counts.dockerLogin) removed.push(`${this.counts.dockerLogin} docker login${this.counts.dockerLogin > 1 ? 's' : ''}`);
    if (this.counts.cleanup) removed.push(`${this.counts.cleanup} image cleanup${this.counts.cleanup > 1 ? 's' : ''}`);
    if (this.housekeeping.size > 0) {
      removed.push(`daemon housekeeping (${[...this.housekeeping].join(', ')})`);
      this.notes.push(`Removed ${[...this.housekeeping].map((c) => `\`${c}\``).join(', ')}: Kaniko has no daemon to ask or tidy, and it pulls base images itself.`);
    }
    if (removed.length > 0) parts.push(`removed ${removed.join(', ')}`);
    if (this.wrapExecutor) {
      parts.push(`the executor runs in container('${KANIKO_CONTAINER}')`);
      const client = this.builds[0].step.containerName;
      if (client !== 'jnlp') this.notes.push(`Container '${client}' no longer builds images; remove it from the pod if nothing else uses it.`);
    }
    return `${isPodUnit(this.stage) ? 'Pod' : 'Stage'} '${this.stage.name}' builds with Kaniko: ${parts.join('; ')}.`;
  }
}

// ---------------------------------------------------------------------------------------------

function withoutLatest(name: string): string {
  return name.endsWith(':latest') ? name.slice(0, -':latest'.length) : `${name}:latest`;
}

/** Statement lists nested in a statement (closures of calls, blocks), outermost first. */
function nestedLists(statement: ast.Statement): ast.Statement[][] {
  const lists: ast.Statement[][] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 400 || typeof node !== 'object' || node === null) return;
    const n = node as { type?: string; body?: unknown };
    if ((n.type === 'ClosureExpression' || n.type === 'BlockStatement') && Array.isArray(n.body)) {
      lists.push(n.body as ast.Statement[]);
      return;
    }
    for (const value of Object.values(n)) {
      if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
      else if (typeof value === 'object') visit(value, depth + 1);
    }
  };
  for (const value of Object.values(statement)) {
    if (Array.isArray(value)) for (const v of value) visit(v, 0);
    else if (typeof value === 'object') visit(value, 0);
  }
  return lists;
}

/** `--tag=x` → `x`, `"--tag=x"` → `"x"` (quotes kept balanced). */
function optionValueAfter(raw: Value, prefix: string): Value | undefined {
  if (startsWithText(raw, prefix)) return dropPrefix(raw, prefix.length);
  for (const quote of ['"', "'"]) {
    if (startsWithText(raw, quote + prefix)) return concatValues(textValue(quote), dropPrefix(raw, quote.length + prefix.length));
  }
  return undefined;
}

/** `repo:tag` as the Docker Pipeline plugin splits it; undefined when an interpolation hides where. */
export function splitImageName(name: Value): { repository: Value; tag?: Value } | undefined {
  const colon = lastTextIndex(name, ':');
  const slash = lastTextIndex(name, '/');
  if (colon && comparePositions(colon, slash) > 0) {
    const [repository, tag] = splitAt(name, colon);
    return { repository, tag };
  }
  if (groovyAfter(name, slash)) return undefined;
  return { repository: name };
}

function contextValue(context: { value: Value; text: string }): Value {
  if (context.text === '.' || context.text === './') return textValue('`pwd`');
  return pathValue(context);
}

/** A path relative to the workspace made absolute with `pwd`, as Kaniko wants. */
function pathValue(path: { value: Value; text: string }): Value {
  const first = path.value[0];
  if (!first) return textValue('`pwd`');
  if (first.kind === 'groovy') return /WORKSPACE$/.test(first.source) ? path.value : concatValues(textValue('`pwd`/'), path.value);
  if (/^[/~$`]/.test(path.text)) return path.value;
  if (startsWithText(path.value, './')) return concatValues(textValue('`pwd`/'), dropPrefix(path.value, 2));
  return concatValues(textValue('`pwd`/'), path.value);
}
