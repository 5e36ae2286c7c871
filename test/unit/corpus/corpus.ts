/** test/corpus/ and the reason codes its refusals are reported under. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * migrated: fix wrote a Kaniko build and exited 0. refused: fix skipped it with a reason and exited 1.
 * silent: "nothing to change" although the pod reaches a Docker daemon. none: no Docker build, nothing to do.
 * broken: the result does not compile, still reaches the daemon, or changes again on a second run.
 */
export type Outcome = 'migrated' | 'refused' | 'silent' | 'none' | 'broken';

export function corpusDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'corpus');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`test/corpus not found above ${__dirname}`);
  }
}
