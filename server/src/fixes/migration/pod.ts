/**
 * The pod side of a stage migration: which container runs the daemon, rewriting it (podRewrite.ts),
 * and pointing `container('…')` references at the Kaniko container.
 */
import { dockerSocketVolumes, isDockerSocketVolume } from '../../docker';
import { calleeName, literalValue, type Container, type Pod, type Volume } from '../../model';
import { isDockerClient, isTemplateDockerClient, volumesByName, type ClientFate } from '../podRewrite/clientContainer';
import {
  isAgentContainer,
  KANIKO_CONTAINER,
  releasePodTemplateEnv,
  rewriteContainerTemplatePod,
  rewriteYamlPod,
  type CredentialsMount,
  type PodRewrite,
} from '../podRewrite';
import { escapeForLiteral } from '../text';
import { BuildArgsReader } from './buildArgs';
import { block } from './types';

/** A dind image whose command is a keep-alive (`cat`, `sleep`) never starts dockerd: beside the socket it is a client. */
const KEEP_ALIVE_COMMAND = /^(\/busybox\/)?(cat|sleep)$|^\/bin\/(cat|sleep)$/;

export abstract class PodPlanner extends BuildArgsReader {
  protected buildContainerName(): string {
    const names = new Set(this.builds.map((b) => b.step.containerName));
    if (names.size > 1) block('several-containers', `the builds run in different containers (${[...names].join(', ')})`);
    return [...names][0];
  }

  protected chooseDaemonContainer(pod: Pod): void {
    const sockets = dockerSocketVolumes(pod);
    const dinds = pod.containers.filter((c) => c.isDind && !(sockets.length > 0 && KEEP_ALIVE_COMMAND.test(c.command[0] ?? '')));
    const buildName = this.buildContainerName();
    const buildContainer = this.containerOf(pod, buildName);
    if (dinds.length > 1) block('several-daemons', `the pod runs ${dinds.length} Docker-in-Docker containers`);
    if (dinds.length === 1 && sockets.length > 0) block('dind-and-socket', 'the pod has both a dind container and the Docker socket');
    let daemon: Container | undefined;
    if (dinds.length === 1) {
      daemon = dinds[0];
    } else {
      const mounting = pod.containers.filter(
        (c) => c.origin === 'yaml' && c.volumeMounts.some((m) => sockets.some((v) => v.name !== undefined && v.name === m.name)),
      );
      if (pod.containers.some((c) => c.origin === 'containerTemplate')) {
        // Pod-level volumes reach every container: the one the build runs in is the Docker client.
        if (!buildContainer || buildContainer.origin !== 'containerTemplate' || buildContainer.pod !== pod) {
          block('several-containers', `the build runs in container '${buildName}', which is not one of the pod's containerTemplates`);
        }
        daemon = buildContainer;
      } else if (mounting.length === 1) {
        daemon = mounting[0];
      } else if (mounting.length > 1) {
        if (!buildContainer || !mounting.includes(buildContainer))
          block('several-daemons', `several containers mount the Docker socket (${mounting.map((c) => c.name).join(', ')})`);
        block(
          'several-daemons',
          `containers ${mounting
            .filter((c) => c !== buildContainer)
            .map((c) => `'${c.name}'`)
            .join(', ')} also mount the Docker socket and would keep using it`,
        );
      } else {
        block('no-daemon', 'no container mounts the Docker socket volume');
      }
    }
    if (!daemon?.name) block('pod-layout', 'the daemon container has no name');
    if (daemon.pod !== pod && !(pod.origin === 'podTemplate')) block('pod-layout', 'the daemon container belongs to another pod');
    const clash = daemon.pod.containers.find((c) => c !== daemon && c.name === KANIKO_CONTAINER);
    if (clash) block('pod-layout', `the pod already has a container named '${KANIKO_CONTAINER}'`);
    this.daemon = daemon;
    // Pods parsed from the same YAML literal (a shared variable) or the same yamlFile change together.
    const literal = daemon.pod.yaml?.literal;
    const file = daemon.pod.yaml?.from === 'yamlFile' && daemon.origin === 'yaml' ? daemon.pod.yaml.file : undefined;
    this.daemonContainers = [daemon];
    if (literal && daemon.span) {
      for (const other of this.model.pods) {
        if (other === daemon.pod || other.yaml?.literal !== literal) continue;
        const twin = other.containers.find((c) => c.span?.start === daemon!.span!.start);
        if (twin) this.daemonContainers.push(twin);
      }
    } else if (file !== undefined) {
      const index = daemon.pod.containers.indexOf(daemon);
      for (const other of this.model.pods) {
        if (other === daemon.pod || other.yaml?.from !== 'yamlFile' || other.yaml.file !== file) continue;
        const twin = other.containers[index];
        if (twin?.origin === 'yaml' && twin.name === daemon.name) this.daemonContainers.push(twin);
      }
    }
    // The agent `jnlp` is never renamed: a Kaniko container is added beside it and the executor runs there.
    this.wrapExecutor = isAgentContainer(daemon) || !buildContainer || !this.daemonContainers.includes(buildContainer);
  }

  /**
   * Pods read from one source by several stages (a group unit) get the one rewritten pod: each must
   * have the daemon where the first has it, or the rewrite would leave a daemon behind in one of them.
   */
  protected checkGroupDaemons(): void {
    const pods = this.unitPods();
    if (pods.length < 2) return;
    for (const pod of pods) {
      if (this.daemonContainers.some((c) => c.pod === pod)) continue;
      const where = pod.stage ? `stage '${pod.stage.name}' (line ${this.line(pod.call.start)})` : `the pod at line ${this.line(pod.call.start)}`;
      block(
        'daemon-used-elsewhere',
        `${where} reads the same pod YAML (${this.stage.name}), but its pod has no container '${this.daemon.name}' where the others have it, so one rewrite cannot serve both; give that stage its own pod YAML, or migrate it by hand`,
      );
    }
  }

  protected rewritePod(mount: CredentialsMount): PodRewrite {
    const daemon = this.daemon;
    // Volumes the daemon container used must not stay mounted elsewhere (that daemon access would survive).
    if (daemon.origin === 'yaml') {
      for (const other of daemon.pod.containers) {
        if (other === daemon) continue;
        for (const mount of other.volumeMounts) {
          const volume = daemon.pod.volumes.find((v) => v.name === mount.name);
          if (isDockerSocketVolume(volume)) {
            block('several-daemons', `container '${other.name}' also mounts the Docker socket`);
          }
        }
      }
    }
    const volumeByName = volumesByName(daemon.pod);
    const clients = this.dockerClients(volumeByName);
    const result =
      daemon.origin === 'yaml'
        ? rewriteYamlPod(this.model, daemon.pod, daemon, this.settings, mount, clients, volumeByName)
        : rewriteContainerTemplatePod(this.model, daemon.pod, daemon, this.settings, mount, clients);
    if ('blocked' in result) block('pod-layout', result.blocked);
    // The podTemplate's own envVars reach every container: DOCKER_HOST there points at the daemon too.
    const templates = new Set([...this.unitPods(), daemon.pod].filter((pod) => calleeName(pod.call) === 'podTemplate').map((pod) => pod.call));
    for (const call of templates) {
      const released = releasePodTemplateEnv(call);
      if (released.names.length === 0) continue;
      result.edits.push(...released.edits);
      this.podEnvReleased.push(...released.names.filter((name) => !this.podEnvReleased.includes(name)));
    }
    return result;
  }

  /**
   * The pod's other containers that were Docker clients of the daemon (DOCKER_HOST, a socket probe,
   * a shared /var/run or /certs): they stay, since steps still run in them, minus what pointed at it;
   * the one the build ran in goes when nothing else runs in it (see decideBuildClient).
   */
  protected dockerClients(volumeByName: ReadonlyMap<string, Volume>): ClientFate[] {
    const pod = this.daemon.pod;
    // Twins in pods outside this unit (a shared YAML literal) may still need the daemon's address.
    if (this.daemonContainers.some((c) => !this.unitPods().includes(c.pod))) return [];
    return pod.containers
      .filter((c) => c !== this.daemon && (c === this.removedClient || isDockerClient(c, volumeByName) || isTemplateDockerClient(c, this.text)))
      .map((container) => ({ container, remove: container === this.removedClient }));
  }

  protected retarget(): void {
    const daemonName = this.daemon.name!;
    const renamesDaemon = daemonName !== KANIKO_CONTAINER && !isAgentContainer(this.daemon);
    for (const ref of this.model.containerRefs) {
      const target = this.containerOf(ref.pod, ref.name);
      if (!target) continue;
      // The daemon's references follow its new name; so do those of a removed client, whose blocks now hold the executor.
      const follows = (renamesDaemon && ref.name === daemonName && this.daemonContainers.includes(target)) || target === this.removedClient;
      if (!follows) continue;
      const literal = this.syntax.literals.find((l) => l.start === ref.span.start && l.end === ref.span.end);
      if (!literal || literalValue(literal) === undefined || literal.quote === '/' || literal.quote === '$/') {
        block('pod-layout', `the container name at line ${this.line(ref.span.start)} is not a plain string`);
      }
      const edit = { start: literal.contentStart, end: literal.contentEnd, newText: escapeForLiteral(KANIKO_CONTAINER, literal.quote) };
      this.retargets.add(edit);
      this.edits.push(edit);
    }
  }
}
