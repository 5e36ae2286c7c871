/**
 * "Generate ECR ConfigMap": one pure generator behind three faces (VS Code command,
 * LSP `workspace/executeCommand`, `jenkinsfile-kaniko configmap`).
 */
export {
  ACCOUNT_PLACEHOLDER,
  describePlaceholder,
  ecrHostFor,
  findEcrHosts,
  isEcrHost,
  parseEcrCredentialsId,
  parseEcrHost,
  registryHostOf,
  type EcrCredentialsId,
  type EcrHost,
  type EcrHostMatch,
} from '../aws/ecr';
export {
  ConfigMapError,
  DEFAULT_CONFIGMAP_FILE,
  DEFAULT_CONFIGMAP_NAME,
  DEFAULT_SERVICE_ACCOUNT_NAME,
  ECR_CREDENTIAL_HELPER,
  generateEcrConfigMap,
  validateConfigMapName,
  validateEcrRegistry,
  validateNamespace,
  validateRoleArn,
  validateServiceAccountName,
  type ConfigMapProblem,
  type ConfigMapProblemCode,
  type GenerateEcrConfigMapOptions,
  type GeneratedEcrConfigMap,
} from './generate';
export { inferEcrRegistries, type InferredRegistry } from './infer';
export {
  GENERATE_ECR_CONFIGMAP_COMMAND,
  generateEcrConfigMapForJenkinsfile,
  readGenerateEcrConfigMapCommandArgs,
  type GenerateEcrConfigMapCommandArgs,
  type GeneratedForJenkinsfile,
} from './command';
