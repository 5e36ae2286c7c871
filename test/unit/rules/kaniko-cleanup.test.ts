import assert from 'node:assert/strict';
import { declarative, diagnostics, podWith, ranges } from './helpers';

const ID = 'kaniko-cleanup';

const KANIKO = podWith('kaniko', 'ghcr.io/osscontainertools/kaniko:v1.28.3-debug', 'command: [/busybox/cat]', 'tty: true');

describe(`rule ${ID}`, () => {
  it('fires on an executor run followed by another in the same container, without --cleanup', () => {
    const text = declarative(
      KANIKO,
      `        container('kaniko') {
          sh '/kaniko/executor --context "$WORKSPACE/api" --destination r.example.com/api:1'
          sh '/kaniko/executor --context "$WORKSPACE/web" --destination r.example.com/web:1'
        }`,
    );
    assert.deepEqual(ranges(text, ID), ['/kaniko/executor']);
    const [d] = diagnostics(text, ID);
    assert.equal(d.start, text.indexOf('/kaniko/executor'));
    const secondLine = text.slice(0, text.lastIndexOf('/kaniko/executor')).split('\n').length;
    assert.ok(d.message.includes(`container 'kaniko' (line ${secondLine})`), d.message);
    assert.match(d.message, /kaniko#1406/);
  });

  it('counts runs in one script and across stages that share the pipeline pod', () => {
    const text = `pipeline {
  agent {
    kubernetes {
      defaultContainer 'kaniko'
      yaml '''
${KANIKO}
'''
    }
  }
  stages {
    stage('Test image') { steps { sh '/kaniko/executor --context . --no-push --tar-path image.tar && /kaniko/executor --context . --destination r/app:test' } }
    stage('Release') { steps { sh '/kaniko/executor --context . --destination r/app:1' } }
  }
}`;
    assert.deepEqual(ranges(text, ID), ['/kaniko/executor', '/kaniko/executor']);
  });

  it('stays silent with --cleanup, --pre-cleanup on the next run, KANIKO_CLEANUP, one run per container, and flags from a variable', () => {
    const two = (first: string, second: string, env = '') =>
      declarative(
        KANIKO + env,
        `        container('kaniko') {
          sh '/kaniko/executor --context a --destination r/a:1 ${first}'
          sh '/kaniko/executor --context b --destination r/b:1 ${second}'
        }`,
      );
    assert.deepEqual(ranges(two('--cleanup', ''), ID), []);
    assert.deepEqual(ranges(two('', '--pre-cleanup'), ID), []);
    assert.deepEqual(ranges(two('$KANIKO_FLAGS', ''), ID), []);
    assert.deepEqual(ranges(two('--cleanup=false', ''), ID).length, 1);
    assert.deepEqual(ranges(two('', '', '\n    env:\n    - name: KANIKO_CLEANUP\n      value: "true"'), ID), []);
    const other = `podTemplate(containers: [
  containerTemplate(name: 'api', image: 'gcr.io/kaniko-project/executor:debug', command: '/busybox/cat', ttyEnabled: true),
  containerTemplate(name: 'web', image: 'gcr.io/kaniko-project/executor:debug', command: '/busybox/cat', ttyEnabled: true)
]) {
  node(POD_LABEL) {
    container('api') { sh '/kaniko/executor --context api --destination r/api:1' }
    container('web') { sh '/kaniko/executor --context web --destination r/web:1' }
    container('web') { sh '/kaniko/executor version' }
  }
}`;
    assert.deepEqual(ranges(other, ID), []);
  });
});
