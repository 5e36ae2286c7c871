import type { ExecutorFlagUse } from '../kaniko/command';
import { scriptSpan } from '../model';
import { executorCommands, executorNoPush } from './kaniko-helpers';
import { defineRule, type Finding } from './types';

export interface KanikoMissingDestinationData {
  stepStart: number;
  stepEnd: number;
  /** Where a `--destination …` flag can be inserted: right after the program word. */
  insertAt: number;
}

export const kanikoMissingDestination = defineRule<KanikoMissingDestinationData>()({
  meta: {
    id: 'kaniko-missing-destination',
    defaultSeverity: 'warning',
    title: 'Kaniko executor without `--destination` or `--no-push`',
    description:
      'The executor refuses to start without somewhere to push the image: it stops with "you must provide --destination, or use --no-push" and the stage fails.',
    fix: 'Add `--destination <registry>/<repository>:<tag>` (repeat it for several tags), or `--no-push` to only build (with `--tar-path` to keep the result).',
    codeActions: [],
  },
  check(model) {
    const findings: Array<Finding<KanikoMissingDestinationData>> = [];
    const executors = executorCommands(model);
    for (let x = 0; x < executors.length; x++) {
      const executor = executors[x];
      const { invocation, step, command, program } = executor;
      // `executor version`, `executor --help`, and commands whose flags come from a variable are left alone.
      if (invocation.subcommand || invocation.opaque.length > 0 || executor.asksForHelp) continue;
      // pflag reads `-destination=x` as `-d estination=x`: a destination, if a wrong one (kaniko-unknown-flag reports it).
      const destinations = executor.destinationFlags;
      // `--no-push`, or KANIKO_NO_PUSH on the command, earlier in the script, in the container's env or `environment { }`.
      if (hasValue(destinations) || executorNoPush(model, executor)) continue;
      findings.push({
        ...scriptSpan(step.script, program.start, command.end),
        message:
          destinations.length > 0
            ? '--destination has no value: the Kaniko executor stops with "you must provide --destination, or use --no-push".'
            : 'The Kaniko executor needs --destination <image> (or --no-push); without it the build stops with "you must provide --destination, or use --no-push".',
        data: {
          stepStart: step.call.start,
          stepEnd: step.call.end,
          // Where a `--destination …` flag can be inserted: right after the program word.
          insertAt: scriptSpan(step.script, program.start, program.end).end,
        },
      });
    }
    return findings;
  },
});

/** Whether one of the uses has a non-empty value (a loop: asked for every executor). */
function hasValue(uses: readonly ExecutorFlagUse[]): boolean {
  for (const use of uses) if (use.value !== undefined && use.value !== '') return true;
  return false;
}
