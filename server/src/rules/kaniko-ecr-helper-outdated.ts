import { ecrHostFor, ecrLoginMinimumVersion, mayNeedNewerEcrLogin, parseAnyEcrHost, versionAtLeast, type AnyEcrHost, ECR_PUBLIC_HOST } from '../aws/ecr';
import { DEFAULT_KANIKO_IMAGE, ecrLoginVersionOf } from '../kaniko/images';
import { scriptSpan } from '../model';
import { executorCommands, expandKnownVariables, writtenImage, writtenKanikoImage } from './kaniko-helpers';
import { defineRule, type Finding } from './types';

/** The IPv4 name of the same registry, when there is one to suggest. */
function ipv4Alternative(host: AnyEcrHost): string | undefined {
  if (host.service === 'ecr-public') return host.dualStack ? ECR_PUBLIC_HOST : undefined;
  if (!host.dualStack || host.region === undefined || host.placeholder) return undefined;
  return ecrHostFor(host.account, host.region, { fips: host.fips });
}

export interface KanikoEcrHelperOutdatedData {
  stepStart: number;
  stepEnd: number;
  /** The registry host pushed to. */
  host: string;
  /** The Kaniko image as written. */
  image: string;
  /** ecr-login in that image, and the first release that knows the host. */
  helperVersion: string;
  requiredVersion: string;
  suggestedImage: string;
  /** The IPv4 name of the same registry, when there is one. */
  alternativeHost?: string;
}

export const kanikoEcrHelperOutdated = defineRule<KanikoEcrHelperOutdatedData>()({
  meta: {
    id: 'kaniko-ecr-helper-outdated',
    defaultSeverity: 'warning',
    title: "ECR host the Kaniko image's ecr-login helper does not know",
    description:
      'Kaniko logs in to Amazon ECR with docker-credential-ecr-login, shipped in the image and built into the executor. Dual-stack hosts (`<account>.dkr-ecr.<region>.on.aws`, `….on.amazonwebservices.com.cn`) need helper v0.10.0, the AWS European Sovereign Cloud (`….amazonaws.eu`) v0.11.0 and ECR Public\'s dual-stack `ecr-public.aws.com` v0.12.0. Upstream Kaniko images (v1.24.0 and older) carry v0.9.1: the helper does not recognise such a host, answers "credentials not found", and the push goes out without credentials, which ECR refuses.',
    codeActions: [],
    fix: `Use an image with a newer helper: the osscontainertools fork from v1.25.2 (dual-stack), v1.26.2 (EU sovereign cloud) or v1.27.0 (all of them), e.g. \`${DEFAULT_KANIKO_IMAGE}\`; or push to the IPv4 name of the registry (\`<account>.dkr.ecr.<region>.amazonaws.com\`, \`public.ecr.aws\`).`,
  },
  check(model) {
    const findings: Array<Finding<KanikoEcrHelperOutdatedData>> = [];
    const executors = executorCommands(model);
    for (let x = 0; x < executors.length; x++) {
      const executor = executors[x];
      const { invocation, step } = executor;
      if (invocation.subcommand) continue;
      const container = executor.container;
      if (!container) continue;
      const written = writtenImage(model, container);
      if (!written) continue;
      const image = writtenKanikoImage(container, written);
      const helper = image && ecrLoginVersionOf(image);
      if (!helper) continue;
      for (const target of executor.pushes) {
        const expanded = expandKnownVariables(model, target.value);
        if (!mayNeedNewerEcrLogin(expanded)) continue;
        const host = parseAnyEcrHost(expanded);
        const needed = host && ecrLoginMinimumVersion(host);
        if (!host || !needed || versionAtLeast(helper.version, needed.version)) continue;
        const alternative = ipv4Alternative(host);
        const carried = `v${helper.version}${helper.orOlder ? ' or older' : ''}`;
        findings.push({
          ...scriptSpan(step.script, target.word.start, target.word.end),
          message:
            `'${written}' carries docker-credential-ecr-login ${carried}, which does not know ${needed.form} '${host.host}' (that came with v${needed.version}): ` +
            `Kaniko pushes without credentials and the registry refuses it. Use ${DEFAULT_KANIKO_IMAGE} (ecr-login v0.12.0)` +
            (alternative ? `, or push to '${alternative}'.` : '.'),
          data: {
            stepStart: step.call.start,
            stepEnd: step.call.end,
            host: host.host,
            image: written,
            helperVersion: helper.version,
            requiredVersion: needed.version,
            suggestedImage: DEFAULT_KANIKO_IMAGE,
            ...(alternative ? { alternativeHost: alternative } : {}),
          },
        });
      }
    }
    return findings;
  },
});
