/**
 * Installing the AWS CLI from a shell step: pip, OS packages, AWS's installer bundles, and the
 * Alpine packages the v1 CLI needs. Words are those of `commandWords`.
 */
import { commandWords, type ShellStep, type Step } from '../model';
import { runsAwsCli } from './cli';

type Word = { text: string };

const PIP = /^(pip|pip3|pip2)$/;
const AWSCLI_PACKAGE = /^awscli([<>=~!].*)?$/i;
const OS_PACKAGE_MANAGERS = new Set(['apt-get', 'apt', 'yum', 'dnf', 'microdnf', 'zypper']);
/** Packages the AWS CLI v1 needs on Alpine; they mean an AWS CLI install only where the stage installs or uses the AWS CLI. */
const V1_PREREQUISITES = new Set(['py-pip', 'py3-pip', 'groff', 'less']);
const INSTALLER_URL = /awscli-exe-linux-[a-z0-9_]+\.zip|awscli-bundle\.zip/i;

export type AwsCliInstallKind = 'pip' | 'os-package' | 'prerequisites' | 'download' | 'installer';

/**
 * Why a command installs the AWS CLI, or undefined when it does not. `stageUsesAwsCli` tells
 * whether the stage runs or pip-installs the CLI (see `usesOrInstallsAwsCli`), which makes
 * `apk add py-pip groff less` an install of its prerequisites.
 */
export function awsCliInstallKind(commandWords: readonly Word[], stageUsesAwsCli: boolean): AwsCliInstallKind | undefined {
  const words = commandWords.map((w) => w.text);
  if (words.length === 0) return undefined;
  const [program] = words;
  const pipIndex = PIP.test(program) ? 0 : /^python[0-9.]*$/.test(program) && words[1] === '-m' && PIP.test(words[2] ?? '') ? 2 : -1;
  if (pipIndex >= 0 && words[pipIndex + 1] === 'install' && words.slice(pipIndex + 2).some((w) => AWSCLI_PACKAGE.test(w))) return 'pip';
  if (OS_PACKAGE_MANAGERS.has(program) && words.includes('install') && words.some((w) => /^(awscli|aws-cli)$/i.test(w))) return 'os-package';
  if (program === 'apk' && words.includes('add')) {
    if (words.some((w) => /^(aws-cli|awscli)$/i.test(w))) return 'os-package';
    if (stageUsesAwsCli && words.some((w) => V1_PREREQUISITES.has(w))) return 'prerequisites';
  }
  if ((program === 'curl' || program === 'wget') && words.some((w) => INSTALLER_URL.test(w))) return 'download';
  if (/(^|\/)aws\/install$/.test(program) || (/^(ba)?sh$/.test(program) && /(^|\/)aws\/install$/.test(words[1] ?? ''))) return 'installer';
  if (/(^|\/)awscli-bundle\/install$/.test(program)) return 'installer';
  return undefined;
}

/** `awscliv2.zip`, `/tmp/awscli-exe-linux-x86_64.zip`, `awscli-bundle.zip`: the archive AWS's installer comes in. */
const AWSCLI_ARCHIVE = /(^|\/)awscli[\w.-]*\.zip$/i;
/** What unpacking that archive makes: `aws`, `./aws/`, `/tmp/awscli-bundle`. */
const AWSCLI_UNPACKED = /(^|\/)(aws|awscli-bundle)\/?$/;

/**
 * Which link of the installer chain a command is: `install` gets the CLI (a download, the
 * installer, pip or a package); `unpack` (`unzip awscli*.zip`) and `cleanup` (`rm -rf aws …`) only
 * make sense beside an install, so they go only where the same unit installs the CLI too.
 */
export function awsCliInstallLink(commandWords: readonly Word[]): 'install' | 'unpack' | 'cleanup' | undefined {
  // The words come from the model's commandWords, which has already dropped a leading `sudo`.
  const words = commandWords.map((w) => w.text);
  if (words.length === 0) return undefined;
  if (awsCliInstallKind(commandWords, false) !== undefined) return 'install';
  const [program] = words;
  const operands = words.slice(1).filter((w) => !w.startsWith('-'));
  if ((program === 'curl' || program === 'wget') && operands.some((w) => AWSCLI_ARCHIVE.test(w))) return 'install';
  if (program === 'unzip') return operands.some((w) => AWSCLI_ARCHIVE.test(w)) ? 'unpack' : undefined;
  if (program === 'rm') return operands.length > 0 && operands.every((w) => AWSCLI_ARCHIVE.test(w) || AWSCLI_UNPACKED.test(w)) ? 'cleanup' : undefined;
  return undefined;
}

/** Runs the AWS CLI, or hands `awscli` to pip: what makes Alpine's Python packages part of an AWS CLI install. */
export function usesOrInstallsAwsCli(words: readonly Word[]): boolean {
  return runsAwsCli(words) || (PIP.test(words[0]?.text ?? '') && words.some((w) => AWSCLI_PACKAGE.test(w.text)));
}

/** Whether any shell step among `steps` runs or pip-installs the AWS CLI (the scope `awsCliInstallKind` wants). */
export function shellStepsUseAwsCli(steps: readonly Step[]): boolean {
  return steps.some((s) => s.kind === 'shell' && (s as ShellStep).commands.some((c) => usesOrInstallsAwsCli(commandWords(c).words)));
}

/** Package names of `apk add …`, `apt-get install …`, `pip install …` (versions, options and `py-` prefixes dropped). */
export function installedPackages(words: readonly string[]): string[] {
  const verb = words.findIndex((w) => w === 'add' || w === 'install');
  if (verb < 0) return [];
  return words
    .slice(verb + 1)
    .filter((w) => !w.startsWith('-'))
    .map((w) => withoutVersion(w).replace(/^py3?-/, ''));
}

/** `awscli==1.2` → `awscli`. (A `/[<>=~!].*$/` replace was quadratic on a long run of `!`.) */
function withoutVersion(word: string): string {
  const at = word.search(/[<>=~!]/);
  return at < 0 ? word : word.slice(0, at);
}
