/**
 * Where a pipeline hands `docker run` options to the Docker daemon, for the rules that look at
 * what those options give away (`--privileged`, the Docker socket): Docker agents' `args`,
 * `docker.image(x).inside('…')` / `.withRun('…')` / `.run('…')`, and `docker run` in `sh` steps.
 */
import { dockerRunOf, dockerRunOptions, type DockerRunOptions } from '../docker';
import { memoKey, splitShell, type DockerAgent, type DockerStep, type JenkinsModel, type ShellStep, type Span } from '../model';
import { sourceSpan, type MappedText } from '../parser/strings';
import { scriptCommands } from './script-commands';

export interface DockerRunSite {
  /** `agent`: `agent { docker { args '…' } }`; `image`: `.inside('…')` and friends; `sh`: a `docker run` command. */
  kind: 'agent' | 'image' | 'sh';
  options: DockerRunOptions;
  /** Jenkinsfile span of offsets in the options' own text. */
  span(start: number, end: number): Span;
  /** How the user wrote it, for messages: `agent { docker { args … } }`, `.inside(…)`, `docker run`. */
  written: string;
  agent?: DockerAgent;
  step?: DockerStep | ShellStep;
}

const DOCKER_RUN_SITES = memoKey<DockerRunSite[]>('docker run sites');

/** The options and span of an options string (`args '…'`, `.inside('…')`); a function of its own, not a closure made per model. */
function fromString(args: MappedText): Pick<DockerRunSite, 'options' | 'span'> {
  return {
    options: dockerRunOptions(
      splitShell(args.text).flatMap((command) => command.words),
      args.text,
    ),
    span: (start: number, end: number) => sourceSpan(args, start, end),
  };
}

/** Every place `docker run` options are given, in document order (read once per model). */
export function dockerRunSites(model: JenkinsModel): DockerRunSite[] {
  const cached = model.memo.get(DOCKER_RUN_SITES);
  if (cached) return cached;
  const sites: Array<DockerRunSite & { at: number }> = [];
  // Indexed loops: this runs cold for most of a one-shot `check`, where for-of costs an iterator per loop.
  const agents = model.dockerAgents;
  for (let i = 0; i < agents.length; i++) {
    const agent = agents[i];
    if (!agent.args) continue;
    sites.push({ kind: 'agent', ...fromString(agent.args), written: `agent { ${agent.kind} { args … } }`, agent, at: agent.call.start });
  }
  const steps = model.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step.kind === 'docker' && step.runArgs)
      sites.push({ kind: 'image', ...fromString(step.runArgs), written: `.${step.method}(…)`, step, at: step.call.start });
  }
  // Only the scripts' `docker` commands, grouped once per model (scriptCommands); an indexed loop, as it runs cold.
  const commands = scriptCommands(model).docker;
  for (let i = 0; i < commands.length; i++) {
    const { step, docker } = commands[i];
    const script = step.script;
    const options = dockerRunOf(docker, script.text);
    if (options) sites.push({ kind: 'sh', options, span: (start, end) => sourceSpan(script, start, end), written: 'docker run', step, at: step.call.start });
  }
  const sorted = sites.sort((a, b) => a.at - b.at);
  model.memo.set(DOCKER_RUN_SITES, sorted);
  return sorted;
}
