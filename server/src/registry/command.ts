/**
 * "Generate Registry Credentials" as one call over a Jenkinsfile: the shared entry point of the
 * LSP command `jenkinsfileKaniko.generateRegistryCredentials`, the VS Code command and the CLI
 * (`jenkinsfile-kaniko credentials`).
 */
import { inferRegistries, type InferredRegistryUse } from './infer';
import { generateRegistrySecret, RegistrySecretError, type GeneratedRegistrySecret, type GenerateRegistrySecretOptions } from './secret';

export const GENERATE_REGISTRY_CREDENTIALS_COMMAND = 'jenkinsfileKaniko.generateRegistryCredentials';

export interface GenerateRegistryCredentialsArgs extends Partial<GenerateRegistrySecretOptions> {
  /** Jenkinsfile whose registries are used (its text is looked up by the server). */
  uri?: string;
}

export interface GeneratedCredentialsForJenkinsfile extends GeneratedRegistrySecret {
  /** What the Jenkinsfile itself pushes to or logs in to (empty without a Jenkinsfile). */
  inferred: InferredRegistryUse[];
}

/** Registries found in `jenkinsfileText` (when given) first, then `options.registries`. Throws `RegistrySecretError`. */
export function generateRegistryCredentialsForJenkinsfile(
  jenkinsfileText: string | undefined,
  options: Partial<GenerateRegistrySecretOptions>,
  uri?: string,
): GeneratedCredentialsForJenkinsfile {
  const inferred = jenkinsfileText === undefined ? [] : inferRegistries(jenkinsfileText);
  const explicit = options.registries ?? [];
  if (jenkinsfileText !== undefined && inferred.length === 0 && explicit.length === 0) {
    throw new RegistrySecretError(`No registry push or login found in ${uri ?? 'the Jenkinsfile'}; name one (e.g. ghcr.io or docker.io).`);
  }
  const result = generateRegistrySecret({ ...options, registries: [...inferred.map((r) => (r.kind === 'docker-hub' ? 'docker.io' : r.host)), ...explicit] });
  return { ...result, inferred };
}

const STRING_FIELDS = ['uri', 'name', 'namespace', 'fileName'] as const;

/** Checks the untyped `arguments` of an executeCommand request: `[]` or `[{ uri?, registries?, name?, namespace?, fileName? }]`. */
export function readGenerateRegistryCredentialsArgs(args: readonly unknown[] | undefined): GenerateRegistryCredentialsArgs {
  const first = args?.[0];
  if (first === undefined || first === null) return {};
  if (typeof first !== 'object' || Array.isArray(first))
    throw new TypeError(`${GENERATE_REGISTRY_CREDENTIALS_COMMAND}: expected one object argument { uri?, registries?, name?, namespace? }`);
  const input = first as Record<string, unknown>;
  const out: GenerateRegistryCredentialsArgs = {};
  for (const field of STRING_FIELDS) {
    const value = input[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new TypeError(`${GENERATE_REGISTRY_CREDENTIALS_COMMAND}: "${field}" must be a string`);
    out[field] = value;
  }
  if (input.registries !== undefined) {
    if (!Array.isArray(input.registries) || !input.registries.every((r) => typeof r === 'string'))
      throw new TypeError(`${GENERATE_REGISTRY_CREDENTIALS_COMMAND}: "registries" must be an array of strings`);
    out.registries = input.registries as string[];
  }
  return out;
}
