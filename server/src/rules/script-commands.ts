/**
 * The commands of a model's `sh` scripts that rules read, grouped by the program they run, in one
 * pass per model. Three rules and two shared helpers (dockerRunSites, executorCommands) each looped
 * over every command of every file to keep the few that run `docker`, `aws`, the Kaniko executor or
 * an installer; each such loop was hot enough for TurboFan to compile. Now one loop sorts the commands
 * and each reader gets only its own. Which program is which stays the domain modules' answer.
 */
import { isAwsProgram, mayInstallAwsCli } from '../aws';
import { dockerInvocation, type DockerInvocation } from '../docker';
import { commandWords, memoKey, programName, type JenkinsModel, type ShellCommand, type ShellStep, type ShellWord } from '../model';
import type { MappedText } from '../parser/strings';

/** A command of an `sh` step with a script. */
export interface ScriptCommand {
  step: ShellStep & { script: MappedText };
  command: ShellCommand;
  /** `commandWords(command).words`: never empty. */
  words: ShellWord[];
}

/** A `docker …` or `docker-compose …` command, read by `dockerInvocation` once for every rule. */
export interface DockerScriptCommand extends ScriptCommand {
  docker: DockerInvocation;
}

/** Each group in document order (steps in model order, then commands in script order). */
export interface ScriptCommands {
  /** The Docker CLI and `docker-compose`. */
  docker: readonly DockerScriptCommand[];
  /** The AWS CLI (`aws`, any path). */
  aws: readonly ScriptCommand[];
  /** Programs named `executor` (any path: every word isExecutorProgram takes), not after a shell keyword: what `executorCommands` reads further. */
  executor: readonly ScriptCommand[];
  /** Programs that `awsCliInstallKind` reads further (pip, package managers, curl, installers, …). */
  installers: readonly ScriptCommand[];
}

const SCRIPT_COMMANDS = memoKey<ScriptCommands>('script commands by program');

/** The script commands of the model by program (read once per model). */
export function scriptCommands(model: JenkinsModel): ScriptCommands {
  const cached = model.memo.get(SCRIPT_COMMANDS);
  if (cached) return cached;
  const groups = { docker: [] as DockerScriptCommand[], aws: [] as ScriptCommand[], executor: [] as ScriptCommand[], installers: [] as ScriptCommand[] };
  const steps = model.steps;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    if (step.kind !== 'shell' || !step.script) continue;
    const commands = step.commands;
    for (let c = 0; c < commands.length; c++) {
      const command = commands[c];
      const found = commandWords(command);
      const words = found.words;
      if (words.length === 0) continue;
      const program = words[0].text;
      const at = step as ScriptCommand['step'];
      const docker = dockerInvocation(words);
      if (docker) groups.docker.push({ step: at, command, words, docker });
      else if (isAwsProgram(program)) groups.aws.push({ step: at, command, words });
      // `if /kaniko/executor …` is not an executor command (effectiveWords keeps the keyword).
      else if (programName(program) === 'executor' && !found.underKeyword) groups.executor.push({ step: at, command, words });
      // Not `else`: installers are recognised by the program as written (`python…`, `…/install`), not by its name.
      if (mayInstallAwsCli(program)) groups.installers.push({ step: at, command, words });
    }
  }
  return model.memo.set(SCRIPT_COMMANDS, groups);
}
