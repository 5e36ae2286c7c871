/**
 * YAML pods: the daemon container becomes the Kaniko container inside the pod's string literal,
 * edited in place: its mounts and the pod volumes only it used go, the keep-alive comes after the
 * image, and the registry credentials are mounted at /kaniko/.docker. When the daemon's client was
 * the agent container `jnlp`, it keeps its name and loses only the socket mount, and a Kaniko
 * container is added after the pod's last container.
 */
import { isMap, isSeq, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { DAEMON_ONLY_ENV, DAEMON_ONLY_KEYS, isDockerVolume } from '../../docker';
import { keepAliveFor } from '../../kaniko/images';
import { podSpec, type Container, type JenkinsModel, type Pod, type EmbeddedYaml, type Volume } from '../../model';
import { pairOf, scalarText, YamlEditor } from '../yamlEdit';
import { releaseDockerClients, type ClientFate, type ClientRelease } from './clientContainer';
import {
  type KanikoContainerSettings,
  KANIKO_CONTAINER,
  KANIKO_DOCKER_DIR,
  REGISTRY_SECRET,
  type PodRewrite,
  type PodRewriteResult,
  type CredentialsMount,
  isAgentContainer,
  podServiceAccount,
} from './shared';

type Blocked = { blocked: string };
type Range = { range?: [number, number, number] };

const sp = (n: number): string => ' '.repeat(Math.max(0, n));

/** A Kubernetes name as a YAML 1.1 scalar: quoted when a plain one would read as a boolean, null or number (`true`, `no`, `123`). */
function yamlName(name: string): string {
  return /^(?:y|n|yes|no|true|false|on|off|null|~|[-+.\d][\d._eE+-]*)$/i.test(name) ? `'${name}'` : name;
}

/** What every part of the rewrite reads: the pod's nodes, the editor over its text, and how its YAML is indented. */
interface YamlPodRewrite {
  pod: Pod;
  daemon: Container;
  settings: KanikoContainerSettings;
  mount: CredentialsMount;
  /** The daemon is the agent `jnlp`: it stays, and a Kaniko container is added beside it. */
  agent: boolean;
  ecr: boolean;
  editor: YamlEditor;
  root: unknown;
  spec: YAMLMap;
  container: YAMLMap;
  containersSeq: unknown;
  /** Indentation: the daemon's key column, a dash's offset, a list item's content offset, a nested map's step. */
  keyColumn: number;
  dash: number;
  itemOffset: number;
  step: number;
}

/** The daemon's mounts and the pod's volumes that go with the daemon (and its released clients). */
interface Removals {
  mountsPair: Pair | undefined;
  mountsSeq: unknown;
  mountItems: unknown[];
  removedMounts: Set<unknown>;
  volumesPair: Pair | undefined;
  volumesSeq: unknown;
  removedVolumes: string[];
  removedVolumeItems: Set<unknown>;
  /** The daemon already mounts something at /kaniko/.docker: no credentials mount is added. */
  hasKanikoDir: boolean;
  released: ClientRelease;
}

/**
 * `clients`: containers that talked to the daemon: kept ones lose what served it, unused ones go
 * (clientContainer.ts). `volumeByName`: the pod's volumes by name, as the planner read them to find
 * those clients.
 */
export function rewriteYamlPod(
  model: JenkinsModel,
  pod: Pod,
  daemon: Container,
  settings: KanikoContainerSettings,
  mount: CredentialsMount,
  clients: readonly ClientFate[],
  volumeByName: ReadonlyMap<string, Volume>,
): PodRewriteResult {
  const rewrite = readPod(model, pod, daemon, settings, mount);
  if ('blocked' in rewrite) return rewrite;
  const removals = plannedRemovals(rewrite, clients, volumeByName);
  if ('blocked' in removals) return removals;
  if (!rewrite.agent) {
    const refused = rewriteDaemonContainer(rewrite);
    if (refused) return refused;
  }
  const wantsMount = !removals.hasKanikoDir && mount !== 'none';
  const volumeName = credentialsVolumeName(pod, rewrite.ecr, removals.removedVolumes);
  const mounted = rewrite.agent
    ? addKanikoContainer(rewrite, removals, wantsMount, volumeName)
    : rewriteDaemonMounts(rewrite, removals, wantsMount, volumeName);
  if (mounted) return mounted;
  const volumes = rewriteVolumes(rewrite, removals, wantsMount, volumeName);
  if (volumes) return volumes;
  const serviceAccount = rewrite.ecr ? addServiceAccount(rewrite) : undefined;

  const yaml = pod.yaml!;
  const inFile = yaml.from === 'yamlFile';
  const edits = rewrite.editor.toSourceEdits();
  const releasedClients = [...removals.released.removed].map(([client, removed]) => ({ name: client.name ?? '?', removed }));
  return {
    edits: inFile ? [] : edits,
    file: inFile ? { path: yaml.file!, text: yaml.text.text, edits } : undefined,
    removedVolumes: removals.removedVolumes,
    credentials: mount === 'none' ? 'none' : wantsMount ? mount : 'existing',
    addedContainer: rewrite.agent,
    ...(serviceAccount ? { serviceAccount } : {}),
    ...(releasedClients.length > 0 ? { releasedClients } : {}),
    ...(clients.some((c) => c.remove) ? { removedClients: clients.filter((c) => c.remove).map((c) => c.container.name ?? '?') } : {}),
  };
}

/** The pod's YAML as the rewrite needs it (one literal or a yamlFile, block style), with an editor over its text. */
function readPod(model: JenkinsModel, pod: Pod, daemon: Container, settings: KanikoContainerSettings, mount: CredentialsMount): YamlPodRewrite | Blocked {
  const agent = isAgentContainer(daemon);
  const yaml: EmbeddedYaml | undefined = pod.yaml;
  if (!yaml) return { blocked: 'the pod has no YAML' };
  // A `yamlFile` pod is edited in its file, whose text the model holds as read.
  const inFile = yaml.from === 'yamlFile';
  if (inFile && yaml.file === undefined) return { blocked: 'the pod YAML file has no path' };
  if (!inFile && !yaml.literal) return { blocked: 'the pod YAML is not a single string literal (it is built from parts), so it cannot be edited safely' };
  const container = daemon.node;
  if (!isMap(container) || container.flow) return { blocked: `container '${daemon.name}' is written in flow style ({…}); rewrite it in block style first` };
  const spec = podSpec(yaml);
  if (!spec || spec.flow) return { blocked: 'the pod spec is not a block mapping' };
  const containersSeq = pairOf(spec, 'containers')?.value;
  if (agent && (!isSeq(containersSeq) || containersSeq.flow || containersSeq.items.length === 0)) return { blocked: 'the pod containers are not a block list' };

  const editor = inFile ? new YamlEditor(yaml.text.text, yaml.text, 'raw') : new YamlEditor(model.text, yaml.text, yaml.literal!.quote);
  const root = yaml.documents.find((doc) => isMap(doc.contents))?.contents;
  const seqStyle = editor.sequenceStyle(root);
  const keyColumn = editor.mapColumn(container);
  if (keyColumn === undefined) return { blocked: `container '${daemon.name}' has no keys` };
  return {
    pod,
    daemon,
    settings,
    mount,
    agent,
    ecr: mount === 'configMap',
    editor,
    root,
    spec,
    container,
    containersSeq,
    keyColumn,
    dash: seqStyle.dashOffset,
    itemOffset: seqStyle.itemOffset,
    step: editor.mapStep(root),
  };
}

/** Which of the container's mounts and the pod's volumes go; the clients are released here (their edits made). */
function plannedRemovals(rewrite: YamlPodRewrite, clients: readonly ClientFate[], volumeByName: ReadonlyMap<string, Volume>): Removals | Blocked {
  const { pod, daemon, agent, editor, spec, container } = rewrite;
  const volumesPair = pairOf(spec, 'volumes');
  const volumesSeq = volumesPair?.value;
  if (volumesSeq !== undefined && volumesSeq !== null && !isSeq(volumesSeq)) return { blocked: 'the pod volumes are not a list' };

  const mountsPair = pairOf(container, 'volumeMounts');
  const mountsSeq = mountsPair?.value;
  if (mountsSeq !== undefined && mountsSeq !== null && !isSeq(mountsSeq)) return { blocked: `volumeMounts of '${daemon.name}' is not a list` };
  const mountItems = isSeq(mountsSeq) ? mountsSeq.items : [];
  const removedMounts = new Set<unknown>();
  const freedVolumeNames = new Set<string>();
  let hasKanikoDir = false;
  for (const item of mountItems) {
    const name = scalarText(isMap(item) ? item.get('name', true) : undefined);
    const mountPath = scalarText(isMap(item) ? item.get('mountPath', true) : undefined);
    // The agent's own mounts say nothing about the Kaniko container added beside it.
    if (!agent && mountPath !== undefined && mountPath.replace(/\/$/, '') === KANIKO_DOCKER_DIR) hasKanikoDir = true;
    if (isDockerVolume(name ? volumeByName.get(name) : undefined, mountPath)) {
      removedMounts.add(item);
      if (name) freedVolumeNames.add(name);
    }
  }
  const released = releaseDockerClients(editor, clients, volumeByName);
  if ('blocked' in released) return released;
  const otherContainers = pod.containers.filter((c) => c !== daemon);
  const removedVolumes: string[] = [];
  const removedVolumeItems = new Set<unknown>();
  for (const names of released.unmounted.values()) for (const name of names) freedVolumeNames.add(name);
  for (const name of freedVolumeNames) {
    if (otherContainers.some((c) => c.volumeMounts.some((m) => m.name === name && !released.unmounted.get(c)?.has(name)))) continue;
    const volume = volumeByName.get(name);
    if (volume && isSeq(volumesSeq) && volumesSeq.items.includes(volume.node as never)) {
      removedVolumes.push(name);
      removedVolumeItems.add(volume.node);
    }
  }
  if (isSeq(volumesSeq) && volumesSeq.flow && (removedVolumeItems.size > 0 || !hasKanikoDir)) {
    if (volumesSeq.items.length > removedVolumeItems.size)
      return { blocked: 'the pod volumes are written in flow style ([…]); rewrite them in block style first' };
  }
  if (isSeq(mountsSeq) && mountsSeq.flow && mountItems.length > removedMounts.size) {
    return { blocked: `volumeMounts of '${daemon.name}' is written in flow style ([…]); rewrite it in block style first` };
  }
  return { mountsPair, mountsSeq, mountItems, removedMounts, volumesPair, volumesSeq, removedVolumes, removedVolumeItems, hasKanikoDir, released };
}

/** The credentials volume's name: `docker-config` (ECR) or `jenkins-docker-cfg`, numbered when a kept volume has it. */
function credentialsVolumeName(pod: Pod, ecr: boolean, removedVolumes: readonly string[]): string {
  const base = ecr ? 'docker-config' : 'jenkins-docker-cfg';
  const taken = new Set(pod.volumes.filter((v) => !removedVolumes.includes(v.name ?? '')).map((v) => v.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The volumeMounts item that puts the credentials at /kaniko/.docker, its dash at `dashColumn`. */
function credentialsMountLines(rewrite: YamlPodRewrite, volumeName: string, dashColumn: number): string[] {
  return [`${sp(dashColumn)}- name: ${volumeName}`, `${sp(dashColumn + rewrite.itemOffset)}mountPath: ${KANIKO_DOCKER_DIR}`];
}

/** The agent `jnlp` keeps every mount but the socket's; the Kaniko container comes after the last container. */
function addKanikoContainer(rewrite: YamlPodRewrite, removals: Removals, wantsMount: boolean, volumeName: string): Blocked | undefined {
  const { editor, container, daemon, settings, dash } = rewrite;
  const { mountsPair, mountItems, removedMounts } = removals;
  if (mountsPair && mountItems.length > 0 && removedMounts.size === mountItems.length) {
    if (!editor.removePair(container, mountsPair)) return { blocked: `cannot remove volumeMounts of '${daemon.name}'` };
  } else {
    if (!editor.removeItems(removedMounts)) return { blocked: `cannot remove a volume mount of '${daemon.name}'` };
  }
  const containersSeq = rewrite.containersSeq as YAMLSeq;
  const columns = editor.seqColumns(containersSeq);
  if (!columns) return { blocked: 'cannot read the pod containers' };
  const key = sp(columns.content);
  const lines = [`${sp(columns.dash)}-${sp(columns.content - columns.dash - 1)}name: ${KANIKO_CONTAINER}`, `${key}image: ${settings.kanikoImage}`];
  lines.push(...keepAliveLines(settings, columns.content, dash));
  if (wantsMount) lines.push(`${key}volumeMounts:`, ...credentialsMountLines(rewrite, volumeName, columns.content + dash));
  const items = containersSeq.items;
  editor.insertAfterLine(editor.contentEnd(items[items.length - 1] as never, 0), lines);
  return undefined;
}

/** The daemon (now Kaniko) container loses the daemon's mounts and gets the credentials mount. */
function rewriteDaemonMounts(rewrite: YamlPodRewrite, removals: Removals, wantsMount: boolean, volumeName: string): Blocked | undefined {
  const { editor, container, daemon, keyColumn, dash } = rewrite;
  const { mountsPair, mountsSeq, mountItems, removedMounts } = removals;
  if (wantsMount) {
    if (!editor.removeItems(removedMounts)) return { blocked: `cannot remove a volume mount of '${daemon.name}'` };
    if (isSeq(mountsSeq) && !mountsSeq.flow && mountItems.length > 0 && mountsPair) {
      const columns = editor.seqColumns(mountsSeq as YAMLSeq);
      if (!columns) return { blocked: `cannot read the volumeMounts of '${daemon.name}'` };
      const kept = mountItems.filter((item) => !removedMounts.has(item));
      const anchor = kept.length > 0 ? editor.contentEnd(kept[kept.length - 1] as never, 0) : (mountsPair.key as Range).range![1];
      editor.insertAfterLine(anchor, credentialsMountLines(rewrite, volumeName, columns.dash));
    } else {
      if (mountsPair && !editor.removePair(container, mountsPair)) return { blocked: `cannot rewrite volumeMounts of '${daemon.name}'` };
      editor.insertAfterLine(editor.contentEnd(container as never, 0), [
        `${sp(keyColumn)}volumeMounts:`,
        ...credentialsMountLines(rewrite, volumeName, keyColumn + dash),
      ]);
    }
  } else if (mountsPair && mountItems.length > 0 && removedMounts.size === mountItems.length) {
    // No credentials to mount and nothing left: no empty `volumeMounts:` key either.
    if (!editor.removePair(container, mountsPair)) return { blocked: `cannot remove volumeMounts of '${daemon.name}'` };
  } else {
    if (!editor.removeItems(removedMounts)) return { blocked: `cannot remove a volume mount of '${daemon.name}'` };
  }
  return undefined;
}

/** The credentials volume, its dash at `dashColumn`: the `docker-config` ConfigMap, or the registry Secret projected as config.json. */
function credentialsVolumeLines(rewrite: YamlPodRewrite, volumeName: string, dashColumn: number): string[] {
  const { itemOffset, step, dash, settings } = rewrite;
  const content = dashColumn + itemOffset;
  if (rewrite.ecr) {
    return [`${sp(dashColumn)}- name: ${volumeName}`, `${sp(content)}configMap:`, `${sp(content + step)}name: ${settings.configMapName}`];
  }
  const sourcesDash = content + step + dash;
  const secretKeys = sourcesDash + itemOffset + step;
  const itemsDash = secretKeys + dash;
  return [
    `${sp(dashColumn)}- name: ${volumeName}`,
    `${sp(content)}projected:`,
    `${sp(content + step)}sources:`,
    `${sp(sourcesDash)}- secret:`,
    `${sp(secretKeys)}name: ${REGISTRY_SECRET}`,
    `${sp(secretKeys)}items:`,
    `${sp(itemsDash)}- key: .dockerconfigjson`,
    `${sp(itemsDash + itemOffset)}path: config.json`,
  ];
}

/** The pod's volumes lose those only the daemon used and get the credentials volume. */
function rewriteVolumes(rewrite: YamlPodRewrite, removals: Removals, wantsMount: boolean, volumeName: string): Blocked | undefined {
  const { editor, spec, dash } = rewrite;
  const { volumesPair, volumesSeq, removedVolumeItems } = removals;
  const specColumn = editor.mapColumn(spec);
  if (specColumn === undefined) return { blocked: 'the pod spec has no keys' };
  const allVolumesGo = isSeq(volumesSeq) && volumesSeq.items.length > 0 && removedVolumeItems.size === volumesSeq.items.length;
  if (!wantsMount && allVolumesGo && volumesPair) {
    // Nothing left and nothing to add: no empty `volumes:` key.
    if (!editor.removePair(spec, volumesPair)) return { blocked: 'cannot remove the pod volumes' };
  } else {
    if (!editor.removeItems(removedVolumeItems)) return { blocked: 'cannot remove a pod volume' };
  }
  if (!wantsMount) return undefined;
  if (isSeq(volumesSeq) && !volumesSeq.flow && volumesSeq.items.length > 0 && volumesPair) {
    const columns = editor.seqColumns(volumesSeq as YAMLSeq);
    if (!columns) return { blocked: 'cannot read the pod volumes' };
    const kept = volumesSeq.items.filter((item) => !removedVolumeItems.has(item));
    const anchor = kept.length > 0 ? editor.contentEnd(kept[kept.length - 1] as never, 0) : (volumesPair.key as Range).range![1];
    editor.insertAfterLine(anchor, credentialsVolumeLines(rewrite, volumeName, columns.dash));
  } else {
    if (volumesPair && !editor.removePair(spec, volumesPair)) return { blocked: 'cannot rewrite the pod volumes' };
    editor.insertAfterLine(editor.contentEnd(spec as never, 0), [
      `${sp(specColumn)}volumes:`,
      ...credentialsVolumeLines(rewrite, volumeName, specColumn + dash),
    ]);
  }
  return undefined;
}

/** ECR through IRSA or EKS Pod Identity: the pod runs as the ServiceAccount that carries the role (added when the pod names none). */
function addServiceAccount(rewrite: YamlPodRewrite): PodRewrite['serviceAccount'] {
  const { editor, spec, root, settings } = rewrite;
  const account = podServiceAccount(settings);
  if (!account) return undefined;
  const named = scalarText((pairOf(spec, 'serviceAccountName') ?? pairOf(spec, 'serviceAccount'))?.value);
  if (named !== undefined) return { name: named, added: false };
  // Right under `spec:`, where people read it; a pod written without `spec:` gets it after its last key.
  const specKey = isMap(root) && root !== spec ? (pairOf(root, 'spec')?.key as Range | undefined) : undefined;
  const specColumn = editor.mapColumn(spec)!;
  editor.insertAfterLine(specKey?.range ? specKey.range[1] : editor.contentEnd(spec as never, 0), [
    `${sp(specColumn)}serviceAccountName: ${yamlName(account)}`,
  ]);
  return { name: account, added: true };
}

/**
 * The keep-alive keys of a Kaniko container whose keys stand at `keyColumn`, as the Kubernetes
 * plugin's examples write them: `/busybox/cat` with `tty: true` (`tty: false` leaves out the
 * `tty` line, for a container that has the key already), or `sleep 99d`.
 */
function keepAliveLines(settings: KanikoContainerSettings, keyColumn: number, dash: number, tty = true): string[] {
  if (keepAliveFor(settings.kanikoImage, settings.kanikoKeepAlive) === 'cat') {
    return [`${sp(keyColumn)}command:`, `${sp(keyColumn + dash)}- /busybox/cat`, ...(tty ? [`${sp(keyColumn)}tty: true`] : [])];
  }
  return [`${sp(keyColumn)}command:`, `${sp(keyColumn + dash)}- sleep`, `${sp(keyColumn)}args:`, `${sp(keyColumn + dash)}- 99d`];
}

/** The daemon container becomes the Kaniko container: name, image, no daemon keys or env, the keep-alive after the image. */
function rewriteDaemonContainer(rewrite: YamlPodRewrite): Blocked | undefined {
  const { editor, container, daemon, settings, keyColumn, dash } = rewrite;
  // The container itself.
  const namePair = pairOf(container, 'name');
  const imagePair = pairOf(container, 'image');
  if (!namePair?.value || !imagePair?.value) return { blocked: `container '${daemon.name}' has no plain name and image` };
  const nameNode = namePair.value as Range;
  const imageNode = imagePair.value as Range;
  if (!nameNode.range || !imageNode.range) return { blocked: `container '${daemon.name}' has no plain name and image` };
  if (scalarText(nameNode) !== KANIKO_CONTAINER) editor.replaceInline(nameNode.range[0], nameNode.range[1], KANIKO_CONTAINER);
  if (scalarText(imageNode) !== settings.kanikoImage) editor.replaceInline(imageNode.range[0], imageNode.range[1], settings.kanikoImage);

  for (const key of DAEMON_ONLY_KEYS) {
    const pair = pairOf(container, key);
    if (pair && !editor.removePair(container, pair)) return { blocked: `cannot remove '${key}' of container '${daemon.name}'` };
  }
  const envPair = pairOf(container, 'env');
  if (envPair && isSeq(envPair.value)) {
    const envItems = envPair.value.items;
    const dockerEnv = envItems.filter((item) => DAEMON_ONLY_ENV.has(scalarText(isMap(item) ? item.get('name', true) : undefined) ?? ''));
    if (dockerEnv.length > 0 && envPair.value.flow)
      return { blocked: `env of '${daemon.name}' is written in flow style ([…]); rewrite it in block style first` };
    if (dockerEnv.length === envItems.length && dockerEnv.length > 0) {
      if (!editor.removePair(container, envPair)) return { blocked: `cannot remove env of '${daemon.name}'` };
    } else {
      if (!editor.removeItems(dockerEnv)) return { blocked: `cannot remove an env entry of '${daemon.name}'` };
    }
  }
  const securityContext = pairOf(container, 'securityContext');
  if (securityContext) {
    const privileged = pairOf(securityContext.value, 'privileged');
    const others = isMap(securityContext.value) ? securityContext.value.items.filter((p) => p !== privileged) : [];
    if (privileged && others.length === 0) {
      if (!editor.removePair(container, securityContext)) return { blocked: `cannot remove securityContext of '${daemon.name}'` };
    } else if (privileged && isMap(securityContext.value) && !securityContext.value.flow) {
      if (!editor.removePair(securityContext.value, privileged)) return { blocked: `cannot remove privileged of '${daemon.name}'` };
    } else if (privileged) {
      return { blocked: `securityContext of '${daemon.name}' is written in flow style ({…}); rewrite it in block style first` };
    }
  }

  // Keep-alive: right after the image, as in the Kubernetes plugin's examples. A `tty` key the container has is set to true in place.
  const ttyPair = pairOf(container, 'tty');
  const keepAlive = keepAliveLines(settings, keyColumn, dash, !ttyPair);
  if (keepAliveFor(settings.kanikoImage, settings.kanikoKeepAlive) === 'cat' && ttyPair && scalarText(ttyPair.value) !== 'true') {
    const tty = ttyPair.value as Range | null;
    if (!tty?.range) return { blocked: `cannot set tty of '${daemon.name}'` };
    editor.replaceInline(tty.range[0], tty.range[1], 'true');
  }
  editor.insertAfterLine(editor.contentEnd(imageNode, imageNode.range[1]), keepAlive);
  return undefined;
}
