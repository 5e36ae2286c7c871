/**
 * The AWS CLI as shell words: which program is `aws`, the ECR login commands, option values.
 * Words are those of `commandWords` (prefixes such as `sudo` and shell keywords removed).
 */
import { longOptionNames, programName } from '../model';

type Word = { text: string };

/** `aws`, `/usr/local/bin/aws`, `~/.local/bin/aws`. */
export function isAwsProgram(word: string | undefined): boolean {
  return word !== undefined && programName(word) === 'aws';
}

/** Whether the command runs the AWS CLI. */
export function runsAwsCli(words: readonly Word[]): boolean {
  return isAwsProgram(words[0]?.text);
}

/**
 * `aws [global options] ecr get-login …` (AWS CLI v1 only: v2 removed it; it prints a whole
 * `docker login -p …` command) or `aws ecr get-login-password …` (prints the password only).
 */
export type EcrLoginCommand = 'get-login' | 'get-login-password';

export function ecrLoginCommand(words: readonly Word[]): EcrLoginCommand | undefined {
  // Most commands are not the AWS CLI: answered without building awsServiceAndOperation's result.
  return runsAwsCli(words) ? ecrLoginOf(awsServiceAndOperation(words)) : undefined;
}

/** `ecrLoginCommand` for a command already read by `awsServiceAndOperation`. */
export function ecrLoginOf({ service, operation }: { service: string | undefined; operation: string | undefined }): EcrLoginCommand | undefined {
  return service === 'ecr' && (operation === 'get-login' || operation === 'get-login-password') ? operation : undefined;
}

/**
 * The AWS CLI v2's global options: `options` of awscli/data/cli.json (aws/aws-cli, branch v2 at
 * 73fb33b), plus `--version`, which awscli/argparser.py `MainArgParser` adds. Those whose entry has
 * no `action` take a value; `store_true`, `store_false` and `version` are flags.
 */
const GLOBAL_OPTIONS_WITH_VALUE = [
  'endpoint-url',
  'output',
  'query',
  'profile',
  'region',
  'color',
  'ca-bundle',
  'cli-read-timeout',
  'cli-connect-timeout',
  'cli-binary-format',
  'cli-error-format',
];
const GLOBAL_FLAGS = ['debug', 'no-verify-ssl', 'no-paginate', 'version', 'no-sign-request', 'no-cli-pager', 'cli-auto-prompt', 'no-cli-auto-prompt'];

/**
 * Whether each global option takes a value, by each name it answers to: the CLI parses with
 * Python's argparse, whose default `allow_abbrev` also takes a unique prefix (`--prof x` is
 * `--profile x`); an ambiguous one (null) is an error there, and reads as a flag here.
 */
const GLOBAL_OPTION_TAKES_VALUE = longOptionNames<boolean>(
  Object.fromEntries([...GLOBAL_OPTIONS_WITH_VALUE.map((o) => [o, true]), ...GLOBAL_FLAGS.map((o) => [o, false])]),
);

/**
 * The service and operation of `aws [global options] <command> <subcommand> …`: `s3` and `cp` of
 * `aws --profile ci s3 cp a b`; undefined where the line has none (`aws --version`, or not aws).
 * The main parser takes its options anywhere on the line with their values (`parse_known_args`
 * over all the words, clidriver.py), so `aws ecr --region x get-login-password` is ecr's
 * get-login-password too. Any other option is read as a flag, as argparse leaves an unknown option
 * alone and does not know whether it takes a value.
 */
export function awsServiceAndOperation(words: readonly Word[]): { service: string | undefined; operation: string | undefined } {
  let service: string | undefined;
  let operation: string | undefined;
  if (runsAwsCli(words)) {
    for (let i = 1; i < words.length && operation === undefined; i++) {
      const text = words[i].text;
      if (text.startsWith('--') && text.length > 2) {
        if (!text.includes('=') && GLOBAL_OPTION_TAKES_VALUE.get(text.slice(2)) === true) i++;
        continue;
      }
      if (text.startsWith('-')) continue;
      if (service === undefined) service = text;
      else operation = text;
    }
  }
  return { service, operation };
}

/** The value of `--name value` or `--name=value`, first occurrence. */
export function awsOptionValue(words: readonly Word[], name: string): string | undefined {
  const index = words.findIndex((w) => w.text === name);
  if (index >= 0) return words[index + 1]?.text;
  const prefix = `${name}=`;
  return words.find((w) => w.text.startsWith(prefix))?.text.slice(prefix.length);
}

/** `--registry-ids 123456789012` of `aws ecr get-login`: the account whose registry it logs in to. */
export function ecrLoginRegistryId(words: readonly Word[]): string | undefined {
  const index = words.findIndex((w) => w.text === '--registry-ids');
  const id = index >= 0 ? words[index + 1]?.text : undefined;
  return id !== undefined && /^\d{12}$/.test(id) ? id : undefined;
}
