/**
 * Docker client containers of a YAML pod (a `docker` CLI container talking to the dind sidecar, a
 * `jnlp` with `DOCKER_HOST`); a client nothing else runs in goes (the planner decides, see
 * migration/pod.ts). Kept because other steps still run in them: once the daemon goes,
 * what pointed them at it goes too — the `DOCKER_HOST`/`DOCKER_TLS_*`/`DOCKER_CERT_PATH` env, a
 * probe that waits for the socket (`ls -S /var/run/docker.sock`, `docker info`) and the mounts that
 * shared the socket or the TLS certificates. Never an empty `env:` or `volumeMounts:` key.
 */
import { isMap, isSeq, type Pair, type YAMLMap } from 'yaml';
import { isDockerVolume } from '../../docker';
import { argName, type Container, type Pod, type Volume } from '../../model';
import type * as ast from '../../parser/ast';
import { pairOf, scalarText, type YamlEditor } from '../yamlEdit';

/** Env a Docker client reads to find a daemon (and dind's own, copied beside it). */
export const DOCKER_CLIENT_ENV: ReadonlySet<string> = new Set(['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_TLS_CERTDIR', 'DOCKER_CERT_PATH', 'DOCKER_DRIVER']);

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'];

/** A probe that waits for the daemon: it names the socket, DOCKER_HOST, or asks the daemon. */
function probesDaemon(pair: Pair): boolean {
  return probeTextWaitsForDaemon(JSON.stringify((pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? ''));
}

/** The text of a probe (YAML as JSON, or a containerTemplate argument) waits for the daemon. */
export function probeTextWaitsForDaemon(text: string): boolean {
  return /docker\.sock|DOCKER_HOST|\bdocker\b[^"']{0,40}\b(info|version|ps)\b|:2375|:2376/.test(text);
}

export interface ClientRelease {
  /** What was taken from each client, for the summary: `DOCKER_HOST env`, `readinessProbe`, `mount of 'docker-run'`. */
  removed: Map<Container, string[]>;
  /** Volume names each client no longer mounts (all of them for a client that goes). */
  unmounted: Map<Container, Set<string>>;
}

/** Keeps a Docker client (and releases it from the daemon), or removes it from the pod when nothing runs in it any more. */
export interface ClientFate {
  container: Container;
  remove: boolean;
}

/** Whether a kept container is a Docker client of the daemon that goes: anything {@link releaseDockerClients} would remove. */
export function isDockerClient(container: Container, volumeByName: ReadonlyMap<string, Volume>): boolean {
  const node = container.node;
  if (container.origin !== 'yaml' || !isMap(node) || node.flow) return false;
  return clientParts(node as YAMLMap, volumeByName).some((part) => part.items.length > 0 || part.pair !== undefined);
}

/** Whether a containerTemplate(…) is a Docker client of the daemon: DOCKER_HOST or TLS env in its `envVars`, or a probe of the socket. */
export function isTemplateDockerClient(container: Container, text: string): boolean {
  if (container.origin !== 'containerTemplate') return false;
  if (container.env?.some((variable) => DOCKER_CLIENT_ENV.has(variable.name))) return true;
  const call = container.node as ast.CallExpression | ast.MapLiteral;
  if (call.type !== 'CallExpression') return false;
  return call.args.some((arg) => /Probe$/.test(argName(arg) ?? '') && probeTextWaitsForDaemon(text.slice(arg.value.start, arg.value.end)));
}

type Part = { label: string; pair?: Pair; items: unknown[]; all: boolean; key?: 'env' | 'volumeMounts'; volumes?: string[] };

function clientParts(node: YAMLMap, volumeByName: ReadonlyMap<string, Volume>): Part[] {
  const parts: Part[] = [];
  const env = pairOf(node, 'env');
  if (env && isSeq(env.value) && !env.value.flow) {
    const names = (item: unknown) => scalarText(isMap(item) ? item.get('name', true) : undefined) ?? '';
    const items = env.value.items.filter((item) => DOCKER_CLIENT_ENV.has(names(item)));
    parts.push({
      label: `${items.map(names).join(', ')} env`,
      pair: items.length > 0 ? env : undefined,
      items,
      all: items.length === env.value.items.length,
      key: 'env',
    });
  }
  for (const probe of PROBES) {
    const pair = pairOf(node, probe);
    if (pair && probesDaemon(pair)) parts.push({ label: probe, pair, items: [], all: true });
  }
  const mounts = pairOf(node, 'volumeMounts');
  if (mounts && isSeq(mounts.value) && !mounts.value.flow) {
    const volumes: string[] = [];
    const items = mounts.value.items.filter((item) => {
      const name = scalarText(isMap(item) ? item.get('name', true) : undefined);
      const mountPath = scalarText(isMap(item) ? item.get('mountPath', true) : undefined);
      const docker = isDockerVolume(name ? volumeByName.get(name) : undefined, mountPath);
      if (docker && name) volumes.push(name);
      return docker;
    });
    parts.push({
      label: `mount${items.length > 1 ? 's' : ''} of ${volumes.map((v) => `'${v}'`).join(', ')}`,
      pair: items.length > 0 ? mounts : undefined,
      items,
      all: items.length === mounts.value.items.length,
      key: 'volumeMounts',
      volumes,
    });
  }
  return parts;
}

/** The pod's volumes by name, as the client and daemon rewrites look up a mount's volume. */
export function volumesByName(pod: Pod): ReadonlyMap<string, Volume> {
  const byName = new Map<string, Volume>();
  for (const volume of pod.volumes) if (volume.name) byName.set(volume.name, volume);
  return byName;
}

/**
 * Removes from each kept client what served the daemon, and each client that goes from the pod's
 * containers (with its lines); `{ blocked }` when an edit cannot be placed.
 */
export function releaseDockerClients(
  editor: YamlEditor,
  clients: readonly ClientFate[],
  volumeByName: ReadonlyMap<string, Volume>,
): ClientRelease | { blocked: string } {
  const release: ClientRelease = { removed: new Map(), unmounted: new Map() };
  for (const { container: client, remove } of clients) {
    const node = client.node;
    if (client.origin !== 'yaml' || !isMap(node) || node.flow) continue;
    if (remove) {
      if (!editor.removeItems([node])) return { blocked: `cannot remove container '${client.name}'` };
      release.unmounted.set(client, new Set(client.volumeMounts.flatMap((m) => (m.name ? [m.name] : []))));
      continue;
    }
    const removed: string[] = [];
    for (const part of clientParts(node as YAMLMap, volumeByName)) {
      if (!part.pair) continue;
      if (part.key === undefined || part.all) {
        if (!editor.removePair(node as YAMLMap, part.pair)) return { blocked: `cannot remove ${part.key ?? part.label} of container '${client.name}'` };
      } else {
        if (!editor.removeItems(part.items)) return { blocked: `cannot remove an entry of ${part.key} of container '${client.name}'` };
      }
      removed.push(part.label);
      if (part.volumes) release.unmounted.set(client, new Set(part.volumes));
    }
    if (removed.length > 0) release.removed.set(client, removed);
  }
  return release;
}
