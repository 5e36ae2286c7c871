import assert from 'node:assert/strict';
import { diagnostics, ranges } from './helpers';

const ID = 'kaniko-cache-no-push';

function steps(...lines: string[]): string {
  return `node {\n${lines.map((l) => `  ${l}`).join('\n')}\n}`;
}

describe(`rule ${ID}`, () => {
  it('fires on --cache with --no-push and no --cache-repo, on --cache', () => {
    const text = steps(
      "sh '/kaniko/executor --context . --cache --no-push --tar-path /out/image.tar'",
      "sh '/kaniko/executor --context . --cache=true --no-push=true'",
    );
    assert.deepEqual(ranges(text, ID), ['--cache', '--cache']);
    const [d] = diagnostics(text, ID);
    assert.match(d.message, /if using cache with --no-push, specify cache repo with --cache-repo/);
    assert.equal(d.severity, 'warning');
  });

  it('counts KANIKO_NO_PUSH as --no-push', () => {
    assert.deepEqual(ranges(steps("sh 'KANIKO_NO_PUSH=true /kaniko/executor --context . --cache'"), ID), ['--cache']);
  });

  it('stays silent with --cache-repo, --no-push-cache, without --cache or without --no-push', () => {
    for (const args of [
      '--cache --no-push --cache-repo r/app/cache',
      '--cache --no-push --cache-repo=oci:/cache',
      '--cache --no-push --no-push-cache',
      '--no-push',
      '--cache=false --no-push',
      '--cache --destination r/app:1',
      '--cache --no-push=false --destination r/app:1',
      '--cache --no-push $EXTRA',
    ]) {
      assert.deepEqual(ranges(steps(`sh '/kaniko/executor --context . ${args}'`), ID), [], args);
    }
  });
});
