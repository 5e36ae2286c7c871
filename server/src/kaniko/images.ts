/**
 * Recognising Kaniko images and their variants.
 *
 * Upstream (GoogleContainerTools/kaniko) published `gcr.io/kaniko-project/executor` until the
 * repository was archived on 2025-06-03. Tags: `latest`, `vX.Y.Z`; `debug`, `vX.Y.Z-debug`
 * (and the old `debug-vX.Y.Z`) add a busybox shell under `/busybox`; `slim`, `vX.Y.Z-slim`
 * drop the credential helpers. Maintained forks since then:
 * - osscontainertools/kaniko: `ghcr.io/osscontainertools/kaniko` and `docker.io/martizih/kaniko`,
 *   same tag scheme (`v1.27.6-debug`).
 * - Chainguard's chainguard-dev/kaniko: source releases; images `cgr.dev/chainguard/kaniko`
 *   for Chainguard customers, shell variants tagged `-dev` (e.g. `latest-dev`).
 * - Gosayram/kaniko (`ghcr.io/gosayram/kaniko`), a fork with its own feature set.
 */

export type KanikoDistribution = 'upstream' | 'osscontainertools' | 'chainguard' | 'gosayram' | 'other';

export interface ImageReference {
  /** `gcr.io`, `docker.io`, … (undefined for Docker Hub short names like `martizih/kaniko`). */
  registry?: string;
  /** Path without registry, tag and digest: `kaniko-project/executor`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export interface KanikoImage {
  reference: ImageReference;
  distribution: KanikoDistribution;
  /** `executor` builds images; `warmer` fills the base-image cache. */
  role: 'executor' | 'warmer';
  /** Whether the image has a shell (`sh` steps, `/busybox/cat`): `unknown` for digests or interpolated tags. */
  shell: 'yes' | 'no' | 'unknown';
  /** Published by the archived upstream project (`gcr.io/kaniko-project/*`, or a mirror of that path). */
  unmaintained: boolean;
}

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
    note: 'public images, same tags as upstream (`-debug` has the shell), drop-in flags plus a few new ones',
  },
  {
    name: 'chainguard-dev/kaniko',
    repository: 'https://github.com/chainguard-dev/kaniko',
    images: ['cgr.dev/chainguard/kaniko'],
    note: "Chainguard's fork: source releases; images for Chainguard customers (`-dev` tags have a shell)",
  },
];

/** One line naming the maintained forks, for messages. */
export function maintainedForksSummary(): string {
  return MAINTAINED_FORKS.map((fork) => `${fork.name} (${fork.images.join(', ')})`).join(' or ');
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
  const last = repo.slice(repo.lastIndexOf('/') + 1);
  // Upstream path, on gcr.io, a regional gcr.io host or a pull-through mirror of that path.
  const upstream = /(^|\/)kaniko-project\/(executor|warmer)$/.exec(repo);
  if (upstream) return { distribution: 'upstream', role: upstream[2] === 'warmer' ? 'warmer' : 'executor' };
  if ((registry === undefined || registry === 'docker.io') && /^martizih\/kaniko(-warmer)?$/.test(repo)) {
    return { distribution: 'osscontainertools', role: repo.endsWith('-warmer') ? 'warmer' : 'executor' };
  }
  if (registry === 'ghcr.io' && /^osscontainertools\/kaniko(-warmer)?$/.test(repo)) {
    return { distribution: 'osscontainertools', role: repo.endsWith('-warmer') ? 'warmer' : 'executor' };
  }
  if (registry === 'cgr.dev' && /^[^/]+\/kaniko(-fips)?$/.test(repo)) return { distribution: 'chainguard', role: 'executor' };
  if (registry === 'ghcr.io' && repo === 'gosayram/kaniko') return { distribution: 'gosayram', role: 'executor' };
  // Mirrors and in-house rebuilds: `registry.example.com/tools/kaniko`, `…/kaniko-executor`.
  if (/kaniko/.test(last) && !/cache|warmer/.test(last)) return { distribution: 'other', role: 'executor' };
  if (/kaniko/.test(repo) && last === 'executor') return { distribution: 'other', role: 'executor' };
  if (/kaniko/.test(repo) && last === 'warmer') return { distribution: 'other', role: 'warmer' };
  return undefined;
}

function shellOf(ref: ImageReference, distribution: KanikoDistribution): KanikoImage['shell'] {
  const tag = ref.tag;
  if (tag === undefined) return ref.digest ? 'unknown' : 'no';
  if (!TAG.test(tag)) return 'unknown';
  const lower = tag.toLowerCase();
  if (/(^|[-_.])debug($|[-_.])/.test(lower)) return 'yes';
  if (distribution === 'chainguard' && /(^|-)dev$/.test(lower)) return 'yes';
  return 'no';
}

/** Kaniko image behind a reference, or undefined when it is not one. */
export function kanikoImage(text: string | undefined): KanikoImage | undefined {
  if (!text) return undefined;
  const reference = parseImageReference(text);
  const kind = distributionOf(reference);
  if (!kind) return undefined;
  return {
    reference,
    distribution: kind.distribution,
    role: kind.role,
    shell: shellOf(reference, kind.distribution),
    unmaintained: kind.distribution === 'upstream',
  };
}

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
