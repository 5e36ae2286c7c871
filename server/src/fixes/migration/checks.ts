/**
 * What would break: other steps that still use the daemon, commands the Kaniko container cannot run,
 * wrappers the migration does not handle, image variables used for more than pushing.
 */
import { awsCliOtherUse, runsAwsCli } from '../../aws';
import { DAEMON_WRAPPER_STEPS, dockerInvocation, mentionsDockerCommand, setsDockerHost, usesDockerDaemon } from '../../docker';
import {
  calleeName,
  calleePath,
  closureCalls,
  commandWords,
  literalValue,
  positionalArgs,
  type Container,
  type ShellCommand,
  type ShellStep,
  type Step,
} from '../../model';
import type * as ast from '../../parser/ast';
import { runsInBusybox } from '../../kaniko/busybox';
import { shellUnits } from '../shellUnits';
import { isAgentContainer } from '../podRewrite';
import { ShellStepPlanner } from './shellSteps';
import { daemonVerbCode } from './reasons';
import { block } from './types';

export abstract class CheckingPlanner extends ShellStepPlanner {
  protected containerNameOf(step: Step): Container | undefined {
    return this.containerOf(step.pod, step.containerName);
  }

  /** Steps outside the build that share the daemon, or will run in the Kaniko container. */
  protected checkOtherSteps(): void {
    const daemonPods = new Set(this.daemonContainers.map((c) => c.pod));
    const connected = new Set<Container>(this.daemonContainers);
    for (const build of this.builds) {
      const container = this.containerNameOf(build.step);
      if (container) connected.add(container);
    }
    for (const pod of daemonPods) for (const c of pod.containers) if (setsDockerHost(c, this.text)) connected.add(c);

    // Kept commands that will run in the Kaniko container, checked for what its busybox image lacks
    // after the daemon checks, so that the AWS CLI use behind a kept install is the reason given.
    const kanikoBound: Array<{ step: ShellStep; where: () => string; commands: ShellCommand[] }> = [];
    for (const step of this.model.steps) {
      const container = this.containerNameOf(step);
      const inPod = (step.pod && daemonPods.has(step.pod)) || (container !== undefined && daemonPods.has(container.pod));
      if (!inPod) continue;
      const inStage = step.stage === this.stage || this.stage.steps.includes(step);
      // Named only when a check refuses: most steps pass.
      const where = (): string =>
        step.stage && step.stage !== this.stage ? `stage '${step.stage.name}' (line ${this.line(step.call.start)})` : `line ${this.line(step.call.start)}`;
      if (!inStage) {
        const usesDaemon = step.kind === 'docker' || (step.kind === 'shell' && step.commands.some((c) => usesDockerDaemon(commandWords(c).words)));
        if (usesDaemon) block('daemon-used-elsewhere', this.usedElsewhere(step, where()));
      }
      if (step.kind !== 'shell' || step.step !== 'sh') continue;
      // The agent `jnlp` stays what it is (a Kaniko container is added beside it): its other steps keep their tools.
      const becomesKaniko = container !== undefined && this.daemonContainers.includes(container) && !isAgentContainer(container);
      const touchesDaemon = container !== undefined && connected.has(container);
      if (!becomesKaniko && !touchesDaemon) continue;
      const kinds = this.unitKinds.get(step as ShellStep);
      if (!step.script) {
        if (becomesKaniko || touchesDaemon)
          block('shell-form', `${where()}: cannot read the script of this sh step, which runs in container '${step.containerName}'`);
        continue;
      }
      const kept = kinds ? kinds.filter((k) => k.kind === 'keep').map((k) => k.unit) : shellUnits(step.commands);
      for (const unit of kept) {
        for (const command of [...unit.commands, ...unit.inner]) {
          const words = commandWords(command).words;
          const docker = dockerInvocation(words);
          if (docker && docker.verb !== '')
            block(daemonVerbCode(docker.verb, docker.group), `${where()}: \`docker ${docker.verb}\` still needs the Docker daemon`);
          if (mentionsDockerCommand(words.map((w) => w.text).join(' '))) {
            block(
              'shell-form',
              `${where()}: a docker command I cannot place (\`${words
                .map((w) => w.text)
                .join(' ')
                .slice(0, 60)}\`)`,
            );
          }
        }
        if (becomesKaniko) kanikoBound.push({ step: step as ShellStep, where, commands: [...unit.commands, ...unit.inner] });
      }
    }
    this.checkKanikoBoundCommands(kanikoBound);
    this.checkUnsupportedWrappers();
  }

  /** Why a step outside the unit that uses the daemon blocks it: the same pod, or another pod read from the same YAML. */
  private usedElsewhere(step: Step, where: string): string {
    const what = step.kind === 'docker' ? ` (docker.${step.method})` : '';
    const pod = step.pod ?? this.containerNameOf(step)?.pod;
    if (!pod || this.unitPods().includes(pod)) return `${where} still uses the Docker daemon of the same pod${what}`;
    const source = pod.yaml?.from === 'yamlFile' ? `the same pod file ${pod.yaml.file ?? ''}` : 'the same pod YAML';
    return `${where} runs in another pod read from ${source}, and still uses its Docker daemon${what}; rewriting that YAML would take the daemon from both, and the two pods are declared where no one block holds them: declare them inside one block (one pipeline, one node) so that they are migrated together, or give each its own pod YAML`;
  }

  /**
   * Commands kept in the container that becomes Kaniko's must run in its debug image (busybox only).
   * An AWS CLI use comes first: it is why an install (`apk add aws-cli`) was kept, so the reason names it.
   */
  private checkKanikoBoundCommands(kept: ReadonlyArray<{ step: ShellStep; where: () => string; commands: ShellCommand[] }>): void {
    for (const { step, commands } of kept) {
      const aws = commands.find((command) => runsAwsCli(commandWords(command).words));
      if (!aws) continue;
      const words = commandWords(aws).words.map((w) => w.text);
      const use = awsCliOtherUse(commands) ?? words.slice(0, 3).join(' ');
      const line = this.line(step.script ? step.script.toSource(aws.start) : step.call.start);
      block(
        'busybox-command',
        `line ${line} runs \`${use}\`, which needs the AWS CLI; Kaniko's image has none: move that step to another container (one whose image has the AWS CLI)`,
      );
    }
    for (const { where, commands } of kept) {
      for (const command of commands) {
        const words = commandWords(command).words;
        if (!runsInBusybox(words)) {
          block(
            'busybox-command',
            `${where()}: \`${words[0]?.text}\` would run in the Kaniko container, whose debug image has only busybox; run it in another container first`,
          );
        }
      }
    }
  }

  /**
   * The Docker client the build ran in (a `docker` CLI container beside the dind daemon) goes when
   * nothing else runs in it after the migration: its `container('…')` blocks then hold only the
   * executor (or nothing) and target the Kaniko container, which needs no block of its own. It
   * stays, released from the daemon, when other steps run in it, when it is the pod's
   * defaultContainer, or when the pod is in a yamlFile that other Jenkinsfiles may share.
   */
  protected decideBuildClient(): void {
    if (!this.wrapExecutor) return;
    const daemon = this.daemon;
    const client = this.containerNameOf(this.builds[0].step);
    if (!client || isAgentContainer(client) || isAgentContainer(daemon) || client.pod !== daemon.pod || client.origin !== daemon.origin) return;
    const keep = (reason: string) => {
      this.keptClientReason = reason;
    };
    if (daemon.pod.yaml?.from === 'yamlFile') return keep(`the pod is in ${daemon.pod.yaml.file ?? 'a yamlFile'}, which other Jenkinsfiles may use`);
    if (this.daemonContainers.length > 1) return keep('the same pod YAML serves other pods too');
    if (daemon.pod.defaultContainer?.name === client.name)
      return keep("it is the pod's defaultContainer (steps outside container(…) and the declarative checkout run in it)");
    const program = (client.command[0] ?? '').replace(/^.*\//, '');
    if (client.command.length > 0 && !KEEP_ALIVE_PROGRAMS.has(program)) return keep(`it runs its own command (${client.command.join(' ')})`);
    for (const ref of this.model.containerRefs) {
      if (this.containerOf(ref.pod, ref.name) !== client) continue;
      const call = ref.call;
      if (ref.kind !== 'container' || call.closures.length !== 1) return keep(`line ${this.line(ref.span.start)} refers to it`);
      const kept = this.firstKeptStatement(call.closures[0].body, client.name!);
      if (kept) {
        const source = this.text.slice(kept.start, kept.end).split('\n')[0];
        return keep(`line ${this.line(kept.start)} still runs in it (\`${source.length > 50 ? `${source.slice(0, 50)}…` : source}\`)`);
      }
    }
    this.removedClient = client;
    this.wrapExecutor = false;
  }

  /** The first statement that still runs in the client after the migration (through wrappers such as stage, dir or withCredentials). */
  private firstKeptStatement(statements: readonly ast.Statement[], client: string): ast.Statement | undefined {
    for (const statement of statements) {
      const fate = this.fates.get(statement);
      if (fate) {
        if (fate.kind === 'executor' || fate.kind === 'remove') continue;
        return statement;
      }
      if (statement.type === 'ExpressionStatement' && statement.expression.type === 'CallExpression') {
        const call = statement.expression;
        const name = calleeName(call) ?? '';
        if (name === 'echo' && call.closures.length === 0) continue;
        if (call.closures.length > 0 && name === 'container') {
          // Steps of another container run there, not in the client.
          if (literalValue(positionalArgs(call)[0]?.value) !== client) continue;
        }
        if (call.closures.length > 0 && (RUN_ONCE_STEPS.has(name) || this.registryWrappers().some((w) => w.call === call))) {
          const inner = this.firstKeptStatement(
            call.closures.flatMap((c) => c.body),
            client,
          );
          if (inner) return inner;
          continue;
        }
      }
      return statement;
    }
    return undefined;
  }

  protected checkUnsupportedWrappers(): void {
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
    if (found) block('unsupported-wrapper', `${calleePath(found)} at line ${this.line(found.start)} is not supported by the migration yet`);
  }

  /**
   * Kaniko pushes what it builds, in the build's place: a push that ran only under a condition the
   * build is not under (a stage's `when`, an `if` or `switch`, a loop or `.each { }`, a `catch`, a `post { failure { } }`, the block of a step not known to run it once) would
   * then run on every build, say from every branch. Refused. A push from a later stage moves to the
   * build, which the note says.
   */
  protected checkPushConditions(): void {
    const moved = new Set<string>();
    for (const build of this.builds) {
      const around = this.guardsAround(build.step.call.start);
      for (const destination of build.destinations) {
        if (destination.step === build.step) continue;
        for (const [guard, what] of this.guardsAround(destination.step.call.start)) {
          if (around.has(guard)) continue;
          block(
            'conditional-push',
            `line ${this.line(destination.step.call.start)}: the push runs only under ${what}, and the build (line ${this.line(build.step.call.start)}) does not; Kaniko pushes as it builds, so the push would run on every build`,
          );
        }
        const gate = this.inputsBetween(build.step.call.end, destination.step.call.start)[0];
        if (gate) {
          block(
            'conditional-push',
            `line ${this.line(destination.step.call.start)}: the push waits for the input at line ${this.line(gate.start)} (an approval), and the build (line ${this.line(build.step.call.start)}) does not; Kaniko pushes as it builds, so the image would be pushed before anyone approves it`,
          );
        }
        const from = destination.step.stage;
        if (from && from !== build.step.stage && build.step.stage) moved.add(`stage '${from.name}'`);
      }
    }
    if (moved.size > 0) {
      this.notes.push(
        `The push${moved.size > 1 ? 'es' : ''} of ${[...moved].join(', ')} now happen${moved.size > 1 ? '' : 's'} in the build, since Kaniko pushes what it builds: stages between the build and the old push no longer run before it.`,
      );
    }
  }

  /**
   * The `input` steps (and declarative `input { }` directives) written between two offsets: the
   * pipeline waits there for someone to approve what follows, the push included.
   */
  private inputsBetween(from: number, to: number): ast.CallExpression[] {
    const inputs: ast.CallExpression[] = [];
    const visit = (node: unknown, depth: number): void => {
      if (depth > 400 || typeof node !== 'object' || node === null) return;
      const n = node as { type?: string; start?: number; end?: number };
      if (typeof n.start === 'number' && typeof n.end === 'number' && (n.end <= from || n.start >= to)) return;
      if (n.type === 'CallExpression') {
        const call = n as ast.CallExpression;
        if (call.callee.type === 'Identifier' && call.callee.name === 'input' && call.start >= from) inputs.push(call);
      }
      for (const value of Object.values(n)) {
        if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
        else if (typeof value === 'object') visit(value, depth + 1);
      }
    };
    visit(this.model.parse.program, 0);
    return inputs;
  }

  /** The conditions a step at `offset` runs under, by their node: what a reason calls each. */
  private guardsAround(offset: number): Map<object, string> {
    const guards = new Map<object, string>();
    // Closures handed to a step that runs its block once, in place (a wrapper): not a guard.
    const runOnce = new Set<ast.ClosureExpression>();
    const contains = (n: { start: number; end: number }) => n.start <= offset && offset < n.end;
    const visit = (node: unknown, depth: number): void => {
      if (depth > 400 || typeof node !== 'object' || node === null) return;
      const n = node as { type?: string; start?: number; end?: number };
      if (typeof n.start === 'number' && typeof n.end === 'number' && (offset < n.start || offset >= n.end)) return;
      const at = () => `line ${this.line(n.start ?? 0)}`;
      if (n.type === 'IfStatement') guards.set(n, `the if at ${at()}`);
      else if (n.type === 'ForStatement' || n.type === 'WhileStatement') guards.set(n, `the loop at ${at()}`);
      else if (n.type === 'BlockStatement' && (n as ast.BlockStatement).keyword === 'do') guards.set(n, `the do … while loop at ${at()}`);
      else if (n.type === 'BlockStatement' && (n as ast.BlockStatement).keyword === 'switch') guards.set(n, `the switch at ${at()}`);
      else if (n.type === 'MethodDeclaration') {
        guards.set(n, `the method '${(n as ast.MethodDeclaration).name.name}' at ${at()} (it runs where it is called, if it is)`);
      } else if (n.type === 'ClosureExpression' && !runOnce.has(n as ast.ClosureExpression)) {
        guards.set(n, `the closure at ${at()} (it runs where it is called, if it is)`);
      } else if (n.type === 'TryStatement') {
        for (const handler of (n as ast.TryStatement).handlers) {
          if (handler.start <= offset && offset < handler.end) guards.set(handler, `the catch at line ${this.line(handler.start)}`);
        }
      } else if (n.type === 'CallExpression') {
        const call = n as ast.CallExpression;
        const name = calleeName(call) ?? '';
        const closures = closureArguments(call);
        if (closures.length > 0) {
          if (POST_CONDITIONS.has(name)) guards.set(call, `post { ${name} } at ${at()}`);
          else if (!RUN_ONCE_STEPS.has(name)) {
            const inside = closures.some(contains);
            if (inside) {
              guards.set(
                call,
                ITERATING_METHODS.has(name)
                  ? `the loop \`${name} { … }\` at ${at()}`
                  : `the block of \`${calleePath(call) ?? name}\` at ${at()}, which the migration does not know to run exactly once`,
              );
            }
          }
          // Its block is named once, by the call.
          for (const closure of closures) runOnce.add(closure);
        }
        const stage = name === 'stage' ? this.model.stages.find((s) => s.call === call) : undefined;
        const when = stage?.body && closureCalls(stage.body).find((c) => calleeName(c) === 'when');
        if (stage && when) guards.set(call, `the when of stage '${stage.name}' (line ${this.line(when.start)})`);
      }
      for (const value of Object.values(n)) {
        if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
        else if (typeof value === 'object') visit(value, depth + 1);
      }
    };
    visit(this.model.parse.program, 0);
    return guards;
  }

  /** A build variable must only be pushed or tagged: any other use needs the image in a daemon. */
  protected checkBuildVariables(): void {
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
          if (!isDeclaration && !isTarget) block('image-used', `line ${this.line(n.start)}: the image variable '${name}' is used for more than pushing`);
        }
        for (const value of Object.values(n)) {
          if (Array.isArray(value)) for (const v of value) check(v, node, depth + 1);
          else if (typeof value === 'object') check(value, node, depth + 1);
        }
      };
      check(this.stage.call, undefined, 0);
    }
  }
}

/** `post` conditions under which a step does not run on every successful build (`success` and `always` do). */
const POST_CONDITIONS = new Set(['failure', 'unstable', 'changed', 'fixed', 'regression', 'aborted', 'unsuccessful', 'notBuilt', 'cleanup']);

/** What keeps a container alive for steps to run in it (`cat` with a tty, `sleep 99d`, `tail -f /dev/null`). */
const KEEP_ALIVE_PROGRAMS = new Set(['cat', 'sleep', 'tail']);

/**
 * Steps that run their block once, in place, each time they run: what they hold runs in the
 * container around them (so it decides whether the build client is still used), and under no
 * condition of their own (so a push inside one runs whenever the step does). `retry` re-runs its
 * block only after a failure: the push still runs once on every successful build. Any other call
 * with a block (`each`, `matrix`, a shared-library step) may run it never, or many times.
 */
const RUN_ONCE_STEPS = new Set([
  'pipeline',
  'stages',
  'stage',
  'steps',
  'script',
  'parallel',
  'post',
  'always',
  'success',
  'node',
  'podTemplate',
  'container',
  'dir',
  'ws',
  'withCredentials',
  'withEnv',
  'withAWS',
  'withRegistry',
  'withDockerRegistry',
  'timeout',
  'retry',
  'timestamps',
  'ansiColor',
  'catchError',
  'warnError',
  'lock',
  'sshagent',
  'withKubeConfig',
  'configFileProvider',
  'wrap',
]);

/** Groovy methods that call their closure once per element (or not at all on an empty list). */
const ITERATING_METHODS = new Set([
  'each',
  'eachWithIndex',
  'reverseEach',
  'forEach',
  'collect',
  'collectEntries',
  'collectMany',
  'find',
  'findAll',
  'any',
  'every',
  'inject',
  'times',
  'upto',
  'downto',
  'step',
  'eachLine',
]);

/** The closures a call hands over: trailing ones, arguments, and the branches of a map argument (`parallel(a: { … })`). */
function closureArguments(call: ast.CallExpression): ast.ClosureExpression[] {
  const closures = [...call.closures];
  for (const arg of call.args) {
    if (arg.value.type === 'ClosureExpression') closures.push(arg.value);
    else if (arg.value.type === 'MapLiteral') for (const entry of arg.value.entries) if (entry.value.type === 'ClosureExpression') closures.push(entry.value);
  }
  return closures;
}
