/**
 * The generator as one call over a Jenkinsfile: the shared entry point of the LSP command
 * `jenkinsfileKaniko.generateEcrConfigMap` (which returns `yaml`), the VS Code command and the CLI.
 */
import { ConfigMapError, generateEcrConfigMap, type GenerateEcrConfigMapOptions, type GeneratedEcrConfigMap } from './generate';
import { inferEcrRegistries, type InferredRegistry } from './infer';
import { commandObjectArg, copyStringFields, stringListField } from '../shared/commandArgs';
import { COMMANDS } from '../shared/protocol';

export const GENERATE_ECR_CONFIGMAP_COMMAND = COMMANDS.generateEcrConfigMap;

/** The single argument object of the `workspace/executeCommand` request. */
export interface GenerateEcrConfigMapCommandArgs extends GenerateEcrConfigMapOptions {
  /** Jenkinsfile whose registries are used (its text is looked up by the server). */
  uri?: string;
}

export interface GeneratedForJenkinsfile extends GeneratedEcrConfigMap {
  /** What the Jenkinsfile itself mentioned (empty without a Jenkinsfile). */
  inferred: InferredRegistry[];
}

/**
 * Registries inferred from `jenkinsfileText` (when given) come first, then `options.registries`.
 * Throws `ConfigMapError`; with a Jenkinsfile that names no ECR registry and no explicit
 * registry, the error is `no-registry` even for credsStore, since there is nothing to authenticate to.
 */
export function generateEcrConfigMapForJenkinsfile(
  jenkinsfileText: string | undefined,
  options: GenerateEcrConfigMapOptions,
  uri?: string,
): GeneratedForJenkinsfile {
  const inferred = jenkinsfileText === undefined ? [] : inferEcrRegistries(jenkinsfileText, uri);
  const explicit = options.registries ?? [];
  if (jenkinsfileText !== undefined && inferred.length === 0 && explicit.length === 0) {
    throw new ConfigMapError([
      {
        code: 'no-registry',
        message: `No Amazon ECR registry found in ${uri ?? 'the Jenkinsfile'}; name one (e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com).`,
      },
    ]);
  }
  const result = generateEcrConfigMap({ ...options, registries: [...inferred.map((r) => r.host), ...explicit] });
  return { ...result, inferred };
}

const STRING_FIELDS = ['uri', 'name', 'namespace', 'roleArn', 'serviceAccountName', 'fileName', 'clusterName'] as const;

/**
 * Checks the untyped `arguments` of an executeCommand request: `[]` or `[{ uri?, registries?, credsStore?, … }]`.
 * Throws `TypeError` with a message fit for a ResponseError.
 */
export function readGenerateEcrConfigMapCommandArgs(args: readonly unknown[] | undefined): GenerateEcrConfigMapCommandArgs {
  const input = commandObjectArg(GENERATE_ECR_CONFIGMAP_COMMAND, args, '{ uri?, registries?, credsStore?, name?, namespace?, roleArn? }');
  if (!input) return {};
  const out: GenerateEcrConfigMapCommandArgs = {};
  copyStringFields(GENERATE_ECR_CONFIGMAP_COMMAND, input, STRING_FIELDS, out);
  const registries = stringListField(GENERATE_ECR_CONFIGMAP_COMMAND, input, 'registries');
  if (registries) out.registries = registries;
  if (input.identity !== undefined) {
    if (input.identity !== 'irsa' && input.identity !== 'pod-identity' && input.identity !== 'node') {
      throw new TypeError(`${GENERATE_ECR_CONFIGMAP_COMMAND}: "identity" must be "irsa", "pod-identity" or "node"`);
    }
    out.identity = input.identity;
  }
  if (input.credsStore !== undefined) {
    if (typeof input.credsStore !== 'boolean') throw new TypeError(`${GENERATE_ECR_CONFIGMAP_COMMAND}: "credsStore" must be a boolean`);
    out.credsStore = input.credsStore;
  }
  return out;
}
