/**
 * Builds the Kubernetes YAML that gives Kaniko its `/kaniko/.docker/config.json` for Amazon ECR:
 * a `ConfigMap` (as in the seed's kaniko.yml) and, for IRSA or EKS Pod Identity, a `ServiceAccount`.
 * Pure: no file system, no `vscode`; callers decide where the text goes.
 */
import { Document, Scalar } from 'yaml';
import { describePlaceholder, parseAnyEcrHost, type AnyEcrHost } from '../aws/ecr';
import { isIamRoleArn } from '../aws/iam';
import { asciiJson, assertYamlSafe, commentSafe, KUBECTL_YAML, registryHostProblem } from '../yamlOutput';

export const DEFAULT_CONFIGMAP_NAME = 'docker-config';
export const DEFAULT_CONFIGMAP_FILE = 'kaniko-docker-config.yaml';
export const DEFAULT_SERVICE_ACCOUNT_NAME = 'kaniko';
export const ECR_CREDENTIAL_HELPER = 'ecr-login';

export interface GenerateEcrConfigMapOptions {
  /** ECR registries for `credHelpers` (private or ECR Public): hosts, `https://` URLs or image references. */
  registries?: readonly string[];
  /** Emit `{"credsStore": "ecr-login"}` (every registry goes to ECR, as in the seed) instead of `credHelpers`. */
  credsStore?: boolean;
  /** ConfigMap name; default `docker-config`. */
  name?: string;
  namespace?: string;
  /**
   * IAM role ARN. With `identity: 'irsa'` (the default when a role is given) the ServiceAccount is
   * annotated with it; with `'pod-identity'` it goes into the association command instead.
   */
  roleArn?: string;
  /** How the pod gets AWS credentials: IRSA, EKS Pod Identity, or the node's instance role (no ServiceAccount). */
  identity?: EcrIdentity;
  /** EKS cluster name for the `aws eks create-pod-identity-association` command (a placeholder otherwise). */
  clusterName?: string;
  /** Name of that ServiceAccount; default `kaniko`. */
  serviceAccountName?: string;
  /** File name used in the `kubectl apply -f` hint; default `kaniko-docker-config.yaml`. */
  fileName?: string;
}

export type EcrIdentity = 'irsa' | 'pod-identity' | 'node';

export interface GeneratedEcrConfigMap {
  yaml: string;
  /** The ServiceAccount the Kaniko pod must run as (`serviceAccountName`), when one is written. */
  serviceAccountName?: string;
  /** Commands the user runs next, in order. */
  nextSteps: string[];
  /** Registries written to `credHelpers` (empty for `credsStore`). */
  registries: AnyEcrHost[];
  /** Non-fatal remarks, e.g. a placeholder host that must be edited before applying. */
  warnings: string[];
}

export type ConfigMapProblemCode =
  | 'not-ecr'
  | 'invalid-host'
  | 'no-registry'
  | 'invalid-name'
  | 'invalid-namespace'
  | 'invalid-role-arn'
  | 'invalid-service-account-name'
  | 'missing-role-arn';

export interface ConfigMapProblem {
  code: ConfigMapProblemCode;
  message: string;
}

/** Bad input for the generator; `problems` lists every one found, `message` joins them. */
export class ConfigMapError extends Error {
  readonly problems: readonly ConfigMapProblem[];

  constructor(problems: readonly ConfigMapProblem[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'ConfigMapError';
    this.problems = problems;
  }

  get codes(): ConfigMapProblemCode[] {
    return this.problems.map((p) => p.code);
  }
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function subdomainProblem(what: string, value: string): string | undefined {
  if (value.length <= 253 && DNS1123_SUBDOMAIN.test(value)) return undefined;
  return (
    `${what} "${value}" is not a valid Kubernetes name: use at most 253 lower-case letters, digits, ` +
    `'-' and '.', starting and ending with a letter or digit (DNS-1123 subdomain).`
  );
}

/** Validation messages, also usable as VS Code InputBox `validateInput` results (undefined = fine). */
export function validateConfigMapName(name: string): string | undefined {
  return subdomainProblem('ConfigMap name', name);
}

export function validateServiceAccountName(name: string): string | undefined {
  return subdomainProblem('ServiceAccount name', name);
}

export function validateNamespace(namespace: string): string | undefined {
  if (namespace.length <= 63 && DNS1123_LABEL.test(namespace)) return undefined;
  return (
    `Namespace "${namespace}" is not valid: use at most 63 lower-case letters, digits and '-', ` +
    `starting and ending with a letter or digit (DNS-1123 label).`
  );
}

export function validateRoleArn(arn: string): string | undefined {
  if (isIamRoleArn(arn)) return undefined;
  return `"${arn}" is not an IAM role ARN: expected arn:aws:iam::<12-digit account id>:role/<role name>.`;
}

export function validateEcrRegistry(registry: string): string | undefined {
  if (parseAnyEcrHost(registry)) return undefined;
  return (
    `"${registry}" is not an Amazon ECR registry: expected <12-digit account id>.dkr.ecr.<region>.amazonaws.com ` +
    `(or .amazonaws.com.cn, .amazonaws.eu, dkr.ecr-fips, the dual-stack <account id>.dkr-ecr.<region>.on.aws), ` +
    `or ECR Public: public.ecr.aws or ecr-public.aws.com.`
  );
}

const NO_REGISTRY_MESSAGE =
  'No ECR registry for credHelpers: name at least one (e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com), ' +
  'or use credsStore to send every registry to the ECR helper.';

interface CheckedOptions {
  hosts: AnyEcrHost[];
  name: string;
  namespace?: string;
  roleArn?: string;
  serviceAccountName: string;
  identity: EcrIdentity;
}

function check(options: GenerateEcrConfigMapOptions): CheckedOptions {
  const problems: ConfigMapProblem[] = [];
  const add = (code: ConfigMapProblemCode, message: string | undefined) => {
    if (message !== undefined) problems.push({ code, message });
  };

  const hosts: AnyEcrHost[] = [];
  for (const registry of options.registries ?? []) {
    const host = parseAnyEcrHost(registry);
    if (!host) add('not-ecr', validateEcrRegistry(registry));
    else if (registryHostProblem(host.host, host.placeholder)) add('invalid-host', registryHostProblem(host.host, host.placeholder));
    else if (!hosts.some((h) => h.host === host.host)) hosts.push(host);
  }
  if (!options.credsStore && hosts.length === 0 && problems.length === 0) add('no-registry', NO_REGISTRY_MESSAGE);

  const name = options.name ?? DEFAULT_CONFIGMAP_NAME;
  add('invalid-name', validateConfigMapName(name));
  if (options.namespace !== undefined) add('invalid-namespace', validateNamespace(options.namespace));
  const serviceAccountName = options.serviceAccountName ?? DEFAULT_SERVICE_ACCOUNT_NAME;
  const identity: EcrIdentity = options.identity ?? (options.roleArn !== undefined ? 'irsa' : 'node');
  if (options.roleArn !== undefined) add('invalid-role-arn', validateRoleArn(options.roleArn));
  if (identity === 'irsa' && options.roleArn === undefined)
    add('missing-role-arn', 'IRSA needs the IAM role ARN the ServiceAccount is annotated with (--role-arn).');
  if (identity !== 'node') add('invalid-service-account-name', validateServiceAccountName(serviceAccountName));

  if (problems.length > 0) throw new ConfigMapError(problems);
  return { hosts, name, namespace: options.namespace, roleArn: options.roleArn, serviceAccountName, identity };
}

/** Comment text for the yaml library: one leading space per line renders as `# line`. */
const asComment = (lines: string[]) => lines.map((l) => ` ${commentSafe(l)}`).join('\n');

/**
 * The Docker config Kaniko reads. Indented with three spaces, as in the seed's kaniko.yml,
 * so the credsStore form is the seed's text exactly.
 */
function dockerConfigJson(hosts: AnyEcrHost[], credsStore: boolean): string {
  const config = credsStore ? { credsStore: ECR_CREDENTIAL_HELPER } : { credHelpers: Object.fromEntries(hosts.map((h) => [h.host, ECR_CREDENTIAL_HELPER])) };
  return asciiJson(JSON.stringify(config, null, 3));
}

/**
 * Throws `ConfigMapError` for a non-ECR registry, no registry in credHelpers mode, an invalid
 * name/namespace, or a malformed role ARN.
 */
export function generateEcrConfigMap(options: GenerateEcrConfigMapOptions): GeneratedEcrConfigMap {
  const checked = check(options);
  const credsStore = options.credsStore === true;
  const fileName = options.fileName ?? DEFAULT_CONFIGMAP_FILE;
  const usedHosts = credsStore ? [] : checked.hosts;
  const warnings = checked.hosts.flatMap((h) => (h.service === 'ecr' && h.placeholder ? [describePlaceholder(h)] : []));
  const publicHosts = checked.hosts.filter((h) => h.service === 'ecr-public');

  const metadata: Record<string, string> = { name: checked.name };
  if (checked.namespace !== undefined) metadata.namespace = checked.namespace;

  const configMap = new Document(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata,
      data: { 'config.json': dockerConfigJson(usedHosts, credsStore) },
    },
    KUBECTL_YAML,
  );
  const json = configMap.getIn(['data', 'config.json'], true) as Scalar;
  json.type = Scalar.BLOCK_LITERAL;

  const header = [
    'Docker config for Kaniko: lets it authenticate to Amazon ECR through the ecr-login credential helper.',
    `Apply it with:  kubectl apply -f ${fileName}`,
    `Then mount ConfigMap "${checked.name}" at /kaniko/.docker in the Kaniko container.`,
    "Kaniko's executor also tries its built-in ECR helper for every registry, so this ConfigMap",
    'pins that behaviour rather than being strictly required.',
    credsStore
      ? 'credsStore sends every registry without a credHelpers entry to ecr-login and overrides auths for all of them (Docker Hub pulls included); credHelpers would scope it to ECR.'
      : 'credHelpers scopes ecr-login to these registries; credsStore would override auths for every other registry.',
    ...identityLines(checked),
    ...(publicHosts.length > 0
      ? [
          `ECR Public (${publicHosts.map((h) => h.host).join(', ')}): the helper gets its token from us-east-1; the identity needs`,
          'ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken besides the push rights on the repository.',
        ]
      : []),
  ];
  if (!credsStore) header.push(...warnings.map((w) => `TODO: ${w}`));
  configMap.commentBefore = asComment(header);

  let yamlText = configMap.toString();
  const nextSteps = [`kubectl apply -f ${fileName}`];

  if (checked.identity !== 'node') {
    const irsa = checked.identity === 'irsa';
    const serviceAccount = new Document(
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: checked.serviceAccountName,
          ...(checked.namespace !== undefined ? { namespace: checked.namespace } : {}),
          ...(irsa ? { annotations: { 'eks.amazonaws.com/role-arn': checked.roleArn! } } : {}),
        },
      },
      KUBECTL_YAML,
    );
    // Second document: the `---` separator comes from the library, not from hand-written text.
    if (serviceAccount.directives) serviceAccount.directives.docStart = true;
    const association = podIdentityAssociationCommand(checked, options.clusterName);
    if (!irsa) nextSteps.push(association);
    if (serviceAccount.contents) {
      serviceAccount.contents.commentBefore = asComment([
        irsa
          ? "IRSA: pods running as this ServiceAccount get the IAM role's credentials (the role needs ECR push rights"
          : 'EKS Pod Identity: no annotation; associate the IAM role with this ServiceAccount (the role needs ECR push rights',
        irsa
          ? "and a trust policy for the cluster's OIDC provider)."
          : 'and a trust policy for pods.eks.amazonaws.com; the cluster needs the eks-pod-identity-agent add-on):',
        ...(irsa ? [] : [`  ${association}`]),
        `Set serviceAccountName: ${checked.serviceAccountName} in the Kaniko pod spec`,
        `(serviceAccount '${checked.serviceAccountName}' in a kubernetes agent or podTemplate).`,
      ]);
    }
    yamlText += serviceAccount.toString();
  }

  // Whatever reached the text, no YAML reader may find a line break or control character in it.
  assertYamlSafe(yamlText);
  return {
    yaml: yamlText,
    registries: usedHosts,
    warnings: credsStore ? [] : warnings,
    serviceAccountName: checked.identity === 'node' ? undefined : checked.serviceAccountName,
    nextSteps,
  };
}

/** `aws eks create-pod-identity-association …` for the ServiceAccount (AWS CLI v2 `eks` reference). */
export function podIdentityAssociationCommand(checked: { namespace?: string; serviceAccountName: string; roleArn?: string }, clusterName?: string): string {
  return [
    'aws eks create-pod-identity-association',
    `--cluster-name ${clusterName ?? '<cluster-name>'}`,
    `--namespace ${checked.namespace ?? '<namespace-of-the-jenkins-agents>'}`,
    `--service-account ${checked.serviceAccountName}`,
    `--role-arn ${checked.roleArn ?? '<arn:aws:iam::123456789012:role/kaniko-ecr-push>'}`,
  ].join(' ');
}

function identityLines(checked: CheckedOptions): string[] {
  switch (checked.identity) {
    case 'irsa':
      return [`AWS credentials: IRSA, through the ServiceAccount "${checked.serviceAccountName}" below.`];
    case 'pod-identity':
      return [`AWS credentials: EKS Pod Identity, through the ServiceAccount "${checked.serviceAccountName}" below.`];
    default:
      return ["AWS credentials: the node's instance role (it needs ECR push rights); no ServiceAccount is needed."];
  }
}
