import assert from 'node:assert/strict';
import { diagnostics, ranges } from './helpers';

const ID = 'kaniko-flag-missing-value';

function steps(...lines: string[]): string {
  return `node {\n${lines.map((l) => `  ${l}`).join('\n')}\n}`;
}

describe(`rule ${ID}`, () => {
  it('fires on a value flag at the end of the command, as pflag words it', () => {
    const text = steps("sh '/kaniko/executor --context . --destination r/app:1 --cache=true --cache-repo'", "sh '/kaniko/executor --context . -d r/app:1 -f'");
    assert.deepEqual(ranges(text, ID), ['--cache-repo', '-f']);
    const [long, short] = diagnostics(text, ID);
    assert.match(long.message, /flag needs an argument: --cache-repo/);
    assert.match(short.message, /flag needs an argument: 'f' in -f/);
    assert.equal(long.data?.flag, '--cache-repo');
  });

  it('fires when a line break without a backslash cuts the value off', () => {
    const text = steps("sh '''\n    /kaniko/executor --context . --destination r/app:1 --cache-repo\n      r/app/cache\n  '''");
    assert.deepEqual(ranges(text, ID), ['--cache-repo']);
  });

  it('fires when the next word is another flag, which pflag takes as the value', () => {
    const text = steps("sh '/kaniko/executor --context . --cache-repo --destination=r/app:1 --destination r/app:latest'");
    assert.deepEqual(ranges(text, ID), ['--cache-repo']);
    const [d] = diagnostics(text, ID);
    assert.match(d.message, /'--destination=r\/app:1' as its value, so --destination is lost/);
    assert.equal(d.data?.swallowed, '--destination');
  });

  it('leaves a lone --destination to kaniko-missing-destination, and is silent on complete commands', () => {
    const lone = steps("sh '/kaniko/executor --context . --destination'");
    assert.deepEqual(ranges(lone, ID), []);
    assert.equal(diagnostics(lone, 'kaniko-missing-destination').length, 1);
    assert.deepEqual(ranges(steps("sh '/kaniko/executor --context . --destination r/app:1 --destination'"), ID), ['--destination']);
    for (const args of [
      '--cache-repo r/c',
      '--cache-repo=r/c',
      '--cache --no-push-cache',
      '--build-arg A=-1 --label x=--y',
      '-v debug',
      '--verbosity=info',
      '--snapshot-mode redo',
      '--cache-repo $CACHE',
    ]) {
      assert.deepEqual(ranges(steps(`sh '/kaniko/executor --context . --destination r/app:1 ${args}'`), ID), [], args);
    }
    assert.deepEqual(ranges(steps("sh '/kaniko/executor login -u'"), ID), []);
  });
});
