/**
 * User settings (section `jenkinsfileKaniko`), validated: a bad value is reported once
 * through `warn` and replaced by its default, never passed on.
 */
import { isIamRoleArn } from '../aws/iam';
import { DEFAULT_KANIKO_IMAGE } from '../kaniko/images';
import { RULES_BY_ID, type SeveritySetting } from '../rules';

export type KeepAlive = 'cat' | 'sleep';
/** How a migrated push to a registry other than ECR authenticates: the Jenkins credential it used, or a mounted Secret. */
export type RegistryCredentials = 'jenkins' | 'secret';

export interface Settings {
  rules: Record<string, SeveritySetting>;
  kanikoImage: string;
  kanikoKeepAlive: KeepAlive;
  configMapName: string;
  configMapFile: string;
  registryCredentials: RegistryCredentials;
  /** ServiceAccount migrated pods that push to ECR run as (`serviceAccountName`); '' for none. */
  serviceAccountName: string;
  /** IAM role for IRSA / EKS Pod Identity; with it, migrated ECR pods run as `serviceAccountName` or 'kaniko'. */
  awsRoleArn: string;
  /** `docker build --cache-from` becomes Kaniko's registry layer cache (`--cache=true --cache-repo <repo>/cache`); off by default. */
  kanikoCache: boolean;
  codeLens: boolean;
}

export { DEFAULT_KANIKO_IMAGE };

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  rules: {},
  kanikoImage: DEFAULT_KANIKO_IMAGE,
  kanikoKeepAlive: 'cat',
  configMapName: 'docker-config',
  configMapFile: 'kaniko-docker-config.yaml',
  registryCredentials: 'jenkins',
  serviceAccountName: '',
  awsRoleArn: '',
  kanikoCache: false,
  codeLens: true,
});

const SEVERITIES = new Set<SeveritySetting>(['off', 'error', 'warning', 'information', 'hint']);
/** An image reference: optional registry/path, name, optional tag and digest; no whitespace. */
const IMAGE_REFERENCE =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;
const DNS1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Validates raw settings (anything a client sends). Each problem is reported through `warn`. */
export function normalizeSettings(raw: unknown, warn: (message: string) => void = () => undefined): Settings {
  const settings: Settings = { ...DEFAULT_SETTINGS, rules: {} };
  if (raw === null || raw === undefined) return settings;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    warn(`jenkinsfileKaniko: settings must be an object; using defaults.`);
    return settings;
  }
  const input = raw as Record<string, unknown>;

  if (input.rules !== undefined) {
    if (typeof input.rules !== 'object' || input.rules === null || Array.isArray(input.rules)) {
      warn('jenkinsfileKaniko.rules must be an object of rule id → severity; ignoring it.');
    } else {
      for (const [id, value] of Object.entries(input.rules as Record<string, unknown>)) {
        if (!RULES_BY_ID.has(id)) warn(`jenkinsfileKaniko.rules: unknown rule '${id}'; ignoring it.`);
        else if (typeof value !== 'string' || !SEVERITIES.has(value as SeveritySetting)) {
          warn(`jenkinsfileKaniko.rules.${id}: '${String(value)}' is not one of off, error, warning, information, hint; using the default.`);
        } else settings.rules[id] = value as SeveritySetting;
      }
    }
  }
  if (input.kanikoImage !== undefined) {
    if (typeof input.kanikoImage === 'string' && IMAGE_REFERENCE.test(input.kanikoImage)) settings.kanikoImage = input.kanikoImage;
    else warn(`jenkinsfileKaniko.kanikoImage: '${String(input.kanikoImage)}' is not an image reference; using ${DEFAULT_KANIKO_IMAGE}.`);
  }
  if (input.kanikoKeepAlive !== undefined) {
    if (input.kanikoKeepAlive === 'cat' || input.kanikoKeepAlive === 'sleep') settings.kanikoKeepAlive = input.kanikoKeepAlive;
    else warn(`jenkinsfileKaniko.kanikoKeepAlive: '${String(input.kanikoKeepAlive)}' is not 'cat' or 'sleep'; using 'cat'.`);
  }
  if (input.configMapName !== undefined) {
    if (typeof input.configMapName === 'string' && DNS1123_SUBDOMAIN.test(input.configMapName)) settings.configMapName = input.configMapName;
    else warn(`jenkinsfileKaniko.configMapName: '${String(input.configMapName)}' is not a valid Kubernetes name; using 'docker-config'.`);
  }
  if (input.configMapFile !== undefined) {
    if (typeof input.configMapFile === 'string' && input.configMapFile.trim() !== '' && !/[\\/]/.test(input.configMapFile))
      settings.configMapFile = input.configMapFile;
    else warn(`jenkinsfileKaniko.configMapFile: '${String(input.configMapFile)}' must be a file name; using 'kaniko-docker-config.yaml'.`);
  }
  if (input.registryCredentials !== undefined) {
    if (input.registryCredentials === 'jenkins' || input.registryCredentials === 'secret') settings.registryCredentials = input.registryCredentials;
    else warn(`jenkinsfileKaniko.registryCredentials: '${String(input.registryCredentials)}' is not 'jenkins' or 'secret'; using 'jenkins'.`);
  }
  if (input.serviceAccountName !== undefined) {
    if (typeof input.serviceAccountName === 'string' && (input.serviceAccountName === '' || DNS1123_SUBDOMAIN.test(input.serviceAccountName)))
      settings.serviceAccountName = input.serviceAccountName;
    else warn(`jenkinsfileKaniko.serviceAccountName: '${String(input.serviceAccountName)}' is not a valid Kubernetes name; using none.`);
  }
  if (input.awsRoleArn !== undefined) {
    if (typeof input.awsRoleArn === 'string' && (input.awsRoleArn === '' || isIamRoleArn(input.awsRoleArn))) settings.awsRoleArn = input.awsRoleArn;
    else warn(`jenkinsfileKaniko.awsRoleArn: '${String(input.awsRoleArn)}' is not an IAM role ARN (arn:aws:iam::<account id>:role/<name>); using none.`);
  }
  if (input.kanikoCache !== undefined) {
    if (typeof input.kanikoCache === 'boolean') settings.kanikoCache = input.kanikoCache;
    else warn(`jenkinsfileKaniko.kanikoCache: '${String(input.kanikoCache)}' is not true or false; using false.`);
  }
  if (input.codeLens !== undefined) {
    if (typeof input.codeLens === 'boolean') settings.codeLens = input.codeLens;
    else warn(`jenkinsfileKaniko.codeLens: '${String(input.codeLens)}' is not true or false; using true.`);
  }
  return settings;
}
