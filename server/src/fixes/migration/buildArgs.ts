/**
 * `docker build` arguments (from a shell command or `docker.build(name, args)`) read into a build spec:
 * tags, Dockerfile, context, and the Kaniko flags they become (see docker/build.ts).
 */
import { ATTACHED_VALUE_SHORTS, dockerBuildOption, isDroppedFlagWithValue } from '../../docker';
import type { ShellWord } from '../../model';
import type { MappedText } from '../../parser/strings';
import {
  comparePositions,
  concatValues,
  dropPrefix,
  lastTextIndex,
  splitAt,
  startsWithText,
  textValue,
  valueFromMapped,
  valueKey,
  type Value,
} from '../values';
import { PlannerState } from './state';
import { type BuildSpec, block } from './types';

export abstract class BuildArgsReader extends PlannerState {
  /**
   * `--cache-from X`: with the `kanikoCache` setting, Kaniko's own layer cache beside X's repository
   * (`--cache=true --cache-repo <repo>/cache`; Kaniko cannot reuse a previous image's layers the way
   * the daemon does, it keeps a cache of its own); without it, dropped with a note. `<repo>/cache`
   * is the repository Kaniko infers from the first --destination when --cache-repo is left out
   * (osscontainertools/kaniko pkg/cache/cache.go Destination); written out so that the cache tags
   * never land in the image repository itself and the reviewer sees the repository to create.
   */
  protected cacheFrom(value: Value, text: string, flags: Value[], where: string): void {
    const image = this.settings.kanikoCache ? cacheFromImage(value, text) : undefined;
    if (!this.settings.kanikoCache) {
      this.notes.push(
        `Dropped --cache-from ${text} (${where}): Kaniko keeps a layer cache of its own, off unless the kanikoCache setting (fix --kaniko-cache) turns it on.`,
      );
      return;
    }
    if (!image) {
      this.notes.push(`Dropped --cache-from ${text} (${where}): only a registry cache (an image, or type=registry,ref=…) becomes Kaniko's --cache-repo.`);
      return;
    }
    if (flags.some((f) => startsWithText(f, '--cache=true'))) {
      this.notes.push(`Dropped a further --cache-from ${text} (${where}): Kaniko takes one --cache-repo.`);
      return;
    }
    // A quoted shell word keeps its quotes around the repository.
    const quote = /^(["']).*\1$/s.exec(valueKey(image.value))?.[1];
    const inner = quote ? splitAt(dropPrefix(image.value, 1), lastTextIndex(dropPrefix(image.value, 1), quote)!)[0] : image.value;
    const cacheRepo = concatValues(repositoryOf(inner), textValue('/cache'));
    const repository = quote ? concatValues(textValue(quote), cacheRepo, textValue(quote)) : cacheRepo;
    flags.push(textValue('--cache=true'), concatValues(textValue('--cache-repo '), repository));
    this.notes.push(
      `--cache-from ${image.text} became Kaniko's layer cache (--cache=true --cache-repo ${valueKey(repository)}): a repository of its own beside the image's, the one Kaniko would infer from the destination, so its cache tags stay out of the image repository. Kaniko pushes its cached layers there; the executor needs push rights to it (on ECR, create that repository first).`,
    );
  }

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
            block(
              'multi-platform',
              `${where}: docker build --platform ${valueText} builds several platforms; Kaniko builds one platform per run (one executor call per platform with --custom-platform, then a manifest list made elsewhere)`,
            );
          }
          flags.push(concatValues(textValue('--custom-platform '), value));
          break;
        case 'drop':
          if (option === '--cache-from') {
            this.cacheFrom(value, valueText, flags, where);
            break;
          }
          dropped.push(option);
          break;
        default:
          // Kaniko's RUN steps already share the pod's network: host networking is what they get.
          if (option === '--network' && valueText === 'host') {
            this.notes.push("Dropped --network=host: Kaniko runs the RUN steps in the pod's own network.");
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

/** `type=registry,ref=repo/app:cache` → `repo/app:cache`; other `type=` forms (local, gha, s3) have no registry. */
function cacheFromImage(value: Value, text: string): { value: Value; text: string } | undefined {
  if (!/^["']?type=/.test(text)) return { value, text };
  const ref = /(^["']?|,)ref=/.exec(text);
  if (!/(^["']?|,)type=registry(,|$)/.test(text) || !ref || !startsWithText(value, text.slice(0, ref.index + ref[0].length))) return undefined;
  const after = dropPrefix(value, ref.index + ref[0].length);
  const refText = text.slice(ref.index + ref[0].length);
  if (!refText.includes(',')) return { value: after, text: refText };
  // More options after the ref (`,mode=max`): taken apart only when it is plain text.
  if (after.some((segment) => segment.kind !== 'text')) return undefined;
  return { value: textValue(refText.split(',')[0]), text: refText.split(',')[0] };
}

/** The repository of an image reference (tag and digest dropped): what Kaniko's `--cache-repo` takes. */
function repositoryOf(value: Value): Value {
  const at = lastTextIndex(value, '@');
  const untagged = at ? splitAt(value, at)[0] : value;
  const colon = lastTextIndex(untagged, ':');
  const slash = lastTextIndex(untagged, '/');
  if (colon && comparePositions(colon, slash) > 0) return splitAt(untagged, colon)[0];
  return untagged;
}

/** `--tag=x` → `x`, `"--tag=x"` → `"x"` (quotes kept balanced). */
function optionValueAfter(raw: Value, prefix: string): Value | undefined {
  if (startsWithText(raw, prefix)) return dropPrefix(raw, prefix.length);
  for (const quote of ['"', "'"]) {
    if (startsWithText(raw, quote + prefix)) return concatValues(textValue(quote), dropPrefix(raw, quote.length + prefix.length));
  }
  return undefined;
}
