/**
 * `docker build` arguments (from a shell command or `docker.build(name, args)`) read into a build spec:
 * tags, Dockerfile, context, and the Kaniko flags they become (see docker/build.ts).
 */
import { ATTACHED_VALUE_SHORTS, dockerBuildOption, isDroppedFlagWithValue } from '../../docker';
import type { ShellWord } from '../../model';
import type { MappedText } from '../../parser/strings';
import { concatValues, dropPrefix, startsWithText, textValue, valueFromMapped, type Value } from '../values';
import { PlannerState } from './state';
import { type BuildSpec, block } from './types';

export abstract class BuildArgsReader extends PlannerState {
  /** Reads `docker build` arguments (shell words of `mapped`). */
  protected parseBuildWords(words: readonly ShellWord[], mapped: MappedText, at: number): BuildSpec {
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
        if (!rest) block('build-option', `${where}: cannot read the docker build option ${option}`);
        value = rest;
        valueText = text.slice(eq + 1);
      } else if (ATTACHED_VALUE_SHORTS.has(text.slice(0, 2)) && text.length > 2 && !text.startsWith('--')) {
        option = text.slice(0, 2);
        const rest = optionValueAfter(raw(word), option);
        if (!rest) block('build-option', `${where}: cannot read the docker build option ${option}`);
        value = rest;
        valueText = text.slice(2);
      } else {
        const next = words[i + 1];
        if (!dockerBuildOption(option)?.takesValue) block('build-option', `${where}: the docker build option ${option} has no Kaniko equivalent I know`);
        if (!next) block('build-option', `${where}: docker build ${option} has no value`);
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
            block('multi-platform', `${where}: docker build --platform ${valueText} builds several platforms; Kaniko builds one platform per run (one executor call per platform with --custom-platform, then a manifest list made elsewhere)`);
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
          block('build-option', `${where}: the docker build option ${option} has no Kaniko equivalent I know`);
      }
    }
    if (positional.length !== 1) block('build-option', `${where}: docker build needs exactly one build context, found ${positional.length}`);
    const context = positional[0];
    if (context.text === '-' || /^[a-z]+:\/\//i.test(context.text) || /^git@/.test(context.text)) {
      block('build-option', `${where}: the build context '${context.text}' is not a directory`);
    }
    if (dockerfile?.text === '-') block('build-option', `${where}: the Dockerfile comes from standard input`);
    return { tags, dockerfile, context: { value: raw(context), text: context.text }, flags, dropped };
  }
}

/** `--tag=x` → `x`, `"--tag=x"` → `"x"` (quotes kept balanced). */
function optionValueAfter(raw: Value, prefix: string): Value | undefined {
  if (startsWithText(raw, prefix)) return dropPrefix(raw, prefix.length);
  for (const quote of ['"', "'"]) {
    if (startsWithText(raw, quote + prefix)) return concatValues(textValue(quote), dropPrefix(raw, quote.length + prefix.length));
  }
  return undefined;
}
