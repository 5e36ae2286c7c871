/**
 * The AWS CLI as shell words: which program is `aws`, the ECR login commands, option values.
 * Words are those of `commandWords` (prefixes such as `sudo` and shell keywords removed).
 */
import { programName } from '../model';

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
  if (!runsAwsCli(words)) return undefined;
  // Global options may precede the service: `aws --region x ecr get-login`.
  const ecr = words.findIndex((w) => w.text === 'ecr');
  const sub = ecr >= 0 ? words[ecr + 1]?.text : undefined;
  return sub === 'get-login' || sub === 'get-login-password' ? sub : undefined;
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
