/**
 * The model follows Groovy's call shapes: closures on the next line (Allman style), closures
 * inside the parentheses, steps behind call chains and interpolations, steps in same-file
 * helpers called from a pod, and the map form of pod templates. (The parser's reading of each
 * shape is proven against Groovy in test/unit/parser/groovy.test.ts.)
 */
import assert from 'node:assert/strict';
import { buildModel, type DockerStep, type ShellStep } from '../../../server/src/model';

function shellSteps(text: string | ReturnType<typeof buildModel>): ShellStep[] {
  const model = typeof text === 'string' ? buildModel(text) : text;
  return model.steps.filter((s): s is ShellStep => s.kind === 'shell');
}

describe('model: Groovy call shapes', () => {
  it('reads an Allman-style declarative pipeline: stages, agent pod, steps in the pod', () => {
    const text = [
      'pipeline',
      '{',
      '  agent',
      '  {',
      '    kubernetes',
      '    {',
      "      yaml '''",
      'spec:',
      '  containers:',
      '  - name: dind',
      '    image: docker:dind',
      '    securityContext:',
      '      privileged: true',
      "'''",
      '    }',
      '  }',
      '  stages',
      '  {',
      "    stage('Build')",
      '    {',
      '      steps',
      '      {',
      "        container('dind')",
      '        {',
      "          sh 'docker build -t app .'",
      '        }',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const model = buildModel(text);
    assert.equal(model.kind, 'declarative');
    assert.deepEqual(
      model.stages.map((s) => s.name),
      ['Build'],
    );
    assert.equal(model.pipelinePod?.containers[0].privileged?.value, true);
    const [step] = shellSteps(model);
    assert.equal(step.pod, model.pipelinePod);
    assert.equal(step.stage, model.stages[0]);
    assert.equal(step.containerName, 'dind');
  });

  it('ties the steps of a podTemplate whose body is inside the parentheses to the pod', () => {
    const text = [
      "podTemplate(label: 'builder', containers: [containerTemplate(name: 'docker', image: 'docker:dind', privileged: true)], {",
      "  node('builder') {",
      "    container('docker') { sh 'docker build .' }",
      '  }',
      '})',
    ].join('\n');
    const model = buildModel(text);
    const [step] = shellSteps(model);
    assert.equal(model.pods.length, 1);
    assert.equal(step.pod, model.pods[0]);
    assert.equal(step.containerName, 'docker');
  });

  it('reads stage bodies passed inside the parentheses', () => {
    const model = buildModel("node {\n  stage('a', { sh 'make' })\n}");
    assert.deepEqual(
      model.stages.map((s) => s.name),
      ['a'],
    );
    assert.equal(model.stages[0].steps.length, 1);
  });

  it('sees sh behind a call chain and an index', () => {
    const steps = shellSteps("node {\n  def tag = sh(script: 'git tag --points-at HEAD', returnStdout: true).trim().split()[0]\n}");
    assert.deepEqual(
      steps.map((s) => s.script?.text),
      ['git tag --points-at HEAD'],
    );
  });

  it('sees sh inside a GString interpolation', () => {
    const steps = shellSteps('node {\n  echo """commit ${ sh(script: \'git rev-parse HEAD\', returnStdout: true).trim() }"""\n}');
    assert.deepEqual(
      steps.map((s) => s.script?.text),
      ['git rev-parse HEAD'],
    );
  });

  it('follows a same-file method called from inside a pod, with the pod, stage and container of the call', () => {
    const text = [
      "podTemplate(yaml: '''",
      'spec:',
      '  containers:',
      '  - name: docker',
      '    image: docker:dind',
      "''') {",
      '  node(POD_LABEL) {',
      "    stage('Image') {",
      "      container('docker') {",
      "        buildImage('app')",
      '      }',
      '    }',
      '  }',
      '}',
      '',
      'def buildImage(String name) {',
      '  sh "docker build -t ${name} ."',
      '  docker.build(name)',
      '}',
    ].join('\n');
    const model = buildModel(text);
    const [shell, build] = model.steps;
    assert.equal(shell.kind, 'shell');
    assert.equal(shell.pod, model.pods[0]);
    assert.equal(shell.stage?.name, 'Image');
    assert.equal(shell.containerName, 'docker');
    assert.equal(shell.via?.length, 1);
    assert.equal(text.slice(shell.via![0].start, shell.via![0].end), "buildImage('app')");
    assert.equal((build as DockerStep).method, 'build');
    assert.equal(build.pod, model.pods[0]);
    assert.deepEqual(model.stages[0].steps, [shell, build]);
  });

  it('follows helpers two levels deep, and closure variables', () => {
    const text = ['podTemplate(yaml: y) { node(POD_LABEL) { release() } }', 'def release() { publish() }', "def publish = { sh 'docker push app' }"].join('\n');
    const model = buildModel(text);
    const [step] = model.steps;
    assert.equal(step.pod, model.pods[0]);
    assert.deepEqual(
      step.via?.map((c) => text.slice(c.start, c.end)),
      ['release()', 'publish()'],
    );
  });

  it('runs a closure passed to a helper where the helper invokes it (withPod { … })', () => {
    const text = [
      'def withDockerPod(Closure body) {',
      '  podTemplate(yaml: y) {',
      '    node(POD_LABEL) {',
      "      container('docker') { body() }",
      '    }',
      '  }',
      '}',
      "withDockerPod { sh 'docker build .' }",
    ].join('\n');
    const model = buildModel(text);
    const [step] = shellSteps(model);
    assert.equal(model.pods.length, 1);
    assert.equal(step.pod, model.pods[0]);
    assert.equal(step.containerName, 'docker');
  });

  it('still walks a closure the helper never invokes, where it was written', () => {
    const steps = shellSteps("def later(Closure c) { echo 'no' }\nnode { later { sh 'make' } }");
    assert.deepEqual(
      steps.map((s) => s.script?.text),
      ['make'],
    );
  });

  it("records a helper called twice once, with the first call's context", () => {
    const text = "podTemplate(yaml: y) { node(POD_LABEL) { build() } }\nnode { build() }\ndef build() { sh 'docker build .' }";
    const model = buildModel(text);
    assert.equal(model.steps.length, 1);
    assert.equal(model.steps[0].pod, model.pods[0]);
    assert.equal(model.pods.length, 1);
  });

  it('keeps the steps of helpers nobody calls, outside any pod', () => {
    const model = buildModel("def call(Map config) {\n  sh 'docker build .'\n}");
    assert.equal(model.steps.length, 1);
    assert.equal(model.steps[0].pod, undefined);
  });

  it('stops at recursion', () => {
    const text = "def a() { sh 'x'; b() }\ndef b() { a() }\nnode { a() }\ndef f(n) { f(n - 1) }\nf(3)";
    const model = buildModel(text);
    assert.equal(model.steps.length, 1);
  });

  it('does not explode on helpers that call each other many times', () => {
    const lines = ["def h0() { sh 'x' }"];
    for (let i = 1; i < 30; i++) lines.push(`def h${i}() { h${i - 1}(); h${i - 1}(); h${i - 1}() }`);
    lines.push('node { h29() }');
    const model = buildModel(lines.join('\n'));
    assert.equal(model.steps.length, 1);
  });

  it('reads map-form containers and volumes of podTemplate', () => {
    const text = [
      "podTemplate(label: 'x',",
      "  containers: [[name: 'docker', image: 'docker:dind', privileged: true, ttyEnabled: true]],",
      "  volumes: [[$class: 'HostPathVolume', hostPath: '/var/run/docker.sock', mountPath: '/var/run/docker.sock'],",
      "            [$class: 'EmptyDirVolume', mountPath: '/cache']]) {",
      "  node('x') { container('docker') { sh 'docker build .' } }",
      '}',
    ].join('\n');
    const [pod] = buildModel(text).pods;
    const [container] = pod.containers;
    assert.equal(container.name, 'docker');
    assert.equal(container.isDind, true);
    assert.equal(container.privileged?.value, true);
    assert.equal(text.slice(container.privileged!.span.start, container.privileged!.span.end), 'privileged: true');
    assert.equal(container.tty, true);
    assert.deepEqual(
      pod.volumes.map((v) => [v.kind, v.hostPath, v.mountPath]),
      [
        ['hostPath', '/var/run/docker.sock', '/var/run/docker.sock'],
        ['emptyDir', undefined, '/cache'],
      ],
    );
    const volume = pod.volumes[0];
    assert.equal(text.slice(volume.hostPathSpan!.start, volume.hostPathSpan!.end), '/var/run/docker.sock');
  });
});
