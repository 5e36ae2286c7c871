/**
 * YAML pods: the daemon container becomes the Kaniko container inside the pod's string literal,
 * edited in place: its mounts and the pod volumes only it used go, the keep-alive comes after the
 * image, and the registry credentials are mounted at /kaniko/.docker. When the daemon's client was
 * the agent container `jnlp`, it keeps its name and loses only the socket mount, and a Kaniko
 * container is added after the pod's last container.
 */
import { isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import { DAEMON_ONLY_ENV, DAEMON_ONLY_KEYS, isDockerVolume } from '../../docker';
import { keepAliveFor } from '../../kaniko/images';
import { podSpec, type Container, type JenkinsModel, type Pod, type Volume } from '../../model';
import { pairOf, scalarText, YamlEditor } from '../yamlEdit';
import { releaseDockerClients, type ClientFate } from './clientContainer';
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

/** A Kubernetes name as a YAML 1.1 scalar: quoted when a plain one would read as a boolean, null or number (`true`, `no`, `123`). */
function yamlName(name: string): string {
  return /^(?:y|n|yes|no|true|false|on|off|null|~|[-+.\d][\d._eE+-]*)$/i.test(name) ? `'${name}'` : name;
}

/** `clients`: containers that talked to the daemon: kept ones lose what served it, unused ones go (clientContainer.ts). */
export function rewriteYamlPod(
  model: JenkinsModel,
  pod: Pod,
  daemon: Container,
  settings: KanikoContainerSettings,
  mount: CredentialsMount,
  clients: readonly ClientFate[] = [],
): PodRewriteResult {
  const agent = isAgentContainer(daemon);
  const ecr = mount === 'configMap';
  const yaml = pod.yaml;
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
  const step = editor.mapStep(root);
  const keyColumn = editor.mapColumn(container);
  if (keyColumn === undefined) return { blocked: `container '${daemon.name}' has no keys` };
  const sp = (n: number) => ' '.repeat(Math.max(0, n));
  const dash = seqStyle.dashOffset;

  // Which of the container's mounts and the pod's volumes go.
  const volumesPair = pairOf(spec, 'volumes');
  const volumesSeq = volumesPair?.value;
  if (volumesSeq !== undefined && volumesSeq !== null && !isSeq(volumesSeq)) return { blocked: 'the pod volumes are not a list' };
  const volumeByName = new Map<string, Volume>();
  for (const volume of pod.volumes) if (volume.name) volumeByName.set(volume.name, volume);

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

  if (!agent) {
    const refused = rewriteDaemonContainer(editor, container, daemon, settings, keyColumn, dash);
    if (refused) return refused;
  }

  // Credentials volume.
  const wantsMount = !hasKanikoDir && mount !== 'none';
  const credentialsVolumeName = (() => {
    const base = ecr ? 'docker-config' : 'jenkins-docker-cfg';
    const taken = new Set(pod.volumes.filter((v) => !removedVolumes.includes(v.name ?? '')).map((v) => v.name));
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
  })();
  const itemOffset = seqStyle.itemOffset;

  const mountLines = (dashColumn: number) => [
    `${sp(dashColumn)}- name: ${credentialsVolumeName}`,
    `${sp(dashColumn + itemOffset)}mountPath: ${KANIKO_DOCKER_DIR}`,
  ];
  if (agent) {
    // jnlp keeps every mount but the socket's; the Kaniko container comes after the last container.
    if (mountsPair && mountItems.length > 0 && removedMounts.size === mountItems.length) {
      if (!editor.removePair(container, mountsPair)) return { blocked: `cannot remove volumeMounts of '${daemon.name}'` };
    } else {
      if (!editor.removeItems(removedMounts)) return { blocked: `cannot remove a volume mount of '${daemon.name}'` };
    }
    const columns = editor.seqColumns(containersSeq as YAMLSeq);
    if (!columns) return { blocked: 'cannot read the pod containers' };
    const key = sp(columns.content);
    const lines = [`${sp(columns.dash)}-${sp(columns.content - columns.dash - 1)}name: ${KANIKO_CONTAINER}`, `${key}image: ${settings.kanikoImage}`];
    lines.push(...keepAliveLines(settings, columns.content, dash));
    if (wantsMount) lines.push(`${key}volumeMounts:`, ...mountLines(columns.content + dash));
    const items = (containersSeq as YAMLSeq).items;
    editor.insertAfterLine(editor.contentEnd(items[items.length - 1] as never, 0), lines);
  } else if (wantsMount) {
    if (!editor.removeItems(removedMounts)) return { blocked: `cannot remove a volume mount of '${daemon.name}'` };
    if (isSeq(mountsSeq) && !mountsSeq.flow && mountItems.length > 0 && mountsPair) {
      const columns = editor.seqColumns(mountsSeq as YAMLSeq);
      if (!columns) return { blocked: `cannot read the volumeMounts of '${daemon.name}'` };
      const kept = mountItems.filter((item) => !removedMounts.has(item));
      const anchor = kept.length > 0 ? editor.contentEnd(kept[kept.length - 1] as never, 0) : (mountsPair.key as { range: [number, number, number] }).range[1];
      editor.insertAfterLine(anchor, mountLines(columns.dash));
    } else {
      if (mountsPair && !editor.removePair(container, mountsPair)) return { blocked: `cannot rewrite volumeMounts of '${daemon.name}'` };
      editor.insertAfterLine(editor.contentEnd(container as never, 0), [`${sp(keyColumn)}volumeMounts:`, ...mountLines(keyColumn + dash)]);
    }
  } else if (mountsPair && mountItems.length > 0 && removedMounts.size === mountItems.length) {
    // No credentials to mount and nothing left: no empty `volumeMounts:` key either.
    if (!editor.removePair(container, mountsPair)) return { blocked: `cannot remove volumeMounts of '${daemon.name}'` };
  } else {
    if (!editor.removeItems(removedMounts)) return { blocked: `cannot remove a volume mount of '${daemon.name}'` };
  }

  const volumeLines = (dashColumn: number): string[] => {
    const content = dashColumn + itemOffset;
    if (ecr) {
      return [`${sp(dashColumn)}- name: ${credentialsVolumeName}`, `${sp(content)}configMap:`, `${sp(content + step)}name: ${settings.configMapName}`];
    }
    const sourcesDash = content + step + dash;
    const secretKeys = sourcesDash + itemOffset + step;
    const itemsDash = secretKeys + dash;
    return [
      `${sp(dashColumn)}- name: ${credentialsVolumeName}`,
      `${sp(content)}projected:`,
      `${sp(content + step)}sources:`,
      `${sp(sourcesDash)}- secret:`,
      `${sp(secretKeys)}name: ${REGISTRY_SECRET}`,
      `${sp(secretKeys)}items:`,
      `${sp(itemsDash)}- key: .dockerconfigjson`,
      `${sp(itemsDash + itemOffset)}path: config.json`,
    ];
  };
  const specColumn = editor.mapColumn(spec);
  if (specColumn === undefined) return { blocked: 'the pod spec has no keys' };
  const allVolumesGo = isSeq(volumesSeq) && volumesSeq.items.length > 0 && removedVolumeItems.size === volumesSeq.items.length;
  if (!wantsMount && allVolumesGo && volumesPair) {
    // Nothing left and nothing to add: no empty `volumes:` key.
    if (!editor.removePair(spec, volumesPair)) return { blocked: 'cannot remove the pod volumes' };
  } else {
    if (!editor.removeItems(removedVolumeItems)) return { blocked: 'cannot remove a pod volume' };
  }
  if (wantsMount) {
    if (isSeq(volumesSeq) && !volumesSeq.flow && volumesSeq.items.length > 0 && volumesPair) {
      const columns = editor.seqColumns(volumesSeq as YAMLSeq);
      if (!columns) return { blocked: 'cannot read the pod volumes' };
      const kept = volumesSeq.items.filter((item) => !removedVolumeItems.has(item));
      const anchor = kept.length > 0 ? editor.contentEnd(kept[kept.length - 1] as never, 0) : (volumesPair.key as { range: [number, number, number] }).range[1];
      editor.insertAfterLine(anchor, volumeLines(columns.dash));
    } else {
      if (volumesPair && !editor.removePair(spec, volumesPair)) return { blocked: 'cannot rewrite the pod volumes' };
      editor.insertAfterLine(editor.contentEnd(spec as never, 0), [`${sp(specColumn)}volumes:`, ...volumeLines(specColumn + dash)]);
    }
  }
  // ECR through IRSA or EKS Pod Identity: the pod runs as the ServiceAccount that carries the role.
  let serviceAccount: PodRewrite['serviceAccount'];
  const account = ecr ? podServiceAccount(settings) : undefined;
  if (account) {
    const named = scalarText((pairOf(spec, 'serviceAccountName') ?? pairOf(spec, 'serviceAccount'))?.value);
    if (named !== undefined) serviceAccount = { name: named, added: false };
    else {
      // Right under `spec:`, where people read it; a pod written without `spec:` gets it after its last key.
      const specKey = isMap(root) && root !== spec ? (pairOf(root, 'spec')?.key as { range?: [number, number, number] } | undefined) : undefined;
      editor.insertAfterLine(specKey?.range ? specKey.range[1] : editor.contentEnd(spec as never, 0), [
        `${sp(specColumn)}serviceAccountName: ${yamlName(account)}`,
      ]);
      serviceAccount = { name: account, added: true };
    }
  }
  const edits = editor.toSourceEdits();
  const releasedClients = [...released.removed].map(([client, removed]) => ({ name: client.name ?? '?', removed }));
  return {
    edits: inFile ? [] : edits,
    file: inFile ? { path: yaml.file!, text: yaml.text.text, edits } : undefined,
    removedVolumes,
    credentials: mount === 'none' ? 'none' : wantsMount ? mount : 'existing',
    addedContainer: agent,
    ...(serviceAccount ? { serviceAccount } : {}),
    ...(releasedClients.length > 0 ? { releasedClients } : {}),
    ...(clients.some((c) => c.remove) ? { removedClients: clients.filter((c) => c.remove).map((c) => c.container.name ?? '?') } : {}),
  };
}

/** The keep-alive keys of a Kaniko container whose keys stand at `keyColumn`, as the Kubernetes plugin's examples write them. */
function keepAliveLines(settings: KanikoContainerSettings, keyColumn: number, dash: number): string[] {
  const sp = (n: number) => ' '.repeat(Math.max(0, n));
  if (keepAliveFor(settings.kanikoImage, settings.kanikoKeepAlive) === 'cat') {
    return [`${sp(keyColumn)}command:`, `${sp(keyColumn + dash)}- /busybox/cat`, `${sp(keyColumn)}tty: true`];
  }
  return [`${sp(keyColumn)}command:`, `${sp(keyColumn + dash)}- sleep`, `${sp(keyColumn)}args:`, `${sp(keyColumn + dash)}- 99d`];
}

/** The daemon container becomes the Kaniko container: name, image, no daemon keys or env, the keep-alive after the image. */
function rewriteDaemonContainer(
  editor: YamlEditor,
  container: YAMLMap,
  daemon: Container,
  settings: KanikoContainerSettings,
  keyColumn: number,
  dash: number,
): { blocked: string } | undefined {
  // The container itself.
  const namePair = pairOf(container, 'name');
  const imagePair = pairOf(container, 'image');
  if (!namePair?.value || !imagePair?.value) return { blocked: `container '${daemon.name}' has no plain name and image` };
  const nameNode = namePair.value as { range?: [number, number, number] };
  const imageNode = imagePair.value as { range?: [number, number, number] };
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

  // Keep-alive: right after the image, as in the Kubernetes plugin's examples.
  const sp = (n: number) => ' '.repeat(Math.max(0, n));
  const keepAlive: string[] = [];
  const ttyPair = pairOf(container, 'tty');
  if (keepAliveFor(settings.kanikoImage, settings.kanikoKeepAlive) === 'cat') {
    keepAlive.push(`${sp(keyColumn)}command:`, `${sp(keyColumn + dash)}- /busybox/cat`);
    if (!ttyPair) keepAlive.push(`${sp(keyColumn)}tty: true`);
    else if (scalarText(ttyPair.value) !== 'true') {
      const tty = ttyPair.value as { range?: [number, number, number] } | null;
      if (!tty?.range) return { blocked: `cannot set tty of '${daemon.name}'` };
      editor.replaceInline(tty.range[0], tty.range[1], 'true');
    }
  } else {
    keepAlive.push(`${sp(keyColumn)}command:`, `${sp(keyColumn + dash)}- sleep`, `${sp(keyColumn)}args:`, `${sp(keyColumn + dash)}- 99d`);
  }
  editor.insertAfterLine(editor.contentEnd(imageNode, imageNode.range[1]), keepAlive);

  return undefined;
}
