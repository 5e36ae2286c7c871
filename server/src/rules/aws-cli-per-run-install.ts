import { awsCliInstallKind, awsCliOtherUse, stageUsesAwsCli } from '../aws';
import { scriptSpan, type ShellStep } from '../model';
import { scriptCommands } from './script-commands';
import { defineRule, type Finding } from './types';

/** Which install, and the `sh` step it is in (the remove fix reads `stepStart`). */
export interface AwsCliPerRunInstallData {
  installKind: NonNullable<ReturnType<typeof awsCliInstallKind>>;
  stepStart: number;
  stepEnd: number;
  onlyCommand: boolean;
  /** What else the same container's scripts use the AWS CLI for (`aws eks update-kubeconfig`): then it stays, in an image that has it. */
  neededFor?: string;
}

export const awsCliPerRunInstall = defineRule<AwsCliPerRunInstallData>()({
  meta: {
    id: 'aws-cli-per-run-install',
    defaultSeverity: 'warning',
    title: 'AWS CLI installed on every run',
    description:
      'The pipeline downloads and installs the AWS CLI (or the Python packages it needs) every time it runs. That is slow, breaks when a mirror or PyPI hiccups, and pulls unpinned code into the build.',
    fix: 'Kaniko authenticates to Amazon ECR by itself (ECR credential helper), so the AWS CLI is not needed to push images. Migrate the stage to Kaniko, or remove the install and use an image that already contains the tool.',
    codeActions: ['migrate-to-kaniko', 'remove-aws-cli-install'],
  },
  check(model) {
    const findings: Array<Finding<AwsCliPerRunInstallData>> = [];
    // Made at the first finding: most files install nothing.
    let otherUses: Map<string, string | undefined> | undefined;
    // Only the commands that can install it (scriptCommands groups them once per model); an indexed loop, as it runs cold.
    const candidates = scriptCommands(model).installers;
    for (let i = 0; i < candidates.length; i++) {
      const { step, command, words } = candidates[i];
      // Asked only for an `apk add` of the CLI's prerequisites: most scripts never need the stage scanned (once per stage).
      const kind = awsCliInstallKind(words, () => stageUsesAwsCli(step));
      if (!kind) continue;
      const span = scriptSpan(step.script, command.start, command.end);
      const neededFor = otherUseInContainer(step, (otherUses ??= new Map()));
      findings.push({
        ...span,
        message: neededFor
          ? `${kind === 'prerequisites' ? 'These packages are installed on every run for the AWS CLI' : 'The AWS CLI is installed on every run'}, and the scripts of this container also use it for \`${neededFor}\`: keep the CLI, but use an image that has the AWS CLI (amazon/aws-cli, or your own tool image) instead of installing it each time.`
          : kind === 'prerequisites'
            ? 'These packages are installed on every run only to install the AWS CLI. Kaniko pushes to ECR without the AWS CLI.'
            : 'The AWS CLI is installed on every run. Kaniko pushes to ECR without it; migrate the stage to Kaniko or use an image that has it.',
        data: {
          installKind: kind,
          stepStart: step.call.start,
          stepEnd: step.call.end,
          onlyCommand: step.commands.length === 1,
          ...(neededFor ? { neededFor } : {}),
        },
      });
    }
    return findings;
  },
});

/**
 * What the scripts of the step's stage that run in the same container (the step alone outside a
 * stage) use the AWS CLI for besides the ECR login Kaniko replaces; remembered per stage and container.
 */
function otherUseInContainer(step: ShellStep, cache: Map<string, string | undefined>): string | undefined {
  const stage = step.stage;
  const key = stage ? `${stage.call.start}:${step.pod?.id ?? '-'}:${step.containerName}` : `step:${step.call.start}`;
  if (cache.has(key)) return cache.get(key);
  const scope = stage ? stage.steps.filter((s): s is ShellStep => s.kind === 'shell' && s.pod === step.pod && s.containerName === step.containerName) : [step];
  let use: string | undefined;
  for (const s of scope) {
    use = awsCliOtherUse(s.commands);
    if (use) break;
  }
  cache.set(key, use);
  return use;
}
