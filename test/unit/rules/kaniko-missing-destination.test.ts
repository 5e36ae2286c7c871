import assert from 'node:assert/strict';
import { diagnostics, ranges } from './helpers';

const ID = 'kaniko-missing-destination';

function steps(...lines: string[]): string {
  return `node {\n${lines.map((l) => `  ${l}`).join('\n')}\n}`;
}

describe(`rule ${ID}`, () => {
  it('fires on an executor command with neither --destination nor --no-push, over the command', () => {
    const text = steps("sh '/kaniko/executor --dockerfile Dockerfile --context `pwd`'");
    assert.deepEqual(ranges(text, ID), ['/kaniko/executor --dockerfile Dockerfile --context `pwd`']);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /--destination/);
    assert.match(d.message, /--no-push/);
  });

  it('fires for plain `executor`, a multi-line command and --destination without a value', () => {
    assert.deepEqual(ranges(steps("sh 'executor -c . -f Dockerfile'"), ID), ['executor -c . -f Dockerfile']);
    const multi = steps(`sh '''
  /kaniko/executor \\\\
    --context dir://$WORKSPACE \\\\
    --cache=true
'''`);
    assert.deepEqual(ranges(multi, ID), ['/kaniko/executor \\\\\n    --context dir://$WORKSPACE \\\\\n    --cache=true']);
    const empty = steps("sh '/kaniko/executor --context . --destination'");
    assert.deepEqual(ranges(empty, ID), ['/kaniko/executor --context . --destination']);
    assert.match(diagnostics(empty, ID)[0].message, /no value/);
  });

  it('fires when --no-push is turned off', () => {
    assert.deepEqual(ranges(steps("sh '/kaniko/executor --context . --no-push=false'"), ID), ['/kaniko/executor --context . --no-push=false']);
  });

  it('stays silent with --destination in any form, or --no-push', () => {
    for (const args of ['--destination r/app:1', '--destination=r/app:1', '-d r/app:1', '-dr/app:1', '-d=r/app:1', '--no-push', '--no-push=true', '--no-push --tar-path /out/image.tar']) {
      assert.deepEqual(ranges(steps(`sh '/kaniko/executor --context . ${args}'`), ID), [], args);
    }
    assert.deepEqual(ranges(steps('sh "/kaniko/executor --context . --destination=${REGISTRY}/app:${env.BUILD_ID}"'), ID), []);
  });

  it('stays silent on subcommands, help, flags from a variable and KANIKO_NO_PUSH', () => {
    assert.deepEqual(ranges(steps("sh '/kaniko/executor version'"), ID), []);
    assert.deepEqual(ranges(steps("sh '/kaniko/executor --help'"), ID), []);
    assert.deepEqual(ranges(steps("sh '/kaniko/executor --context . $KANIKO_ARGS'"), ID), []);
    assert.deepEqual(ranges(steps('sh "/kaniko/executor --context . ${params.EXTRA_ARGS}"'), ID), []);
    assert.deepEqual(ranges(steps("sh 'KANIKO_NO_PUSH=true /kaniko/executor --context .'"), ID), []);
  });

  it('stays silent on text that only mentions the executor', () => {
    const text = steps(
      "echo '/kaniko/executor --context .'",
      "// sh '/kaniko/executor --context .'",
      "sh 'echo /kaniko/executor --context .'",
      "sh 'ls /kaniko/executor'",
      "writeFile file: 'build.sh', text: '/kaniko/executor --context .'",
    );
    assert.deepEqual(ranges(text, ID), []);
  });
});
