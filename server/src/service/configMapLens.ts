/**
 * "Generate ECR ConfigMap" offered on a Kaniko pod that mounts, at /kaniko/.docker, a ConfigMap
 * that no YAML file near the Jenkinsfile defines.
 */
import type { CodeLens } from 'vscode-languageserver-types';
import { GENERATE_ECR_CONFIGMAP_COMMAND } from '../configmap';
import type { Pod, Volume } from '../model';
import type { Analysis, AnalysisHost } from './analysis';

const KANIKO_DOCKER_CONFIG = /^\/kaniko\/\.docker\/?$/;

/** ConfigMap volumes a Kaniko container of the pod reads its Docker config from. */
function kanikoConfigMapVolumes(pod: Pod): Volume[] {
  const kaniko = pod.containers.filter((container) => container.isKaniko);
  if (kaniko.length === 0) return [];
  return pod.volumes.filter((volume) => {
    if (volume.kind !== 'configMap' || !volume.configMapName || !volume.span) return false;
    // containerTemplate pods mount each volume into every container at its own mountPath.
    if (volume.mountPath !== undefined) return KANIKO_DOCKER_CONFIG.test(volume.mountPath);
    return kaniko.some((container) => container.volumeMounts.some((mount) => mount.name === volume.name && KANIKO_DOCKER_CONFIG.test(mount.mountPath ?? '')));
  });
}

export function getConfigMapLenses(analysis: Analysis, host: AnalysisHost): CodeLens[] {
  if (!host.isConfigMapDefined) return [];
  const lenses: CodeLens[] = [];
  const uri = analysis.document.uri;
  for (const pod of analysis.model.pods) {
    if (pod.yaml?.from === 'yamlFile') continue;
    for (const volume of kanikoConfigMapVolumes(pod)) {
      const name = volume.configMapName!;
      if (host.isConfigMapDefined(uri, name) !== false) continue;
      const position = analysis.document.positionAt(volume.span!.start);
      lenses.push({
        range: { start: position, end: position },
        command: {
          title: `Generate ECR ConfigMap '${name}' (no YAML file here defines it)`,
          command: GENERATE_ECR_CONFIGMAP_COMMAND,
          arguments: [{ uri, name }],
        },
      });
    }
  }
  return lenses;
}
