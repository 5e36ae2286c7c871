/**
 * How a migrated stage authenticates its pushes: the decision the migration planner asks for
 * through `planRegistryCredentials`, kept here so that registry knowledge has one home.
 *
 * - Amazon ECR (private and Public): the ecr-login helper in the Kaniko image and the pod's IAM
 *   identity; the `docker-config` ConfigMap maps the hosts to the helper.
 * - Any other registry, setting `registryCredentials: 'jenkins'` (default): the Jenkins
 *   credential the pipeline already used is kept; the executor step is wrapped in
 *   `withCredentials` and writes config.json itself.
 * - `registryCredentials: 'secret'`, or no Jenkins credential to keep: a
 *   `kubernetes.io/dockerconfigjson` Secret mounted at `/kaniko/.docker`.
 */
import { parseEcrCredentialsId } from '../aws/ecr';
import { kanikoImage } from '../kaniko/images';
import { credentialAdvice, isAwsRegistry, registryOfImage, registryOfUrl, registryTitle, type Registry } from './hosts';
import { withRegistryCredentials, type ConfigKeyWord, type GroovyLine, type RegistryLogin, type UsernamePasswordBinding } from './jenkins';
import { DEFAULT_REGISTRY_SECRET_NAME } from './secret';

export type RegistryCredentialsMode = 'jenkins' | 'secret';
export const REGISTRY_CREDENTIALS_MODES: readonly RegistryCredentialsMode[] = ['jenkins', 'secret'];

/** A Jenkins credential the stage used to reach a registry. */
export interface JenkinsCredentialUse {
  /** The id, or for a variable the Groovy source that holds it. */
  credentialsId: string;
  /** Groovy source of the id when it is not a literal: `env.REGISTRY_CREDENTIALS_ID`, `DOCKER_CREDS`. */
  credentialsIdExpression?: string;
  /** Registry URL or host as written (`https://registry.hub.docker.com`, `ghcr.io`); '' for Docker Hub. */
  registry: string;
  /** Where it came from, for notes. */
  source: 'withRegistry' | 'docker login';
}

export interface RegistryCredentialsInput {
  /** Every `--destination` the executor will get, with known variables filled in. */
  destinations: readonly string[];
  credentials: readonly JenkinsCredentialUse[];
  /** The stage logged in to ECR (`aws ecr get-login…`, an `ecr:` credential). */
  ecrLogin: boolean;
  mode: RegistryCredentialsMode;
  configMapName: string;
  /** Whether a name is an environment variable the shell sees (`environment {}`, `withEnv`). */
  isEnvironmentVariable: (name: string) => boolean;
  /** Whether the executor steps can be wrapped in `withCredentials` (not when the executor replaces a command inside a longer script). */
  wrappable?: boolean;
  /** The image the executor runs in: one without the credential helpers (the fork's `alpine`) cannot be sent to ecr-login. */
  kanikoImage?: string;
}

export interface RegistryCredentialsPlan {
  /** What the pod mounts at /kaniko/.docker. */
  mount: 'configMap' | 'secret' | 'none';
  /** Jenkins credentials carried over: the executor lines get wrapped (see `wrapExecutor`). */
  logins: RegistryLogin[];
  /** ECR hosts written to `credHelpers` by the wrapper (the ConfigMap is not mounted then). */
  ecrHosts: string[];
  notes: string[];
  /** What the user must do before the migrated pipeline can push (create the Secret). */
  nextSteps: string[];
  /** Short phrase for the migration summary. */
  summary?: string;
}

export function wrapExecutor(plan: RegistryCredentialsPlan, executor: readonly GroovyLine[], around: readonly UsernamePasswordBinding[] = []): GroovyLine[] {
  return withRegistryCredentials(plan.logins, executor, plan.ecrHosts, around);
}

/** `${env.REGISTRY}`, `${REGISTRY}`, `$REGISTRY` as the whole host: the variable's name. */
function variableHost(host: string): string | undefined {
  return /^\$\{(?:env\.)?([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(host)?.[1] ?? /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(host)?.[1];
}

export function planRegistryCredentials(input: RegistryCredentialsInput): RegistryCredentialsPlan {
  const notes: string[] = [];
  const pushed = dedupe(input.destinations.map(registryOfImage));
  const ecrPlugin = input.credentials.filter((c) => parseEcrCredentialsId(c.credentialsId));
  const jenkins = input.credentials.filter((c) => !parseEcrCredentialsId(c.credentialsId));
  // Registries logged in to count too: a login may be for pulling a private base image.
  const used = dedupe([...pushed, ...jenkins.map((c) => registryOfUrl(c.registry))]);
  // After an ECR login, a registry hidden behind a variable is taken to be that ECR registry.
  const isAws = (r: Registry) => isAwsRegistry(r) || (input.ecrLogin && r.placeholder);
  const aws = used.filter(isAws);
  const others = used.filter((r) => !isAws(r));

  for (const use of ecrPlugin) {
    notes.push(
      `The Jenkins credential '${use.credentialsId}' (Amazon ECR plugin) is not used any more: Kaniko's ecr-login helper authenticates with the pod's IAM identity. Give the pod one that may push to ECR: IRSA (a ServiceAccount annotated with eks.amazonaws.com/role-arn), EKS Pod Identity (aws eks create-pod-identity-association), or the node's instance role; see docs/credentials.md.`,
    );
  }
  const ecrMount = aws.length > 0 || (others.length === 0 && (input.ecrLogin || ecrPlugin.length > 0));
  // A config.json naming ecr-login stops such an image ("executable file not found"); without one, the
  // executor's built-in ECR support signs in with the pod's IAM identity.
  const image = input.kanikoImage === undefined ? undefined : kanikoImage(input.kanikoImage);
  const noHelpers = image?.credentialHelpers === 'no';
  if (noHelpers && ecrMount) {
    notes.push(
      `The Kaniko image ${input.kanikoImage} has no credential helpers, so no ConfigMap naming ecr-login is mounted${others.length > 0 ? ' or written' : ''}: the executor signs in to ECR by itself with the pod's IAM identity (IRSA, EKS Pod Identity or the node role; see docs/credentials.md).`,
    );
  }
  if (others.length === 0) return { mount: ecrMount && !noHelpers ? 'configMap' : 'none', logins: [], ecrHosts: [], notes, nextSteps: [] };

  // Registries other than ECR: find the Jenkins credential each one was used with.
  const logins: RegistryLogin[] = [];
  const missing: Registry[] = [];
  for (const registry of others) {
    const use = jenkins.find((c) => sameRegistry(registryOfUrl(c.registry), registry));
    if (!use) {
      missing.push(registry);
      continue;
    }
    const variable = registry.placeholder ? variableHost(registry.host) : undefined;
    let key: ConfigKeyWord | undefined;
    if (!registry.placeholder) key = { literal: registry.configKey };
    else if (variable && input.isEnvironmentVariable(variable)) key = { environmentVariable: variable };
    if (!key) {
      missing.push(registry);
      continue;
    }
    if (!logins.some((l) => l.credentialsId === use.credentialsId && l.registry.configKey === registry.configKey))
      logins.push({ credentialsId: use.credentialsId, credentialsIdExpression: use.credentialsIdExpression, registry, key });
  }

  const allLoggedIn = input.mode === 'jenkins' && missing.length === 0;
  const unwrappable = allLoggedIn && input.wrappable === false;
  if (allLoggedIn && !unwrappable) {
    for (const login of logins)
      notes.push(
        `Kaniko logs in to ${registryTitle(login.registry)} with the Jenkins credential '${login.credentialsId}' (written to /kaniko/.docker/config.json before the executor runs).`,
      );
    const ecrHosts = noHelpers ? [] : aws.filter((r) => !r.placeholder).map((r) => r.configKey);
    if (aws.length > 0 && !noHelpers) {
      notes.push(
        `The stage also pushes to ${aws.map((r) => r.host).join(', ')}: the written config.json sends ${aws.length === 1 ? 'it' : 'them'} to the ecr-login helper (instead of mounting the ConfigMap '${input.configMapName}'), which uses the pod's IAM identity.`,
      );
    }
    return {
      mount: 'none',
      logins,
      ecrHosts,
      notes,
      nextSteps: [],
      summary: `the Jenkins credential${logins.length > 1 ? 's' : ''} ${logins.map((l) => `'${l.credentialsId}'`).join(', ')} ${logins.length > 1 ? 'are' : 'is'} kept for the push`,
    };
  }

  // A Secret mounted at /kaniko/.docker.
  const secretRegistries = others;
  const first = secretRegistries[0];
  const why =
    input.mode === 'secret'
      ? 'as the registryCredentials setting asks'
      : unwrappable
        ? 'because the executor replaces a command inside a longer sh script, which cannot be wrapped in withCredentials (move docker build into its own sh step to keep the Jenkins credential)'
        : `because no Jenkins username/password credential was found for ${missing.map((r) => r.host).join(', ')}${missing.some((r) => r.placeholder) ? ' (or its host is a Groovy value the shell cannot see)' : ''}`;
  const nextSteps = [
    `/kaniko/.docker mounts the Secret '${DEFAULT_REGISTRY_SECRET_NAME}' ${why}. Create it: jenkinsfile-kaniko credentials --from <Jenkinsfile> (or the "Generate Registry Credentials" command), fill in the placeholders and kubectl apply -f kaniko-registry-credentials.yaml; or kubectl create secret docker-registry ${DEFAULT_REGISTRY_SECRET_NAME} --docker-server=${first.configKey} --docker-username=<user> --docker-password=<password>.`,
  ];
  for (const registry of secretRegistries) notes.push(credentialAdvice(registry));
  if (jenkins.length > 0)
    notes.push(
      `The Jenkins credential${jenkins.length > 1 ? 's' : ''} ${jenkins.map((c) => `'${c.credentialsId}'`).join(', ')} ${jenkins.length > 1 ? 'are' : 'is'} no longer used for the push.`,
    );
  if (aws.length > 0)
    notes.push(
      `The Secret replaces the ConfigMap '${input.configMapName}': Kaniko still reaches ${aws.map((r) => r.host).join(', ')} through its built-in ECR helper and the pod's IAM identity.`,
    );
  return { mount: 'secret', logins: [], ecrHosts: [], notes, nextSteps };
}

function sameRegistry(a: Registry, b: Registry): boolean {
  return a.configKey === b.configKey;
}

function dedupe(registries: Registry[]): Registry[] {
  const seen = new Set<string>();
  return registries.filter((r) => (seen.has(r.configKey) ? false : (seen.add(r.configKey), true)));
}
