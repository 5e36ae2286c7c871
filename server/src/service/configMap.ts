/**
 * "Generate ECR ConfigMap" as one service call, behind all three faces: the server's
 * `jenkinsfileKaniko.generateEcrConfigMap` (which the VS Code client asks), and the CLI's
 * `configmap`. Name and file name default to the settings.
 */
import { generateEcrConfigMapForJenkinsfile, type GenerateEcrConfigMapOptions } from '../configmap';
import type { GenerateEcrConfigMapResult } from '../shared/protocol';
import type { Settings } from '../shared/settings';

export interface EcrConfigMapRequest extends GenerateEcrConfigMapOptions {
  /** The Jenkinsfile whose ECR registries are used, with the uri (or path) it is reported by. */
  jenkinsfile?: { text: string; uri?: string };
}

/** Throws `ConfigMapError` (with coded problems) for bad input. */
export function ecrConfigMap(request: EcrConfigMapRequest, settings: Pick<Settings, 'configMapName' | 'configMapFile'>): GenerateEcrConfigMapResult {
  const { jenkinsfile, ...options } = request;
  const fileName = options.fileName ?? settings.configMapFile;
  const generated = generateEcrConfigMapForJenkinsfile(
    jenkinsfile?.text,
    { ...options, name: options.name ?? settings.configMapName, fileName },
    jenkinsfile?.uri,
  );
  return {
    yaml: generated.yaml,
    warnings: generated.warnings,
    registries: generated.registries.map((registry) => registry.host),
    inferred: generated.inferred.map((registry) => registry.host),
    fileName,
    serviceAccountName: generated.serviceAccountName,
    nextSteps: generated.nextSteps,
  };
}
