/** What the Kaniko rules share: which container a step runs in, and the executor commands of `sh` steps. */
import {
  asksForHelp,
  boolFlagValue,
  goParseBool,
  isExecutorProgram,
  KANIKO_FLAG_ENV,
  parseExecutorArgs,
  type ExecutorFlagUse,
  type ExecutorInvocation,
} from '../kaniko/command';
import { kanikoImage, type KanikoImage } from '../kaniko/images';
import { unquotedSpan } from './spans';
import { memoKey, type Container, type JenkinsModel, type ShellCommand, type ShellWord, type Step } from '../model';
import { scriptCommands, type ScriptCommand } from './script-commands';

/**
 * The container a step runs in. Scripted podTemplates nested in one another inherit the outer
 * pod's containers, so a scripted pod's parents are searched too; a declarative stage agent is a pod of its own.
 */
export function stepContainer(step: Step): Container | undefined {
  for (let pod = step.pod; pod; pod = pod.origin === 'podTemplate' ? pod.parent : undefined) {
    const container = pod.containers.find((c) => c.name !== undefined && c.name === step.containerName);
    if (container) return container;
  }
  return undefined;
}

const STEPS_BY_CONTAINER = memoKey<Map<Container, Step[]>>('steps by container');

/** Steps that run in `container`, in document order (grouped once per model: pods × steps can be large). */
export function stepsIn(model: JenkinsModel, container: Container): Step[] {
  let byContainer = model.memo.get(STEPS_BY_CONTAINER);
  if (!byContainer) {
    byContainer = new Map();
    for (const step of model.steps) {
      const owner = stepContainer(step);
      if (!owner) continue;
      const list = byContainer.get(owner);
      if (list) list.push(step);
      else byContainer.set(owner, [step]);
    }
    model.memo.set(STEPS_BY_CONTAINER, byContainer);
  }
  return byContainer.get(container) ?? [];
}

export interface ExecutorCommand {
  step: ScriptCommand['step'];
  command: ShellCommand;
  /** The executor word (`/kaniko/executor`). */
  program: ShellWord;
  /** Words written before the program (`KANIKO_NO_PUSH=true`, `sudo`). */
  prefix: ShellWord[];
  invocation: ExecutorInvocation;
  /** `stepContainer(step)`, looked up once: most Kaniko rules ask for it. */
  container: Container | undefined;
  /** The `--destination`/`-d` uses in any spelling (pflag reads `-destination=x` as `-d estination=x`). */
  destinationFlags: ExecutorFlagUse[];
  /** `destinations(invocation)`: what it pushes. */
  pushes: Destination[];
  /** `asksForHelp(invocation)`: `--help` or `-h`, so it builds nothing. */
  asksForHelp: boolean;
}

/** An image an executor pushes: a `--destination`/`-d` value and the word that holds it (script offsets). */
export interface Destination {
  value: string;
  word: { start: number; end: number };
}

const EXECUTOR_COMMANDS = memoKey<ExecutorCommand[]>('Kaniko executor commands');

/** Every Kaniko executor command in the `sh` steps, in document order (read once per model). */
export function executorCommands(model: JenkinsModel): ExecutorCommand[] {
  const cached = model.memo.get(EXECUTOR_COMMANDS);
  if (cached) return cached;
  const found: ExecutorCommand[] = [];
  // Only commands whose program is named `executor` (scriptCommands groups them once per model): most files have few or none.
  const candidates = scriptCommands(model).executor;
  for (let i = 0; i < candidates.length; i++) {
    const { step, command, words } = candidates[i];
    // Not under a shell keyword, so these are `effectiveWords(command)`.
    const program = words[0];
    if (!isExecutorProgram(program.text)) continue;
    const programIndex = command.words.indexOf(program);
    const invocation = parseExecutorArgs(words.slice(1), step.script.text);
    found.push({
      step,
      command,
      program,
      prefix: command.words.slice(0, programIndex),
      invocation,
      container: stepContainer(step),
      // What several rules ask of every executor, read once here (executors are few).
      destinationFlags: invocation.flags.filter((use) => use.flag?.name === 'destination'),
      pushes: destinations(invocation),
      asksForHelp: asksForHelp(invocation),
    });
  }
  model.memo.set(EXECUTOR_COMMANDS, found);
  return found;
}

/** The image as written: the source text when it is interpolated (the model's text then holds stand-ins). */
export function writtenImage(model: JenkinsModel, container: Container): string | undefined {
  if (container.imageInterpolated && container.imageSpan) {
    const span = unquotedSpan(model.text, container.imageSpan);
    return model.text.slice(span.start, span.end);
  }
  return container.image;
}

/**
 * The Kaniko image of a container as written (`writtenImage`): the container's own, read once
 * per container, unless its image is interpolated and the written text differs from the model's.
 */
export function writtenKanikoImage(container: Container, written: string): KanikoImage | undefined {
  return written === container.image ? container.kanikoImage : kanikoImage(written);
}

/**
 * The value an environment variable has for an executor command, as far as the Jenkinsfile shows
 * it: a `NAME=value` prefix of the command, an earlier `export NAME=value` / `NAME=value` in the
 * same script, the container's `env` (YAML or `envVars`), or a declarative `environment { }`.
 */
export function executorEnv(model: JenkinsModel, executor: ExecutorCommand, name: string): string | undefined {
  const assigned = (word: ShellWord) => (word.text.startsWith(`${name}=`) ? word.text.slice(name.length + 1) : undefined);
  for (const word of executor.prefix) {
    const value = assigned(word);
    if (value !== undefined) return value;
  }
  let fromScript: string | undefined;
  for (const command of executor.step.commands) {
    if (command.start >= executor.command.start) break;
    const words = command.words[0]?.text === 'export' ? command.words.slice(1) : command.words.length === 1 ? command.words : [];
    for (const word of words) fromScript = assigned(word) ?? fromScript;
  }
  if (fromScript !== undefined) return fromScript;
  const fromContainer = executor.container?.env?.find((variable) => variable.name === name);
  if (fromContainer) return fromContainer.value;
  const environment = model.variables.get(name);
  return environment?.environment ? environment.text?.text : undefined;
}

/**
 * Whether the executor runs with --no-push. `KANIKO_NO_PUSH` is read after the flags and
 * overrides them (cmd/executor/cmd/root.go), so a value we can read decides.
 */
export function executorNoPush(model: JenkinsModel, executor: ExecutorCommand): boolean {
  const env = executorEnv(model, executor, 'KANIKO_NO_PUSH');
  const fromEnv = env !== undefined ? goParseBool(env) : undefined;
  if (fromEnv !== undefined) return fromEnv;
  return executor.invocation.flags.some((use) => use.flag?.name === 'no-push' && use.long && boolFlagValue(use));
}

/** Whether a boolean executor flag is on: given (and not `=false`), or set by its `KANIKO_*` environment variable. */
export function executorBoolFlag(model: JenkinsModel, executor: ExecutorCommand, name: string): boolean {
  if (executor.invocation.flags.some((use) => use.flag?.name === name && use.long && boolFlagValue(use))) return true;
  for (const [variable, flag] of KANIKO_FLAG_ENV) {
    if (flag !== name) continue;
    const env = executorEnv(model, executor, variable);
    if (env !== undefined && goParseBool(env) === true) return true;
  }
  return false;
}

/** The images an executor pushes: each `--destination`/`-d` value and the word that holds it (script offsets); `ExecutorCommand.pushes` for an executor command. */
export function destinations(invocation: ExecutorInvocation): Destination[] {
  return invocation.flags
    .filter((use) => use.flag?.name === 'destination' && !use.singleDashLong && use.value)
    .map((use) => ({ value: use.value!, word: use.valueWord ?? use.word }));
}

/**
 * A value with the pipeline's known string variables filled in (`${env.X}`, `${X}`, `$X`), so
 * that a registry named in `environment {}` or a `def` is recognised in `--destination $REGISTRY/app`.
 */
export function expandKnownVariables(model: JenkinsModel, text: string, depth = 0): string {
  if (depth > 3 || !text.includes('$')) return text;
  return text.replace(/\$\{(?:env\.)?([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g, (all, braced: string | undefined, bare: string | undefined) => {
    const value = model.variables.get(braced ?? bare ?? '')?.text?.text;
    return value === undefined ? all : expandKnownVariables(model, value, depth + 1);
  });
}
