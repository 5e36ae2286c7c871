import { scriptSpan } from '../model';
import { executorBoolFlag, executorCommands, executorNoPush } from './kaniko-helpers';
import { defineRule, type Finding } from './types';

export interface KanikoCacheNoPushData {
  stepStart: number;
  stepEnd: number;
}

export const kanikoCacheNoPush = defineRule<KanikoCacheNoPushData>()({
  meta: {
    id: 'kaniko-cache-no-push',
    defaultSeverity: 'warning',
    title: 'Kaniko `--cache` with `--no-push` and no `--cache-repo`',
    description:
      'The cache repository is derived from `--destination`; with `--no-push` there is none to derive it from, so the executor stops with "if using cache with --no-push, specify cache repo with --cache-repo".',
    fix: 'Add `--cache-repo <registry>/<repository>/cache`, or `--no-push-cache` to build without writing the cache, or drop `--cache`.',
    codeActions: [],
  },
  check(model) {
    const findings: Array<Finding<KanikoCacheNoPushData>> = [];
    const executors = executorCommands(model);
    for (let x = 0; x < executors.length; x++) {
      const executor = executors[x];
      const { invocation, step } = executor;
      if (invocation.subcommand || invocation.opaque.length > 0) continue;
      const cache = invocation.flags.find((use) => use.flag?.name === 'cache' && use.long && !use.singleDashLong);
      if (!cache || !executorBoolFlag(model, executor, 'cache') || !executorNoPush(model, executor)) continue;
      // cmd/executor/cmd/root.go cacheFlagsValid: only --no-push-cache or a --cache-repo lets it through.
      if (executorBoolFlag(model, executor, 'no-push-cache')) continue;
      if (invocation.flags.some((use) => use.flag?.name === 'cache-repo' && use.value)) continue;
      findings.push({
        ...scriptSpan(step.script, cache.start, cache.end),
        message:
          '--cache with --no-push needs --cache-repo: the cache repository is derived from --destination, so the executor stops with "if using cache with --no-push, specify cache repo with --cache-repo". Add --cache-repo <registry>/<repository>/cache.',
        data: { stepStart: step.call.start, stepEnd: step.call.end },
      });
    }
    return findings;
  },
});
