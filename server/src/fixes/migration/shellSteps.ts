/**
 * `sh` steps of the stage: each unit of a script classified (build, tag, push, logins, AWS CLI installs,
 * cleanups, or kept), and what becomes of the step.
 */
import { awsCliInstallKind, awsCliInstallLink, ecrLoginCommand, installedPackages, pipInstallsBesidesAwsCli, runsAwsCli, stageUsesAwsCli } from '../../aws';
import { DAEMON_HOUSEKEEPING, dockerInvocation, dockerOperands, housekeepingCommand } from '../../docker';
import { argName, commandWords, programName, type ShellCommand, type ShellStep, type ShellWord } from '../../model';
import { bindingsAround } from '../../registry';
import { KANIKO_CONTAINER } from '../podRewrite';
import { shellUnits, type ShellUnit } from '../shellUnits';
import { DockerPipelinePlanner, withoutLatest } from './dockerPipeline';
import { daemonVerbCode } from './reasons';
import { type BuildRecord, type UnitFate, type UnitKind, block } from './types';

export abstract class ShellStepPlanner extends DockerPipelinePlanner {
  protected analyzeSteps(): void {
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
    const keptPrograms = new Set(keptCommands.map((words) => programName(words[0]?.text ?? '')));
    // `pip install awscli boto3`: the other packages may be imported by scripts, which no program name shows.
    const installs = [...this.unitKinds.values()].flatMap((units) => units.filter((entry) => entry.kind === 'aws-install'));
    const besidesOf = new Map(installs.map((entry) => [entry, entry.unit.commands.flatMap((c) => pipInstallsBesidesAwsCli(commandWords(c).words))]));
    // Such an install stays (below), and with it what pip needs to run: `apk add py-pip`.
    const keptPip = installs.some((entry) => besidesOf.get(entry)!.length > 0);
    for (const entry of installs) {
      const packages = entry.unit.commands.flatMap((c) => installedPackages(commandWords(c).words.map((w) => w.text)));
      const needed = packages.filter((p) => keptPrograms.has(p));
      const besides = besidesOf.get(entry)!;
      const pipNeeds = keptPip && entry.unit.commands.some((c) => awsCliInstallKind(commandWords(c).words, true) === 'prerequisites');
      if (keptAws || needed.length > 0 || besides.length > 0 || pipNeeds) {
        entry.kind = 'keep';
        if (needed.length > 0) this.notes.push(`Kept a package install that also provides ${needed.join(', ')}, which the stage still runs.`);
        if (pipNeeds && besides.length === 0 && needed.length === 0 && !keptAws)
          this.notes.push('Kept the packages pip needs to run (the AWS CLI v1 prerequisites), for the pip install that stays.');
        if (besides.length > 0)
          this.notes.push(
            `Kept a pip install of awscli that also installs ${besides.map((b) => `\`${b}\``).join(', ')}, which scripts may use; take awscli out of it by hand (the quick fix does) if nothing else needs the CLI.`,
          );
      } else this.counts.awsInstall++;
    }
    if (keptAws) this.notes.push('The AWS CLI installs stay: other commands of the stage still call `aws`.');
  }

  /** Whether a command installs the AWS CLI, judged as `aws-cli-per-run-install` judges it: within the step's own stage. */
  protected installsAwsCli(step: ShellStep, command: ShellCommand): boolean {
    const words = commandWords(command).words;
    if (awsCliInstallKind(words, stageUsesAwsCli(step)) !== undefined) return true;
    const link = awsCliInstallLink(words);
    // An `unzip awscli*.zip` or `rm -rf aws` is part of an install only where the unit installs the CLI.
    return link === 'install' || (link !== undefined && this.unitInstallsAwsCli());
  }

  private installsInUnit?: boolean;

  /** Whether some step of the unit gets the AWS CLI (downloads it, runs its installer, pip or a package). */
  protected unitInstallsAwsCli(): boolean {
    this.installsInUnit ??= this.stage.steps.some(
      (step) =>
        step.kind === 'shell' &&
        step.commands.some((command) => {
          const words = commandWords(command).words;
          return awsCliInstallKind(words, stageUsesAwsCli(step)) !== undefined || awsCliInstallLink(words) === 'install';
        }),
    );
    return this.installsInUnit;
  }

  protected analyzeShellStep(step: ShellStep): void {
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
        block('shell-form', `line ${this.line(step.call.start)}: a Docker command runs only when another command fails (\`||\`)`);
      }
    }
    if (kinds.some((k) => k.kind !== 'keep')) this.unitKinds.set(step, kinds);
  }

  protected unitKind(step: ShellStep, unit: ShellUnit): UnitKind {
    const where = (): string => `line ${this.line(step.call.start)}`;
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
      if (underKeyword) block('shell-form', `${where()}: docker ${last.verb} inside a shell if/for/while; migrate that script by hand`);
      this.counts.dockerLogin++;
      if (parsed.some((p) => ecrLoginCommand(p.words))) this.ecrHint = true;
      else if (last.verb === 'login') this.recordLoginCredential(step, last.args);
      return 'login';
    }
    for (const docker of dockers) {
      if (!docker || docker.verb === '') continue;
      if (underKeyword) block('shell-form', `${where()}: \`docker ${docker.verb}\` inside a shell if/for/while; migrate that script by hand`);
      if (unit.commands.length > 1) block('shell-form', `${where()}: \`docker ${docker.verb}\` is piped to or from another command`);
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
          block(
            daemonVerbCode(docker.verb, docker.group),
            `${where()}: \`${docker.group === 'docker-compose' ? 'docker-compose' : `docker ${docker.verb}`}\` needs the Docker daemon, which Kaniko does not provide`,
          );
      }
    }
    // ECR logins: `$(aws ecr get-login …)`, `eval $(…)`, `PASS=$(aws ecr get-login-password …)`.
    const ecrInner = unit.inner.some((c) => ecrLoginCommand(commandWords(c).words));
    const only = parsed.length === 1 ? parsed[0].words : [];
    const substitutionOnly = only.length === 1 && (/^\$\(.*\)$/s.test(only[0].text) || /^`.*`$/s.test(only[0].text));
    const assignment = only.length === 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(only[0].text);
    if (ecrInner && (substitutionOnly || assignment)) {
      if (underKeyword) block('shell-form', `${where()}: an ECR login inside a shell if/for/while; migrate that script by hand`);
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
      if (underKeyword) block('shell-form', `${where()}: an AWS CLI install inside a shell if/for/while; migrate that script by hand`);
      return 'aws-install';
    }
    for (const inner of unit.inner) {
      const docker = dockerInvocation(commandWords(inner).words);
      if (docker && docker.verb !== '') block('shell-form', `${where()}: \`docker ${docker.verb}\` inside a command substitution needs the Docker daemon`);
    }
    return 'keep';
  }

  /** `docker login [-u U] [-p P | --password-stdin] [server]` inside `withCredentials([usernamePassword(…)])`: that credential, for that server. */
  protected recordLoginCredential(step: ShellStep, args: readonly ShellWord[]): void {
    const server = dockerOperands('login', args)[0]?.text ?? '';
    const words = args.map((w) => w.text).join(' ') + ' ' + (step.script?.text ?? '');
    const bindings = bindingsAround(this.stage, step.call.start);
    // The binding whose variables the login uses; else the only one there is.
    const used = bindings.filter((b) => [b.usernameVariable, b.passwordVariable].some((v) => v !== undefined && mentionsShellVariable(words, v)));
    const binding = used[0] ?? (bindings.length === 1 ? bindings[0] : undefined);
    if (!binding) return;
    const registry = this.expanded([{ kind: 'text', text: server }]);
    if (!this.jenkinsCredentials.some((c) => c.credentialsId === binding.credentialsId && c.registry === registry)) {
      this.jenkinsCredentials.push({ credentialsId: binding.credentialsId, registry, source: 'docker login' });
    }
  }

  protected shellBuild(step: ShellStep, unit: ShellUnit, args: ShellWord[]): void {
    const spec = this.parseBuildWords(args, step.script!, step.call.start);
    const build: BuildRecord = { step, spec, unit, destinations: [] };
    this.builds.push(build);
    for (const tag of spec.tags) this.aliases.set(tag.key, build);
  }

  protected shellTag(step: ShellStep, args: ShellWord[]): void {
    const positional = dockerOperands('tag', args);
    if (positional.length !== 2) block('shell-form', `line ${this.line(step.call.start)}: cannot read this docker tag`);
    const build = this.aliases.get(positional[0].text) ?? this.aliases.get(withoutLatest(positional[0].text));
    if (!build)
      block('image-not-built-here', `line ${this.line(step.call.start)}: docker tag of '${positional[0].text}', which this ${this.unitWord()} does not build`);
    this.aliases.set(positional[1].text, build);
    build.spec.tags.push({ key: positional[1].text, value: this.wordValue(step, positional[1]) });
  }

  protected shellPush(step: ShellStep, args: ShellWord[]): void {
    if (args.some((w) => w.text === '-a' || w.text === '--all-tags'))
      block('shell-form', `line ${this.line(step.call.start)}: docker push --all-tags; list the tags to push instead`);
    const positional = dockerOperands('push', args);
    if (positional.length !== 1) block('shell-form', `line ${this.line(step.call.start)}: cannot read this docker push`);
    const build = this.aliases.get(positional[0].text) ?? this.aliases.get(withoutLatest(positional[0].text));
    if (!build)
      block('image-not-built-here', `line ${this.line(step.call.start)}: docker push of '${positional[0].text}', which this ${this.unitWord()} does not build`);
    build.destinations.push({ value: this.wordValue(step, positional[0]), step });
  }

  protected assignScriptFate(step: ShellStep, kinds: Array<{ unit: ShellUnit; kind: UnitKind }>): void {
    const entry = this.syntax.isWholeStatement(step.call);
    const consumed = kinds.every((k) => k.kind !== 'keep');
    const builds = kinds.filter((k) => k.kind === 'build');
    if (step.call.args.some((a) => ['returnStdout', 'returnStatus'].includes(argName(a) ?? ''))) {
      block('image-used', `line ${this.line(step.call.start)}: the output or status of this docker step is used (returnStdout/returnStatus)`);
    }
    if (consumed && entry) {
      const records = builds.map((k) => this.builds.find((b) => b.unit === k.unit)!);
      this.setFate(entry.statement, records.length === 0 ? { kind: 'remove' } : { kind: 'executor', builds: records });
      return;
    }
    const where = (): string => `line ${this.line(step.call.start)}`;
    if (!entry) block('shell-form', `${where()}: the sh step is part of a larger expression`);
    const literal = step.literal;
    if (!literal || literal.start < step.call.start || literal.end > step.call.end)
      block('shell-form', `${where()}: the script is not written in the sh step, so it cannot be edited here`);
    if (builds.length > 0 && this.wrapExecutor)
      block('shell-form', `${where()}: docker build shares its sh step with other commands, and the build must move to the '${KANIKO_CONTAINER}' container`);
    const units = new Map<ShellUnit, UnitFate>();
    for (const { unit, kind } of kinds) {
      units.set(unit, kind === 'keep' ? 'keep' : kind === 'build' ? { replace: this.builds.find((b) => b.unit === unit)! } : 'remove');
    }
    this.setFate(entry.statement, { kind: 'script', step, units });
  }
}

/** Whether `text` expands the shell variable `name` (`$NAME`, `${NAME}`), without a pattern built at run time. */
function mentionsShellVariable(text: string, name: string): boolean {
  for (const form of [`$${name}`, `\${${name}}`]) {
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
      if (form.endsWith('}') || !/[A-Za-z0-9_]/.test(text[at + form.length] ?? '')) return true;
    }
  }
  return false;
}
