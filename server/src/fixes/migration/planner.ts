/**
 * The planner of one stage's migration, section by section: pod (pod.ts), Docker Pipeline steps
 * (dockerPipeline.ts), sh steps (shellSteps.ts), checks (checks.ts), the executor command
 * (executor.ts), and the edits (statements.ts).
 */
import { findEcrHosts } from '../../aws';
import { podHasDockerDaemon } from '../../docker';
import { kanikoImage, keepAliveFor } from '../../kaniko/images';
import { planRegistryCredentials } from '../../registry';
import { findConflict, normalizeEdits, withLineEndings } from '../apply';
import { removalRange } from '../syntax';
import type * as ast from '../../parser/ast';
import { CONFIG_JSON_SECRET, KANIKO_CONTAINER, type FileEdits, type PodRewrite } from '../podRewrite';
import { valueKey } from '../values';
import { calleeName, stepsOfPod } from '../../model';
import { isPodUnit } from './scope';
import { EMPTIED_STEPS_ECHO, StatementEmitter } from './statements';
import { block, type MigrationPlan } from './types';

/** Plans the migration of one stage; `plan()` throws `Blocked` with the reason when it cannot be done safely. */
export class Planner extends StatementEmitter {
  plan(): MigrationPlan {
    const pod = this.stage.pod;
    if (!pod) block('no-pod', 'the stage has no Kubernetes pod agent');
    if (pod.yaml?.from === 'yamlFile' && this.settings.editYamlFiles === false) {
      block(
        'yamlfile',
        `the pod is defined in ${pod.yaml.file ?? 'a separate file'} (yamlFile), which the migration edits too, and here only the Jenkinsfile can be written (jenkinsfile-kaniko fix --stdout); run fix without --stdout, or with --diff to see both files`,
      );
    }
    if (pod.yaml && pod.yaml.errors.length > 0) block('syntax-error', 'the pod YAML does not parse');
    if (!podHasDockerDaemon(pod)) block('no-daemon', "the stage's pod has no Docker daemon (no dind container and no Docker socket)");
    if (this.model.parse.errors.some((e) => e.start >= this.stage.call.start && e.start < this.stage.call.end)) {
      block('syntax-error', 'the stage has Groovy syntax errors');
    }
    // The pod's own declaration (podTemplate arguments, or the whole kubernetes { } block) must parse too:
    // editing a half-written container list would make it worse.
    for (const declared of this.unitPods()) {
      const podDeclarationEnd = declared.origin === 'podTemplate' ? (declared.call.closures[0]?.start ?? declared.call.end) : declared.call.end;
      if (this.model.parse.errors.some((e) => e.start >= declared.call.start && e.start < podDeclarationEnd)) {
        block('syntax-error', `the pod declaration${declared === pod ? '' : ` at line ${this.line(declared.call.start)}`} has Groovy syntax errors`);
      }
    }

    this.analyzeSteps();
    if (this.builds.length === 0 && isPodUnit(this.stage)) {
      block(
        'no-visible-build',
        'the pod runs a Docker daemon, but no docker build is visible in this file (a script it calls may build); move the docker commands into the Jenkinsfile, or migrate that script by hand',
      );
    }
    if (this.builds.length === 0) block('no-build', 'the stage does not build an image (nothing for Kaniko to do)');
    this.chooseDaemonContainer(pod);
    this.checkGroupDaemons();
    for (const [step, units] of this.unitKinds) this.assignScriptFate(step, units);
    this.checkOtherSteps();
    this.checkBuildVariables();
    this.checkPushConditions();
    this.decideBuildClient();

    this.noteShellWrapperCredentials();
    const destinations = this.builds.flatMap((b) => b.destinations.map((d) => this.expanded(d.value)));
    // Registry credentials are decided in registry/: the ConfigMap for ECR, the Jenkins credential kept, or a Secret.
    this.credentials = planRegistryCredentials({
      destinations,
      credentials: this.jenkinsCredentials,
      ecrLogin: this.ecrHint || destinations.some((d) => findEcrHosts(d).length > 0),
      mode: this.settings.registryCredentials ?? 'jenkins',
      configMapName: this.settings.configMapName,
      isEnvironmentVariable: (name) => this.model.variables.get(name)?.environment === true,
      // An executor that replaces a command inside a longer sh script cannot be wrapped in withCredentials.
      wrappable: ![...this.fates.values()].some((fate) => fate.kind === 'script' && [...fate.units.values()].some((u) => typeof u === 'object')),
      kanikoImage: this.settings.kanikoImage,
    });
    const podRewrite = this.rewritePod(this.credentials.mount);
    this.edits.push(...podRewrite.edits);
    const files = podRewrite.file ? [this.fileEdits(podRewrite.file)] : undefined;
    this.retarget();
    for (const build of this.builds) build.executor = this.executorValue(build);
    this.emitStatements();
    this.removeUnusedImageVariables();
    this.noteIdlePods();

    // A container name retargeted inside a wrapper that goes away (removed, or replaced by other text
    // such as the echo that keeps a declarative `steps` block from being empty) goes with it.
    const replaced = this.edits.filter((e) => !this.retargets.has(e) && e.end > e.start);
    const kept = this.edits.filter((e) => !this.retargets.has(e) || !replaced.some((r) => r.start <= e.start && e.end <= r.end));
    const edits = normalizeEdits(this.text, withLineEndings(this.text, kept));
    const conflict = findConflict(edits, this.text.length);
    if (conflict) block('internal-error', `internal error: the planned edits overlap (${conflict.map((e) => `[${e.start}, ${e.end})`).join(', ')})`);
    return { stage: this.stage, edits, files, summary: this.summary(podRewrite), notes: this.notes, nextSteps: this.nextSteps };
  }

  /**
   * `def dockerImage` declared for `dockerImage = docker.build(…)` and `dockerImage.push()`: once
   * those are replaced and removed, nothing reads the variable, and its declaration goes too. Only
   * when provably unused: every other mention of the name in the file (code, strings, comments)
   * lies in text the migration removes or replaces, the declaration is its only one and declares
   * nothing else, with no value or a literal one. A declaration left unused otherwise is named in
   * the next steps.
   */
  private removeUnusedImageVariables(): void {
    const cut = this.edits.filter((e) => e.end > e.start);
    const names = new Set(this.builds.map((b) => b.variable).filter((name): name is string => name !== undefined));
    for (const name of names) {
      // Text the migration writes, insertions included, may name the variable too.
      if (this.edits.some((e) => mentionsOf(e.newText, name).length > 0)) continue;
      const declarations = this.model.parse.program.body.filter(
        (statement): statement is ast.VariableDeclaration =>
          statement.type === 'VariableDeclaration' && statement.declarations.some((d) => d.name.name === name),
      );
      const declaration = declarations[0];
      const mentions = mentionsOf(this.text, name);
      const unused = mentions.every(
        (at) => cut.some((e) => e.start <= at && at < e.end) || (declaration !== undefined && declaration.start <= at && at < declaration.end),
      );
      if (!unused || declarations.length !== 1) continue;
      const init = declaration.declarations[0].init;
      const literal = !init || init.type === 'NullLiteral' || (init.type === 'StringLiteral' && !/\$/.test(this.text.slice(init.start, init.end)));
      if (declaration.declarations.length !== 1 || declaration.tupleInit || declaration.annotations.length > 0 || !literal) {
        this.nextSteps.push(`The variable '${name}' (line ${this.line(declaration.start)}) is no longer used; remove its declaration when you like.`);
        continue;
      }
      const range = removalRange(this.text, this.comments, declaration);
      // The file's first line: the blank line that set it apart goes too, or the file would start with one.
      if (range.start === 0) range.end += /^[ \t]*\r?\n/.exec(this.text.slice(range.end))?.[0].length ?? 0;
      this.edits.push({ ...range, newText: '' });
      this.notes.push(
        `Removed the declaration of '${name}' (line ${this.line(declaration.start)}): nothing reads the image variable once Kaniko builds and pushes.`,
      );
    }
  }

  /**
   * A pod of a group unit whose every step the migration removed (a Push stage with its own agent)
   * still starts a pod, now to do nothing: the next steps say so. Not removed here: the stage or
   * its agent may matter for other reasons (a `when`, an input, the stage view).
   */
  private noteIdlePods(): void {
    const pods = this.unitPods();
    if (pods.length < 2) return;
    // Removed, or replaced by the echo that keeps a declarative steps block valid; not replaced by the executor.
    const cut = this.edits.filter((e) => e.end > e.start && (e.newText === '' || e.newText === EMPTIED_STEPS_ECHO));
    for (const pod of pods) {
      const steps = stepsOfPod(this.model, pod);
      if (steps.length === 0 || !steps.every((step) => cut.some((e) => e.start <= step.call.start && step.call.end <= e.end))) continue;
      const stage = pod.stage ?? steps[0].stage;
      this.nextSteps.push(
        `${stage ? `Stage '${stage.name}'` : `The pod at line ${this.line(pod.call.start)}`} no longer runs any sh or docker step in its pod, yet still starts one (${pod.origin === 'podTemplate' || calleeName(pod.call) === 'podTemplate' ? 'podTemplate' : 'agent'} at line ${this.line(pod.call.start)}): remove ${stage ? 'the stage, or at least its pod' : 'it'}.`,
      );
    }
  }

  /** A `yamlFile` pod's edits, checked like the Jenkinsfile's, with the file's own line endings. */
  private fileEdits(file: FileEdits): FileEdits {
    const edits = normalizeEdits(file.text, withLineEndings(file.text, file.edits));
    const conflict = findConflict(edits, file.text.length);
    if (conflict)
      block('internal-error', `internal error: the planned edits of ${file.path} overlap (${conflict.map((e) => `[${e.start}, ${e.end})`).join(', ')})`);
    return { ...file, edits };
  }

  protected summary(pod: PodRewrite): string {
    const parts: string[] = [];
    const daemon = this.daemon;
    const kaniko = `${this.settings.kanikoImage}, kept alive with ${keepAliveFor(this.settings.kanikoImage, this.settings.kanikoKeepAlive) === 'cat' ? '/busybox/cat' : 'sleep'}`;
    if (pod.file) {
      parts.push(`the pod in ${pod.file.path} (yamlFile) is edited too`);
      this.nextSteps.push(
        `${pod.file.path} is a file of its own: other Jenkinsfiles (or other branches) that use it as their yamlFile get the '${KANIKO_CONTAINER}' container${pod.addedContainer ? '' : ` instead of '${daemon.name}'`} and no Docker daemon; migrate them as well, or give this pipeline its own copy of the file.`,
      );
    }
    if (pod.addedContainer) {
      parts.push(
        `container '${KANIKO_CONTAINER}' added (${kaniko}); the agent container '${daemon.name}' keeps its name and no longer reaches the Docker socket`,
      );
    } else {
      parts.push(`container '${daemon.name}' becomes '${KANIKO_CONTAINER}' (${kaniko})`);
    }
    if (pod.credentials === 'configMap') {
      parts.push(`/kaniko/.docker mounts the ConfigMap '${this.settings.configMapName}' (ECR credential helper)`);
      const account = pod.serviceAccount;
      this.nextSteps.push(
        account
          ? `Create the ConfigMap '${this.settings.configMapName}' and the ServiceAccount '${account.name}' the pod runs as, holding an IAM role that may push to ECR: jenkinsfile-kaniko configmap --role-arn ${this.settings.awsRoleArn || '<role ARN>'} --service-account ${account.name} (add --pod-identity for EKS Pod Identity), or the "Generate ECR ConfigMap" command; see docs/credentials.md.`
          : `Create the ConfigMap '${this.settings.configMapName}' (jenkinsfile-kaniko configmap, or the "Generate ECR ConfigMap" command) and give the pod an IAM identity that may push to ECR: IRSA (--role-arn), EKS Pod Identity (--pod-identity) or the node's role; see docs/credentials.md.`,
      );
    }
    if (pod.serviceAccount)
      parts.push(
        pod.serviceAccount.added
          ? `the pod runs as the ServiceAccount '${pod.serviceAccount.name}'`
          : `the pod keeps its ServiceAccount '${pod.serviceAccount.name}'`,
      );
    else if (pod.credentials === 'secret') {
      parts.push(`/kaniko/.docker mounts the Secret 'regcred' (.dockerconfigjson as config.json)`);
    } else if (pod.credentials === 'secretFile') {
      parts.push(`/kaniko/.docker mounts the Secret '${CONFIG_JSON_SECRET}' (its config.json key)`);
      this.nextSteps.push(
        `Create the Secret '${CONFIG_JSON_SECRET}' from a Docker config.json that can push to the registry: kubectl create secret generic ${CONFIG_JSON_SECRET} --from-file=config.json=<path to config.json> (a containerTemplate pod cannot mount a docker-registry Secret's .dockerconfigjson as config.json).`,
      );
    }
    if (this.credentials.summary) parts.push(this.credentials.summary);
    else if (pod.credentials === 'none') parts.push('no registry credentials are mounted (nothing is pushed)');
    this.notes.push(...this.credentials.notes);
    // A containerTemplate pod mounts its own generic Secret (see above), not the registry plan's docker-registry one.
    if (pod.credentials !== 'secretFile') this.nextSteps.push(...this.credentials.nextSteps);
    for (const client of pod.releasedClients ?? [])
      parts.push(`container '${client.name}' no longer points at the daemon (removed its ${client.removed.join(', ')})`);
    for (const client of pod.removedClients ?? [])
      parts.push(`container '${client}' removed (nothing else ran in it; its container('${client}') blocks now run in '${KANIKO_CONTAINER}')`);
    if (this.podEnvReleased.length > 0)
      parts.push(`the podTemplate's envVars no longer point its containers at the daemon (removed ${this.podEnvReleased.join(', ')})`);
    if (pod.removedVolumes.length > 0)
      parts.push(`removed volume${pod.removedVolumes.length > 1 ? 's' : ''} ${pod.removedVolumes.map((v) => `'${v}'`).join(', ')}`);
    const destinations = this.builds.reduce((n, b) => n + new Set(b.destinations.map((d) => valueKey(d.value))).size, 0);
    parts.push(
      `${this.builds.length === 1 ? 'the build' : `${this.builds.length} builds`} → /kaniko/executor with ${destinations} destination${destinations === 1 ? '' : 's'}`,
    );
    const removed: string[] = [];
    if (this.counts.awsInstall) removed.push(`${this.counts.awsInstall} AWS CLI install${this.counts.awsInstall > 1 ? 's' : ''}`);
    if (this.counts.ecrLogin) removed.push(`${this.counts.ecrLogin} ECR login${this.counts.ecrLogin > 1 ? 's' : ''}`);
    if (this.counts.dockerLogin) removed.push(`${this.counts.dockerLogin} docker login${this.counts.dockerLogin > 1 ? 's' : ''}`);
    if (this.counts.cleanup) removed.push(`${this.counts.cleanup} image cleanup${this.counts.cleanup > 1 ? 's' : ''}`);
    if (this.housekeeping.size > 0) {
      removed.push(`daemon housekeeping (${[...this.housekeeping].join(', ')})`);
      this.notes.push(
        `Removed ${[...this.housekeeping].map((c) => `\`${c}\``).join(', ')}: Kaniko has no daemon to ask or tidy, and it pulls base images itself.`,
      );
    }
    if (removed.length > 0) parts.push(`removed ${removed.join(', ')}`);
    if (this.wrapExecutor) {
      parts.push(`the executor runs in container('${KANIKO_CONTAINER}')`);
      const client = this.builds[0].step.containerName;
      if (client !== 'jnlp')
        this.nextSteps.push(
          `Container '${client}' no longer builds images and stays in the pod${this.keptClientReason ? ` because ${this.keptClientReason}` : ''}; remove it once nothing uses it.`,
        );
    }
    return `${isPodUnit(this.stage) ? 'Pod' : 'Stage'} '${this.stage.name}' builds with Kaniko: ${parts.join('; ')}.`;
  }
}

/** Where `name` stands as a whole word in `text` (not part of a longer identifier), wherever it is: code, strings, comments. */
function mentionsOf(text: string, name: string): number[] {
  const found: number[] = [];
  // `$` is not counted as part of the name: "$app" in a GString reads the variable.
  const identifierChar = /\w/;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (identifierChar.test(text[at - 1] ?? '') || identifierChar.test(text[at + name.length] ?? '')) continue;
    found.push(at);
  }
  return found;
}
