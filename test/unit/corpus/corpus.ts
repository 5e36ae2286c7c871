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

/**
 * Reason codes for the reach report, from the reason the CLI prints. The table is the report's
 * vocabulary (docs/migration.md uses the same codes); an unknown reason is reported as itself so
 * that a new one shows up in the test's failure rather than hiding in a catch-all.
 */
const REASONS: Array<[code: string, pattern: RegExp]> = [
  ['yamlfile', /\(yamlFile\)/],
  ['daemon-used-elsewhere', /still uses the Docker daemon of the same pod/],
  ['image-not-built-here', /is not built in this (stage|pod)|which this (stage|pod) does not build|is not an image built in this (stage|pod)/],
  ['runs-container', /`docker run`|runs a container through the Docker daemon|\.inside/],
  ['docker-compose', /docker-compose|docker compose/],
  ['buildx', /`docker buildx/],
  ['manifest', /`docker manifest/],
  ['housekeeping', /`docker (info|version|images|ps|system|rmi|logout|image|container|volume)` needs the Docker daemon/],
  ['docker-pull', /`docker pull` needs the Docker daemon/],
  ['with-docker-registry', /withDockerRegistry at line \d+ is not supported/],
  ['build-option', /docker build option .* has no Kaniko equivalent/],
  ['expression-name', /cannot carry the expression/],
  ['container-template-secret', /a containerTemplate pod cannot express/],
  ['no-build', /does not build an image/],
  ['dind-and-socket', /both a dind container and the Docker socket/],
  ['multi-platform', /several platforms|one platform per run/],
  ['no-visible-build', /no docker build (is )?visible|hidden in a script/],
  ['jnlp-agent', /the build runs in the 'jnlp' container/],
];

export function classifyReason(reason: string): string {
  for (const [code, pattern] of REASONS) if (pattern.test(reason)) return code;
  return `unclassified: ${reason}`;
}
