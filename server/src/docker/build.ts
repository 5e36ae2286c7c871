/**
 * `docker build` / `docker buildx build` options: whether they take a value, what the migration
 * to Kaniko does with them, and the Kaniko flag a user who types them on the executor meant.
 */

/**
 * What becomes of an option when a build moves to Kaniko: carried over as a tag, the Dockerfile,
 * or a Kaniko flag (`build-arg`, `target`, `label`, `platform` → `--custom-platform`); dropped
 * (no effect without a daemon); or blocking (the build means something Kaniko cannot do).
 */
export type BuildOptionMigration = 'tag' | 'file' | 'build-arg' | 'target' | 'label' | 'platform' | 'drop' | 'block';

export interface DockerBuildOption {
  takesValue: boolean;
  migration: BuildOptionMigration;
  /** The Kaniko flag that does this job, for users who carry the habit to the executor ('' = none, drop it). */
  kanikoHabit?: string;
}

const value = (migration: BuildOptionMigration, kanikoHabit?: string): DockerBuildOption => ({ takesValue: true, migration, kanikoHabit });
const flag = (migration: BuildOptionMigration, kanikoHabit?: string): DockerBuildOption => ({ takesValue: false, migration, kanikoHabit });

/** Each spelling on its own: `-f` is also Kaniko's short `--dockerfile`, so only `--file` is a habit. */
export const DOCKER_BUILD_OPTIONS: ReadonlyMap<string, DockerBuildOption> = new Map([
  ['-t', value('tag', 'destination')],
  ['--tag', value('tag', 'destination')],
  ['-f', value('file')],
  ['--file', value('file', 'dockerfile')],
  ['--build-arg', value('build-arg')],
  ['--target', value('target')],
  ['--label', value('label')],
  ['--platform', value('platform', 'custom-platform')],
  ['--cache-from', value('drop', 'cache-repo')],
  ['--progress', value('drop')],
  ['-m', value('drop')],
  ['--memory', value('drop')],
  ['--memory-swap', value('drop')],
  ['--cpu-shares', value('drop')],
  ['-c', value('drop')],
  ['--cpuset-cpus', value('drop')],
  ['--cpu-quota', value('drop')],
  ['--cpu-period', value('drop')],
  ['--shm-size', value('drop')],
  ['--ulimit', value('drop')],
  ['--network', value('block')],
  ['--add-host', value('block')],
  ['--secret', value('block')],
  ['--ssh', value('block')],
  ['--iidfile', value('block')],
  ['-o', value('block')],
  ['--output', value('block', 'tar-path')],
  ['--cache-to', value('block', 'cache-repo')],
  ['--build-context', value('block', 'context')],
  ['--isolation', value('block')],
  ['--security-opt', value('block')],
  ['--rm', flag('drop')],
  ['--force-rm', flag('drop')],
  ['--pull', flag('drop')],
  ['--no-cache', flag('drop', 'cache=false')],
  ['-q', flag('drop')],
  ['--quiet', flag('drop')],
  ['--compress', flag('drop')],
  ['--disable-content-trust', flag('drop')],
  ['--squash', flag('drop')],
  // buildx: push after the build; Kaniko pushes to its --destination anyway.
  ['--push', flag('block', '')],
]);

/** Short options whose value may be attached (`-tname`, `-fDockerfile.ci`). */
export const ATTACHED_VALUE_SHORTS: ReadonlySet<string> = new Set(['-t', '-f', '-c']);

export function dockerBuildOption(spelling: string): DockerBuildOption | undefined {
  return DOCKER_BUILD_OPTIONS.get(spelling);
}

/** A boolean option written with a value (`--pull=true`, `--no-cache=false`) that the migration drops. */
export function isDroppedFlagWithValue(text: string): boolean {
  const eq = text.indexOf('=');
  if (!text.startsWith('--') || eq < 0) return false;
  const option = DOCKER_BUILD_OPTIONS.get(text.slice(0, eq));
  return option !== undefined && !option.takesValue && option.migration === 'drop';
}

/**
 * The image names a `docker build` tags (`-t name`, `--tag name`, `--tag=name`, `-tname`): the word
 * holding each and the name. Other options' values are skipped, so `--label -t` tags nothing.
 */
export function buildTags<W extends { text: string }>(args: readonly W[]): Array<{ word: W; name: string }> {
  const tags: Array<{ word: W; name: string }> = [];
  for (let i = 0; i < args.length; i++) {
    const text = args[i].text;
    if (!text.startsWith('-')) continue;
    const eq = text.startsWith('--') ? text.indexOf('=') : -1;
    const attachedShort = eq < 0 && !text.startsWith('--') && text.length > 2 && ATTACHED_VALUE_SHORTS.has(text.slice(0, 2));
    const spelling = eq > 0 ? text.slice(0, eq) : attachedShort ? text.slice(0, 2) : text;
    const option = DOCKER_BUILD_OPTIONS.get(spelling);
    if (eq > 0 || attachedShort) {
      if (option?.migration === 'tag') tags.push({ word: args[i], name: text.slice(spelling.length + (eq > 0 ? 1 : 0)) });
    } else if (option?.takesValue) {
      const next = args[++i];
      if (next && option.migration === 'tag') tags.push({ word: next, name: next.text });
    }
  }
  return tags;
}

/** Long Kaniko-less names (without dashes) → the Kaniko flag for the same job; '' when there is none. */
export const KANIKO_FLAG_FOR_DOCKER_HABIT: ReadonlyMap<string, string> = new Map(
  [...DOCKER_BUILD_OPTIONS]
    .filter(([, option]) => option.kanikoHabit !== undefined)
    .map(([spelling, option]) => [spelling.replace(/^-+/, ''), option.kanikoHabit!]),
);
