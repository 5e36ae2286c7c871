/**
 * Finds the Amazon ECR registries a Jenkinsfile uses, from every string literal in it:
 * `environment {}` values, `docker.withRegistry` URLs, `--destination`/`-t` values in `sh`
 * strings, embedded pod YAML, GString parts (interpolations stay verbatim, so
 * `${env.AWS_ACCOUNT_ID}.dkr.ecr…` is found as a placeholder) and `ecr:<region>:<id>` credential ids.
 * ECR Public counts only where the file pushes or logs in to it: pulling its public images needs
 * no login, and a `credHelpers` entry would make those pulls depend on the pod's IAM permissions.
 */
import { parse, sourceSpan, stringText, walk } from '../parser';
import type * as ast from '../parser/ast';
import {
  ACCOUNT_PLACEHOLDER,
  ECR_PUBLIC_DUAL_STACK_HOST,
  ECR_PUBLIC_HOST,
  ecrHostFor,
  findEcrHosts,
  parseEcrCredentialsId,
  parseEcrHost,
  type EcrHost,
} from '../aws/ecr';
import { inferRegistries } from '../registry/infer';

export interface InferredRegistry {
  service: 'ecr' | 'ecr-public';
  /** Registry host as it belongs in `credHelpers`. */
  host: string;
  /** 12-digit account id, or the placeholder text standing for it; undefined for ECR Public. */
  account?: string;
  /** From the host, else from an `ecr:<region>:<id>` credential id next to it. */
  region?: string;
  fips: boolean;
  dualStack: boolean;
  /** Account or region is a placeholder (`AWSACCOUNT`, `${env.ACCOUNT}`, …) that must be filled in. */
  placeholder: boolean;
  /** Source offsets (UTF-16, `end` exclusive) of every place the host was found. */
  ranges: ast.Span[];
  /** Amazon ECR plugin credential ids (`ecr:eu-west-1:creds`) that refer to this registry. */
  credentialsIds: string[];
  uri?: string;
}

interface HostHit extends EcrHost {
  range: ast.Span;
  /** Undefined for hosts found in text the parser could not structure. */
  literal?: ast.StringLiteral;
}

interface CredentialsHit {
  id: string;
  region: string;
  fips: boolean;
  range: ast.Span;
  literal: ast.StringLiteral;
}

export function inferEcrRegistries(text: string, uri?: string): InferredRegistry[] {
  const { program, comments } = parse(text);
  const literals: ast.StringLiteral[] = [];
  const hosts: HostHit[] = [];
  const credentials: CredentialsHit[] = [];
  const calls: ast.CallExpression[] = [];

  walk(program, (node, _parent, kind) => {
    if (kind === 'StringLiteral') {
      const literal = node as ast.StringLiteral;
      literals.push(literal);
      const cooked = stringText(literal, text);
      for (const { start, end, ...host } of findEcrHosts(cooked.text)) {
        hosts.push({ ...host, range: sourceSpan(cooked, start, end), literal });
      }
      const id = parseEcrCredentialsId(cooked.text);
      if (id) {
        credentials.push({
          id: cooked.text.trim(),
          region: id.region,
          fips: id.fips,
          range: { start: literal.contentStart, end: literal.contentEnd },
          literal,
        });
      }
    } else if (kind === 'CallExpression') {
      calls.push(node as ast.CallExpression);
    }
  });

  // Text the parser could not structure (an unclosed bracket, an unterminated string) is in no
  // literal; ECR hosts have no Groovy syntax, so a raw look there still finds them.
  const inLiteral = spanLookup(literals);
  const inComment = spanLookup(comments);
  for (const { start, end, ...host } of findEcrHosts(text)) {
    if (!inLiteral(start) && !inComment(start)) hosts.push({ ...host, range: { start, end } });
  }

  const registries = new Map<string, InferredRegistry>();
  const registryOf = (hit: HostHit): InferredRegistry => {
    let registry = registries.get(hit.host);
    if (!registry) {
      registry = {
        service: 'ecr',
        host: hit.host,
        account: hit.account,
        region: hit.region,
        fips: hit.fips,
        dualStack: hit.dualStack,
        placeholder: hit.placeholder,
        ranges: [],
        credentialsIds: [],
        ...(uri !== undefined ? { uri } : {}),
      };
      registries.set(hit.host, registry);
    }
    if (!registry.ranges.some((r) => r.start === hit.range.start && r.end === hit.range.end)) registry.ranges.push(hit.range);
    return registry;
  };
  // Source order, so the first registry listed is the first one the user wrote.
  hosts.sort((a, b) => a.range.start - b.range.start);
  for (const hit of hosts) registryOf(hit);

  const addCredentials = (registry: InferredRegistry, hit: CredentialsHit) => {
    if (!registry.credentialsIds.includes(hit.id)) registry.credentialsIds.push(hit.id);
    registry.region ??= hit.region;
  };

  // `docker.withRegistry(url, 'ecr:<region>:<id>')`: the id belongs to the URL in the same call.
  const hostsByLiteral = groupByLiteral(hosts);
  const credentialsByLiteral = groupByLiteral(credentials);
  const used = new Set<CredentialsHit>();
  for (const call of calls) {
    const argLiterals = call.args.map((a) => a.value).filter((v): v is ast.StringLiteral => v.type === 'StringLiteral');
    const callCredentials = argLiterals.flatMap((l) => credentialsByLiteral.get(l) ?? []);
    const callHosts = argLiterals.flatMap((l) => hostsByLiteral.get(l) ?? []);
    if (callCredentials.length === 0 || callHosts.length === 0) continue;
    for (const c of callCredentials) {
      for (const h of callHosts) addCredentials(registryOf(h), c);
      used.add(c);
    }
  }

  // Any other `ecr:` id still tells us there is a registry in that region.
  for (const c of credentials) {
    if (used.has(c)) continue;
    const sameRegion = [...registries.values()].find((r) => r.region === c.region);
    if (sameRegion) {
      addCredentials(sameRegion, c);
      continue;
    }
    const host = parseEcrHost(ecrHostFor(ACCOUNT_PLACEHOLDER, c.region, { fips: c.fips }));
    if (host) addCredentials(registryOf({ ...host, range: c.range, literal: c.literal }), c);
  }

  for (const pushed of ecrPublicPushes(text)) {
    registries.set(pushed.host, {
      service: 'ecr-public',
      host: pushed.host,
      fips: false,
      dualStack: pushed.host === ECR_PUBLIC_DUAL_STACK_HOST,
      placeholder: false,
      ranges: pushed.ranges,
      credentialsIds: [],
      ...(uri !== undefined ? { uri } : {}),
    });
  }

  return [...registries.values()].sort((a, b) => a.ranges[0].start - b.ranges[0].start);
}

/** ECR Public hosts the file pushes to or logs in to (the model is built only when one is named at all). */
function ecrPublicPushes(text: string): Array<{ host: string; ranges: ast.Span[] }> {
  if (!text.includes(ECR_PUBLIC_HOST) && !text.includes(ECR_PUBLIC_DUAL_STACK_HOST)) return [];
  return inferRegistries(text)
    .filter((use) => use.kind === 'ecr-public')
    .map((use) => ({ host: use.host, ranges: use.ranges.map((r) => ({ start: r.start, end: r.end })) }));
}

function groupByLiteral<T extends { literal?: ast.StringLiteral }>(hits: T[]): Map<ast.StringLiteral, T[]> {
  const byLiteral = new Map<ast.StringLiteral, T[]>();
  for (const hit of hits) {
    if (hit.literal === undefined) continue;
    const group = byLiteral.get(hit.literal);
    if (group) group.push(hit);
    else byLiteral.set(hit.literal, [hit]);
  }
  return byLiteral;
}

/** `offset` → inside one of `spans`? Binary search over the outermost spans (nested ones add nothing). */
function spanLookup(spans: readonly ast.Span[]): (offset: number) => boolean {
  const outer: ast.Span[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = outer[outer.length - 1];
    if (last !== undefined && span.start < last.end) last.end = Math.max(last.end, span.end);
    else outer.push({ start: span.start, end: span.end });
  }
  return (offset) => {
    let low = 0;
    let high = outer.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (outer[mid].end <= offset) low = mid + 1;
      else if (outer[mid].start > offset) high = mid - 1;
      else return true;
    }
    return false;
  };
}
