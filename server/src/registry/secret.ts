/**
 * "Generate Registry Credentials": a `kubernetes.io/dockerconfigjson` Secret that Kaniko mounts
 * at `/kaniko/.docker` (its `.dockerconfigjson` key projected as `config.json`, as in the
 * Kubernetes plugin's Kaniko examples). Values are placeholders, never a real secret.
 * Pure: no file system; callers decide where the text goes.
 */
import { Document, Scalar } from 'yaml';
import { asciiJson, assertYamlSafe, commentSafe, KUBECTL_YAML, registryHostProblem } from '../yamlOutput';
import { credentialAdvice, isAwsRegistry, registryOfImage, registryOfUrl, registryTitle, type Registry } from './hosts';

export const DEFAULT_REGISTRY_SECRET_NAME = 'regcred';
export const DEFAULT_REGISTRY_SECRET_FILE = 'kaniko-registry-credentials.yaml';

export interface GenerateRegistrySecretOptions {
  /** Registries: hosts, `https://` URLs or image references. ECR ones are left to the ECR ConfigMap. */
  registries: readonly string[];
  /** Secret name; default `regcred`. */
  name?: string;
  namespace?: string;
  /** File name used in the `kubectl apply -f` hint. */
  fileName?: string;
}

export interface GeneratedRegistrySecret {
  yaml: string;
  /** Registries written to `auths`, in order. */
  registries: Registry[];
  /** ECR registries given or found: no password entry, a `credHelpers` entry (ecr-login) instead. */
  skippedEcr: Registry[];
  warnings: string[];
}

export class RegistrySecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistrySecretError';
  }
}

const DNS1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateSecretName(name: string): string | undefined {
  return DNS1123_SUBDOMAIN.test(name)
    ? undefined
    : `Secret name "${name}" is not a valid Kubernetes name (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit).`;
}

/** A registry as the user typed it: an image reference when it has a path, else a host or URL. */
export function parseRegistryInput(input: string): Registry {
  const trimmed = input.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || !trimmed.includes('/') ? registryOfUrl(trimmed) : registryOfImage(trimmed);
}

const asComment = (lines: string[]) => lines.map((l) => ` ${commentSafe(l)}`).join('\n');

/** Placeholder names per registry: `<docker-hub-username>`, `<ghcr.io-token>`… */
function placeholders(registry: Registry): { username: string; password: string } {
  const label = registry.kind === 'docker-hub' ? 'docker-hub' : registry.host.replace(/[^A-Za-z0-9.-]+/g, '-');
  const secretWord =
    registry.kind === 'docker-hub' || registry.kind === 'ghcr' || registry.kind === 'quay' || registry.kind === 'gitlab' ? 'token' : 'password';
  return { username: `<${label}-username>`, password: `<${label}-${secretWord}>` };
}

export function generateRegistrySecret(options: GenerateRegistrySecretOptions): GeneratedRegistrySecret {
  const name = options.name ?? DEFAULT_REGISTRY_SECRET_NAME;
  const problems: string[] = [];
  const nameProblem = validateSecretName(name);
  if (nameProblem) problems.push(nameProblem);
  if (options.namespace !== undefined && !DNS1123_LABEL.test(options.namespace))
    problems.push(`Namespace "${options.namespace}" is not a valid Kubernetes namespace.`);
  const registries: Registry[] = [];
  const skippedEcr: Registry[] = [];
  for (const input of options.registries) {
    if (input.trim() === '') continue;
    const registry = parseRegistryInput(input);
    const hostProblem = registryHostProblem(registry.host, registry.placeholder, { port: true });
    if (hostProblem) {
      problems.push(hostProblem);
      continue;
    }
    const list = isAwsRegistry(registry) ? skippedEcr : registries;
    if (!list.some((r) => r.configKey === registry.configKey)) list.push(registry);
  }
  if (registries.length === 0 && problems.length === 0) {
    problems.push(
      skippedEcr.length > 0
        ? `Only Amazon ECR registries (${skippedEcr.map((r) => r.host).join(', ')}): Kaniko authenticates to them through the pod's IAM identity; use "Generate ECR ConfigMap" instead.`
        : 'No registry to write credentials for: name one (a host such as ghcr.io, or an image such as docker.io/org/app).',
    );
  }
  if (problems.length > 0) throw new RegistrySecretError(problems.join('\n'));

  const warnings = registries.filter((r) => r.placeholder).map((r) => `${r.host} is not a real host name: replace it before applying.`);
  const fileName = options.fileName ?? DEFAULT_REGISTRY_SECRET_FILE;
  const auths = Object.fromEntries(registries.map((r) => [r.configKey, placeholders(r)]));
  // ECR hosts of the same file go to the ecr-login helper in the same config.json: one mount serves both.
  const ecrHelpers = skippedEcr.filter((r) => !r.placeholder);
  const config = ecrHelpers.length > 0 ? { auths, credHelpers: Object.fromEntries(ecrHelpers.map((r) => [r.configKey, 'ecr-login'])) } : { auths };
  const metadata: Record<string, string> = { name };
  if (options.namespace !== undefined) metadata.namespace = options.namespace;
  const secret = new Document(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata,
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': asciiJson(JSON.stringify(config, null, 3)) },
    },
    KUBECTL_YAML,
  );
  (secret.getIn(['stringData', '.dockerconfigjson'], true) as Scalar).type = Scalar.BLOCK_LITERAL;

  const first = registries[0];
  const namespaceFlag = options.namespace !== undefined ? ` --namespace ${options.namespace}` : '';
  const header = [
    `Registry credentials for Kaniko: a Secret mounted at /kaniko/.docker (its .dockerconfigjson as config.json).`,
    'Every value in <angle brackets> is a placeholder: fill it in outside version control, never commit real secrets.',
    'Quickest, one registry per command (kubectl does the encoding):',
    `  kubectl create secret docker-registry ${name}${namespaceFlag} --docker-server=${first.configKey} --docker-username=${placeholders(first).username} --docker-password=${placeholders(first).password}`,
    `Or fill in this file and apply it:  kubectl apply -f ${fileName}`,
    ...registries.map((r) => `- ${credentialAdvice(r)}`),
    ...ecrHelpers.map((r) => `- ${registryTitle(r)}: no password; credHelpers sends it to the ecr-login helper, which uses the pod's IAM identity.`),
    ...skippedEcr
      .filter((r) => r.placeholder)
      .map((r) => `TODO: ${r.host} is a placeholder: add it to credHelpers (→ "ecr-login") once you know the account and region.`),
    ...warnings.map((w) => `TODO: ${w}`),
  ];
  secret.commentBefore = asComment(header);
  const yaml = secret.toString({ lineWidth: 0 });
  // Whatever reached the text, no YAML reader may find a line break or control character in it.
  assertYamlSafe(yaml);
  return { yaml, registries, skippedEcr, warnings };
}
