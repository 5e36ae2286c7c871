/**
 * Container registries as Docker names them: the host an image reference or a registry URL
 * points at, the key Docker (and Kaniko, through go-containerregistry) looks up in
 * `config.json`, and what kind of registry it is, for advice on credentials.
 *
 * Docker's rules (distribution/reference, docker/cli): the first path component of an image
 * reference is a registry host when it contains `.` or `:`, is `localhost`, or has upper-case
 * letters; otherwise the image is on Docker Hub. Docker Hub's `config.json` key is
 * `https://index.docker.io/v1/` (go-containerregistry's `authn.DefaultAuthKey`); every other
 * registry's key is its `host[:port]`.
 */
import { ECR_PUBLIC_DUAL_STACK_HOST, ECR_PUBLIC_HOST, parseEcrHost, registryHostOf } from '../aws/ecr';

export type RegistryKind = 'docker-hub' | 'ghcr' | 'gar' | 'gcr' | 'acr' | 'quay' | 'gitlab' | 'harbor' | 'ecr' | 'ecr-public' | 'other';

export interface Registry {
  /** `host[:port]`, lower-cased; `docker.io` for Docker Hub. Interpolations (`${REGISTRY}`) stay verbatim. */
  host: string;
  /** The key of this registry in `config.json` `auths`/`credHelpers`. */
  configKey: string;
  kind: RegistryKind;
  /** The host holds an interpolation or placeholder (`${env.REGISTRY}`, `<registry>`), not a real name. */
  placeholder: boolean;
}

export const DOCKER_HUB_HOST = 'docker.io';
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

/** Every spelling of Docker Hub people write in `docker login`, `withRegistry` and image names. */
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']);

/** ECR Public and its dual-stack name (known to ecr-login from v0.12.0). */
const ECR_PUBLIC_HOSTS = new Set<string>([ECR_PUBLIC_HOST, ECR_PUBLIC_DUAL_STACK_HOST]);

const PLACEHOLDER = /[$<>{}]/;

function kindOf(host: string): RegistryKind {
  if (DOCKER_HUB_ALIASES.has(host)) return 'docker-hub';
  if (ECR_PUBLIC_HOSTS.has(host)) return 'ecr-public';
  if (parseEcrHost(host)) return 'ecr';
  const bare = host.replace(/:\d+$/, '');
  if (bare === 'ghcr.io') return 'ghcr';
  if (/^[a-z0-9-]+-docker\.pkg\.dev$/.test(bare)) return 'gar';
  if (bare === 'gcr.io' || /^[a-z]+\.gcr\.io$/.test(bare)) return 'gcr';
  if (/^[a-z0-9]+\.azurecr\.(io|cn|us)$/.test(bare)) return 'acr';
  if (bare === 'quay.io') return 'quay';
  if (bare === 'registry.gitlab.com') return 'gitlab';
  if (/(^|[.-])harbor([.-]|$)/.test(bare)) return 'harbor';
  return 'other';
}

function registryForHost(rawHost: string): Registry {
  const placeholder = PLACEHOLDER.test(rawHost);
  const host = placeholder ? rawHost : rawHost.toLowerCase();
  const kind = placeholder ? (parseEcrHost(host) ? 'ecr' : 'other') : kindOf(host);
  if (kind === 'docker-hub') return { host: DOCKER_HUB_HOST, configKey: DOCKER_HUB_CONFIG_KEY, kind, placeholder: false };
  return { host, configKey: host, kind, placeholder };
}

/**
 * The registry an image reference is pushed to: `ghcr.io/org/app:1` → ghcr.io,
 * `org/app` → Docker Hub, `localhost:5000/app` → localhost:5000.
 */
export function registryOfImage(reference: string): Registry {
  const trimmed = reference.trim().replace(/^docker:\/\//, '');
  const slash = trimmed.indexOf('/');
  if (slash < 0) return registryForHost(DOCKER_HUB_HOST);
  const first = trimmed.slice(0, slash);
  const isHost = /[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase() || PLACEHOLDER.test(first);
  return registryForHost(isHost ? first : DOCKER_HUB_HOST);
}

/**
 * The registry of a URL or host as `docker login` and `docker.withRegistry` take it:
 * `https://registry.hub.docker.com`, `https://index.docker.io/v1/`, `harbor.example.com:8443/project`.
 * An empty string is Docker Hub (as for `docker login` without a server).
 */
export function registryOfUrl(url: string): Registry {
  return registryForHost(registryHostOf(url) ?? DOCKER_HUB_HOST);
}

/** A human name for messages and comments. */
export function registryTitle(registry: Registry): string {
  switch (registry.kind) {
    case 'docker-hub':
      return 'Docker Hub';
    case 'ghcr':
      return 'GitHub Container Registry (ghcr.io)';
    case 'gar':
      return `Google Artifact Registry (${registry.host})`;
    case 'gcr':
      return `Google Container Registry (${registry.host})`;
    case 'acr':
      return `Azure Container Registry (${registry.host})`;
    case 'quay':
      return 'Quay (quay.io)';
    case 'gitlab':
      return 'GitLab Container Registry (registry.gitlab.com)';
    case 'harbor':
      return `Harbor (${registry.host})`;
    case 'ecr':
      return `Amazon ECR (${registry.host})`;
    case 'ecr-public':
      return `Amazon ECR Public (${registry.host})`;
    default:
      return registry.host;
  }
}

/** Whether Kaniko reaches this registry through a cloud identity (ecr-login) rather than a password. */
export function isAwsRegistry(registry: Registry): boolean {
  return registry.kind === 'ecr' || registry.kind === 'ecr-public';
}

/**
 * What a username/password credential for this registry is, and what the pod's own cloud
 * identity can do instead. One line each, for migration notes, generated YAML and docs.
 */
export function credentialAdvice(registry: Registry): string {
  switch (registry.kind) {
    case 'docker-hub':
      return 'Docker Hub: your Docker ID as the username and a personal access token (Read & Write) as the password.';
    case 'ghcr':
      return 'ghcr.io: your GitHub user name and a personal access token (classic) with the write:packages scope.';
    case 'gar':
    case 'gcr':
      return `${registry.host}: username _json_key and a service account key (JSON) with Artifact Registry Writer as the password; or, on GKE with Workload Identity, no credential at all: the debug and executor images ship docker-credential-gcr, and Kaniko's built-in google helper uses the pod's Kubernetes ServiceAccount bound to a Google service account.`;
    case 'acr':
      return `${registry.host}: a service principal's application id and secret (AcrPush role), or a repository-scoped token; or no password at all: Kaniko's acr-env helper (docker-credential-acr-env) logs in from AZURE_CLIENT_ID / AZURE_TENANT_ID / AZURE_CLIENT_SECRET or Azure Workload Identity.`;
    case 'quay':
      return 'quay.io: a robot account (org+name) and its token, with write permission on the repository.';
    case 'gitlab':
      return 'registry.gitlab.com: a deploy token (or project access token) with write_registry.';
    case 'harbor':
      return `${registry.host}: a Harbor robot account (robot$project+name) and its secret, with push permission on the project.`;
    case 'ecr':
    case 'ecr-public':
      return `${registry.host}: no password: the ecr-login helper in the Kaniko image uses the pod's IAM identity (IRSA, EKS Pod Identity or the node role).`;
    default:
      return `${registry.host}: a user (or robot/service account) with push rights and its password or token.`;
  }
}
