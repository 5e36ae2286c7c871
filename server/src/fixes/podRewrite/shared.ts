/**
 * What both pod rewrites share: the settings of the Kaniko container they write, its name and
 * credentials directory, what a rewrite returns, and the container that is never rewritten.
 */
import { DEFAULT_SERVICE_ACCOUNT_NAME } from '../../configmap/generate';
import type { Container } from '../../model';
import type { TextEdit } from '../apply';

export interface KanikoContainerSettings {
  kanikoImage: string;
  kanikoKeepAlive: 'cat' | 'sleep';
  configMapName: string;
  /** ServiceAccount for the pod's AWS identity (IRSA, EKS Pod Identity); '' or absent for none. */
  serviceAccountName?: string;
  /** IAM role ARN: without a ServiceAccount name, the pod runs as the generator's default one. */
  awsRoleArn?: string;
}

/**
 * The ServiceAccount a migrated pod that pushes to ECR runs as, so that the ecr-login helper gets
 * the role of IRSA or EKS Pod Identity: the one named in the settings, or the generator's default
 * when only a role is given; undefined for the node role.
 */
export function podServiceAccount(settings: KanikoContainerSettings): string | undefined {
  if (settings.serviceAccountName) return settings.serviceAccountName;
  return settings.awsRoleArn ? DEFAULT_SERVICE_ACCOUNT_NAME : undefined;
}

export const KANIKO_CONTAINER = 'kaniko';
export const KANIKO_DOCKER_DIR = '/kaniko/.docker';
export const REGISTRY_SECRET = 'regcred';

export interface PodRewrite {
  edits: TextEdit[];
  removedVolumes: string[];
  /** What now supplies /kaniko/.docker/config.json. */
  /** `secretFile`: a generic Secret holding `config.json` (containerTemplate pods, see CONFIG_JSON_SECRET). */
  credentials: 'configMap' | 'secret' | 'secretFile' | 'existing' | 'none';
  /** The daemon's client was the agent `jnlp`: a Kaniko container was added beside it (none was renamed). */
  addedContainer: boolean;
  /** The ServiceAccount the pod now runs as (set by the rewrite), or the one it already named. */
  serviceAccount?: { name: string; added: boolean };
  /** Kept Docker client containers and what pointed them at the daemon that went (clientContainer.ts). */
  releasedClients?: Array<{ name: string; removed: string[] }>;
  /** Docker client containers removed from the pod: nothing ran in them but what moved to Kaniko. */
  removedClients?: string[];
  /** A `yamlFile` pod: its edits are in that file (`edits` then holds none). */
  file?: FileEdits;
}

/** Edits of a file other than the Jenkinsfile: a `yamlFile` pod. */
export interface FileEdits {
  /** The path as the Jenkinsfile gives it, relative to the root Jenkins reads it from. */
  path: string;
  /** The file's text the edits apply to (as the model read it). */
  text: string;
  edits: TextEdit[];
}

/** A refusal: always a form the rewrite cannot edit ('pod-layout'). */
export type PodRewriteResult = PodRewrite | { blocked: string };

/** What to mount at /kaniko/.docker: the ECR ConfigMap, the `regcred` Secret, or nothing (no push, no login). */
export type CredentialsMount = 'configMap' | 'secret' | 'none';

/**
 * `jnlp` is the agent container of the Kubernetes plugin: renamed, the plugin adds a fresh agent
 * container of that name, and the steps meant for Kaniko may run there. Never renamed: when the
 * build ran in it (it mounted the Docker socket), a Kaniko container is added beside it instead.
 */
export const AGENT_CONTAINER = 'jnlp';

export function isAgentContainer(container: Container): boolean {
  return container.name === AGENT_CONTAINER;
}

/**
 * The Secret a containerTemplate pod mounts at /kaniko/.docker for a registry other than ECR: a
 * generic Secret whose `config.json` key is a Docker config, since `secretVolume` cannot project
 * the `.dockerconfigjson` key of a docker-registry Secret under another name.
 */
export const CONFIG_JSON_SECRET = 'kaniko-docker-config';
