import type { Container } from '../model';
import { stepsIn } from './kaniko-helpers';
import { unquotedSpan } from './spans';
import { defineRule, type Finding } from './types';

/**
 * Whether the container's main process stays up so Jenkins can exec `sh` steps into it:
 * `cat` with a TTY (blocks on the terminal), `sleep`, `tail -f`, or a shell loop that sleeps.
 */
export function keepsRunning(container: Container): boolean {
  // One pass over the words, no intermediate arrays: asked for every Kaniko container.
  let sleep = false;
  let tail = false;
  let follow = false;
  let cat = false;
  for (const parts of [container.command, container.args]) {
    for (const part of parts) {
      for (const word of part.split(/\s+/)) {
        if (word === '') continue;
        const program = word.slice(word.lastIndexOf('/') + 1);
        if (program === 'sleep') sleep = true;
        else if (program === 'tail') tail = true;
        else if (program === 'cat') cat = true;
        if (word === '-f' || word === '-F') follow = true;
      }
    }
  }
  return sleep || (tail && follow) || (cat && !!container.tty);
}

export interface KanikoKeepaliveData {
  podId: number;
  container: string | undefined;
  origin: Container['origin'];
  missingTty: boolean;
  stepCount: number;
}

export const kanikoKeepalive = defineRule<KanikoKeepaliveData>()({
  meta: {
    id: 'kaniko-keepalive',
    defaultSeverity: 'warning',
    title: 'Kaniko container exits before the steps run',
    description:
      "The Kaniko image's entrypoint is the executor, which runs once and exits. A container that `sh` steps use must instead start a process that waits, or the steps fail because the container has terminated.",
    fix: "Give the container a command that keeps it running: `command: [/busybox/cat]` with `tty: true` (or `containerTemplate(command: '/busybox/cat', ttyEnabled: true)`), or `command: [sleep]`, `args: [99d]` as in the Kubernetes plugin's Kaniko examples. `/busybox/cat` needs a `-debug` image; `sleep` runs in any variant with a shell (the fork's `-alpine` and `-bootstrap` have no `/busybox`).",
    codeActions: [],
  },
  check(model) {
    const findings: Array<Finding<KanikoKeepaliveData>> = [];
    const pods = model.pods;
    for (let p = 0; p < pods.length; p++) {
      const pod = pods[p];
      const containers = pod.containers;
      for (let c = 0; c < containers.length; c++) {
        const container = containers[c];
        if (!container.isKaniko || keepsRunning(container)) continue;
        const steps = stepsIn(model, container);
        if (steps.length === 0) continue;
        const nameOrImage = container.nameSpan ?? container.imageSpan;
        if (!nameOrImage) continue;
        const span = unquotedSpan(model.text, nameOrImage);
        const catWithoutTty = [...container.command, ...container.args].some((w) => /(^|\/)cat$/.test(w.trim()));
        findings.push({
          ...span,
          message: catWithoutTty
            ? `Kaniko container '${container.name ?? container.image}' runs cat without a TTY, so it exits at once and its steps fail. Add ${container.origin === 'containerTemplate' ? 'ttyEnabled: true' : 'tty: true'}.`
            : `Kaniko container '${container.name ?? container.image}' is used by steps but has no long-running command: its entrypoint runs the executor once and exits. Use command /busybox/cat with tty: true, or sleep.`,
          data: { podId: pod.id, container: container.name, origin: container.origin, missingTty: catWithoutTty, stepCount: steps.length },
        });
      }
    }
    return findings;
  },
});
