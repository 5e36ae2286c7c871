import { effectiveWords, scriptSpan, type ShellCommand, type ShellStep, type Stage } from '../model';
import type { Finding, Rule } from './types';

const PIP = /^(pip|pip3|pip2)$/;
const AWSCLI_PACKAGE = /^awscli([<>=~!].*)?$/i;
const OS_PACKAGE_MANAGERS = new Set(['apt-get', 'apt', 'yum', 'dnf', 'microdnf', 'zypper']);
/** Packages the AWS CLI v1 needs on Alpine; only flagged where the stage installs or uses the AWS CLI. */
const V1_PREREQUISITES = new Set(['py-pip', 'py3-pip', 'groff', 'less']);
const INSTALLER_URL = /awscli-exe-linux-[a-z0-9_]+\.zip|awscli-bundle\.zip/i;

type InstallKind = 'pip' | 'os-package' | 'prerequisites' | 'download' | 'installer';

/** Why a command installs the AWS CLI, or undefined when it does not. */
function installKind(command: ShellCommand, stageUsesAwsCli: boolean): InstallKind | undefined {
  const words = effectiveWords(command).map((w) => w.text);
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

function usesAwsCli(commands: ShellCommand[]): boolean {
  return commands.some((command) => {
    const words = effectiveWords(command).map((w) => w.text);
    return words[0] === 'aws' || (PIP.test(words[0] ?? '') && words.some((w) => AWSCLI_PACKAGE.test(w)));
  });
}

function stageShellSteps(stage: Stage | undefined, fallback: ShellStep): ShellStep[] {
  if (!stage) return [fallback];
  return stage.steps.filter((s): s is ShellStep => s.kind === 'shell');
}

export const awsCliPerRunInstall: Rule = {
  meta: {
    id: 'aws-cli-per-run-install',
    defaultSeverity: 'warning',
    title: 'AWS CLI installed on every run',
    description:
      'The pipeline downloads and installs the AWS CLI (or the Python packages it needs) every time it runs. That is slow, breaks when a mirror or PyPI hiccups, and pulls unpinned code into the build.',
    fix: 'Kaniko authenticates to Amazon ECR by itself (ECR credential helper), so the AWS CLI is not needed to push images. Migrate the stage to Kaniko, or remove the install and use an image that already contains the tool.',
  },
  check(model) {
    const findings: Finding[] = [];
    // Once per stage: a stage with thousands of `sh` steps must not be rescanned for each of them.
    const stageUsesAwsCli = new Map<Stage | ShellStep, boolean>();
    for (const step of model.steps) {
      if (step.kind !== 'shell' || !step.script) continue;
      const key = step.stage ?? step;
      let stageUses = stageUsesAwsCli.get(key);
      if (stageUses === undefined) {
        stageUses = usesAwsCli(stageShellSteps(step.stage, step).flatMap((s) => s.commands));
        stageUsesAwsCli.set(key, stageUses);
      }
      for (const command of step.commands) {
        const kind = installKind(command, stageUses);
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
};
