import { awsOptionValue, ecrLoginCommand } from '../aws';
import { scriptSpan } from '../model';
import { scriptCommands } from './script-commands';
import { defineRule, type Finding } from './types';

/** The `sh` step the command is in (the rewrite reads `stepStart` and `region`). */
export interface EcrGetLoginRemovedData {
  region: string | undefined;
  stepStart: number;
  stepEnd: number;
  onlyCommand: boolean;
}

export const ecrGetLoginRemoved = defineRule<EcrGetLoginRemovedData>()({
  meta: {
    id: 'ecr-get-login-removed',
    defaultSeverity: 'warning',
    title: '`aws ecr get-login` was removed in AWS CLI v2',
    description:
      '`aws ecr get-login` exists only in AWS CLI v1, which is in maintenance. With v2 the command fails and the push that follows is unauthenticated. It also prints the password on a command line.',
    fix: 'With Kaniko, drop the login: Kaniko authenticates to ECR itself. With Docker, use `aws ecr get-login-password --region <region> | docker login --username AWS --password-stdin <registry>`.',
    codeActions: ['ecr-get-login-password'],
  },
  check(model) {
    const findings: Array<Finding<EcrGetLoginRemovedData>> = [];
    // Only the `aws` commands (scriptCommands groups them once per model); an indexed loop, as it runs cold.
    const commands = scriptCommands(model).aws;
    for (let i = 0; i < commands.length; i++) {
      const { step, command, words } = commands[i];
      if (ecrLoginCommand(words) !== 'get-login') continue;
      const region = awsOptionValue(words, '--region');
      findings.push({
        ...scriptSpan(step.script, words[0].start, command.end),
        message:
          '`aws ecr get-login` was removed in AWS CLI v2. Kaniko logs in to ECR by itself; with Docker use `aws ecr get-login-password | docker login --password-stdin`.',
        data: { region, stepStart: step.call.start, stepEnd: step.call.end, onlyCommand: step.commands.length <= 2 },
      });
    }
    return findings;
  },
});
