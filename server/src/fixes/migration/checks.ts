/**
 * What would break: other steps that still use the daemon, commands the Kaniko container cannot run,
 * wrappers the migration does not handle, image variables used for more than pushing.
 */
import { awsCliOtherUse, runsAwsCli } from '../../aws';
import { DAEMON_WRAPPER_STEPS, dockerInvocation, mentionsDockerCommand, setsDockerHost, usesDockerDaemon } from '../../docker';
import { calleePath, commandWords, type Container, type ShellCommand, type ShellStep, type Step } from '../../model';
import type * as ast from '../../parser/ast';
import { runsInBusybox } from '../../kaniko/busybox';
import { shellUnits } from '../shellUnits';
import { isAgentContainer } from '../podRewrite';
import { ShellStepPlanner } from './shellSteps';
import { daemonVerbCode } from './reasons';
import { block } from './types';

export abstract class CheckingPlanner extends ShellStepPlanner {
  protected containerNameOf(step: Step): Container | undefined {
    return this.containerOf(step.pod, step.containerName);
  }

  /** Steps outside the build that share the daemon, or will run in the Kaniko container. */
  protected checkOtherSteps(): void {
    const daemonPods = new Set(this.daemonContainers.map((c) => c.pod));
    const connected = new Set<Container>(this.daemonContainers);
    for (const build of this.builds) {
      const container = this.containerNameOf(build.step);
      if (container) connected.add(container);
    }
    for (const pod of daemonPods) for (const c of pod.containers) if (setsDockerHost(c, this.text)) connected.add(c);

    // Kept commands that will run in the Kaniko container, checked for what its busybox image lacks
    // after the daemon checks, so that the AWS CLI use behind a kept install is the reason given.
    const kanikoBound: Array<{ step: ShellStep; where: string; commands: ShellCommand[] }> = [];
    for (const step of this.model.steps) {
      const container = this.containerNameOf(step);
      const inPod = (step.pod && daemonPods.has(step.pod)) || (container !== undefined && daemonPods.has(container.pod));
      if (!inPod) continue;
      const inStage = step.stage === this.stage || this.stage.steps.includes(step);
      const where =
        step.stage && step.stage !== this.stage ? `stage '${step.stage.name}' (line ${this.line(step.call.start)})` : `line ${this.line(step.call.start)}`;
      if (!inStage) {
        if (step.kind === 'docker') block('daemon-used-elsewhere', `${where} still uses the Docker daemon of the same pod (docker.${step.method})`);
        if (step.kind === 'shell' && step.commands.some((c) => usesDockerDaemon(commandWords(c).words))) {
          block('daemon-used-elsewhere', `${where} still uses the Docker daemon of the same pod`);
        }
      }
      if (step.kind !== 'shell' || step.step !== 'sh') continue;
      // The agent `jnlp` stays what it is (a Kaniko container is added beside it): its other steps keep their tools.
      const becomesKaniko = container !== undefined && this.daemonContainers.includes(container) && !isAgentContainer(container);
      const touchesDaemon = container !== undefined && connected.has(container);
      if (!becomesKaniko && !touchesDaemon) continue;
      const kinds = this.unitKinds.get(step as ShellStep);
      if (!step.script) {
        if (becomesKaniko || touchesDaemon)
          block('shell-form', `${where}: cannot read the script of this sh step, which runs in container '${step.containerName}'`);
        continue;
      }
      const kept = kinds ? kinds.filter((k) => k.kind === 'keep').map((k) => k.unit) : shellUnits(step.commands);
      for (const unit of kept) {
        for (const command of [...unit.commands, ...unit.inner]) {
          const words = commandWords(command).words;
          const docker = dockerInvocation(words);
          if (docker && docker.verb !== '')
            block(daemonVerbCode(docker.verb, docker.group), `${where}: \`docker ${docker.verb}\` still needs the Docker daemon`);
          if (mentionsDockerCommand(words.map((w) => w.text).join(' '))) {
            block(
              'shell-form',
              `${where}: a docker command I cannot place (\`${words
                .map((w) => w.text)
                .join(' ')
                .slice(0, 60)}\`)`,
            );
          }
        }
        if (becomesKaniko) kanikoBound.push({ step: step as ShellStep, where, commands: [...unit.commands, ...unit.inner] });
      }
    }
    this.checkKanikoBoundCommands(kanikoBound);
    this.checkUnsupportedWrappers();
  }

  /**
   * Commands kept in the container that becomes Kaniko's must run in its debug image (busybox only).
   * An AWS CLI use comes first: it is why an install (`apk add aws-cli`) was kept, so the reason names it.
   */
  private checkKanikoBoundCommands(kept: ReadonlyArray<{ step: ShellStep; where: string; commands: ShellCommand[] }>): void {
    for (const { step, commands } of kept) {
      const aws = commands.find((command) => runsAwsCli(commandWords(command).words));
      if (!aws) continue;
      const words = commandWords(aws).words.map((w) => w.text);
      const use = awsCliOtherUse(commands) ?? words.slice(0, 3).join(' ');
      const line = this.line(step.script ? step.script.toSource(aws.start) : step.call.start);
      block(
        'busybox-command',
        `line ${line} runs \`${use}\`, which needs the AWS CLI; Kaniko's image has none: move that step to another container (one whose image has the AWS CLI)`,
      );
    }
    for (const { where, commands } of kept) {
      for (const command of commands) {
        const words = commandWords(command).words;
        if (!runsInBusybox(words)) {
          block(
            'busybox-command',
            `${where}: \`${words[0]?.text}\` would run in the Kaniko container, whose debug image has only busybox; run it in another container first`,
          );
        }
      }
    }
  }

  protected checkUnsupportedWrappers(): void {
    const body = this.stage.call;
    let found: ast.CallExpression | undefined;
    const visit = (node: unknown, depth: number): void => {
      if (found || depth > 400 || typeof node !== 'object' || node === null) return;
      const n = node as ast.Node;
      if ((n as { type?: string }).type === 'CallExpression') {
        const path = calleePath(n as ast.CallExpression);
        if (path !== undefined && DAEMON_WRAPPER_STEPS.has(path)) {
          found = n as ast.CallExpression;
          return;
        }
      }
      for (const value of Object.values(n)) {
        if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
        else if (typeof value === 'object') visit(value, depth + 1);
      }
    };
    visit(body, 0);
    if (found) block('unsupported-wrapper', `${calleePath(found)} at line ${this.line(found.start)} is not supported by the migration yet`);
  }

  /** A build variable must only be pushed or tagged: any other use needs the image in a daemon. */
  protected checkBuildVariables(): void {
    for (const build of this.builds) {
      const name = build.variable;
      if (!name || build.step.kind !== 'docker') continue;
      const allowed = new Set<ast.Node>();
      for (const step of this.stage.steps) {
        if (step.kind === 'docker' && step.receiver?.type === 'Identifier' && step.receiver.name === name) allowed.add(step.receiver);
      }
      const check = (node: unknown, parent: unknown, depth: number): void => {
        if (depth > 400 || typeof node !== 'object' || node === null) return;
        const n = node as { type?: string; name?: string; start: number };
        if (n.type === 'Identifier' && n.name === name && !allowed.has(n as ast.Node)) {
          const declarator = parent as { name?: unknown; init?: unknown } | undefined;
          const assignment = parent as { type?: string; target?: unknown } | undefined;
          const isDeclaration = declarator?.name === node;
          const isTarget = assignment?.type === 'AssignmentExpression' && assignment.target === node;
          if (!isDeclaration && !isTarget) block('image-used', `line ${this.line(n.start)}: the image variable '${name}' is used for more than pushing`);
        }
        for (const value of Object.values(n)) {
          if (Array.isArray(value)) for (const v of value) check(v, node, depth + 1);
          else if (typeof value === 'object') check(value, node, depth + 1);
        }
      };
      check(this.stage.call, undefined, 0);
    }
  }
}
