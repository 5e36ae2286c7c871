/**
 * The pod half of the migration: the daemon container becomes the Kaniko container, the
 * volumes only it used go, and the registry credentials are mounted at /kaniko/.docker.
 * YAML pods are edited in place inside their string literal; `containerTemplate` pods
 * through their call arguments.
 */
import { isMap, isPair, isSeq, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { argName, calleeName, literalValue, podSpec, type Container, type JenkinsModel, type Pod, type Volume } from '../model';
import { DAEMON_ONLY_ENV, DAEMON_ONLY_KEYS, isDockerVolume } from '../docker';
import { keepAliveFor } from '../kaniko/images';
import type * as ast from '../parser/ast';
import type { TextEdit } from './apply';
import { escapeForLiteral, indentationAt, lineStartOf, startsLine } from './text';
import { pairOf, scalarText, YamlEditor } from './yamlEdit';

export interface KanikoContainerSettings {
  kanikoImage: string;
  kanikoKeepAlive: 'cat' | 'sleep';
  configMapName: string;
}

export const KANIKO_CONTAINER = 'kaniko';
export const KANIKO_DOCKER_DIR = '/kaniko/.docker';
export const REGISTRY_SECRET = 'regcred';

export interface PodRewrite {
  edits: TextEdit[];
  removedVolumes: string[];
  /** What now supplies /kaniko/.docker/config.json. */
  credentials: 'configMap' | 'secret' | 'existing' | 'none';
}

export type PodRewriteResult = PodRewrite | { blocked: string };

/** What to mount at /kaniko/.docker: the ECR ConfigMap, the `regcred` Secret, or nothing (no push, no login). */
export type CredentialsMount = 'configMap' | 'secret' | 'none';


/**
 * `jnlp` is the agent container of the Kubernetes plugin: renamed, the plugin adds a fresh agent
 * container of that name, and the steps meant for Kaniko may run there. Never renamed.
 */
const AGENT_CONTAINER = 'jnlp';

function agentContainerRefusal(daemon: Container): { blocked: string } | undefined {
  if (daemon.name !== AGENT_CONTAINER) return undefined;
  return {
    blocked:
      "the build runs in the 'jnlp' container, the Jenkins agent itself, which cannot become the Kaniko container " +
      "(the Kubernetes plugin would add a new 'jnlp' container); add a Kaniko container to the pod and run the build in container('kaniko')",
  };
}

// ---------------------------------------------------------------------------------------------
// YAML pods

export function rewriteYamlPod(model: JenkinsModel, pod: Pod, daemon: Container, settings: KanikoContainerSettings, mount: CredentialsMount): PodRewriteResult {
  const refusal = agentContainerRefusal(daemon);
  if (refusal) return refusal;
  const ecr = mount === 'configMap';
  const yaml = pod.yaml;
  if (!yaml || yaml.from !== 'yaml') return { blocked: 'the pod YAML is not in this file' };
  if (!yaml.literal) return { blocked: 'the pod YAML is not a single string literal (it is built from parts), so it cannot be edited safely' };
  const container = daemon.node;
  if (!isMap(container) || container.flow) return { blocked: `container '${daemon.name}' is written in flow style ({…}); rewrite it in block style first` };
  const spec = podSpec(yaml);
  if (!spec || spec.flow) return { blocked: 'the pod spec is not a block mapping' };

  const editor = new YamlEditor(model.text, yaml.text, yaml.literal.quote);
  const root = yaml.documents.find((doc) => isMap(doc.contents))?.contents;
  const seqStyle = editor.sequenceStyle(root);
  const step = editor.mapStep(root);
  const keyColumn = editor.mapColumn(container);
  if (keyColumn === undefined) return { blocked: `container '${daemon.name}' has no keys` };
  const sp = (n: number) => ' '.repeat(Math.max(0, n));

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
    if (mountPath !== undefined && mountPath.replace(/\/$/, '') === KANIKO_DOCKER_DIR) hasKanikoDir = true;
    if (isDockerVolume(name ? volumeByName.get(name) : undefined, mountPath)) {
      removedMounts.add(item);
      if (name) freedVolumeNames.add(name);
    }
  }
  const otherContainers = pod.containers.filter((c) => c !== daemon);
  const removedVolumes: string[] = [];
  const removedVolumeItems = new Set<unknown>();
  for (const name of freedVolumeNames) {
    if (otherContainers.some((c) => c.volumeMounts.some((m) => m.name === name))) continue;
    const volume = volumeByName.get(name);
    if (volume && isSeq(volumesSeq) && volumesSeq.items.includes(volume.node as never)) {
      removedVolumes.push(name);
      removedVolumeItems.add(volume.node);
    }
  }
  if (isSeq(volumesSeq) && volumesSeq.flow && (removedVolumeItems.size > 0 || !hasKanikoDir)) {
    if (volumesSeq.items.length > removedVolumeItems.size) return { blocked: 'the pod volumes are written in flow style ([…]); rewrite them in block style first' };
  }
  if (isSeq(mountsSeq) && mountsSeq.flow && mountItems.length > removedMounts.size) {
    return { blocked: `volumeMounts of '${daemon.name}' is written in flow style ([…]); rewrite it in block style first` };
  }

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
    if (dockerEnv.length > 0 && envPair.value.flow) return { blocked: `env of '${daemon.name}' is written in flow style ([…]); rewrite it in block style first` };
    if (dockerEnv.length === envItems.length && dockerEnv.length > 0) {
      if (!editor.removePair(container, envPair)) return { blocked: `cannot remove env of '${daemon.name}'` };
    } else {
      for (const item of dockerEnv) {
        const lines = editor.itemLines(item as never);
        if (!lines) return { blocked: `cannot remove an env entry of '${daemon.name}'` };
        editor.removeLines(lines.start, lines.end);
      }
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
  const dash = seqStyle.dashOffset;
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

  // Credentials volume.
  const wantsMount = !hasKanikoDir && mount !== 'none';
  const credentialsVolumeName = (() => {
    const base = ecr ? 'docker-config' : 'jenkins-docker-cfg';
    const taken = new Set(pod.volumes.filter((v) => !removedVolumes.includes(v.name ?? '')).map((v) => v.name));
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
  })();
  const itemOffset = seqStyle.itemOffset;

  if (wantsMount) {
    const mountLines = (dashColumn: number) => [`${sp(dashColumn)}- name: ${credentialsVolumeName}`, `${sp(dashColumn + itemOffset)}mountPath: ${KANIKO_DOCKER_DIR}`];
    for (const item of removedMounts) {
      const lines = editor.itemLines(item as never);
      if (!lines) return { blocked: `cannot remove a volume mount of '${daemon.name}'` };
      editor.removeLines(lines.start, lines.end);
    }
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
    for (const item of removedMounts) {
      const lines = editor.itemLines(item as never);
      if (!lines) return { blocked: `cannot remove a volume mount of '${daemon.name}'` };
      editor.removeLines(lines.start, lines.end);
    }
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
    for (const item of removedVolumeItems) {
      const lines = editor.itemLines(item as never);
      if (!lines) return { blocked: 'cannot remove a pod volume' };
      editor.removeLines(lines.start, lines.end);
    }
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
  return { edits: editor.toSourceEdits(), removedVolumes, credentials: mount === 'none' ? 'none' : wantsMount ? mount : 'existing' };
}

// ---------------------------------------------------------------------------------------------
// containerTemplate pods

/**
 * Edits that remove some items of a comma-separated list, keeping separators right. Given the
 * list literal (`[` to `]`), removing every item leaves `[]`: cutting only the items would keep a
 * trailing comma, and `[\n    ,\n  ]` is not Groovy.
 */
export function removeListItems(items: readonly ast.Span[], remove: ReadonlySet<number>, list?: ast.Span): TextEdit[] {
  if (list && items.length > 0 && items.every((_, i) => remove.has(i))) return [{ start: list.start + 1, end: list.end - 1, newText: '' }];
  const edits: TextEdit[] = [];
  let i = 0;
  while (i < items.length) {
    if (!remove.has(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < items.length && remove.has(j + 1)) j++;
    if (j + 1 < items.length) edits.push({ start: items[i].start, end: items[j + 1].start, newText: '' });
    else if (i > 0) edits.push({ start: items[i - 1].end, end: items[j].end, newText: '' });
    else edits.push({ start: items[i].start, end: items[j].end, newText: '' });
    i = j + 1;
  }
  return edits;
}

function literalArg(call: ast.CallExpression, name: string): ast.Argument | undefined {
  return call.args.find((arg) => argName(arg) === name);
}

function replaceLiteralContent(literal: ast.Expression, value: string): TextEdit | undefined {
  if (literal.type !== 'StringLiteral' || literal.quote === '/' || literal.quote === '$/') return undefined;
  return { start: literal.contentStart, end: literal.contentEnd, newText: escapeForLiteral(value, literal.quote) };
}

/** Text to add a named argument after `after`, on its own line when the arguments are one per line. */
function addArgumentText(text: string, after: ast.Span, first: ast.Span | undefined, argument: string): string {
  if (first && first !== after && startsLine(text, after.start) && lineStartOf(text, first.start) !== lineStartOf(text, after.start)) {
    return `,\n${indentationAt(text, after.start)}${argument}`;
  }
  return `, ${argument}`;
}

export function rewriteContainerTemplatePod(model: JenkinsModel, pod: Pod, daemon: Container, settings: KanikoContainerSettings, mount: CredentialsMount): PodRewriteResult {
  const refusal = agentContainerRefusal(daemon);
  if (refusal) return refusal;
  const text = model.text;
  const node = daemon.node as ast.CallExpression | ast.MapLiteral;
  if (node.type === 'MapLiteral') {
    return { blocked: `container '${daemon.name}' is written in the map form [name: …, image: …]; write it as containerTemplate(name: …, image: …) first` };
  }
  const call = node;
  if (calleeName(call) !== 'containerTemplate' || call.closures.length > 0 || call.args.some((arg) => arg.name === undefined)) {
    return { blocked: `container '${daemon.name}' is not a containerTemplate(name: …, image: …) call` };
  }
  if (pod.origin !== 'podTemplate') return { blocked: 'containerTemplate containers are only rewritten in podTemplate(containers: …, volumes: …)' };
  if (mount === 'secret') {
    return {
      blocked:
        "the registry is not Amazon ECR: Kaniko needs the 'regcred' Secret's .dockerconfigjson mounted as config.json, which a containerTemplate pod cannot express (secretVolume has no items); move the pod to YAML first",
    };
  }
  const edits: TextEdit[] = [];
  const set = (name: string, value: string | boolean): boolean => {
    const arg = literalArg(call, name);
    if (!arg) return false;
    if (typeof value === 'boolean') {
      if (arg.value.type === 'BooleanLiteral') {
        if (arg.value.value !== value) edits.push({ start: arg.value.start, end: arg.value.end, newText: String(value) });
        return true;
      }
      edits.push({ start: arg.value.start, end: arg.value.end, newText: String(value) });
      return true;
    }
    if (literalValue(arg.value) === value) return true;
    const edit = replaceLiteralContent(arg.value, value);
    if (!edit) {
      edits.push({ start: arg.value.start, end: arg.value.end, newText: `'${escapeForLiteral(value, "'")}'` });
      return true;
    }
    edits.push(edit);
    return true;
  };
  if (!set('name', KANIKO_CONTAINER) || !set('image', settings.kanikoImage)) return { blocked: `container '${daemon.name}' has no literal name and image` };

  const additions: string[] = [];
  const removals = new Set<number>();
  const indexOf = (name: string) => call.args.findIndex((arg) => argName(arg) === name);
  const privilegedIndex = indexOf('privileged');
  if (privilegedIndex >= 0) removals.add(privilegedIndex);
  if (keepAliveFor(settings.kanikoImage, settings.kanikoKeepAlive) === 'cat') {
    if (!set('command', '/busybox/cat')) additions.push(`command: '/busybox/cat'`);
    const argsIndex = indexOf('args');
    if (argsIndex >= 0) removals.add(argsIndex);
    if (!set('ttyEnabled', true)) additions.push('ttyEnabled: true');
  } else {
    if (!set('command', 'sleep')) additions.push(`command: 'sleep'`);
    if (!set('args', '99d')) additions.push(`args: '99d'`);
  }
  const envVarsIndex = indexOf('envVars');
  const envVars = envVarsIndex >= 0 ? call.args[envVarsIndex].value : undefined;
  if (envVars?.type === 'ListLiteral') {
    const dockerEnv = new Set<number>();
    envVars.elements.forEach((element, index) => {
      const key = element.type === 'CallExpression' && calleeName(element) === 'envVar' ? literalArg(element, 'key') : undefined;
      if (key && DAEMON_ONLY_ENV.has(literalValue(key.value) ?? '')) dockerEnv.add(index);
    });
    if (dockerEnv.size > 0 && dockerEnv.size === envVars.elements.length) removals.add(envVarsIndex);
    else edits.push(...removeListItems(envVars.elements, dockerEnv, envVars));
  }
  edits.push(...removeListItems(call.args, removals));
  const keptArgs = call.args.filter((_, i) => !removals.has(i));
  const last = keptArgs[keptArgs.length - 1];
  if (additions.length > 0 && last) {
    edits.push({ start: last.end, end: last.end, newText: additions.map((a) => addArgumentText(text, last, keptArgs[0], a)).join('') });
  }

  // Pod volumes: the socket and /var/lib/docker go, the ConfigMap comes.
  const podCall = pod.call;
  const volumesArg = literalArg(podCall, 'volumes');
  const configMapVolume = `configMapVolume(mountPath: '${KANIKO_DOCKER_DIR}', configMapName: '${settings.configMapName}')`;
  const removedVolumes: string[] = [];
  if (volumesArg && volumesArg.value.type !== 'ListLiteral') return { blocked: 'the podTemplate volumes are not a list literal' };
  const list = volumesArg?.value as ast.ListLiteral | undefined;
  const elements = list?.elements ?? [];
  const dockerVolumes = new Set<number>();
  let hasKanikoDir = false;
  elements.forEach((element, index) => {
    const volume = pod.volumes.find((v) => v.node === element);
    if (volume?.mountPath?.replace(/\/$/, '') === KANIKO_DOCKER_DIR) hasKanikoDir = true;
    if (volume && isDockerVolume(volume, volume.mountPath)) dockerVolumes.add(index);
  });
  for (const index of dockerVolumes) {
    const volume = pod.volumes.find((v) => v.node === elements[index]);
    removedVolumes.push(volume?.hostPath ?? volume?.mountPath ?? 'volume');
  }
  const firstDocker = [...dockerVolumes][0];
  if (mount === 'none') hasKanikoDir = true;
  const wantsMount = !hasKanikoDir;
  if (!hasKanikoDir && firstDocker !== undefined) {
    // The socket's place in the list takes the ConfigMap.
    edits.push({ start: elements[firstDocker].start, end: elements[firstDocker].end, newText: configMapVolume });
    dockerVolumes.delete(firstDocker);
    edits.push(...removeListItems(elements, dockerVolumes));
  } else if (!hasKanikoDir || dockerVolumes.size < elements.length || !volumesArg) {
    edits.push(...removeListItems(elements, dockerVolumes, list));
    if (!hasKanikoDir) {
      const kept = elements.filter((_, i) => !dockerVolumes.has(i));
      if (list && kept.length > 0) {
        const lastElement = kept[kept.length - 1];
        edits.push({ start: lastElement.end, end: lastElement.end, newText: addArgumentText(text, lastElement, kept[0], configMapVolume) });
      } else if (list) {
        edits.push({ start: list.start + 1, end: list.end - 1, newText: configMapVolume });
      } else {
        const named = podCall.args.filter((arg) => arg.name !== undefined);
        const after = named[named.length - 1];
        if (!after || !podCall.parenthesized) return { blocked: 'cannot find where to add the podTemplate volumes' };
        edits.push({ start: after.end, end: after.end, newText: addArgumentText(text, after, named[0], `volumes: [${configMapVolume}]`) });
      }
    }
  } else {
    // Every volume goes and none comes: the whole `volumes:` argument goes, not an empty list.
    edits.push(...removeListItems(podCall.args, new Set([podCall.args.indexOf(volumesArg)])));
  }
  return { edits, removedVolumes, credentials: mount === 'none' ? 'none' : wantsMount ? 'configMap' : 'existing' };
}

export type { Pair, YAMLMap };
export { isPair };
