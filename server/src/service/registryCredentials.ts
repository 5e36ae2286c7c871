/**
 * "Generate Registry Credentials" as one service call, behind the server's
 * `jenkinsfileKaniko.generateRegistryCredentials` (which the VS Code client asks) and the CLI's `credentials`.
 */
import { DEFAULT_REGISTRY_SECRET_FILE, generateRegistryCredentialsForJenkinsfile, type GenerateRegistrySecretOptions } from '../registry';
import type { GenerateRegistryCredentialsResult } from '../shared/protocol';

export interface RegistryCredentialsRequest extends Partial<GenerateRegistrySecretOptions> {
  jenkinsfile?: { text: string; uri?: string };
}

/** Throws `RegistrySecretError` for bad input (no registry, only ECR, a bad name). */
export function registryCredentials(request: RegistryCredentialsRequest): GenerateRegistryCredentialsResult {
  const { jenkinsfile, ...options } = request;
  const fileName = options.fileName ?? DEFAULT_REGISTRY_SECRET_FILE;
  const generated = generateRegistryCredentialsForJenkinsfile(jenkinsfile?.text, { ...options, fileName }, jenkinsfile?.uri);
  return {
    yaml: generated.yaml,
    warnings: generated.warnings,
    registries: generated.registries.map((r) => r.configKey),
    ecrHosts: generated.skippedEcr.map((r) => r.host),
    inferred: generated.inferred.map((r) => r.configKey),
    fileName,
    nextSteps: [`kubectl apply -f ${fileName}`],
  };
}
