/**
 * The `/kaniko/executor` command each build becomes, and the lines that run it.
 */
import type { Step } from '../../model';
import { bindingsAround, wrapExecutor } from '../../registry';
import { KANIKO_CONTAINER } from '../podRewrite';
import { concatValues, dropPrefix, renderValue, startsWithText, textValue, valueKey, type Value } from '../values';
import { CheckingPlanner } from './checks';
import { type BuildRecord, type Line, block } from './types';

export abstract class ExecutorPlanner extends CheckingPlanner {
  protected executorValue(build: BuildRecord): Value {
    const spec = build.spec;
    const pwd = textValue('`pwd`');
    const context = contextValue(spec.context);
    const dockerfile = spec.dockerfile
      ? pathValue(spec.dockerfile)
      : spec.context.text === '.' || spec.context.text === './'
        ? concatValues(pwd, textValue('/Dockerfile'))
        : concatValues(context, textValue(spec.context.text.endsWith('/') ? 'Dockerfile' : '/Dockerfile'));
    const parts: Value[] = [
      textValue('/kaniko/executor'),
      concatValues(textValue('--dockerfile '), dockerfile),
      concatValues(textValue('--context '), context),
    ];
    const seen = new Set<string>();
    for (const destination of build.destinations) {
      const key = valueKey(destination.value);
      if (seen.has(key)) continue;
      seen.add(key);
      this.checkShellVariables(build, destination);
      this.checkDestinationText(build, destination);
      parts.push(concatValues(textValue('--destination='), destination.value));
    }
    if (seen.size === 0) {
      parts.push(textValue('--no-push'));
      this.notes.push('Nothing was pushed before, so the executor runs with --no-push (the image is built and then discarded).');
    }
    parts.push(...spec.flags);
    // Several builds share the Kaniko container: each must leave its filesystem clean for the next.
    // Builds in other pods of a group unit (stages each with their own agent) run in other Kaniko containers.
    const runsWith = (other: BuildRecord) =>
      (this.containerOf(other.step.pod, other.step.containerName) ?? other.step.pod) ===
      (this.containerOf(build.step.pod, build.step.containerName) ?? build.step.pod);
    if (this.builds.filter(runsWith).length > 1) parts.push(textValue('--cleanup'));
    // The executor's --cache defaults to false (osscontainertools/kaniko cmd/executor/cmd/root.go): no cache is its default.
    const noCache: string[] = spec.dropped.filter((option) => option === '--no-cache' || option === '--no-cache=true');
    const others = [...new Set(spec.dropped.filter((option) => !noCache.includes(option)))];
    if (noCache.length > 0) this.notes.push(`Dropped ${noCache[0]}: building without a cache is Kaniko's default (--cache is off unless set).`);
    if (others.length > 0) this.notes.push(`Dropped docker build options without a Kaniko equivalent: ${others.join(', ')}.`);
    const out: Value = [];
    parts.forEach((part, i) => out.push(...(i > 0 ? concatValues(textValue(' '), part) : part)));
    return concatValues(out);
  }

  /**
   * Names that come from Groovy (Docker Pipeline's image name, tag and `withRegistry` URL) were never
   * shell words, but the executor line is one: a character no image reference can hold (a backquote,
   * `;`, a space, a quote, …) would be read by the shell there. Such a name is refused, not quoted:
   * it is a typo or worse, and no registry would take it.
   */
  protected checkDestinationText(build: BuildRecord, destination: { value: Value; step: Step }): void {
    if (build.step.kind !== 'docker' && destination.step.kind !== 'docker') return;
    for (const segment of destination.value) {
      if (segment.kind !== 'text') continue;
      const bad = /[^A-Za-z0-9._:/@${}-]/.exec(segment.text)?.[0];
      if (bad !== undefined) {
        block(
          'unsafe-destination',
          `line ${this.line(destination.step.call.start)}: the pushed name ${JSON.stringify(valueKey(destination.value))} holds ${JSON.stringify(bad)}, which no image reference can contain and which the executor's shell line would interpret; fix the image name or registry URL`,
        );
      }
    }
  }

  /** A destination's shell variables must mean the same where the executor runs. */
  protected checkShellVariables(build: BuildRecord, destination: { value: Value; step: Step }): void {
    if (destination.step === build.step || destination.step.kind !== 'shell' || !destination.step.script) return;
    const script = destination.step.script.text;
    for (const segment of destination.value) {
      if (segment.kind !== 'text') continue;
      for (const match of segment.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
        // eslint-disable-next-line no-restricted-syntax -- match[1] is an identifier ([A-Za-z_][A-Za-z0-9_]*); no two quantifiers share characters, so linear in the script
        if (new RegExp(`(^|[\\s;&|])(export\\s+)?${match[1]}=`).test(script)) {
          block(
            'shell-form',
            `line ${this.line(destination.step.call.start)}: the pushed name uses the shell variable ${match[1]}, which is set in another sh step`,
          );
        }
      }
    }
  }

  protected executorLines(builds: BuildRecord[], at: number): Line[] {
    const executor: Line[] = builds.map((build) => {
      // The original's quoting where it can: a single-quoted script with shell variables stays single-quoted.
      const quote = build.step.kind === 'shell' && build.step.literal && !build.step.literal.quote.startsWith('"') ? "'" : '"';
      const single = quote === "'" ? renderValue(build.executor!, "'") : undefined;
      return { text: single !== undefined ? `sh '${single}'` : `sh "${renderValue(build.executor!, '"')}"`, level: 0 };
    });
    // The Jenkins registry credential, when one is kept: withCredentials writing config.json first
    // (or the variables of a withCredentials already around the build).
    const steps = wrapExecutor(this.credentials, executor, bindingsAround(this.stage, at));
    if (!this.wrapExecutor) return steps;
    return [
      { text: `container('${KANIKO_CONTAINER}') {`, level: 0 },
      ...steps.map((line) => ({ text: line.text, level: line.level + 1 })),
      { text: '}', level: 0 },
    ];
  }
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
