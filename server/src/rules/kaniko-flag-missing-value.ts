import { scriptSpan } from '../model';
import { executorCommands } from './kaniko-helpers';
import { defineRule, type Finding } from './types';

export interface KanikoFlagMissingValueData {
  stepStart: number;
  stepEnd: number;
  /** The flag as written (`--cache-repo`). */
  flag: string;
  /** The next flag that the executor took as the value, when that is what happened. */
  swallowed?: string;
}

export const kanikoFlagMissingValue = defineRule<KanikoFlagMissingValueData>()({
  meta: {
    id: 'kaniko-flag-missing-value',
    defaultSeverity: 'warning',
    title: 'Kaniko executor flag without its value',
    description:
      'A flag that needs a value (`--cache-repo`, `--context`, `--dockerfile`, …) ends the command, so the executor stops with "flag needs an argument"; or the next word is another flag, which the executor takes as the value (spf13/pflag takes the next word whatever it is), so that flag is lost.',
    fix: 'Give the flag its value (`--cache-repo registry.example.com/app/cache`), or remove the flag. A line break without a trailing `\\` ends the command: the next line is a command of its own.',
    codeActions: [],
  },
  check(model) {
    const findings: Array<Finding<KanikoFlagMissingValueData>> = [];
    const executors = executorCommands(model);
    for (let x = 0; x < executors.length; x++) {
      const executor = executors[x];
      const { invocation, step } = executor;
      if (invocation.subcommand) continue;
      const destinations = executor.destinationFlags;
      for (const use of invocation.flags) {
        if (!use.flag?.takesValue || use.singleDashLong) continue;
        // A lone `--destination` with no value is kaniko-missing-destination's finding.
        if (use.flag.name === 'destination' && !destinations.some((d) => d !== use && d.value)) continue;
        const missing = use.value === undefined && !use.valueWord;
        const next = use.valueWord?.text;
        // The next word, a flag, taken as this one's value (not a value written after `=` in the same word).
        const swallowedFlag =
          !missing && next !== undefined && next.startsWith('--') && next.length > 2 && use.valueWord !== use.word ? next.split('=')[0] : undefined;
        // Most flags have their value: no span or payload is made for them.
        if (!missing && !swallowedFlag) continue;
        const data = { stepStart: step.call.start, stepEnd: step.call.end, flag: use.written };
        const span = scriptSpan(step.script, use.start, use.end);
        if (missing) {
          findings.push({
            ...span,
            message: `'${use.written}' needs a value and ends the command: the executor stops with "flag needs an argument: ${use.long ? use.written : `'${use.name}' in ${use.written}`}".`,
            data,
          });
          continue;
        }
        findings.push({
          ...span,
          message: `'${use.written}' has no value of its own: the executor takes the next word '${next}' as its value, so ${swallowedFlag} is lost.`,
          data: { ...data, swallowed: swallowedFlag! },
        });
      }
    }
    return findings;
  },
});
