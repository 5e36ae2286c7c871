import { versionAtLeast } from '../aws/ecr';
import type { KanikoImage } from '../kaniko/images';
import { DOCKER_HABITS, suggestKanikoFlag, type KanikoFlag } from '../kaniko/flags';
import { scriptSpan } from '../model';
import { executorCommands } from './kaniko-helpers';
import { defineRule, type Finding } from './types';

export interface KanikoUnknownFlagData {
  /** The flag as written (for a stray value: the value). */
  flag: string;
  stepStart: number;
  stepEnd: number;
  suggestion?: string;
  strayValue?: boolean;
  forkOnly?: boolean;
  /** A deprecated spelling, or a flag the fork made the default behaviour. */
  deprecated?: boolean;
}

/**
 * Why a known flag should go: a deprecated spelling (`--snapshotMode`, in every image), or a flag
 * the osscontainertools fork turned into its default behaviour (`--force-build-metadata` from
 * v1.25.0, `--skip-unused-stages` from v1.27.0: the executor warns and ignores it), in fork images
 * of that release or later and in its unversioned tags.
 */
function deprecation(flag: KanikoFlag, written: string, image: KanikoImage | undefined): { message: string; suggestion?: string } | undefined {
  if (flag.deprecatedFor) {
    return {
      message: `'${written}' is a deprecated spelling (the executor warns "Flag --${flag.name} is deprecated"): write '--${flag.deprecatedFor}'.`,
      suggestion: `--${flag.deprecatedFor}`,
    };
  }
  const since = flag.forkDeprecatedSince;
  if (!flag.deprecatedBecause || !since || image?.distribution !== 'osscontainertools') return undefined;
  if (image.version !== undefined && !versionAtLeast(image.version, since)) return undefined;
  return { message: `'${written}' is deprecated in the osscontainertools fork since v${since} and does nothing: ${flag.deprecatedBecause}. Drop it.` };
}

export const kanikoUnknownFlag = defineRule<KanikoUnknownFlagData>()({
  meta: {
    id: 'kaniko-unknown-flag',
    defaultSeverity: 'warning',
    title: 'Flag the Kaniko executor does not have',
    description:
      'The executor rejects flags it does not know ("Error: unknown flag") and the build stops. Common causes: a typo, a `docker build` habit such as `-t` or `--file`, a single dash before a long name (`-destination` is read as `-d estination`), a flag only newer forks have, or a separate value after a boolean flag (`--cache true`).',
    fix: 'Use the flag the message suggests. See the flag list in the Kaniko README (`/kaniko/executor --help`).',
    codeActions: [],
  },
  check(model) {
    const findings: Array<Finding<KanikoUnknownFlagData>> = [];
    const executors = executorCommands(model);
    for (let x = 0; x < executors.length; x++) {
      const executor = executors[x];
      const { invocation, step } = executor;
      if (invocation.subcommand) continue;
      const image = executor.container?.kanikoImage;
      // That fork has flags of its own that we do not track.
      if (image?.distribution === 'gosayram') continue;
      for (const use of invocation.flags) {
        // Most flags are known and fine: no span or payload is made for them.
        const deprecated = use.flag && !use.singleDashLong ? deprecation(use.flag, use.written, image) : undefined;
        if (use.flag && !use.singleDashLong && !use.strayValue && !deprecated && !(use.flag.forkOnly && image?.distribution === 'upstream')) continue;
        const span = scriptSpan(step.script, use.start, use.end);
        const data: KanikoUnknownFlagData = { flag: use.written, stepStart: step.call.start, stepEnd: step.call.end };
        if (use.singleDashLong) {
          const meant = use.singleDashLong.name;
          findings.push({
            ...span,
            message: `'${use.written}' has a single dash, so it is read as '-${use.name[0]}' followed by '${use.name.slice(1)}…'. Did you mean '--${meant}'?`,
            data: { ...data, suggestion: `--${meant}` },
          });
          continue;
        }
        if (use.flag) {
          if (use.strayValue) {
            const value = use.strayValue;
            findings.push({
              ...scriptSpan(step.script, value.start, value.end),
              message: `'${use.written}' takes no separate value: the executor reads '${value.text}' as an extra argument and stops with 'unknown command "${value.text}"'. Write '${use.written}=${value.text.toLowerCase()}'.`,
              data: { ...data, flag: value.text, suggestion: `${use.written}=${value.text.toLowerCase()}`, strayValue: true },
            });
          }
          if (deprecated) findings.push({ ...span, message: deprecated.message, data: { ...data, deprecated: true, suggestion: deprecated.suggestion } });
          if (use.flag.forkOnly && image?.distribution === 'upstream') {
            findings.push({
              ...span,
              message: `'--${use.flag.name}' exists only in the osscontainertools fork of Kaniko (martizih/kaniko, ghcr.io/osscontainertools/kaniko); '${image.reference.repository}' does not have it.`,
              data: { ...data, forkOnly: true },
            });
          }
          continue;
        }
        const habit = DOCKER_HABITS.get(use.name);
        const suggestion = use.long || habit !== undefined ? suggestKanikoFlag(use.name) : undefined;
        let message = `Unknown Kaniko executor flag '${use.written}'.`;
        if (suggestion) message += ` Did you mean '--${suggestion}'?`;
        else if (habit === '') message += ' Kaniko pushes to every --destination by default; drop it.';
        findings.push({ ...span, message, data: { ...data, suggestion: suggestion ? `--${suggestion}` : undefined } });
      }
    }
    return findings;
  },
});
