import { parseAnyEcrHost } from '../aws/ecr';
import { debugVariant } from '../kaniko/images';
import { scriptSpan, type Container, type JenkinsModel } from '../model';
import { executorCommands, expandKnownVariables, stepsIn, writtenImage, writtenKanikoImage } from './kaniko-helpers';
import { unquotedSpan } from './spans';
import { defineRule, type Finding } from './types';

const KANIKO_DOCKER_DIR = '/kaniko/.docker';

/** A `sh` step in the container that writes a config.json naming the ecr-login helper (`echo '{"credsStore":"ecr-login"}' > /kaniko/.docker/config.json`). */
function ecrLoginConfigWrite(model: JenkinsModel, container: Container): { credsStore: boolean } | undefined {
  for (const step of stepsIn(model, container)) {
    if (step.kind !== 'shell' || !step.script) continue;
    const script = step.script.text;
    if (!script.includes('ecr-login') || !script.includes('config.json')) continue;
    return { credsStore: /credsStore/.test(script) };
  }
  return undefined;
}

/** What puts a config.json at /kaniko/.docker in this container: a mount (YAML) or a podTemplate volume. */
function mountedDockerConfig(container: Container): string | undefined {
  const atDockerDir = (path: string | undefined) =>
    path !== undefined && [KANIKO_DOCKER_DIR, `${KANIKO_DOCKER_DIR}/config.json`].includes(path.replace(/\/$/, ''));
  const mount = container.volumeMounts.find((m) => atDockerDir(m.mountPath));
  const volume = mount
    ? container.pod.volumes.find((v) => v.name !== undefined && v.name === mount.name)
    : container.pod.volumes.find((v) => atDockerDir(v.mountPath));
  if (!mount && !volume) return undefined;
  if (volume?.configMapName) return `the ConfigMap '${volume.configMapName}'`;
  if (volume?.secretName) return `the Secret '${volume.secretName}'`;
  return 'a volume';
}

export interface KanikoEcrHelperMissingData {
  stepStart: number;
  stepEnd: number;
  /** The Kaniko image as written. */
  image: string;
  /** The `-debug` image of the same release. */
  suggestedImage?: string;
  /** The ECR host pushed to, when one is named. */
  host?: string;
  /** Where the config.json naming ecr-login comes from: a `sh` step, or a volume at /kaniko/.docker. */
  source: 'script' | 'mount';
}

export const kanikoEcrHelperMissing = defineRule<KanikoEcrHelperMissingData>()({
  meta: {
    id: 'kaniko-ecr-helper-missing',
    defaultSeverity: 'warning',
    title: 'config.json names the ecr-login helper in a Kaniko image without it',
    description:
      'The osscontainertools fork\'s `alpine` image has no credential-helper binaries, yet reads `/kaniko/.docker/config.json` (`DOCKER_CONFIG`). When that file names `ecr-login` (`credHelpers` or `credsStore`, as the `docker-config` ConfigMap and the usual `echo \'{"credsStore":"ecr-login"}\'` do), Kaniko runs `docker-credential-ecr-login`, which is not there, and stops with `executable file not found in $PATH`; with `credsStore` that happens for every registry, base-image pulls included. The executor\'s built-in ECR helper needs no config.json at all.',
    codeActions: [],
    fix: "Use the `-debug` image of the same release (it has the helper and a busybox shell), or give the alpine container no config.json entry for ECR: drop the ConfigMap mount or the `ecr-login` line, and the built-in ECR helper logs in with the pod's IAM identity.",
  },
  check(model) {
    const findings: Array<Finding<KanikoEcrHelperMissingData>> = [];
    const executors = executorCommands(model);
    // Most files run no executor: no set is made for them.
    if (executors.length === 0) return findings;
    const reported = new Set<Container>();
    for (let x = 0; x < executors.length; x++) {
      const executor = executors[x];
      const { invocation, step, program } = executor;
      if (invocation.subcommand) continue;
      const container = executor.container;
      if (!container || reported.has(container)) continue;
      const written = writtenImage(model, container);
      if (!written) continue;
      const image = writtenKanikoImage(container, written);
      if (image?.variant !== 'alpine' || image.credentialHelpers !== 'no') continue;
      const ecrHost = executor.pushes.map((d) => parseAnyEcrHost(expandKnownVariables(model, d.value))).find((host) => host !== undefined)?.host;
      const configWrite = ecrLoginConfigWrite(model, container);
      const mounted = mountedDockerConfig(container);
      const suggestedImage = debugVariant(written, image);
      const debug = suggestedImage ?? 'the -debug image';
      let message: string;
      if (configWrite && (configWrite.credsStore || ecrHost)) {
        message =
          `'${written}' has no docker-credential-ecr-login, but the config.json written in this container names the ecr-login helper: ` +
          `Kaniko stops with 'executable file not found in $PATH' ${configWrite.credsStore ? 'for every registry (credsStore)' : `when it pushes to '${ecrHost}'`}. ` +
          `Drop the ecr-login entry (the executor's built-in ECR helper then logs in with the pod's IAM identity), or use ${debug}.`;
      } else if (mounted && ecrHost) {
        message =
          `'${written}' has no docker-credential-ecr-login, and it pushes to '${ecrHost}' with ${mounted} mounted at ${KANIKO_DOCKER_DIR}: ` +
          `if its config.json names the ecr-login helper, as the docker-config ConfigMap does, Kaniko stops with 'executable file not found in $PATH'. ` +
          `Use ${debug}, or mount no ecr-login config.json here (the executor's built-in ECR helper logs in with the pod's IAM identity).`;
      } else continue;
      reported.add(container);
      const span = container.imageSpan ? unquotedSpan(model.text, container.imageSpan) : scriptSpan(step.script, program.start, program.end);
      findings.push({
        ...span,
        message,
        data: {
          stepStart: step.call.start,
          stepEnd: step.call.end,
          image: written,
          suggestedImage,
          host: ecrHost,
          source: configWrite ? 'script' : 'mount',
        },
      });
    }
    return findings;
  },
});
