/**
 * Amazon ECR registry hosts (private and ECR Public) and Amazon ECR plugin credential ids.
 *
 * Host forms follow AWS's published endpoints, which are also what the
 * `docker-credential-ecr-login` helper accepts (a credHelpers key it cannot parse is useless;
 * its `ecr-login/api/client.go` `ecrPattern` and ECR Public names, checked at v0.12.0):
 *   <account>.dkr.ecr.<region>.amazonaws.com                 IPv4
 *   <account>.dkr.ecr.<region>.amazonaws.com.cn              China partition (cn-* regions)
 *   <account>.dkr.ecr.<region>.amazonaws.eu                  AWS European Sovereign Cloud (eusc-* regions), helper v0.11.0+
 *   <account>.dkr.ecr-fips.<region>.amazonaws.com            FIPS
 *   <account>.dkr-ecr.<region>.on.aws                        dual-stack (IPv4 + IPv6), helper v0.10.0+
 *   <account>.dkr-ecr.<region>.on.amazonwebservices.com.cn   China dual-stack, helper v0.10.0+
 *   <account>.dkr-ecr-fips.<region>.on.aws                   dual-stack FIPS
 *   <account>.dkr.ecr.<region>.{c2s.ic.gov|sc2s.sgov.gov|cloud.adc-e.uk|csp.hci.ic.gov}  isolated partitions
 *   public.ecr.aws                                           ECR Public (helper v0.5.0+)
 *   ecr-public.aws.com                                       ECR Public dual-stack, helper v0.12.0+
 *
 * Jenkinsfiles often carry a placeholder instead of the account or region (`AWSACCOUNT`,
 * `${env.AWS_ACCOUNT_ID}`, `$REGION`, `<account-id>`). Those hosts are still reported, with
 * `placeholder: true`, so the user can be told what to fill in.
 */

export interface EcrHost {
  service: 'ecr';
  /** The registry host as written (lower-cased when it has no placeholder). */
  host: string;
  /** 12-digit account id, or the placeholder text standing for it. */
  account: string;
  /** AWS region without any `fips` marker; undefined when the region part is a placeholder. */
  region?: string;
  fips: boolean;
  /** The `dkr-ecr` … `.on.aws` (or `.on.amazonwebservices.com.cn`) IPv6 endpoint. */
  dualStack: boolean;
  /** DNS suffix after the region: `amazonaws.com`, `amazonaws.com.cn`, `amazonaws.eu`, `on.aws`, … */
  suffix: string;
  /** Account or region is a placeholder rather than a real value. */
  placeholder: boolean;
}

/** An ECR host found inside a larger text; `start`/`end` are offsets into that text, `end` exclusive. */
export interface EcrHostMatch extends EcrHost {
  start: number;
  end: number;
}

/** Region shapes: `eu-west-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`, plus `fips-…`/`…-fips` pseudo-regions. */
const REAL_REGION = /^(fips-)?((?:[a-z]{2}|eusc)(?:-[a-z]+)+-\d+)(-fips)?$/;
const TWELVE_DIGITS = /^\d{12}$/;

// Placeholder tokens: `${…}` (GString / shell), `$(…)` (command substitution), `$NAME`, `<…>`, or a word that is not all digits.
const ACCOUNT_TOKEN = String.raw`\$\{[^{}\s'"]*\}|\$\([^()\n]*\)|\$[A-Za-z_][A-Za-z0-9_]*|<[^<>\s'"/]+>|\d{12}|[A-Za-z0-9_-]*[A-Za-z_-][A-Za-z0-9_-]*`;
const REGION_TOKEN = String.raw`\$\{[^{}\s'"]*\}|\$[A-Za-z_][A-Za-z0-9_]*|<[^<>\s'"/]+>|[A-Za-z0-9_-]+`;

/** Suffixes valid after `dkr.ecr[-fips].<region>.`; the dual-stack `dkr-ecr` form only lives under the `on.*` suffixes. */
const IPV4_SUFFIXES = ['amazonaws.com.cn', 'amazonaws.com', 'amazonaws.eu', 'c2s.ic.gov', 'sc2s.sgov.gov', 'cloud.adc-e.uk', 'csp.hci.ic.gov'];
const DUAL_STACK_SUFFIX = 'on.aws';
const CHINA_DUAL_STACK_SUFFIX = 'on.amazonwebservices.com.cn';
const DUAL_STACK_SUFFIXES = [CHINA_DUAL_STACK_SUFFIX, DUAL_STACK_SUFFIX];
/** Suffixes whose regions are all of one partition. */
const SUFFIX_REGION_PREFIX: ReadonlyMap<string, string> = new Map([
  ['amazonaws.com.cn', 'cn-'],
  [CHINA_DUAL_STACK_SUFFIX, 'cn-'],
  ['amazonaws.eu', 'eusc-'],
]);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SUFFIX_ALTERNATIVES = [...IPV4_SUFFIXES, ...DUAL_STACK_SUFFIXES].map(escapeRe).join('|');

/**
 * Scans for hosts. The look-behind keeps us from starting inside a longer host or number
 * (`x.123456789012.dkr…`, `9123456789012.dkr…`); the look-ahead refuses hosts that continue
 * as another domain (`….amazonaws.com.evil.com`).
 */
// eslint-disable-next-line no-restricted-syntax -- built from alternatives; only ever run on a window of at most 2 × HOST_WINDOW characters around a `.dkr.ecr` (100 KB of `.dkr.ecr` repeated: 0.25 s)
const HOST_SCAN = new RegExp(
  String.raw`(?<![A-Za-z0-9_.\-$])` +
    `(?<account>${ACCOUNT_TOKEN})` +
    String.raw`\.(?<service>dkr\.ecr|dkr-ecr)(?<fips>-fips)?\.` +
    `(?<region>${REGION_TOKEN})` +
    String.raw`\.(?<suffix>${SUFFIX_ALTERNATIVES})` +
    String.raw`(?![A-Za-z0-9_-]|\.[A-Za-z0-9])`,
  'gi',
);

const HAS_ECR_SERVICE = /\.dkr[.-]ecr/i;

function classify(groups: Record<string, string>, raw: string): EcrHost | undefined {
  const service = groups.service.toLowerCase();
  const suffix = groups.suffix.toLowerCase();
  const dualStack = service === 'dkr-ecr';
  if (dualStack !== DUAL_STACK_SUFFIXES.includes(suffix)) return undefined;

  const account = groups.account;
  const accountIsReal = TWELVE_DIGITS.test(account);
  if (!accountIsReal && /^\d+$/.test(account)) return undefined;

  const regionMatch = REAL_REGION.exec(groups.region.toLowerCase());
  const region = regionMatch?.[2];
  const partitionPrefix = SUFFIX_REGION_PREFIX.get(suffix);
  if (region && partitionPrefix !== undefined && !region.startsWith(partitionPrefix)) return undefined;

  const fips = groups.fips !== undefined || regionMatch?.[1] !== undefined || regionMatch?.[3] !== undefined;
  const placeholder = !accountIsReal || region === undefined;
  return {
    service: 'ecr',
    host: placeholder ? raw : raw.toLowerCase(),
    account,
    region,
    fips,
    dualStack,
    suffix,
    placeholder,
  };
}

/** Every ECR registry host inside `text` (a URL, an image reference, a shell command, a YAML document…). */
export function findEcrHosts(text: string): EcrHostMatch[] {
  // Most strings in a Jenkinsfile mention no registry: skip the full scan for them.
  if (!HAS_ECR_SERVICE.test(text)) return [];
  // Scan only a window around each `.dkr.ecr`: over a whole long word the host pattern would be
  // tried from every position (quadratic); a host is never longer than the window.
  const found: EcrHostMatch[] = [];
  const seen = new Set<number>();
  for (const service of text.matchAll(SERVICE_SCAN)) {
    const from = Math.max(0, service.index - HOST_WINDOW);
    const to = Math.min(text.length, service.index + HOST_WINDOW);
    const window = text.slice(from, to);
    for (const m of window.matchAll(HOST_SCAN)) {
      const start = from + m.index;
      const end = start + m[0].length;
      // The look-behind and look-ahead cannot see past the window: check the text itself there.
      if (m.index === 0 && from > 0 && HOST_CHAR_BEFORE.test(text[from - 1])) continue;
      if (end === to && to < text.length && CONTINUES_AS_DOMAIN.test(text.slice(end, end + 2))) continue;
      if (seen.has(start)) continue;
      seen.add(start);
      const host = classify(m.groups as Record<string, string>, m[0]);
      if (host) found.push({ ...host, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const SERVICE_SCAN = /\.dkr[.-]ecr/gi;
const HOST_WINDOW = 256;
const HOST_CHAR_BEFORE = /[A-Za-z0-9_.\-$]/;
const CONTINUES_AS_DOMAIN = /^([A-Za-z0-9_-]|\.[A-Za-z0-9])/;

/**
 * Reads a registry given by a user or a setting: a bare host, an `https://` URL, or an image
 * reference (`host/repo:tag`). Returns undefined when it is not an ECR private registry.
 */
export function parseEcrHost(input: string): EcrHost | undefined {
  const host = registryHostOf(input);
  if (host === undefined) return undefined;
  const hits = findEcrHosts(host);
  if (hits.length !== 1 || hits[0].start !== 0 || hits[0].end !== host.length) return undefined;
  const { start: _start, end: _end, ...ecrHost } = hits[0];
  return ecrHost;
}

export function isEcrHost(input: string): boolean {
  return parseEcrHost(input) !== undefined;
}

/** The host part of `https://host/path`, `host/repo:tag` or `host`; undefined for empty input. */
export function registryHostOf(input: string): string | undefined {
  let rest = input.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  // `${…}` may itself contain `/` only in odd code; hosts never do, so cut at the first `/` outside braces.
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === '/' && depth === 0) {
      rest = rest.slice(0, i);
      break;
    }
  }
  return rest === '' ? undefined : rest;
}

/** ECR Public's registry host, and its dual-stack (IPv4 + IPv6) name. */
export const ECR_PUBLIC_HOST = 'public.ecr.aws';
export const ECR_PUBLIC_DUAL_STACK_HOST = 'ecr-public.aws.com';

/** An ECR Public registry: one per partition, no account or region in the host (tokens come from us-east-1). */
export interface EcrPublicHost {
  service: 'ecr-public';
  host: typeof ECR_PUBLIC_HOST | typeof ECR_PUBLIC_DUAL_STACK_HOST;
  dualStack: boolean;
  placeholder: false;
}

/** A host the ecr-login helper can log in to: a private registry or ECR Public. */
export type AnyEcrHost = EcrHost | EcrPublicHost;

/** Reads `public.ecr.aws`, `https://public.ecr.aws`, `public.ecr.aws/org/app:1` (and the dual-stack name). */
export function parseEcrPublicHost(input: string): EcrPublicHost | undefined {
  const host = registryHostOf(input)?.toLowerCase();
  if (host === ECR_PUBLIC_HOST) return { service: 'ecr-public', host, dualStack: false, placeholder: false };
  if (host === ECR_PUBLIC_DUAL_STACK_HOST) return { service: 'ecr-public', host, dualStack: true, placeholder: false };
  return undefined;
}

/** A private ECR registry or ECR Public, from a host, URL or image reference. */
export function parseAnyEcrHost(input: string): AnyEcrHost | undefined {
  return parseEcrHost(input) ?? parseEcrPublicHost(input);
}

/**
 * The first docker-credential-ecr-login release whose host pattern accepts `host`, for the forms
 * added after v0.9.1 (what upstream Kaniko v1.24.0 and every older image bundles). An older
 * helper, binary or built into the executor, answers "credentials not found" for such a host,
 * so the push goes out anonymous and the registry refuses it. Undefined: every helper Kaniko
 * ever shipped knows the host. From the helper's `ecr-login/api/client.go` at each tag.
 */
export function ecrLoginMinimumVersion(host: AnyEcrHost): { version: string; form: string } | undefined {
  if (host.service === 'ecr-public') return host.dualStack ? { version: '0.12.0', form: 'the ECR Public dual-stack host' } : undefined;
  if (host.dualStack) return { version: '0.10.0', form: 'a dual-stack (IPv6) host' };
  if (host.suffix === 'amazonaws.eu') return { version: '0.11.0', form: 'an AWS European Sovereign Cloud host' };
  return undefined;
}

/**
 * Whether `text` may hold a host for which `ecrLoginMinimumVersion` is defined: each such form names
 * `dkr-ecr`, `amazonaws.eu` or `ecr-public.aws.com`. A cheap test before parsing hosts, which most
 * registries (the IPv4 ones, other clouds) never need.
 */
export function mayNeedNewerEcrLogin(text: string): boolean {
  return /dkr-ecr|amazonaws\.eu|ecr-public\.aws\.com/i.test(text);
}

/** `a >= b` for dotted versions (`0.10.1` ≥ `0.10.0`); missing parts count as 0. */
export function versionAtLeast(a: string, b: string): boolean {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? 0;
    const y = right[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** `ecr:<region>:<credentialsId>`: the Amazon ECR plugin's credential id form. */
export interface EcrCredentialsId {
  region: string;
  credentialsId: string;
  fips: boolean;
}

const ECR_CREDENTIALS_ID = /^ecr:([a-z0-9-]+):(\S+)$/;

export function parseEcrCredentialsId(text: string): EcrCredentialsId | undefined {
  const m = ECR_CREDENTIALS_ID.exec(text.trim());
  if (!m) return undefined;
  const region = REAL_REGION.exec(m[1]);
  if (!region) return undefined;
  return { region: region[2], credentialsId: m[2], fips: region[1] !== undefined || region[3] !== undefined };
}

/**
 * Whether a Jenkins credentials id names Amazon ECR plugin credentials (`ecr:…`), even one
 * whose region part is not readable: the plugin then logs in to ECR.
 */
export function isEcrPluginCredentialsId(credentialsId: string | undefined): boolean {
  return credentialsId?.startsWith('ecr:') === true;
}

/** Placeholder used when only the region of a registry is known (from an `ecr:` credential id). */
export const ACCOUNT_PLACEHOLDER = '<aws-account-id>';

/** Builds a host from its parts, picking the partition's DNS suffix from the region. */
export function ecrHostFor(account: string, region: string, form: { fips?: boolean; dualStack?: boolean } = {}): string {
  const service = (form.dualStack ? 'dkr-ecr' : 'dkr.ecr') + (form.fips ? '-fips' : '');
  const china = region.startsWith('cn-');
  const suffix = form.dualStack
    ? china
      ? CHINA_DUAL_STACK_SUFFIX
      : DUAL_STACK_SUFFIX
    : china
      ? 'amazonaws.com.cn'
      : region.startsWith('eusc-')
        ? 'amazonaws.eu'
        : 'amazonaws.com';
  return `${account}.${service}.${region}.${suffix}`;
}

/** What a placeholder host needs filled in, for messages. */
export function describePlaceholder(host: EcrHost): string {
  const parts: string[] = [];
  if (!TWELVE_DIGITS.test(host.account)) parts.push(`replace "${host.account}" with the 12-digit AWS account id`);
  if (host.region === undefined) parts.push('replace the region placeholder with the AWS region');
  return `${host.host} is a placeholder: ${parts.join(' and ')}`;
}
