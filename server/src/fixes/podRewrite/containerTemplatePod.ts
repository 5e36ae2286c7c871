/**
 * `containerTemplate` pods: the daemon container's call arguments become Kaniko's, and the
 * podTemplate's volumes lose the socket and gain the ConfigMap.
 */
import { DAEMON_ONLY_ENV, isDockerVolume } from '../../docker';
import { keepAliveFor } from '../../kaniko/images';
import { argName, calleeName, literalValue, type Container, type JenkinsModel, type Pod } from '../../model';
import type * as ast from '../../parser/ast';
import type { TextEdit } from '../apply';
import { DOCKER_CLIENT_ENV, probeTextWaitsForDaemon, type ClientFate } from './clientContainer';
import { escapeForLiteral, indentationAt, lineStartOf, startsLine } from '../text';
import {
  CONFIG_JSON_SECRET,
  type KanikoContainerSettings,
  KANIKO_CONTAINER,
  KANIKO_DOCKER_DIR,
  type PodRewrite,
  type PodRewriteResult,
  type CredentialsMount,
  isAgentContainer,
  podServiceAccount,
} from './shared';

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

/** `clients`: containerTemplates that talked to the daemon: kept ones lose its env and probes, unused ones go. */
export function rewriteContainerTemplatePod(
  model: JenkinsModel,
  pod: Pod,
  daemon: Container,
  settings: KanikoContainerSettings,
  mount: CredentialsMount,
  clients: readonly ClientFate[] = [],
): PodRewriteResult {
  const text = model.text;
  if (pod.origin !== 'podTemplate') return { blocked: 'containerTemplate containers are only rewritten in podTemplate(containers: …, volumes: …)' };
  const edits: TextEdit[] = [];
  if (isAgentContainer(daemon)) {
    // The agent keeps its name; the socket reached it as a pod volume, which goes below.
    const added = addKanikoContainer(text, pod, settings);
    if ('blocked' in added) return added;
    edits.push(added);
  } else {
    const refused = rewriteDaemonTemplate(text, daemon, settings, edits);
    if (refused) return refused;
  }
  const released = releaseTemplateClients(text, pod, clients, edits);
  if ('blocked' in released) return released;
  const result = rewritePodVolumes(text, pod, settings, mount, edits, isAgentContainer(daemon));
  if ('blocked' in result) return result;
  if (released.length > 0) result.releasedClients = released;
  const removed = clients.filter((c) => c.remove).map((c) => c.container.name ?? '?');
  if (removed.length > 0) result.removedClients = removed;
  return result;
}

/**
 * Docker clients written as containerTemplate(…): one nothing runs in any more leaves the
 * `containers` list; a kept one loses its DOCKER_HOST, DOCKER_TLS_* and DOCKER_CERT_PATH `envVars`
 * entries (the whole argument when nothing else is left) and a liveness probe that waits for the daemon.
 */
function releaseTemplateClients(
  text: string,
  pod: Pod,
  clients: readonly ClientFate[],
  edits: TextEdit[],
): Array<{ name: string; removed: string[] }> | { blocked: string } {
  const released: Array<{ name: string; removed: string[] }> = [];
  const goes = clients.filter((c) => c.remove && c.container.origin === 'containerTemplate');
  if (goes.length > 0) {
    const list = (literalArg(pod.call, 'containers') ?? literalArg(pod.call, 'containerTemplates'))?.value;
    const indexes = new Set(goes.map((c) => (list?.type === 'ListLiteral' ? list.elements.indexOf(c.container.node as ast.Expression) : -1)));
    if (list?.type !== 'ListLiteral' || indexes.has(-1))
      return { blocked: `cannot remove container '${goes[0].container.name}' from the podTemplate containers` };
    edits.push(...removeListItems(list.elements, indexes, list));
  }
  for (const { container, remove } of clients) {
    const call = container.node as ast.CallExpression | ast.MapLiteral;
    if (remove || container.origin !== 'containerTemplate' || call.type !== 'CallExpression') continue;
    const removed: string[] = [];
    const removals = new Set<number>();
    call.args.forEach((arg, index) => {
      const name = argName(arg) ?? '';
      if (/Probe$/.test(name) && probeTextWaitsForDaemon(text.slice(arg.value.start, arg.value.end))) {
        removals.add(index);
        removed.push(name);
      }
    });
    const envIndex = call.args.findIndex((arg) => argName(arg) === 'envVars');
    const envVars = envIndex >= 0 ? call.args[envIndex].value : undefined;
    if (envVars?.type === 'ListLiteral') {
      const { indexes: dockerEnv, names } = dockerClientEnvItems(envVars);
      if (dockerEnv.size > 0) {
        removed.unshift(`${names.join(', ')} env`);
        if (dockerEnv.size === envVars.elements.length) removals.add(envIndex);
        else edits.push(...removeListItems(envVars.elements, dockerEnv, envVars));
      }
    }
    if (removals.size === 0 && removed.length === 0) continue;
    edits.push(...removeListItems(call.args, removals));
    released.push({ name: container.name ?? '?', removed });
  }
  return released;
}

/** Indexes and names of the `envVar(key: …)`/`containerEnvVar(key: …)` items of an `envVars` list that point a Docker client at a daemon. */
function dockerClientEnvItems(envVars: ast.ListLiteral): { indexes: Set<number>; names: string[] } {
  const indexes = new Set<number>();
  const names: string[] = [];
  envVars.elements.forEach((element, index) => {
    const key = element.type === 'CallExpression' && /^(container)?[eE]nvVar$/.test(calleeName(element) ?? '') ? literalArg(element, 'key') : undefined;
    const name = key ? literalValue(key.value) : undefined;
    if (name !== undefined && DOCKER_CLIENT_ENV.has(name)) {
      indexes.add(index);
      names.push(name);
    }
  });
  return { indexes, names };
}

/**
 * `podTemplate(envVars: [envVar(key: 'DOCKER_HOST', …)])`: env of every container of the pod.
 * Once the daemon goes nothing can reach it, so DOCKER_HOST, DOCKER_TLS_* and DOCKER_CERT_PATH go
 * (the whole argument when nothing else is left, never `envVars: []`); other entries stay as written.
 */
export function releasePodTemplateEnv(podCall: ast.CallExpression): { edits: TextEdit[]; names: string[] } {
  const envIndex = podCall.args.findIndex((arg) => argName(arg) === 'envVars');
  const envVars = envIndex >= 0 ? podCall.args[envIndex].value : undefined;
  if (envVars?.type !== 'ListLiteral') return { edits: [], names: [] };
  const { indexes, names } = dockerClientEnvItems(envVars);
  if (indexes.size === 0) return { edits: [], names: [] };
  if (indexes.size === envVars.elements.length) return { edits: removeListItems(podCall.args, new Set([envIndex])), names };
  return { edits: removeListItems(envVars.elements, indexes, envVars), names };
}

/** `containers: [ …, containerTemplate(name: 'kaniko', …)]`: the Kaniko container after the last one, in the list's layout. */
function addKanikoContainer(text: string, pod: Pod, settings: KanikoContainerSettings): TextEdit | { blocked: string } {
  const containersArg = literalArg(pod.call, 'containers') ?? literalArg(pod.call, 'containerTemplates');
  const list = containersArg?.value;
  if (list?.type !== 'ListLiteral' || list.elements.length === 0) return { blocked: 'the podTemplate containers are not a list literal' };
  if (list.elements.some((element) => element.type !== 'CallExpression' || calleeName(element) !== 'containerTemplate')) {
    return { blocked: 'the podTemplate containers are not all containerTemplate(…) calls' };
  }
  const keepAlive =
    keepAliveFor(settings.kanikoImage, settings.kanikoKeepAlive) === 'cat' ? `command: '/busybox/cat', ttyEnabled: true` : `command: 'sleep', args: '99d'`;
  const template = `containerTemplate(name: '${KANIKO_CONTAINER}', image: '${escapeForLiteral(settings.kanikoImage, "'")}', ${keepAlive})`;
  const last = list.elements[list.elements.length - 1];
  // One template per line when the last one stands on its own line (even if it is the only one).
  const newText = startsLine(text, last.start) ? `,\n${indentationAt(text, last.start)}${template}` : addArgumentText(text, last, list.elements[0], template);
  return { start: last.end, end: last.end, newText };
}

/** The daemon's containerTemplate becomes Kaniko's: name, image, keep-alive, no privileged or Docker env. */
function rewriteDaemonTemplate(text: string, daemon: Container, settings: KanikoContainerSettings, edits: TextEdit[]): { blocked: string } | undefined {
  const node = daemon.node as ast.CallExpression | ast.MapLiteral;
  if (node.type === 'MapLiteral') {
    return { blocked: `container '${daemon.name}' is written in the map form [name: …, image: …]; write it as containerTemplate(name: …, image: …) first` };
  }
  const call = node;
  if (calleeName(call) !== 'containerTemplate' || call.closures.length > 0 || call.args.some((arg) => arg.name === undefined)) {
    return { blocked: `container '${daemon.name}' is not a containerTemplate(name: …, image: …) call` };
  }
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

  return undefined;
}

/** Pod volumes: the socket and /var/lib/docker go, the ConfigMap comes. */
function rewritePodVolumes(
  text: string,
  pod: Pod,
  settings: KanikoContainerSettings,
  mount: CredentialsMount,
  edits: TextEdit[],
  addedContainer: boolean,
): PodRewriteResult {
  const podCall = pod.call;
  const volumesArg = literalArg(podCall, 'volumes');
  // secretVolume has no `items`: the Secret itself must hold a `config.json` key (see CONFIG_JSON_SECRET).
  const configMapVolume =
    mount === 'secret'
      ? `secretVolume(mountPath: '${KANIKO_DOCKER_DIR}', secretName: '${CONFIG_JSON_SECRET}')`
      : `configMapVolume(mountPath: '${KANIKO_DOCKER_DIR}', configMapName: '${settings.configMapName}')`;
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
  // ECR through IRSA or EKS Pod Identity: the pod runs as the ServiceAccount that carries the role.
  let serviceAccount: PodRewrite['serviceAccount'];
  const account = mount === 'configMap' ? podServiceAccount(settings) : undefined;
  if (account) {
    const named = literalArg(podCall, 'serviceAccount');
    if (named) serviceAccount = { name: literalValue(named.value) ?? text.slice(named.value.start, named.value.end), added: false };
    else {
      const args = podCall.args.filter((arg) => arg.name !== undefined);
      const after = args[args.length - 1];
      if (!after || !podCall.parenthesized) return { blocked: 'cannot find where to add the podTemplate serviceAccount' };
      const argument = `serviceAccount: '${escapeForLiteral(account, "'")}'`;
      // Where the volumes argument was just added too, one insertion keeps the order stable.
      const sameSpot = edits.find((e) => e.start === after.end && e.end === after.end);
      if (sameSpot) sameSpot.newText += addArgumentText(text, after, args[0], argument);
      else edits.push({ start: after.end, end: after.end, newText: addArgumentText(text, after, args[0], argument) });
      serviceAccount = { name: account, added: true };
    }
  }
  return {
    edits,
    removedVolumes,
    credentials: mount === 'none' ? 'none' : wantsMount ? (mount === 'secret' ? 'secretFile' : 'configMap') : 'existing',
    addedContainer,
    ...(serviceAccount ? { serviceAccount } : {}),
  };
}
