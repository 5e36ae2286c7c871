export { JenkinsfileLanguageService } from './languageService';
export type { Analysis, AnalysisHost, DocumentInput, OpenFile, PodFile } from './analysis';
export { plannedText } from './codeActions';
export type { DiagnosticData } from './diagnostics';
export { DEFAULT_SETTINGS, DEFAULT_KANIKO_IMAGE, normalizeSettings, type Settings, type KeepAlive } from '../shared/settings';
export type { EcrConfigMapRequest } from './configMap';
export type { RegistryCredentialsRequest } from './registryCredentials';
export {
  ConfigMapScanner,
  createNodeHost,
  type NodeHost,
  type NodeHostOptions,
  PodFileTexts,
  resolveInsideRoot,
  readFileInsideFolders,
  readYamlFileInside,
  scanForConfigMap,
  yamlRoot,
  describeYamlRoot,
  yamlDefinesConfigMap,
} from './node-host';
