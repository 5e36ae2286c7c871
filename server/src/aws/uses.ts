/**
 * What a script uses the AWS CLI for besides logging Docker in to ECR (which Kaniko does by itself):
 * when it serves something else, the CLI has to stay, in an image that has it.
 */
import { dockerInvocation } from '../docker';
import { commandWords, programName, type ShellCommand } from '../model';
import { awsServiceAndOperation, ecrLoginOf } from './cli';

/**
 * What a script uses the AWS CLI for besides logging Docker in to ECR, which Kaniko does by
 * itself: another service (`aws eks update-kubeconfig`, `aws s3 cp`), or an ECR password handed to
 * something other than `docker login` (`kubectl create secret … $(aws ecr get-login-password)`,
 * `aws ecr get-login-password | helm registry login …`). The use as written, for a message; undefined when none.
 */
export function awsCliOtherUse(commands: readonly ShellCommand[]): string | undefined {
  for (let i = 0; i < commands.length; i++) {
    const command = commands[i];
    // Undefined service for a command that is not the AWS CLI.
    const { service, operation } = awsServiceAndOperation(commandWords(command).words);
    const login = ecrLoginOf({ service, operation });
    if (login === undefined) {
      // `aws --version`, `aws configure …` (setting up the login itself) serve nothing else.
      if (service === undefined || service === 'configure') continue;
      return operation === undefined ? `aws ${service}` : `aws ${service} ${operation}`;
    }
    // Who reads the password: the command the substitution sits in, or the next one in the pipe.
    const reader = command.substitution ? enclosingCommand(commands, command) : command.next === '|' ? commands[i + 1] : undefined;
    if (!reader) continue;
    const readerWords = commandWords(reader).words;
    const program = readerWords[0]?.text;
    // `docker login …`, or the printed `docker login` command run as it is (`$(aws ecr get-login)`, `… | sh`).
    if (program === undefined || dockerInvocation(readerWords)?.verb === 'login' || program.startsWith('$') || program.startsWith('`')) continue;
    if (['sh', 'bash', 'eval'].includes(programName(program))) continue;
    return `aws ecr ${login} for ${programName(program)}${readerWords[1] ? ` ${readerWords[1].text}` : ''}`;
  }
  return undefined;
}

/** The top-level command whose words hold a `$( … )` substitution command. */
function enclosingCommand(commands: readonly ShellCommand[], inner: ShellCommand): ShellCommand | undefined {
  return commands.find((c) => c !== inner && !c.substitution && c.start <= inner.start && inner.end <= c.end);
}
