import assert from 'node:assert/strict';
import { diagnostics, ranges } from './helpers';

const ID = 'inherited-pod-template';

function agent(settings: string, steps: string): string {
  return `pipeline {
  agent {
    kubernetes {
${settings}
    }
  }
  stages {
    stage('Image') {
      steps {
${steps}
      }
    }
  }
}`;
}

const MAVEN = `      yaml '''
spec:
  containers:
  - name: maven
    image: maven:3
    command: [cat]
    tty: true
'''`;

describe(`rule ${ID}`, () => {
  it('notes a pod that inherits and merges, whose docker commands need a daemon the file does not show', () => {
    const text = agent(
      `      inheritFrom 'docker-builder'\n      yamlMergeStrategy merge()\n${MAVEN}`,
      "        container('docker') { sh 'docker build -t app . && docker push app' }",
    );
    assert.deepEqual(ranges(text, ID), ['docker-builder']);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'information');
    assert.match(d.message, /merges its YAML/);
    assert.match(d.message, /privileged Docker-in-Docker/);
    assert.deepEqual(d.data, { podId: 0, inheritFrom: 'docker-builder' });
  });

  it('also for podTemplate(inheritFrom:, yamlMergeStrategy: merge()) and Docker Pipeline steps', () => {
    const text = `podTemplate(inheritFrom: 'dind', yamlMergeStrategy: merge(), containers: [containerTemplate(name: 'jdk', image: 'eclipse-temurin:21', command: 'cat', ttyEnabled: true)]) {
  node(POD_LABEL) {
    stage('Image') {
      container('docker') { docker.build('app').push() }
    }
  }
}`;
    assert.deepEqual(ranges(text, ID), ['dind']);
  });

  it('stays silent without Docker commands, without inheritFrom, and when the pod itself shows the daemon', () => {
    assert.deepEqual(
      ranges(agent(`      inheritFrom 'default'\n      yamlMergeStrategy merge()\n${MAVEN}`, "        container('maven') { sh 'mvn -B verify' }"), ID),
      [],
    );
    assert.deepEqual(ranges(agent(MAVEN, "        container('maven') { sh 'docker build -t app .' }"), ID), []);
    const dind = agent(
      `      inheritFrom 'default'\n      yaml '''\nspec:\n  containers:\n  - name: dind\n    image: docker:27-dind\n    securityContext:\n      privileged: true\n'''`,
      "        container('dind') { sh 'docker build -t app .' }",
    );
    assert.deepEqual(ranges(dind, ID), []);
    assert.equal(diagnostics(dind, 'dind-privileged').length, 1);
  });
});
