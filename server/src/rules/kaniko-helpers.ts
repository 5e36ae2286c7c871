/** What the Kaniko rules share: which container a step runs in, and the executor commands of `sh` steps. */
import { isExecutorProgram, parseExecutorArgs, type ExecutorInvocation } from '../kaniko/command';
import { unquotedSpan } from './spans';
import { effectiveWords, type Container, type JenkinsModel, type ShellCommand, type ShellStep, type ShellWord, type Step } from '../model';

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

const stepsByContainerCache = new WeakMap<JenkinsModel, Map<Container, Step[]>>();

/** Steps that run in `container`, in document order (grouped once per model: pods × steps can be large). */
export function stepsIn(model: JenkinsModel, container: Container): Step[] {
  let byContainer = stepsByContainerCache.get(model);
  if (!byContainer) {
    byContainer = new Map();
    for (const step of model.steps) {
      const owner = stepContainer(step);
      if (!owner) continue;
      const list = byContainer.get(owner);
      if (list) list.push(step);
      else byContainer.set(owner, [step]);
    }
    stepsByContainerCache.set(model, byContainer);
  }
  return byContainer.get(container) ?? [];
}

export interface ExecutorCommand {
  step: ShellStep & { script: NonNullable<ShellStep['script']> };
  command: ShellCommand;
  /** The executor word (`/kaniko/executor`). */
  program: ShellWord;
  /** Words written before the program (`KANIKO_NO_PUSH=true`, `sudo`). */
  prefix: ShellWord[];
  invocation: ExecutorInvocation;
}

const executorCommandsCache = new WeakMap<JenkinsModel, ExecutorCommand[]>();

/** Every Kaniko executor command in the `sh` steps, in document order (read once per model). */
export function executorCommands(model: JenkinsModel): ExecutorCommand[] {
  const cached = executorCommandsCache.get(model);
  if (cached) return cached;
  const found: ExecutorCommand[] = [];
  for (const step of model.steps) {
    if (step.kind !== 'shell' || !step.script) continue;
    for (const command of step.commands) {
      const words = effectiveWords(command);
      const program = words[0];
      if (!program || !isExecutorProgram(program.text)) continue;
      const programIndex = command.words.indexOf(program);
      found.push({
        step: step as ExecutorCommand['step'],
        command,
        program,
        prefix: command.words.slice(0, programIndex),
        invocation: parseExecutorArgs(words.slice(1), step.script.text),
      });
    }
  }
  executorCommandsCache.set(model, found);
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
