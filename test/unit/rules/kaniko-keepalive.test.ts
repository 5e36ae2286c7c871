import assert from 'node:assert/strict';
import { declarative, diagnostics, podWith, ranges } from './helpers';

const ID = 'kaniko-keepalive';
const IMAGE = 'gcr.io/kaniko-project/executor:v1.24.0-debug';
const STEPS = "        container('kaniko') {\n          sh '/kaniko/executor --context . --destination r.example.com/app:1'\n        }";

describe(`rule ${ID}`, () => {
  it('fires on a Kaniko container used by steps without a long-running command, on its name', () => {
    const text = declarative(podWith('kaniko', IMAGE), STEPS);
    assert.deepEqual(ranges(text, ID), ['kaniko']);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /\/busybox\/cat/);
  });

  it('fires when cat runs without a TTY, saying so', () => {
    const text = declarative(podWith('kaniko', IMAGE, 'command: [/busybox/cat]'), STEPS);
    assert.deepEqual(ranges(text, ID), ['kaniko']);
    assert.match(diagnostics(text, ID)[0].message, /tty: true/);
    assert.equal(diagnostics(text, ID)[0].data?.missingTty, true);
  });

  it('asks containerTemplate for ttyEnabled, in the closure form too', () => {
    const text = `pipeline {
  agent {
    kubernetes {
      containerTemplate {
        name 'kaniko'
        image '${IMAGE}'
        command '/busybox/cat'
        ttyEnabled false
      }
      defaultContainer 'kaniko'
    }
  }
  stages { stage('b') { steps { sh '/kaniko/executor --no-push' } } }
}`;
    assert.deepEqual(ranges(text, ID), ['kaniko']);
    assert.match(diagnostics(text, ID)[0].message, /ttyEnabled: true/);
    assert.deepEqual(ranges(text.replace('ttyEnabled false', 'ttyEnabled true'), ID), []);
  });

  it('fires for the defaultContainer and for containerTemplate without a command (name without quotes)', () => {
    const viaDefault = declarative(podWith('builder', IMAGE), "        sh '/kaniko/executor --no-push'", { defaultContainer: 'builder' });
    assert.deepEqual(ranges(viaDefault, ID), ['builder']);
    const template = `podTemplate(containers: [containerTemplate(name: 'kaniko', image: '${IMAGE}')]) {
  node(POD_LABEL) { container('kaniko') { sh '/kaniko/executor --no-push' } }
}`;
    assert.deepEqual(ranges(template, ID), ['kaniko']);
  });

  it('stays silent with /busybox/cat + tty, sleep, tail -f, or a shell loop', () => {
    const keepers = [
      ['command: [/busybox/cat]', 'tty: true'],
      ['command:', '- /busybox/cat', 'tty: true'],
      ['command: [/busybox/sleep]', 'args: [infinity]'],
      ['command: ["sleep", "99d"]'],
      ['command: [/busybox/sh, -c]', 'args: ["while true; do sleep 30; done"]'],
      ['command: [/busybox/tail, -f, /dev/null]'],
    ];
    for (const fields of keepers) assert.deepEqual(ranges(declarative(podWith('kaniko', IMAGE, ...fields), STEPS), ID), [], fields.join(' '));
    const template = `podTemplate(containers: [containerTemplate(name: 'kaniko', image: '${IMAGE}', command: '/busybox/cat', ttyEnabled: true)]) {
  node(POD_LABEL) { container('kaniko') { sh '/kaniko/executor --no-push' } }
}`;
    assert.deepEqual(ranges(template, ID), []);
  });

  it('stays silent when no step uses the container, and for non-Kaniko containers', () => {
    assert.deepEqual(
      ranges(declarative(podWith('kaniko', IMAGE, 'args: [--context=git://x, --destination=r/app]'), "        echo 'no steps in kaniko'"), ID),
      [],
    );
    assert.deepEqual(ranges(declarative(podWith('maven', 'maven:3'), "        container('maven') { sh 'mvn -v' }"), ID), []);
  });
});
