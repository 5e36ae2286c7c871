/**
 * The pod half of the migration: the daemon container becomes the Kaniko container, the
 * volumes only it used go, and the registry credentials are mounted at /kaniko/.docker.
 * YAML pods are edited in place inside their string literal; `containerTemplate` pods
 * through their call arguments.
 */
export * from './podRewrite/shared';
export { rewriteYamlPod } from './podRewrite/yamlPod';
export { releasePodTemplateEnv, removeListItems, rewriteContainerTemplatePod } from './podRewrite/containerTemplatePod';
