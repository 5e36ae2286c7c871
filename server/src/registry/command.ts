/**
 * "Generate Registry Credentials" as one call over a Jenkinsfile: the shared entry point of the
 * LSP command `jenkinsfileKaniko.generateRegistryCredentials`, the VS Code command and the CLI
 * (`jenkinsfile-kaniko credentials`).
 */
import { commandObjectArg, copyStringFields, stringListField } from '../shared/commandArgs';
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
  const input = commandObjectArg(GENERATE_REGISTRY_CREDENTIALS_COMMAND, args, '{ uri?, registries?, name?, namespace? }');
  if (!input) return {};
  const out: GenerateRegistryCredentialsArgs = {};
  copyStringFields(GENERATE_REGISTRY_CREDENTIALS_COMMAND, input, STRING_FIELDS, out);
  const registries = stringListField(GENERATE_REGISTRY_CREDENTIALS_COMMAND, input, 'registries');
  if (registries) out.registries = registries;
  return out;
}
