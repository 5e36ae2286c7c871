/**
 * Installing the AWS CLI from a shell step: pip, OS packages, AWS's installer bundles, and the
 * Alpine packages the v1 CLI needs. Words are those of `commandWords` (`sudo`, `env A=B` and the
 * other prefixes already dropped); a program is read by its name at any path (`/usr/bin/pip3` is
 * pip3, as `/usr/local/bin/aws` is aws for `isAwsProgram`).
 */
import { commandWords, programName, type ShellStep, type Step } from '../model';
import { runsAwsCli } from './cli';

type Word = { text: string };

/** pip, pip3, pip2, pip3.11 (`pip3.11 install`), and pipx, whose `install` also takes a package name. */
const PIP_PROGRAM = /^pip(?:x|[0-9.]*)$/;
/** The module names `python -m` is read to run pip by (`python3 -m pip`). */
const PIP_MODULE = new Set(['pip', 'pip3', 'pip2']);
const PYTHON_PROGRAM = /^python[0-9.]*$/;
/** The PyPI package itself, with a version (`awscli==1.32.0`, `'awscli>=1.18'`); not `awscli-local`, `awscliv2` or plugins. */
const AWSCLI_PACKAGE = /^awscli([<>=~!].*)?$/i;
const OS_PACKAGE_MANAGERS = new Set(['apt-get', 'apt', 'yum', 'dnf', 'microdnf', 'zypper']);
/** Packages the AWS CLI v1 needs on Alpine; they mean an AWS CLI install only where the stage installs or uses the AWS CLI. */
const V1_PREREQUISITES = new Set(['py-pip', 'py3-pip', 'groff', 'less']);
const INSTALLER_URL = /awscli-exe-linux-[a-z0-9_]+\.zip|awscli-bundle\.zip/i;

export type AwsCliInstallKind = 'pip' | 'os-package' | 'prerequisites' | 'download' | 'installer';

/** Every program name `awsCliInstallKind` reads further, besides `python…`, `pip…` and `…/install` paths. */
const INSTALL_PROGRAMS = new Set([...OS_PACKAGE_MANAGERS, 'apk', 'curl', 'wget', 'sh', 'bash']);

/** Whether any word from index `from` on matches `pattern` (a loop: no array of texts per command). */
function someWord(words: readonly Word[], from: number, pattern: RegExp): boolean {
  for (let i = from; i < words.length; i++) if (pattern.test(words[i].text)) return true;
  return false;
}

function hasWord(words: readonly Word[], text: string): boolean {
  for (let i = 0; i < words.length; i++) if (words[i].text === text) return true;
  return false;
}

/**
 * Whether `awsCliInstallKind` can find an install in a command run by `program` (the word as
 * written, any path): most commands run none of these, and one set lookup and a few string tests settle them.
 */
export function mayInstallAwsCli(program: string): boolean {
  const name = programName(program);
  return INSTALL_PROGRAMS.has(name) || name.startsWith('python') || name.startsWith('pip') || program.endsWith('/install');
}

/**
 * The index of pip's own first argument (its command: `install`, `download`, …) when the command
 * runs pip, and -1 otherwise: `pip …`, `pip3.11 …`, `pipx …` at any path (`/usr/bin/pip3`,
 * `./venv/bin/pip`, `~/.local/bin/pip3`), `python3 -m pip …` (Python at any path too), and a pip
 * script run by Python (`python3 ./venv/bin/pip3 …`); pip's general options before its command are
 * skipped (`pip --no-cache-dir install`).
 */
export function pipArgumentsStart(words: readonly Word[]): number {
  const afterProgram = pipProgramEnd(words);
  return afterProgram < 0 ? -1 : afterPipGeneralOptions(words, afterProgram);
}

/** The index after the words that name pip (see `pipArgumentsStart`), or -1 when the command does not run pip. */
function pipProgramEnd(words: readonly Word[]): number {
  if (words.length === 0) return -1;
  const name = programName(words[0].text);
  if (PIP_PROGRAM.test(name)) return 1;
  if (!PYTHON_PROGRAM.test(name) || words.length < 2) return -1;
  const second = words[1].text;
  if (second === '-m') return PIP_MODULE.has(words[2]?.text ?? '') ? 3 : -1;
  // `python3 pip install` would run a file named pip in the working directory: only a path is read as pip's script.
  return second.includes('/') && PIP_PROGRAM.test(programName(second)) ? 2 : -1;
}

/**
 * The index of pip's command after its general options, which may come first
 * (`pip --no-cache-dir install awscli`, `pip3 -q --proxy host:3128 install awscli`): the word after
 * the program's when there are none.
 */
function afterPipGeneralOptions(words: readonly Word[], from: number): number {
  let i = from;
  while (i < words.length && words[i].text.startsWith('-')) i += PIP_OPTIONS_WITH_VALUE.has(words[i].text) ? 2 : 1;
  return i;
}

/** The index of the `awscli` requirement of a pip install (any spelling `pipArgumentsStart` reads), or -1 when the command installs no awscli with pip. */
export function pipAwsCliRequirement(words: readonly Word[]): number {
  const start = pipArgumentsStart(words);
  if (start < 0 || words[start]?.text !== 'install') return -1;
  for (let i = start + 1; i < words.length; i++) if (AWSCLI_PACKAGE.test(words[i].text)) return i;
  return -1;
}

/** Whether the command is pip installing the `awscli` package. */
export function pipInstallsAwsCli(words: readonly Word[]): boolean {
  return pipAwsCliRequirement(words) >= 0;
}

/**
 * pip's options whose value is the next word unless attached (`-i URL`, `--progress-bar off`,
 * `--cache-dir=/tmp/pip` is one word): its general options, which may also come before the command,
 * and `pip install`'s. A value read as a package would be "kept" or left behind as a requirement.
 */
const PIP_OPTIONS_WITH_VALUE = new Set([
  // general options
  '--python',
  '--log',
  '--log-file',
  '--local-log',
  '--proxy',
  '--retries',
  '--timeout',
  '--exists-action',
  '--trusted-host',
  '--cert',
  '--client-cert',
  '--cache-dir',
  '--use-feature',
  '--use-deprecated',
  '--keyring-provider',
  // pip install's options
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-c',
  '--constraint',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--src',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--upgrade-strategy',
  '--no-binary',
  '--only-binary',
  '--progress-bar',
  '--root-user-action',
  '-C',
  '--config-settings',
  '--global-option',
  '--install-option',
  '--report',
]);
/**
 * What a pip install of awscli may name that serves the CLI or pip itself, not the scripts:
 * pip's own tooling, the CLI's dependencies (its setup.py) and its plugins (which depend on it).
 */
const PIP_AWSCLI_COMPANIONS = /^(pip|setuptools|wheel|botocore|s3transfer|pyyaml|colorama|rsa|docutils|awscli[-_]plugin[-_].*)$/i;
/** `-r file` and `-e path` install more packages: the file's requirements, a project. */
const PIP_MORE_PACKAGES = new Set(['-r', '--requirement', '-e', '--editable']);

/**
 * What a pip install of awscli installs besides it, as written: the other requirements
 * (`boto3` of `pip install awscli boto3`), and each `-r requirements.txt` or `-e .`. Scripts may
 * import those, which no look at the commands a stage runs can tell: such an install is not only
 * the AWS CLI's. Empty for any other command.
 */
export function pipInstallsBesidesAwsCli(words: readonly Word[]): string[] {
  const awscli = pipAwsCliRequirement(words);
  if (awscli < 0) return [];
  const others: string[] = [];
  for (let i = pipArgumentsStart(words) + 1; i < words.length; i++) {
    const text = words[i].text;
    if (i === awscli) continue;
    if (PIP_MORE_PACKAGES.has(text)) {
      others.push(i + 1 < words.length ? `${text} ${words[++i].text}` : text);
    } else if (/^(-[re].|--(requirement|editable)=)/.test(text)) {
      others.push(text);
    } else if (PIP_OPTIONS_WITH_VALUE.has(text)) {
      i++;
    } else if (!text.startsWith('-') && !PIP_AWSCLI_COMPANIONS.test(requirementName(text))) {
      others.push(text);
    }
  }
  return others;
}

/** The project name of a requirement (the word's shell value): `PyYAML>=5.1` → `PyYAML`, `boto3[crt]` → `boto3`. */
function requirementName(word: string): string {
  const at = word.search(/[<>=~!;[ ]/);
  return at < 0 ? word : word.slice(0, at);
}

/**
 * Whether a `sh` step of the step's stage (the step alone outside a stage) keeps pip installing
 * awscli with other packages (`pip install awscli boto3`): pip then stays, and so must what pip
 * needs to run (`apk add py-pip`, the v1 prerequisites).
 */
export function stageKeepsPipInstall(step: ShellStep): boolean {
  return someShellCommand(stageScope(step), (words) => pipInstallsBesidesAwsCli(words).length > 0);
}

/** The steps whose scripts count for `step`'s stage-wide questions: its stage's, or the step alone outside a stage. */
function stageScope(step: ShellStep): readonly Step[] {
  return step.stage ? step.stage.steps : [step];
}

/** Whether a command of any shell step among `steps` passes `test` (on its `commandWords`). */
function someShellCommand(steps: readonly Step[], test: (words: readonly Word[]) => boolean): boolean {
  return steps.some((s) => s.kind === 'shell' && (s as ShellStep).commands.some((c) => test(commandWords(c).words)));
}

/**
 * Why a command installs the AWS CLI, or undefined when it does not. `stageUsesAwsCli` tells
 * whether the stage runs or pip-installs the CLI (see `usesOrInstallsAwsCli`), which makes
 * `apk add py-pip groff less` an install of its prerequisites; it may be a function, asked only
 * for such an `apk add` (most scripts have none, so the stage is not scanned for them).
 */
export function awsCliInstallKind(commandWords: readonly Word[], stageUsesAwsCli: boolean | (() => boolean)): AwsCliInstallKind | undefined {
  if (commandWords.length === 0) return undefined;
  const written = commandWords[0].text;
  if (!mayInstallAwsCli(written)) return undefined;
  if (pipInstallsAwsCli(commandWords)) return 'pip';
  const program = programName(written);
  if (OS_PACKAGE_MANAGERS.has(program) && hasWord(commandWords, 'install') && someWord(commandWords, 1, AWS_CLI_PACKAGE_NAME)) return 'os-package';
  if (program === 'apk' && hasWord(commandWords, 'add')) {
    if (someWord(commandWords, 1, AWS_CLI_PACKAGE_NAME)) return 'os-package';
    if (commandWords.some((w) => V1_PREREQUISITES.has(w.text)) && (typeof stageUsesAwsCli === 'function' ? stageUsesAwsCli() : stageUsesAwsCli))
      return 'prerequisites';
  }
  if ((program === 'curl' || program === 'wget') && someWord(commandWords, 1, INSTALLER_URL)) return 'download';
  if (AWS_INSTALLER.test(written) || ((program === 'sh' || program === 'bash') && AWS_INSTALLER.test(commandWords[1]?.text ?? ''))) return 'installer';
  if (/(^|\/)awscli-bundle\/install$/.test(written)) return 'installer';
  return undefined;
}

/**
 * The distributions' package, alone or pinned as each manager writes it: apk `aws-cli=2.15.14-r0`,
 * `aws-cli=~1.18`, `aws-cli@community`; apt `awscli=1.22.34-1`.
 */
const AWS_CLI_PACKAGE_NAME = /^(awscli|aws-cli)([=<>~@].*)?$/i;
const AWS_INSTALLER = /(^|\/)aws\/install$/;

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
  const program = programName(words[0]);
  const operands = words.slice(1).filter((w) => !w.startsWith('-'));
  if ((program === 'curl' || program === 'wget') && operands.some((w) => AWSCLI_ARCHIVE.test(w))) return 'install';
  if (program === 'unzip') return operands.some((w) => AWSCLI_ARCHIVE.test(w)) ? 'unpack' : undefined;
  if (program === 'rm') return operands.length > 0 && operands.every((w) => AWSCLI_ARCHIVE.test(w) || AWSCLI_UNPACKED.test(w)) ? 'cleanup' : undefined;
  return undefined;
}

/** Runs the AWS CLI, or hands `awscli` to pip: what makes Alpine's Python packages part of an AWS CLI install. */
export function usesOrInstallsAwsCli(words: readonly Word[]): boolean {
  return runsAwsCli(words) || pipInstallsAwsCli(words);
}

/** Whether any shell step among `steps` runs or pip-installs the AWS CLI (the scope `awsCliInstallKind` wants). */
export function shellStepsUseAwsCli(steps: readonly Step[]): boolean {
  return someShellCommand(steps, usesOrInstallsAwsCli);
}

/** `stageUsesAwsCli` per stage (or stage-less step): the rule and the migration ask for the same scopes. */
const stageUses = new WeakMap<object, boolean>();

/**
 * Whether the `sh` steps of the step's stage (the step alone outside a stage) run or pip-install the
 * AWS CLI: what `awsCliInstallKind` takes for `stageUsesAwsCli`. Worked out once per stage, for
 * aws-cli-per-run-install and the migration alike (a stage of thousands of steps is scanned once).
 */
export function stageUsesAwsCli(step: ShellStep): boolean {
  const scope = step.stage ?? step;
  let uses = stageUses.get(scope);
  if (uses === undefined) {
    uses = shellStepsUseAwsCli(stageScope(step));
    stageUses.set(scope, uses);
  }
  return uses;
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
