import { lineNumberOf } from '../lines';
import { scriptSpan } from '../model';
import { executorBoolFlag, executorCommands, type ExecutorCommand } from './kaniko-helpers';
import { defineRule, type Finding } from './types';

export interface KanikoCleanupData {
  stepStart: number;
  stepEnd: number;
  /** Start of the later executor command's step, which runs in the same container. */
  nextStepStart: number;
}

export const kanikoCleanup = defineRule<KanikoCleanupData>()({
  meta: {
    id: 'kaniko-cleanup',
    defaultSeverity: 'warning',
    title: 'Several Kaniko builds in one container without `--cleanup`',
    description:
      'The executor unpacks the base image into the root of its own container and leaves it there. A second executor run in the same container builds on top of those files (GoogleContainerTools/kaniko#1406): the second image gets files of the first, or the build fails.',
    fix: "Add `--cleanup` to every executor run but the last in a container (or `--pre-cleanup` to the next one, osscontainertools fork only; `KANIKO_CLEANUP=true` in the container's env does the same).",
    codeActions: [],
  },
  check(model) {
    const findings: Array<Finding<KanikoCleanupData>> = [];
    const executors = executorCommands(model);
    // A finding needs two runs: most files have one or none, and no grouping is made for them.
    if (executors.length < 2) return findings;
    const byContainer = new Map<unknown, ExecutorCommand[]>();
    for (let x = 0; x < executors.length; x++) {
      const executor = executors[x];
      if (executor.invocation.subcommand) continue;
      const key = executor.container ?? `${executor.step.pod?.id ?? '-'}:${executor.step.containerName}`;
      const runs = byContainer.get(key);
      if (runs) runs.push(executor);
      else byContainer.set(key, [executor]);
    }
    for (const runs of byContainer.values()) {
      for (let i = 0; i + 1 < runs.length; i++) {
        const [run, next] = [runs[i], runs[i + 1]];
        // Flags from a variable may hold --cleanup.
        if (run.invocation.opaque.length > 0 || next.invocation.opaque.length > 0) continue;
        if (executorBoolFlag(model, run, 'cleanup') || executorBoolFlag(model, next, 'pre-cleanup')) continue;
        const nextLine = lineNumberOf(model.text, scriptSpan(next.step.script, next.program.start, next.program.end).start);
        findings.push({
          ...scriptSpan(run.step.script, run.program.start, run.program.end),
          message: `Another executor run follows in container '${run.step.containerName}' (line ${nextLine}), and this one has no --cleanup: the next build starts on the files this one left in the container (kaniko#1406). Add --cleanup.`,
          data: { stepStart: run.step.call.start, stepEnd: run.step.call.end, nextStepStart: next.step.call.start },
        });
      }
    }
    return findings.sort((a, b) => a.start - b.start);
  },
});
