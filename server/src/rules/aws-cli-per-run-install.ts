import { awsCliInstallKind, shellStepsUseAwsCli } from '../aws';
import { commandWords, scriptSpan, type ShellStep, type Stage } from '../model';
import { defineRule, type Finding } from './types';

/** Which install, and the `sh` step it is in (the remove fix reads `stepStart`). */
export interface AwsCliPerRunInstallData {
  installKind: NonNullable<ReturnType<typeof awsCliInstallKind>>;
  stepStart: number;
  stepEnd: number;
  onlyCommand: boolean;
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
    // Once per stage: a stage with thousands of `sh` steps must not be rescanned for each of them.
    const stageUses = new Map<Stage | ShellStep, boolean>();
    for (const step of model.steps) {
      if (step.kind !== 'shell' || !step.script) continue;
      const key = step.stage ?? step;
      let uses = stageUses.get(key);
      if (uses === undefined) {
        uses = shellStepsUseAwsCli(step.stage ? step.stage.steps : [step]);
        stageUses.set(key, uses);
      }
      for (const command of step.commands) {
        const kind = awsCliInstallKind(commandWords(command).words, uses);
        if (!kind) continue;
        const span = scriptSpan(step.script, command.start, command.end);
        findings.push({
          ...span,
          message:
            kind === 'prerequisites'
              ? 'These packages are installed on every run only to install the AWS CLI. Kaniko pushes to ECR without the AWS CLI.'
              : 'The AWS CLI is installed on every run. Kaniko pushes to ECR without it; migrate the stage to Kaniko or use an image that has it.',
          data: {
            installKind: kind,
            stepStart: step.call.start,
            stepEnd: step.call.end,
            onlyCommand: step.commands.length === 1,
          },
        });
      }
    }
    return findings;
  },
});
