/**
 * Issue #12 item 8: a build that ran in the agent container `jnlp` (jnlp mounted the Docker socket).
 * jnlp is never renamed: a `kaniko` container is added to the pod, jnlp loses the socket mount and
 * the executor runs in `container('kaniko') { … }`, in YAML and containerTemplate pods alike. Every
 * result is judged by Groovy 2.4 and the Kubernetes schema, not only by our own model.
 */
import * as assert from 'node:assert/strict';
import { fixText } from '../../../server/src/fixes';
import { buildModel } from '../../../server/src/model';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/shared/settings';
import { groovyErrorsText, judgeGroovy } from '../../judges/groovy';
import { judgeKubernetes, kubeErrorsText } from '../../judges/kubernetes';
import { fixSettings, modelBuilder } from './helpers';

const settings: Settings = { ...DEFAULT_SETTINGS, rules: {} };

function fix(text: string, extra: Partial<Settings> = {}) {
  return fixText(text, fixSettings({ ...settings, ...extra }), modelBuilder());
}

function declarative(pod: string, steps: string, defaultContainer = ''): string {
  return `pipeline {
  agent {
    kubernetes {${defaultContainer ? `\n      defaultContainer '${defaultContainer}'` : ''}
      yaml '''
${pod}'''
    }
  }
  stages {
    stage('Image') {
      steps {
${steps}
      }
    }
  }
}
`;
}

const JNLP_SOCKET_AND_WORKSPACE = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: jnlp
    image: registry.example.com/ci/agent-docker:4
    volumeMounts:
    - name: docker-sock
      mountPath: /var/run/docker.sock
    - name: cache
      mountPath: /home/jenkins/.cache
  - name: node
    image: node:20
    command:
    - cat
    tty: true
  volumes:
  - name: docker-sock
    hostPath:
      path: /var/run/docker.sock
  - name: cache
    emptyDir: {}
`;

const PUSH_STEPS = `        sh 'docker build -t registry.example.com/team/api:$BUILD_NUMBER .'
        sh 'docker push registry.example.com/team/api:$BUILD_NUMBER'`;

/** Groovy 2.4 compiles every text, and every pod YAML Groovy hands on is a strict v1 Pod. */
function judge(texts: string[]): void {
  const verdicts = judgeGroovy(texts.map((text, i) => ({ name: String(i), text })));
  for (const verdict of verdicts) assert.ok(verdict.compiles, groovyErrorsText(verdict));
  const pods = verdicts.flatMap((v) => v.yaml.map((y) => ({ name: `${v.name}:${y.line}`, yaml: y.text, defaultKind: 'Pod' as const })));
  assert.ok(pods.length > 0, 'no pod YAML to judge');
  for (const verdict of judgeKubernetes(pods)) assert.ok(verdict.valid, kubeErrorsText(verdict));
}

describe('a build that ran in jnlp (#12 item 8)', function () {
  this.timeout(120_000);
  const results: string[] = [];
  after(() => judge(results));

  it('YAML pod: adds a kaniko container after the last one; jnlp keeps its name and its other mounts; the executor runs in kaniko', () => {
    const before = declarative(JNLP_SOCKET_AND_WORKSPACE, PUSH_STEPS);
    const outcome = fix(before);
    assert.deepEqual(outcome.skipped, []);
    assert.equal(outcome.migrated.length, 1);
    assert.match(outcome.migrated[0].summary, /container 'kaniko' added .*the agent container 'jnlp' keeps its name/);
    const model = buildModel(outcome.text);
    const pod = model.pods[0];
    assert.deepEqual(
      pod.containers.map((c) => c.name),
      ['jnlp', 'node', 'kaniko'],
    );
    const jnlp = pod.containers[0];
    assert.deepEqual(
      jnlp.volumeMounts.map((m) => m.mountPath),
      ['/home/jenkins/.cache'],
    );
    assert.equal(jnlp.image, 'registry.example.com/ci/agent-docker:4');
    const kaniko = pod.containers[2];
    assert.equal(kaniko.image, settings.kanikoImage);
    assert.deepEqual(kaniko.command, ['/busybox/cat']);
    assert.equal(kaniko.tty, true);
    assert.deepEqual(
      kaniko.volumeMounts.map((m) => m.mountPath),
      ['/kaniko/.docker'],
    );
    assert.deepEqual(
      pod.volumes.map((v) => v.name),
      ['cache', 'jenkins-docker-cfg'],
    );
    // The build step moved into container('kaniko'); nothing was renamed.
    const executor = model.steps.find((s) => s.kind === 'shell' && s.script?.text.startsWith('/kaniko/executor'));
    assert.equal(executor?.containerName, 'kaniko');
    assert.match(
      outcome.text,
      /\n {8}container\('kaniko'\) \{\n {10}sh '\/kaniko\/executor [^\n]*--destination=registry\.example\.com\/team\/api:\$BUILD_NUMBER'\n {8}\}\n/,
    );
    assert.equal(fix(outcome.text).text, outcome.text, 'a second fix changes nothing');
    results.push(outcome.text);
  });

  it("an explicit container('jnlp') and defaultContainer 'jnlp' stay as written", () => {
    const pod = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: jnlp
    image: registry.example.com/ci/agent-docker:4
    volumeMounts:
    - name: docker-sock
      mountPath: /var/run/docker.sock
  volumes:
  - name: docker-sock
    hostPath:
      path: /var/run/docker.sock
`;
    const before = declarative(pod, `        container('jnlp') {\n          sh 'make test'\n${PUSH_STEPS.replace(/^ {8}/gm, '          ')}\n        }`, 'jnlp');
    const outcome = fix(before);
    assert.equal(outcome.migrated.length, 1, JSON.stringify(outcome.skipped));
    assert.match(outcome.text, /defaultContainer 'jnlp'/);
    assert.match(outcome.text, /container\('jnlp'\) \{\n {10}sh 'make test'\n {10}container\('kaniko'\) \{\n/);
    const model = buildModel(outcome.text);
    assert.deepEqual(
      model.pods[0].containers.map((c) => [c.name, c.volumeMounts.map((m) => m.mountPath)]),
      [
        ['jnlp', []],
        ['kaniko', ['/kaniko/.docker']],
      ],
    );
    // No empty volumeMounts: key is left on jnlp.
    assert.doesNotMatch(outcome.text, /volumeMounts:\n {2}- name: kaniko/);
    results.push(outcome.text);
  });

  it('the sleep keep-alive, and no credentials volume when nothing is pushed', () => {
    const before = declarative(JNLP_SOCKET_AND_WORKSPACE, `        sh 'docker build -t api:test .'`);
    const outcome = fix(before, { kanikoKeepAlive: 'sleep' });
    assert.equal(outcome.migrated.length, 1, JSON.stringify(outcome.skipped));
    const kaniko = buildModel(outcome.text).pods[0].containers.find((c) => c.name === 'kaniko')!;
    assert.deepEqual([kaniko.command, kaniko.args, kaniko.volumeMounts], [['sleep'], ['99d'], []]);
    assert.match(outcome.text, /--no-push/);
    results.push(outcome.text);
  });

  it('refuses when the pod already has a container named kaniko', () => {
    const pod = JNLP_SOCKET_AND_WORKSPACE.replace('  - name: node\n    image: node:20', '  - name: kaniko\n    image: node:20');
    const outcome = fix(declarative(pod, PUSH_STEPS));
    assert.equal(outcome.migrated.length, 0);
    assert.match(outcome.skipped[0]?.reason ?? '', /already has a container named 'kaniko'/);
  });

  it('containerTemplate pod: a kaniko containerTemplate joins the list, the pod-wide socket volume goes', () => {
    const before = `podTemplate(label: 'builder',
    containers: [
        containerTemplate(name: 'jnlp', image: 'registry.example.com/ci/agent-docker:4', args: '\${computer.jnlpmac} \${computer.name}'),
        containerTemplate(name: 'kubectl', image: 'bitnami/kubectl:1.30', ttyEnabled: true, command: 'cat')
    ],
    volumes: [
        hostPathVolume(mountPath: '/var/run/docker.sock', hostPath: '/var/run/docker.sock'),
        emptyDirVolume(mountPath: '/cache', memory: false)
    ]) {
    node('builder') {
        checkout scm
        stage('Image') {
            sh "docker build -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:\${env.BUILD_NUMBER} ."
            sh "docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:\${env.BUILD_NUMBER}"
        }
    }
}
`;
    const outcome = fix(before);
    assert.equal(outcome.migrated.length, 1, JSON.stringify(outcome.skipped));
    const model = buildModel(outcome.text);
    const pod = model.pods[0];
    assert.deepEqual(
      pod.containers.map((c) => c.name),
      ['jnlp', 'kubectl', 'kaniko'],
    );
    assert.equal(pod.containers[0].image, 'registry.example.com/ci/agent-docker:4');
    assert.deepEqual(
      pod.volumes.map((v) => [v.kind, v.mountPath]),
      [
        ['configMap', '/kaniko/.docker'],
        ['emptyDir', '/cache'],
      ],
    );
    assert.match(
      outcome.text,
      /command: 'cat'\),\n {8}containerTemplate\(name: 'kaniko', image: '[^']+', command: '\/busybox\/cat', ttyEnabled: true\)\n {4}\],/,
    );
    assert.match(outcome.text, /\n {12}container\('kaniko'\) \{\n {16}sh "\/kaniko\/executor [^\n]*"\n {12}\}\n/);
    assert.equal(fix(outcome.text).text, outcome.text, 'a second fix changes nothing');
    const verdict = judgeGroovy([{ name: 'containerTemplate', text: outcome.text }])[0];
    assert.ok(verdict.compiles, groovyErrorsText(verdict));
  });
});
