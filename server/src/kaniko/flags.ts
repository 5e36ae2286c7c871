/**
 * The Kaniko executor's command-line flags, for checking, hover and completion.
 *
 * Source: the flag definitions of `cmd/executor/cmd/root.go` in GoogleContainerTools/kaniko
 * (v1.24.0, the last upstream release before the archive on 2025-06-03) and in the
 * osscontainertools/kaniko fork (v1.28.3), whose additions are marked `forkOnly`. The executor parses
 * them with spf13/pflag: `--name value`, `--name=value`, `-x value`, `-xvalue`, `-x=value`;
 * boolean flags take no separate value (`--cache`, `--cache=false`); `--` ends the flags;
 * there are no abbreviations, so `--dest` is an error.
 */

import { KANIKO_FLAG_FOR_DOCKER_HABIT } from '../docker/build';

export type KanikoFlagType = 'bool' | 'string' | 'int' | 'duration' | 'list' | 'map';

export interface KanikoFlag {
  /** Long name without the leading dashes. */
  name: string;
  /** One-letter alias, without the dash. */
  short?: string;
  type: KanikoFlagType;
  /** Whether the flag needs a value (everything but booleans). */
  takesValue: boolean;
  /** Whether giving it several times adds values (`--destination a --destination b`). */
  repeatable: boolean;
  /** Default as the executor prints it, when there is one worth knowing. */
  defaultValue?: string;
  /** One line: what it does. */
  description: string;
  /** The flag to use instead, for deprecated spellings. */
  deprecatedFor?: string;
  /** Why a flag is deprecated when no other flag replaces it (it became the default behaviour). */
  deprecatedBecause?: string;
  /** The osscontainertools release that deprecated it (`deprecatedBecause` flags: upstream still honours them). */
  forkDeprecatedSince?: string;
  /** Only in the osscontainertools fork (docker.io/martizih/kaniko, ghcr.io/osscontainertools/kaniko). */
  forkOnly?: boolean;
  /** Hidden from `--help` (still accepted). */
  hidden?: boolean;
}

type FlagSpec = Omit<KanikoFlag, 'takesValue' | 'repeatable'> & { repeatable?: boolean };

function flag(spec: FlagSpec): KanikoFlag {
  return {
    ...spec,
    takesValue: spec.type !== 'bool',
    repeatable: spec.repeatable ?? (spec.type === 'list' || spec.type === 'map'),
  };
}

export const KANIKO_FLAGS: readonly KanikoFlag[] = [
  // Build input
  flag({
    name: 'dockerfile',
    short: 'f',
    type: 'string',
    defaultValue: 'Dockerfile',
    description:
      'Dockerfile to build: an `http(s)://` URL, or a path looked up first as given (relative to the working directory), then relative to the build context.',
  }),
  flag({
    name: 'context',
    short: 'c',
    type: 'string',
    defaultValue: '/workspace/',
    description:
      'Build context: a local directory, or `dir://`, `gs://`, `s3://`, `git://`, `https://` (an Azure Blob URL, or any other URL of a `.tar.gz`), or `tar://` with a path to a `.tar.gz` or `stdin`.',
  }),
  flag({ name: 'context-sub-path', type: 'string', description: 'Sub-directory of the context to use as the build context (handy with a git context).' }),
  flag({ name: 'bucket', short: 'b', type: 'string', hidden: true, description: 'GCS bucket holding the build context tarball; prefer `--context gs://…`.' }),
  flag({
    name: 'git',
    type: 'string',
    description: 'Options for a git context: `branch=…,single-branch=…,recurse-submodules=…,insecure-skip-tls=…`; the fork adds `depth=N` (a shallow clone).',
  }),
  flag({
    name: 'build-arg',
    type: 'list',
    description: 'Sets a Dockerfile `ARG` (`NAME=value`, or `NAME` to take it from the environment). Repeat for several.',
  }),
  // A string upstream; a comma-separated list in the fork since v1.27.0 (the first stage is pushed).
  flag({
    name: 'target',
    type: 'list',
    description: 'Multi-stage Dockerfile stage to build. The fork (v1.27.0+) takes a comma-separated list: every listed stage is built, the first is pushed.',
  }),
  flag({
    name: 'skip-unused-stages',
    type: 'bool',
    deprecatedBecause: 'the osscontainertools fork (v1.27.0+) always builds only the stages the target needs; list independent stages in `--target` instead',
    forkDeprecatedSince: '1.27.0',
    description: 'Build only the stages the target needs instead of every stage up to it (upstream); deprecated in the fork, where it is the default.',
  }),
  flag({ name: 'custom-platform', type: 'string', description: 'Platform to build for (`linux/arm64`), when it differs from the host.' }),
  flag({
    name: 'secret',
    type: 'list',
    forkOnly: true,
    description: 'Build secret for `RUN --mount=type=secret`: `id=NAME[,src=/file][,env=VAR][,type=file|env]`.',
  }),

  // Output
  flag({
    name: 'destination',
    short: 'd',
    type: 'list',
    description: 'Image reference to push the result to. Repeat for several tags; required unless `--no-push`.',
  }),
  flag({ name: 'no-push', type: 'bool', description: 'Build without pushing the image.' }),
  flag({ name: 'tar-path', type: 'string', description: 'Also save the image as a tarball at this path.' }),
  flag({ name: 'oci-layout-path', type: 'string', description: 'Also save the image as an OCI image layout at this path.' }),
  flag({ name: 'digest-file', type: 'string', description: 'File to write the digest of the built image to (e.g. `/dev/termination-log`).' }),
  flag({ name: 'image-name-with-digest-file', type: 'string', description: 'File to write `name@digest` of the pushed image to.' }),
  flag({ name: 'image-name-tag-with-digest-file', type: 'string', description: 'File to write `name:tag@digest` of the pushed image to.' }),
  flag({ name: 'label', type: 'list', description: 'Adds an image label (`key=value`). Repeat for several.' }),
  flag({ name: 'annotation', type: 'map', forkOnly: true, description: 'Adds a manifest annotation (`key=value`). Repeat for several.' }),
  flag({ name: 'reproducible', type: 'bool', description: 'Strip timestamps from the image so identical inputs give identical digests.' }),
  flag({ name: 'single-snapshot', type: 'bool', description: 'Take one filesystem snapshot at the end: a single layer on top of the base image.' }),
  flag({ name: 'compression', type: 'string', description: 'Layer compression: `gzip` or `zstd`.' }),
  flag({ name: 'compression-level', type: 'int', defaultValue: '-1', description: 'Compression level for the chosen algorithm.' }),
  flag({
    name: 'image-format',
    type: 'string',
    forkOnly: true,
    description: 'Manifest media type of the result: `docker` or `oci` (default: that of the base image).',
  }),

  // Push behaviour
  flag({ name: 'push-retry', type: 'int', defaultValue: '0', description: 'Number of retries when pushing fails.' }),
  flag({ name: 'push-ignore-immutable-tag-errors', type: 'bool', description: 'Treat "tag is immutable" push errors as success.' }),
  flag({ name: 'skip-push-permission-check', type: 'bool', description: 'Skip the push-permission check made before the build.' }),

  // Caching
  flag({ name: 'cache', type: 'bool', description: 'Cache `RUN` layers (and, with `--cache-copy-layers`, `COPY` layers) in a registry repository.' }),
  flag({
    name: 'cache-repo',
    type: 'string',
    description: 'Repository for cached layers (default: derived from `--destination`); `oci:/path` writes an OCI layout.',
  }),
  flag({ name: 'cache-dir', type: 'string', defaultValue: '/cache', description: 'Local directory of base images cached by the warmer.' }),
  flag({ name: 'cache-ttl', type: 'duration', defaultValue: '336h', description: 'How long cached layers stay valid, as a duration such as `6h`.' }),
  flag({ name: 'cache-copy-layers', type: 'bool', description: 'Also cache `COPY` layers.' }),
  flag({ name: 'cache-run-layers', type: 'bool', defaultValue: 'true', description: 'Cache `RUN` layers.' }),
  flag({ name: 'no-push-cache', type: 'bool', description: 'Use the layer cache without pushing new cache layers.' }),
  flag({
    name: 'compressed-caching',
    type: 'bool',
    defaultValue: 'true',
    description: 'Compress cached layers; `false` saves memory on large builds at the cost of time.',
  }),

  // Registries
  flag({ name: 'insecure', type: 'bool', description: 'Push over plain HTTP.' }),
  flag({ name: 'insecure-pull', type: 'bool', description: 'Pull base images over plain HTTP.' }),
  flag({ name: 'insecure-registry', type: 'list', description: 'Registry to reach over plain HTTP for push and pull. Repeat for several.' }),
  flag({ name: 'skip-tls-verify', type: 'bool', description: 'Push without verifying TLS certificates.' }),
  flag({ name: 'skip-tls-verify-pull', type: 'bool', description: 'Pull without verifying TLS certificates.' }),
  flag({ name: 'skip-tls-verify-registry', type: 'list', description: 'Registry to reach without TLS verification. Repeat for several.' }),
  flag({ name: 'registry-certificate', type: 'map', description: 'CA certificate for a registry: `my.registry=/path/to/cert`.' }),
  flag({ name: 'registry-client-cert', type: 'map', description: 'Client certificate for mutual TLS: `my.registry=/path/to/cert,/path/to/key`.' }),
  flag({ name: 'registry-mirror', type: 'list', description: 'Pull-through mirror for Docker Hub images. Repeat for several.' }),
  flag({ name: 'registry-map', type: 'map', description: 'Remaps a registry to mirrors: `original.registry=mirror.registry`.' }),
  flag({
    name: 'skip-default-registry-fallback',
    type: 'bool',
    description: 'Fail instead of falling back to the default registry when no mirror has the image.',
  }),
  flag({
    name: 'credential-helpers',
    type: 'list',
    forkOnly: true,
    description: 'Built-in credential helpers to use (`env`, `google`, `ecr`, `acr`, `gitlab`); default all.',
  }),

  // Snapshotting and filesystem
  flag({ name: 'snapshot-mode', type: 'string', defaultValue: 'full', description: 'How changed files are detected: `full`, `redo` or `time`.' }),
  flag({ name: 'use-new-run', type: 'bool', description: 'Experimental `RUN` implementation that detects changes without full snapshots.' }),
  flag({ name: 'ignore-var-run', type: 'bool', defaultValue: 'true', description: 'Leave `/var/run` out of snapshots; `false` keeps it in the image.' }),
  flag({ name: 'ignore-path', type: 'list', description: 'Path to leave out of snapshots. Repeat for several.' }),
  flag({ name: 'image-fs-extract-retry', type: 'int', defaultValue: '0', description: 'Number of retries when extracting a base image filesystem fails.' }),
  flag({ name: 'image-download-retry', type: 'int', defaultValue: '0', description: 'Number of retries when downloading a remote image fails.' }),
  flag({ name: 'cleanup', type: 'bool', description: 'Clean the filesystem at the end of the build (needed to build several images in one container).' }),
  flag({ name: 'pre-cleanup', type: 'bool', forkOnly: true, description: 'Clean the filesystem before the build.' }),
  flag({ name: 'preserve-context', type: 'bool', forkOnly: true, description: 'Snapshot the build context before the build and restore it between stages.' }),
  flag({
    name: 'materialize',
    type: 'bool',
    forkOnly: true,
    description: 'Make the final filesystem match the target even when every layer came from the cache.',
  }),
  flag({
    name: 'kaniko-dir',
    type: 'string',
    defaultValue: '/kaniko',
    description: "Kaniko's working directory; overrides the `KANIKO_DIR` environment variable.",
  }),
  flag({
    name: 'force-build-metadata',
    type: 'bool',
    deprecatedBecause: 'the osscontainertools fork (v1.25.0+) always adds the metadata layers',
    forkDeprecatedSince: '1.25.0',
    description: 'Always add the metadata layers to the built image (upstream); deprecated in the fork, where it is the default.',
  }),
  flag({ name: 'force', type: 'bool', description: 'Run even when Kaniko does not detect a container (dangerous outside one).' }),
  flag({ name: 'dryrun', type: 'bool', forkOnly: true, description: 'Print the build plan instead of building.' }),

  // Logging
  flag({
    name: 'verbosity',
    short: 'v',
    type: 'string',
    defaultValue: 'info',
    description: 'Log level: `trace`, `debug`, `info`, `warn`, `error`, `fatal` or `panic`.',
  }),
  flag({ name: 'log-format', type: 'string', defaultValue: 'color', description: 'Log format: `text`, `color` or `json`.' }),
  flag({ name: 'log-timestamp', type: 'bool', description: 'Add timestamps to log lines.' }),
  flag({ name: 'help', short: 'h', type: 'bool', description: 'Print the executor help.' }),

  // Deprecated spellings, still accepted
  flag({ name: 'snapshotMode', type: 'string', deprecatedFor: 'snapshot-mode', description: 'Deprecated spelling of `--snapshot-mode`.' }),
  flag({ name: 'customPlatform', type: 'string', deprecatedFor: 'custom-platform', description: 'Deprecated spelling of `--custom-platform`.' }),
  flag({ name: 'tarPath', type: 'string', deprecatedFor: 'tar-path', description: 'Deprecated spelling of `--tar-path`.' }),
  flag({ name: 'whitelist-var-run', type: 'bool', deprecatedFor: 'ignore-var-run', hidden: true, description: 'Deprecated spelling of `--ignore-var-run`.' }),
];

export const KANIKO_FLAGS_BY_NAME: ReadonlyMap<string, KanikoFlag> = new Map(KANIKO_FLAGS.map((f) => [f.name, f]));
export const KANIKO_FLAGS_BY_SHORT: ReadonlyMap<string, KanikoFlag> = new Map(KANIKO_FLAGS.filter((f) => f.short !== undefined).map((f) => [f.short!, f]));

/**
 * Subcommands of the executor (`executor version`, and cobra's `help` and `completion`). The
 * fork adds `login` (v1.27.0: `executor login -u USER --password-stdin REGISTRY` writes
 * `$DOCKER_CONFIG/config.json`) and `push` (v1.28.0); it has no `bake`.
 */
export const KANIKO_SUBCOMMANDS: ReadonlySet<string> = new Set(['version', 'help', 'completion', 'login', 'push']);
/** Subcommands only the osscontainertools fork has. */
export const FORK_ONLY_SUBCOMMANDS: ReadonlySet<string> = new Set(['login', 'push']);

/**
 * Flags people carry over from `docker build` / `buildx`, with the Kaniko flag that does
 * the job (an empty string: no equivalent, drop the flag). Kept with the other `docker build`
 * options in docker/build.ts.
 */
export const DOCKER_HABITS: ReadonlyMap<string, string> = KANIKO_FLAG_FOR_DOCKER_HABIT;

/** Lookup by long name; pflag names are case-sensitive. */
export function kanikoFlag(name: string): KanikoFlag | undefined {
  return KANIKO_FLAGS_BY_NAME.get(name);
}

/**
 * Levenshtein distance with adjacent transpositions (optimal string alignment). With a `limit`,
 * any distance above it comes back as `limit + 1`, found as soon as two rows in a row are all
 * above it (a transposition skips at most one row): most candidates stop after a few letters.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  // Three rolling rows (the transposition looks two rows back) instead of a full matrix:
  // this runs for every unknown flag against every known one.
  let before = new Int32Array(b.length + 1);
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit && previousMin > limit) return limit + 1;
    previousMin = rowMin;
    const oldest = before;
    before = previous;
    previous = current;
    current = oldest;
  }
  return Math.min(previous[b.length], limit + 1);
}

/**
 * The current flag an unknown long name most likely meant: a Docker habit, the only flag it
 * is a prefix of, or the closest name within a small edit distance. Undefined when nothing is close.
 */
export function suggestKanikoFlag(name: string): string | undefined {
  // A script repeats its mistakes: answer each distinct name once.
  if (suggestions.has(name)) return suggestions.get(name);
  if (suggestions.size >= MAX_REMEMBERED_SUGGESTIONS) suggestions.clear();
  const suggestion = computeSuggestion(name);
  suggestions.set(name, suggestion);
  return suggestion;
}

const MAX_REMEMBERED_SUGGESTIONS = 1000;
const suggestions = new Map<string, string | undefined>();

function computeSuggestion(name: string): string | undefined {
  const habit = DOCKER_HABITS.get(name);
  if (habit !== undefined) return habit === '' ? undefined : habit;
  const candidates = KANIKO_FLAGS.filter((f) => !f.deprecatedFor && !f.hidden);
  const lower = name.toLowerCase();
  // Case and separator slips (`--Destination`, `--snapshot_mode`, `--cacheRepo`) first.
  const folded = lower.replace(/[-_]/g, '');
  const sameLetters = candidates.find((f) => f.name.replace(/-/g, '') === folded);
  if (sameLetters) return sameLetters.name;
  if (lower.length >= 3) {
    const prefixed = candidates.filter((f) => f.name.startsWith(lower));
    if (prefixed.length === 1) return prefixed[0].name;
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  let best: { name: string; distance: number } | undefined;
  for (const f of candidates) {
    // The distance is at least the difference in length: skip the quadratic work for names that cannot be close.
    if (Math.abs(f.name.length - lower.length) > limit) continue;
    const distance = editDistance(lower, f.name, limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { name: f.name, distance };
  }
  return best?.name;
}
