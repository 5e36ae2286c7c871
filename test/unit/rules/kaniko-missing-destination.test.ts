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
    for (const args of [
      '--destination r/app:1',
      '--destination=r/app:1',
      '-d r/app:1',
      '-dr/app:1',
      '-d=r/app:1',
      '--no-push',
      '--no-push=true',
      '--no-push --tar-path /out/image.tar',
    ]) {
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

  it("reads KANIKO_NO_PUSH where it is set: the container's env, envVars, environment { }, an earlier export", () => {
    const yamlPod = (value: string) => `pipeline {
  agent {
    kubernetes {
      yaml '''
spec:
  containers:
  - name: kaniko
    image: ghcr.io/osscontainertools/kaniko:debug
    command: [/busybox/cat]
    tty: true
    env:
    - name: KANIKO_NO_PUSH
      value: "${value}"
'''
    }
  }
  stages {
    stage('Build') { steps { container('kaniko') { sh '/kaniko/executor --context "$WORKSPACE" --tar-path /out/image.tar' } } }
  }
}`;
    assert.deepEqual(ranges(yamlPod('true'), ID), []);
    assert.deepEqual(ranges(yamlPod('1'), ID), []);
    assert.deepEqual(ranges(yamlPod('false'), ID).length, 1, 'false pushes');
    assert.deepEqual(ranges(yamlPod('yes'), ID).length, 1, 'Go ParseBool does not read yes');
    const template = `podTemplate(containers: [containerTemplate(name: 'kaniko', image: 'gcr.io/kaniko-project/executor:debug', command: '/busybox/cat', ttyEnabled: true,
    envVars: [envVar(key: 'KANIKO_NO_PUSH', value: 'true')])]) {
  node(POD_LABEL) { container('kaniko') { sh '/kaniko/executor --context .' } }
}`;
    assert.deepEqual(ranges(template, ID), []);
    assert.deepEqual(ranges(template.replace("envVar(key: 'KANIKO_NO_PUSH'", "envVar(key: 'OTHER'"), ID).length, 1);
    const environment = `pipeline {
  agent any
  environment { KANIKO_NO_PUSH = 'true' }
  stages { stage('b') { steps { sh '/kaniko/executor --context .' } } }
}`;
    assert.deepEqual(ranges(environment, ID), []);
    assert.deepEqual(ranges(steps("sh '''\n    export KANIKO_NO_PUSH=true\n    /kaniko/executor --context .\n  '''"), ID), []);
    assert.deepEqual(ranges(steps("sh '''\n    /kaniko/executor --context .\n    export KANIKO_NO_PUSH=true\n  '''"), ID).length, 1, 'set after the command');
    assert.deepEqual(ranges(steps("sh 'KANIKO_NO_PUSH=false /kaniko/executor --context . --no-push'"), ID).length, 1, 'the variable overrides the flag');
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
