/**
 * Where the cursor is, in Jenkins terms: which pod, which `sh` script (and where in it),
 * which container reference. Shared by hover and completion; offsets are Jenkinsfile offsets.
 */
import { effectiveWords, splitShell, type Container, type ContainerRef, type JenkinsModel, type Pod, type ShellCommand, type ShellStep } from '../model';
import { isExecutorProgram } from '../kaniko/command';

/** Text of a script mapped to the Jenkinsfile (the model's `MappedText`, as far as we need it). */
export interface SourceMappedText {
  text: string;
  toSource(offset: number): number;
}

export interface ScriptPosition {
  step: ShellStep & { script: SourceMappedText };
  /** Offset in `step.script.text` of the Jenkinsfile offset (the last script offset at or before it). */
  scriptOffset: number;
}

const contains = (span: { start: number; end: number }, offset: number): boolean => span.start <= offset && offset <= span.end;

/** The `sh` step whose script literal holds `offset` (between its quotes, ends included). */
export function scriptAt(model: JenkinsModel, offset: number): ScriptPosition | undefined {
  for (const step of model.steps) {
    if (step.kind !== 'shell' || step.step !== 'sh' || !step.script || !step.literal) continue;
    if (offset < step.literal.contentStart || offset > step.literal.contentEnd) continue;
    const script = step.script as SourceMappedText;
    const scriptOffset = scriptOffsetAt(script, offset);
    if (scriptOffset === undefined) continue;
    return { step: step as ScriptPosition['step'], scriptOffset };
  }
  return undefined;
}

/**
 * Inverse of `toSource`: the largest script offset mapping at or before `sourceOffset`.
 * The mapping is monotonic, so a binary search finds it. Undefined when the offset lies
 * outside the script (a variable's literal used elsewhere, say).
 */
export function scriptOffsetAt(script: SourceMappedText, sourceOffset: number): number | undefined {
  let low = 0;
  let high = script.text.length;
  if (script.toSource(low) > sourceOffset) return undefined;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (script.toSource(mid) <= sourceOffset) low = mid;
    else high = mid - 1;
  }
  return low;
}

export interface ExecutorCommand {
  command: ShellCommand;
  /** Index in `command.words` of the executor word. */
  executorIndex: number;
}

/** The executor invocation among a script's commands, if `command` is one. */
export function asExecutorCommand(command: ShellCommand): ExecutorCommand | undefined {
  const words = effectiveWords(command);
  if (words.length === 0 || !isExecutorProgram(words[0].text)) return undefined;
  return { command, executorIndex: command.words.indexOf(words[0]) };
}

/** `--long-name` up to any `=`, or the single letter of `-d`, `-dvalue`, `-d=value` (pflag rules). */
const FLAG_NAME = /^(?:--[A-Za-z][\w-]*|-[A-Za-z])/;

export interface FlagWord {
  /** Flag as written, without any `=value`, e.g. `--destination` or `-d`. */
  name: string;
  /** Script offsets of the flag name. */
  start: number;
  end: number;
}

/** The executor flag under `scriptOffset` (on its name or its `=value`). */
export function flagAt(script: SourceMappedText, commands: ShellCommand[], scriptOffset: number): FlagWord | undefined {
  for (const command of commands) {
    const executor = asExecutorCommand(command);
    if (!executor) continue;
    for (const word of command.words.slice(executor.executorIndex + 1)) {
      if (scriptOffset < word.start || scriptOffset > word.end) continue;
      const raw = script.text.slice(word.start, word.end);
      const match = FLAG_NAME.exec(raw);
      if (!match) continue;
      return { name: match[0], start: word.start, end: word.start + match[0].length };
    }
  }
  return undefined;
}

export interface FlagCompletionContext {
  /** Script offsets of the partly typed flag (empty at a blank). */
  prefixStart: number;
  prefix: string;
  /** Flags already written in this executor command. */
  used: Set<string>;
}

const WORD_BREAK = /[\s;&|()`]/;

/**
 * Whether the cursor sits where an executor flag may be typed: in the command that starts with
 * `/kaniko/executor`, at a blank or inside a word that starts with `-` and has no `=` yet.
 */
export function flagCompletionContext(script: SourceMappedText, scriptOffset: number): FlagCompletionContext | undefined {
  const text = script.text;
  let prefixStart = scriptOffset;
  while (prefixStart > 0 && !WORD_BREAK.test(text[prefixStart - 1])) prefixStart--;
  const prefix = text.slice(prefixStart, scriptOffset);
  if (prefix !== '' && !/^-{1,2}[\w-]*$/.test(prefix)) return undefined;
  // The command the cursor is in: the last top-level one before the word, unless an operator ended it.
  const commands = splitShell(text, 0, prefixStart).filter((c) => !c.substitution);
  const last = commands[commands.length - 1];
  if (!last || last.next !== undefined) return undefined;
  const executor = asExecutorCommand(last);
  if (!executor) return undefined;
  const used = new Set<string>();
  for (const word of last.words.slice(executor.executorIndex + 1)) {
    const match = FLAG_NAME.exec(word.text);
    if (match) used.add(match[0]);
  }
  return { prefixStart, prefix, used };
}

/** The innermost pod whose definition or stage encloses `offset`. */
export function podAt(model: JenkinsModel, offset: number): Pod | undefined {
  let best: { pod: Pod; size: number } | undefined;
  const consider = (pod: Pod | undefined, span: { start: number; end: number }): void => {
    if (!pod || !contains(span, offset)) return;
    const size = span.end - span.start;
    if (!best || size < best.size) best = { pod, size };
  };
  for (const pod of model.pods) consider(pod, pod.call);
  for (const stage of model.stages) consider(stage.pod, stage.call);
  if (best) return best.pod;
  if (model.pipelinePod && model.pipeline && contains(model.pipeline, offset)) return model.pipelinePod;
  return undefined;
}

/** Containers visible in a pod: its own, then those of enclosing pods (nested podTemplates combine). */
export function visibleContainers(pod: Pod | undefined): Container[] {
  const seen = new Set<string>();
  const result: Container[] = [];
  for (let current = pod, depth = 0; current && depth < 50; current = current.parent, depth++) {
    for (const container of current.containers) {
      if (container.name === undefined || seen.has(container.name)) continue;
      seen.add(container.name);
      result.push(container);
    }
  }
  return result;
}

/** The `container('x')` / `defaultContainer 'x'` reference under `offset`. */
export function containerRefAt(model: JenkinsModel, offset: number): ContainerRef | undefined {
  return model.containerRefs.find((ref) => contains(ref.span, offset));
}

export function findContainer(pod: Pod | undefined, name: string): Container | undefined {
  return visibleContainers(pod).find((container) => container.name === name);
}
