/**
 * Recognising Kaniko images and their variants.
 *
 * Upstream (GoogleContainerTools/kaniko) published `gcr.io/kaniko-project/executor` until the
 * repository was archived on 2025-06-03. Tags: `latest`, `vX.Y.Z`; `debug`, `vX.Y.Z-debug`
 * (and the old `debug-vX.Y.Z`) add a busybox shell under `/busybox`; `slim`, `vX.Y.Z-slim`
 * drop the credential helpers. Maintained forks since then:
 * - osscontainertools/kaniko: `ghcr.io/osscontainertools/kaniko` and `docker.io/martizih/kaniko`
 *   (its `.github/workflows/images.yaml` and `deploy/Dockerfile`, v1.28.3): one repository, a
 *   tag per variant, each also as `vX.Y.Z-<variant>`: `latest`/`vX.Y.Z` (executor, no shell),
 *   `debug` (busybox under `/busybox`), `slim` (no credential helpers), `warmer` (the cache
 *   warmer), `bootstrap` (busybox under `/busybox2`, so that `/busybox` can be built into an
 *   image) and `alpine` (Alpine's own shell, no `/busybox`, no credential-helper binaries).
 * - Chainguard's chainguard-dev/kaniko: source releases; images `cgr.dev/chainguard/kaniko`
 *   for Chainguard customers, shell variants tagged `-dev` (e.g. `latest-dev`).
 * - Gosayram/kaniko (`ghcr.io/gosayram/kaniko`), a fork with its own feature set.
 */

import { versionAtLeast } from '../aws/ecr';

export type KanikoDistribution = 'upstream' | 'osscontainertools' | 'chainguard' | 'gosayram' | 'other';

export interface ImageReference {
  /** `gcr.io`, `docker.io`, … (undefined for Docker Hub short names like `martizih/kaniko`). */
  registry?: string;
  /** Path without registry, tag and digest: `kaniko-project/executor`. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** The image variant a tag names; `unknown` for digests, interpolated or in-house tags. */
export type KanikoVariant = 'executor' | 'debug' | 'slim' | 'warmer' | 'bootstrap' | 'alpine' | 'dev' | 'unknown';

export interface KanikoImage {
  reference: ImageReference;
  distribution: KanikoDistribution;
  /** `executor` builds images; `warmer` fills the base-image cache. */
  role: 'executor' | 'warmer';
  variant: KanikoVariant;
  /** Whether the image has a shell (`sh` steps): `unknown` for digests or interpolated tags. */
  shell: 'yes' | 'no' | 'unknown';
  /**
   * Directory holding the busybox applets (`/busybox/cat`, `/busybox/sleep`), when the image
   * has one: `/busybox` in `debug`, `/busybox2` in the fork's `bootstrap`; none in `alpine`.
   */
  busybox?: '/busybox' | '/busybox2';
  /** Whether `/kaniko/docker-credential-ecr-login` (and the gcr and acr-env helpers) ship in the image. */
  credentialHelpers: 'yes' | 'no' | 'unknown';
  /** `1.28.3` from a `v1.28.3-debug` tag. */
  version?: string;
  /** Published by the archived upstream project (`gcr.io/kaniko-project/*`, or a mirror of that path). */
  unmaintained: boolean;
}

/**
 * The default of `jenkinsfileKaniko.kanikoImage`: the newest osscontainertools release verified
 * in its repository (tag v1.28.3, 2026-08-13), pinned, debug variant (`sh` steps need a shell).
 */
export const DEFAULT_KANIKO_IMAGE = 'ghcr.io/osscontainertools/kaniko:v1.28.3-debug';
/** The last upstream release (2025-05-22), for users who must stay on `gcr.io/kaniko-project`. */
export const LAST_UPSTREAM_KANIKO_IMAGE = 'gcr.io/kaniko-project/executor:v1.24.0-debug';

export interface MaintainedFork {
  name: string;
  repository: string;
  images: string[];
  note: string;
}

export const KANIKO_ARCHIVED_ON = '2025-06-03';

export const MAINTAINED_FORKS: readonly MaintainedFork[] = [
  {
    name: 'osscontainertools/kaniko',
    repository: 'https://github.com/osscontainertools/kaniko',
    images: ['ghcr.io/osscontainertools/kaniko', 'docker.io/martizih/kaniko'],
    note: 'public images, upstream tags plus `warmer`, `bootstrap` and `alpine` (`-debug` has the busybox shell), drop-in flags plus a few new ones',
  },
  {
    name: 'chainguard-dev/kaniko',
    repository: 'https://github.com/chainguard-dev/kaniko',
    images: ['cgr.dev/chainguard/kaniko'],
    note: "Chainguard's fork: source releases; images for Chainguard customers (`-dev` tags have a shell)",
  },
];

/** One line naming the maintained forks, for messages: made once, as every archived-image finding quotes it. */
const FORKS_SUMMARY = MAINTAINED_FORKS.map((fork) => `${fork.name} (${fork.images.join(', ')})`).join(' or ');

export function maintainedForksSummary(): string {
  return FORKS_SUMMARY;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Splits an image reference; tolerant of odd input (never throws). */
export function parseImageReference(text: string): ImageReference {
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const firstSlash = rest.indexOf('/');
  if (firstSlash > 0) {
    const first = rest.slice(0, firstSlash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
      rest = rest.slice(firstSlash + 1);
    }
  }
  return { registry, repository: rest.toLowerCase(), tag, digest };
}

function distributionOf(ref: ImageReference): { distribution: KanikoDistribution; role: 'executor' | 'warmer' } | undefined {
  const registry = ref.registry === 'index.docker.io' || ref.registry === 'registry-1.docker.io' ? 'docker.io' : ref.registry;
  const repo = ref.repository;
  // Every Kaniko repository below names `kaniko`: most images (maven, docker:dind, …) stop here.
  if (!repo.includes('kaniko')) return undefined;
  const last = repo.slice(repo.lastIndexOf('/') + 1);
  // Upstream path, on gcr.io, a regional gcr.io host or a pull-through mirror of that path.
  const upstream = /(^|\/)kaniko-project\/(executor|warmer)$/.exec(repo);
  if (upstream) return { distribution: 'upstream', role: upstream[2] === 'warmer' ? 'warmer' : 'executor' };
  // The fork publishes its warmer as a tag of the same repository (`:warmer`, `:v1.28.3-warmer`).
  const forkRole = variantOfTag(ref.tag) === 'warmer' ? 'warmer' : 'executor';
  if ((registry === undefined || registry === 'docker.io') && repo === 'martizih/kaniko') return { distribution: 'osscontainertools', role: forkRole };
  if (registry === 'ghcr.io' && repo === 'osscontainertools/kaniko') return { distribution: 'osscontainertools', role: forkRole };
  if (registry === 'cgr.dev' && /^[^/]+\/kaniko(-fips)?$/.test(repo)) return { distribution: 'chainguard', role: 'executor' };
  if (registry === 'ghcr.io' && repo === 'gosayram/kaniko') return { distribution: 'gosayram', role: 'executor' };
  // Mirrors and in-house rebuilds: `registry.example.com/tools/kaniko`, `…/kaniko-executor`.
  if (/kaniko/.test(last) && !/cache|warmer/.test(last)) return { distribution: 'other', role: 'executor' };
  if (last === 'executor') return { distribution: 'other', role: 'executor' };
  if (last === 'warmer') return { distribution: 'other', role: 'warmer' };
  return undefined;
}

const VERSIONED_TAG = /^v?(\d+\.\d+\.\d+)(?:-([a-z0-9]+))?$/;
/** Upstream's old debug tags: `debug-v0.23.0`. */
const OLD_DEBUG_TAG = /^debug-v?(\d+\.\d+\.\d+)$/;

function variantOfTag(tag: string | undefined): KanikoVariant {
  if (tag === undefined) return 'executor';
  const lower = tag.toLowerCase();
  if (!TAG.test(lower)) return 'unknown';
  if (lower === 'latest') return 'executor';
  const named = VARIANTS.get(lower);
  if (named) return named;
  if (OLD_DEBUG_TAG.test(lower)) return 'debug';
  const versioned = VERSIONED_TAG.exec(lower);
  if (versioned) return versioned[2] === undefined ? 'executor' : (VARIANTS.get(versioned[2]) ?? 'unknown');
  // In-house tags (`1.2.3-debug-custom`): a `debug` word still means the busybox shell.
  if (/(^|[-_.])debug($|[-_.])/.test(lower)) return 'debug';
  return 'unknown';
}

const VARIANTS: ReadonlyMap<string, KanikoVariant> = new Map<string, KanikoVariant>([
  ['debug', 'debug'],
  ['slim', 'slim'],
  ['warmer', 'warmer'],
  ['bootstrap', 'bootstrap'],
  ['alpine', 'alpine'],
]);

function versionOf(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  return VERSIONED_TAG.exec(lower)?.[1] ?? OLD_DEBUG_TAG.exec(lower)?.[1];
}

interface VariantTraits {
  shell: KanikoImage['shell'];
  busybox?: KanikoImage['busybox'];
  credentialHelpers: KanikoImage['credentialHelpers'];
}

function traitsOf(ref: ImageReference, distribution: KanikoDistribution, variant: KanikoVariant): VariantTraits {
  if (ref.tag === undefined && ref.digest) return { shell: 'unknown', credentialHelpers: 'unknown' };
  if (distribution === 'chainguard') {
    // Chainguard's `-dev` tags add a shell from their own base (no `/busybox` directory).
    const dev = /(^|-)dev$/.test((ref.tag ?? '').toLowerCase());
    return { shell: dev ? 'yes' : 'no', credentialHelpers: 'unknown' };
  }
  switch (variant) {
    case 'debug':
      return { shell: 'yes', busybox: '/busybox', credentialHelpers: 'yes' };
    case 'bootstrap':
      return distribution === 'osscontainertools'
        ? { shell: 'yes', busybox: '/busybox2', credentialHelpers: 'yes' }
        : { shell: 'unknown', credentialHelpers: 'unknown' };
    case 'alpine':
      return distribution === 'osscontainertools' ? { shell: 'yes', credentialHelpers: 'no' } : { shell: 'unknown', credentialHelpers: 'unknown' };
    case 'slim':
      return { shell: 'no', credentialHelpers: 'no' };
    case 'executor':
    case 'warmer':
      return { shell: 'no', credentialHelpers: 'yes' };
    default:
      // An interpolated tag (`${VERSION}`) may be anything; a plain unknown one is taken to be shell-less.
      return { shell: ref.tag !== undefined && TAG.test(ref.tag) ? 'no' : 'unknown', credentialHelpers: 'unknown' };
  }
}

/** Kaniko image behind a reference, or undefined when it is not one. */
export function kanikoImage(text: string | undefined): KanikoImage | undefined {
  // Every Kaniko repository names `kaniko` (see distributionOf): most images (jnlp, dind, maven)
  // stop here, before the reference is split. The repository is a lower-cased part of the text.
  if (!text || !text.toLowerCase().includes('kaniko')) return undefined;
  const reference = parseImageReference(text);
  const kind = distributionOf(reference);
  if (!kind) return undefined;
  const variant =
    kind.distribution === 'chainguard' ? (/(^|-)dev$/.test((reference.tag ?? '').toLowerCase()) ? 'dev' : 'executor') : variantOfTag(reference.tag);
  return {
    reference,
    distribution: kind.distribution,
    role: kind.role,
    variant,
    ...traitsOf(reference, kind.distribution, variant),
    version: versionOf(reference.tag),
    unmaintained: kind.distribution === 'upstream',
  };
}

/**
 * The docker-credential-ecr-login release an image carries, as its binary and built into the
 * executor (`pkg/creds`), from each release's go.mod: upstream v1.24.0 (2025-05-22) has v0.9.1 and
 * every older upstream release an older one; the osscontainertools fork has v0.9.1 up to v1.25.1,
 * v0.10.1 from v1.25.2, v0.11.0 from v1.26.2 and v0.12.0 from v1.27.0 (still in v1.28.3). A fork
 * tag without a version (`debug`, `alpine`) follows the newest release. Undefined when unknown
 * (other forks, digests, interpolated or in-house tags).
 */
export function ecrLoginVersionOf(image: KanikoImage): { version: string; orOlder: boolean } | undefined {
  if (image.distribution === 'upstream') return { version: '0.9.1', orOlder: image.version !== '1.24.0' };
  if (image.distribution !== 'osscontainertools') return undefined;
  if (image.version !== undefined) {
    const found = FORK_ECR_LOGIN.find(([since]) => versionAtLeast(image.version!, since));
    return { version: found ? found[1] : '0.9.1', orOlder: false };
  }
  // A tag without a version (`debug`, `alpine`, `latest`, none) floats with the newest release.
  const tag = image.reference.tag?.toLowerCase();
  const floating = tag === undefined ? image.reference.digest === undefined : tag === 'latest' || VARIANTS.has(tag);
  return floating ? { version: FORK_ECR_LOGIN[0][1], orOlder: false } : undefined;
}

/**
 * The `-debug` image of the same repository and release, which has the credential helpers and
 * the busybox shell: `…/kaniko:v1.28.3-alpine` → `…/kaniko:v1.28.3-debug`, `…:alpine` → `…:debug`.
 * Undefined for images that are not recognisably Kaniko, Chainguard's, or a digest without a tag.
 */
export function debugVariant(text: string, image = kanikoImage(text)): string | undefined {
  if (!image || image.distribution === 'chainguard' || image.distribution === 'other') return undefined;
  const trimmed = text.trim();
  const at = trimmed.indexOf('@');
  const withoutDigest = at >= 0 ? trimmed.slice(0, at) : trimmed;
  const tag = image.reference.tag;
  if (tag === undefined && image.reference.digest !== undefined) return undefined;
  const base = tag === undefined ? withoutDigest : withoutDigest.slice(0, withoutDigest.length - tag.length - 1);
  if (tag === undefined || tag === 'latest' || VARIANTS.has(tag.toLowerCase())) return `${base}:debug`;
  const versioned = VERSIONED_TAG.exec(tag.toLowerCase());
  if (!versioned) return undefined;
  const version = tag.slice(0, tag.length - (versioned[2] ? versioned[2].length + 1 : 0));
  return `${base}:${version}-debug`;
}

/** Fork release → the ecr-login it bundles, newest first. */
const FORK_ECR_LOGIN: ReadonlyArray<readonly [string, string]> = [
  ['1.27.0', '0.12.0'],
  ['1.26.2', '0.11.0'],
  ['1.25.2', '0.10.1'],
];

/** Whether a reference names a Kaniko executor image (any registry, any fork). */
export function isKanikoExecutorImage(text: string | undefined): boolean {
  return kanikoImage(text)?.role === 'executor';
}

/**
 * The same image with a shell: `executor:v1.23.2` → `executor:v1.23.2-debug`, `executor:slim`
 * → `executor:debug`, Chainguard `kaniko:latest` → `kaniko:latest-dev`. Undefined when the
 * image already has one or is not a Kaniko executor.
 */
export function shellVariant(text: string): string | undefined {
  const image = kanikoImage(text);
  if (!image || image.role !== 'executor' || image.shell === 'yes') return undefined;
  const trimmed = text.trim();
  const at = trimmed.indexOf('@');
  const withoutDigest = at >= 0 ? trimmed.slice(0, at) : trimmed;
  const tag = image.reference.tag;
  const base = tag === undefined ? withoutDigest : withoutDigest.slice(0, withoutDigest.length - tag.length - 1);
  if (image.distribution === 'chainguard') return `${base}:${!tag || tag === 'latest' ? 'latest' : tag.replace(/-dev$/, '')}-dev`;
  if (!tag || tag === 'latest' || tag === 'slim') return `${base}:debug`;
  if (tag.endsWith('-slim')) return `${base}:${tag.slice(0, -'-slim'.length)}-debug`;
  return `${base}:${tag}-debug`;
}

/**
 * How a container running this image stays up between `sh` steps. `/busybox/cat` with a TTY
 * (what the seed article and most Kaniko pipelines write) needs busybox at `/busybox`, which
 * only the `debug` variants have; `sleep 99d` (the Kubernetes plugin's Kaniko examples)
 * resolves through the image's PATH, so it also runs in `bootstrap` (`/busybox2`) and `alpine`.
 */
export function keepAliveFor(image: string, preferred: 'cat' | 'sleep'): 'cat' | 'sleep' {
  if (preferred === 'sleep') return 'sleep';
  const kaniko = kanikoImage(image);
  // Not recognisably Kaniko (an in-house name): trust the preference.
  if (!kaniko) return preferred;
  return kaniko.busybox === '/busybox' ? 'cat' : 'sleep';
}
