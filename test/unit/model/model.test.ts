import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildModel, scriptSpan, type ShellStep } from '../../../server/src/model';
import { parse } from '../../../server/src/parser';

const SEED = fs.readFileSync(path.join(__dirname, '../../../../test/fixtures/seed/before.Jenkinsfile'), 'utf8');

function slice(text: string, span: { start: number; end: number } | undefined): string {
  assert.ok(span, 'span expected');
  return text.slice(span.start, span.end);
}

describe('model: declarative pipelines', () => {
  it('reads the seed: stage, pod from inline YAML, container, steps', () => {
    const model = buildModel(SEED);
    assert.equal(model.kind, 'declarative');
    assert.deepEqual(
      model.stages.map((s) => s.name),
      ['Build'],
    );
    const [stage] = model.stages;
    assert.ok(stage.agentPod);
    assert.equal(stage.agentPod.origin, 'yaml');
    assert.equal(stage.agentPod.label, 'jenkinsrun');
    assert.equal(stage.agentPod.defaultContainer?.name, 'dind');
    const [dind] = stage.agentPod.containers;
    assert.equal(dind.name, 'dind');
    assert.equal(dind.image, 'docker:18.05-dind');
    assert.equal(dind.isDind, true);
    assert.equal(slice(SEED, dind.privileged?.span), 'privileged: true');
    assert.equal(slice(SEED, dind.imageSpan), 'docker:18.05-dind');
    assert.deepEqual(
      stage.agentPod.volumes.map((v) => [v.name, v.kind]),
      [['dind-storage', 'emptyDir']],
    );
    const shell = stage.steps.filter((s): s is ShellStep => s.kind === 'shell');
    assert.deepEqual(
      shell.map((s) => s.script?.text),
      ['apk -Uuv add make groff less python py-pip', 'pip install awscli', '$(aws ecr get-login --no-include-email --region eu-west-1)'],
    );
    assert.ok(shell.every((s) => s.containerName === 'dind' && s.explicitContainer));
    const docker = stage.steps.filter((s) => s.kind === 'docker').map((s) => (s.kind === 'docker' ? s.method : ''));
    assert.deepEqual(docker, ['withRegistry', 'build', 'push']);
  });

  it('maps shell words inside strings back to the exact characters', () => {
    const model = buildModel(SEED);
    const step = model.steps.find((s): s is ShellStep => s.kind === 'shell' && s.script?.text === 'pip install awscli')!;
    const [command] = step.commands;
    const start = step.script!.toSource(command.start);
    assert.equal(SEED.slice(start, start + 'pip install awscli'.length), 'pip install awscli');
  });

  it('resolves yaml from a variable, with .stripIndent()', () => {
    const text = [
      "def podYaml = '''",
      '    spec:',
      '      containers:',
      '      - name: docker',
      '        image: docker:24-dind',
      '        securityContext:',
      '          privileged: true',
      "'''.stripIndent()",
      'pipeline {',
      '  agent { kubernetes { yaml podYaml } }',
      '  stages { stage("b") { steps { sh "docker build ." } } }',
      '}',
    ].join('\n');
    const model = buildModel(text);
    assert.ok(model.pipelinePod);
    const [container] = model.pipelinePod.containers;
    assert.equal(container.image, 'docker:24-dind');
    assert.equal(slice(text, container.privileged?.span), 'privileged: true');
    assert.equal(model.stages[0].pod, model.pipelinePod);
    assert.equal(model.steps[0].containerName, 'jnlp');
  });

  it('maps YAML positions through GString escapes and interpolations', () => {
    const text =
      'pipeline { agent { kubernetes { yaml """\nspec:\n  containers:\n  - name: \\"b\\"\n    image: ${REG}/dind:1\n    securityContext: {privileged: true}\n""" } } }';
    const model = buildModel(text);
    const [container] = model.pipelinePod!.containers;
    assert.equal(slice(text, container.privileged?.span), 'privileged: true');
    assert.equal(slice(text, container.nameSpan), '\\"b\\"');
    assert.equal(slice(text, container.imageSpan), '${REG}/dind:1');
    assert.equal(container.isDind, true);
  });

  it('records nested, parallel and matrix stages with per-stage agents', () => {
    const text = `pipeline {
  agent none
  stages {
    stage('A') {
      agent { kubernetes { yaml 'spec: {containers: [{name: k, image: gcr.io/kaniko-project/executor:debug}]}' } }
      steps { sh 'true' }
    }
    stage('P') {
      parallel {
        stage('P1') { steps { echo 'x' } }
        stage('P2') { steps { echo 'y' } }
      }
    }
    stage('M') {
      matrix {
        axes { axis { name 'OS'; values 'a', 'b' } }
        stages { stage('M1') { steps { echo 'm' } } }
      }
    }
  }
}`;
    const model = buildModel(text);
    assert.deepEqual(
      model.stages.map((s) => [s.name, s.parent?.name ?? null, s.parentBlock]),
      [
        ['A', null, 'stages'],
        ['P', null, 'stages'],
        ['P1', 'P', 'parallel'],
        ['P2', 'P', 'parallel'],
        ['M', null, 'stages'],
        ['M1', 'M', 'matrix'],
      ],
    );
    const a = model.stages[0];
    assert.equal(a.agentPod?.containers[0].isKaniko, true);
    assert.equal(a.agentPod?.containers[0].kanikoHasShell, true);
    assert.equal(model.stages[2].pod, undefined);
  });

  it('reads environment values as variables', () => {
    const model = buildModel(`pipeline { environment { REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com' } }`);
    assert.equal(model.variables.get('REGISTRY')?.text?.text, '123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    assert.equal(model.variables.get('REGISTRY')?.environment, true);
  });

  it('collects variables from every statement: declarations and assignments read directly, the others through the generic walk, last one wins', () => {
    const text = `def a = 'declared'
def (t1, t2) = tuple(x: 'in a tuple', { y = 'in a tuple closure' })
b = 'assigned'
if (ok) { c = 'in if' } else { d = 'in else' }
try { e = 'in try' } catch (err) { f = 'in catch' } finally { g = 'in finally' }
for (i in xs) { h = 'in for' }
while (go) { k = 'in while' }
switch (v) { case 1: m = 'in switch' }
def helper() { n = 'in method' }
return o = 'in return'
node { p = 'in closure'; environment { Q = 'in environment' } }
a = 'last'`;
    const model = buildModel(text);
    const values = Object.fromEntries([...model.variables].map(([name, v]) => [name, [v.text?.text, v.environment]]));
    assert.deepEqual(values, {
      a: ['last', false],
      y: ['in a tuple closure', false],
      b: ['assigned', false],
      c: ['in if', false],
      d: ['in else', false],
      e: ['in try', false],
      f: ['in catch', false],
      g: ['in finally', false],
      h: ['in for', false],
      k: ['in while', false],
      m: ['in switch', false],
      n: ['in method', false],
      o: ['in return', false],
      p: ['in closure', false],
      Q: ['in environment', true],
    });
  });
});

describe('model: the variable pass looks only where a `=` is', () => {
  it('finds no variables in a text without `=`, and still reads the rest', () => {
    const model = buildModel(`node { stage('Build') { container('docker') { sh 'docker build .' } } }`);
    assert.equal(model.variables.size, 0);
    assert.equal(model.steps.length, 1);
    assert.equal((model.steps[0] as ShellStep).containerName, 'docker');
  });

  it('skips statements whose only `=` is elsewhere, and finds assignments in closures whose statement holds one', () => {
    const text = `node {
  stage('A') { sh 'echo a=b' }
  stage('B') { if (x == y) { echo 'same' } }
  stage('C') { script { IMAGE = 'registry/app' } }
}
stage('D') { sh "docker build -t \${IMAGE} ." }`;
    const model = buildModel(text);
    assert.deepEqual([...model.variables.keys()], ['IMAGE']);
    assert.equal(model.variables.get('IMAGE')?.text?.text, 'registry/app');
    assert.equal(slice(text, model.variables.get('IMAGE')?.span), "IMAGE = 'registry/app'");
  });

  it('reads an assignment whose `=` is the last character of the text', () => {
    const model = buildModel('x = ');
    assert.deepEqual([...model.variables.keys()], ['x']);
  });

  it("finds the same variables from the parser's `=` operators as from every `=` of the text (a parse result without them)", () => {
    // `=` inside strings, comments and `==`: none of them starts an assignment.
    const text = `// a = 'not code'
node {
  stage('A') { sh 'docker build --build-arg A=b --destination=x .'; echo "k=\${v == w}" }
  if (a == b) { stage('B') { script { IMAGE = 'registry/app' } } }
  def (t1, t2) = tuple({ c = 'in a tuple closure' })
}`;
    const parsed = parse(text);
    assert.deepEqual(
      parsed.equalsOperators?.map((at) => text.slice(at - 2, at + 1)),
      ['E =', ') =', 'c ='],
    );
    const values = (parseResult: ReturnType<typeof parse>) =>
      [...buildModel(text, { parseResult }).variables].map(([name, v]) => [name, v.text?.text, slice(text, v.span)]);
    const expected = [
      ['IMAGE', 'registry/app', "IMAGE = 'registry/app'"],
      ['c', 'in a tuple closure', "c = 'in a tuple closure'"],
    ];
    assert.deepEqual(values(parsed), expected);
    // The fallback: every `=` of the text (here also those in strings, comments and `==`).
    assert.deepEqual(values({ ...parsed, equalsOperators: undefined }), expected);
  });
});

describe('model: Docker Pipeline calls by path', () => {
  it('records docker.<method> calls, and neither a longer path from docker nor an image method on it', () => {
    const model = buildModel(
      `node { def img = docker.build('a'); docker.withRegistry('https://r') { img.push() }; docker.x.push(); docker.image('b').inside('-u 0') { sh 'make' } }`,
    );
    const docker = model.steps.filter((s) => s.kind === 'docker');
    assert.deepEqual(
      docker.map((s) => s.method),
      ['build', 'withRegistry', 'push', 'image', 'inside'],
    );
  });
});

describe('model: steps and stages in document order', () => {
  it('sorts steps met out of order through a helper, and leaves lists already in order as they are', () => {
    const text = `def build() { sh 'make' }
node {
  stage('One') { sh 'first' }
  stage('Two') { build() }
  stage('Three') { sh 'third' }
}`;
    const model = buildModel(text);
    assert.deepEqual(
      model.steps.map((s) => text.slice(s.call.start, s.call.end)),
      ["sh 'make'", "sh 'first'", "sh 'third'"],
    );
    assert.deepEqual(
      model.rootStages.map((s) => s.name),
      ['One', 'Two', 'Three'],
    );
    assert.deepEqual(
      model.stages[1].steps.map((s) => text.slice(s.call.start, s.call.end)),
      ["sh 'make'"],
    );
  });

  it('records a helper step once, with the first call that reached it, when the helper is called twice', () => {
    const text = `def push() { sh 'docker push x' }
node {
  stage('A') { container('one') { push() } }
  stage('B') { container('two') { push() } }
}`;
    const model = buildModel(text);
    assert.equal(model.steps.length, 1);
    const step = model.steps[0] as ShellStep;
    assert.equal(step.containerName, 'one');
    assert.equal(step.stage?.name, 'A');
    assert.deepEqual(
      step.via?.map((c) => text.slice(c.start, c.end)),
      ['push()'],
    );
    assert.deepEqual(Object.keys(step), [
      'kind',
      'call',
      'stage',
      'pod',
      'containerName',
      'explicitContainer',
      'via',
      'step',
      'scriptExpression',
      'literal',
      'script',
      'commands',
    ]);
  });

  it('gives steps reached directly no via field at all', () => {
    const model = buildModel(`node { sh 'make'; def img = docker.build('x'); img.push() }`);
    assert.deepEqual(Object.keys(model.steps[0]), [
      'kind',
      'call',
      'stage',
      'pod',
      'containerName',
      'explicitContainer',
      'step',
      'scriptExpression',
      'literal',
      'script',
      'commands',
    ]);
    assert.deepEqual(Object.keys(model.steps[1]), [
      'kind',
      'call',
      'stage',
      'pod',
      'containerName',
      'explicitContainer',
      'method',
      'args',
      'assignedTo',
      'receiver',
      'runArgs',
    ]);
  });
});

describe('model: scripted pipelines', () => {
  it('reads podTemplate with containerTemplate and volumes', () => {
    const text = `podTemplate(label: 'x', containers: [
  containerTemplate(name: 'docker', image: 'docker:20.10', command: 'cat', ttyEnabled: true, privileged: true),
  containerTemplate(name: 'maven', image: 'maven:3', command: 'cat', ttyEnabled: true)
], volumes: [hostPathVolume(hostPath: '/var/run/docker.sock', mountPath: '/var/run/docker.sock')]) {
  node(POD_LABEL) {
    stage('Build') {
      container('docker') {
        sh 'docker build -t app .'
      }
    }
  }
}`;
    const model = buildModel(text);
    assert.equal(model.kind, 'scripted');
    const [pod] = model.pods;
    assert.equal(pod.origin, 'podTemplate');
    assert.deepEqual(
      pod.containers.map((c) => [c.name, c.image, c.tty]),
      [
        ['docker', 'docker:20.10', true],
        ['maven', 'maven:3', true],
      ],
    );
    assert.equal(slice(text, pod.containers[0].privileged?.span), 'privileged: true');
    assert.equal(pod.volumes[0].hostPath, '/var/run/docker.sock');
    assert.equal(slice(text, pod.volumes[0].hostPathSpan), '/var/run/docker.sock');
    assert.equal(model.stages[0].name, 'Build');
    assert.equal(model.stages[0].pod, pod);
    const [step] = model.steps;
    assert.equal(step.containerName, 'docker');
    assert.equal(step.pod, pod);
  });

  it('reads podTemplate(yaml:) and nested podTemplates', () => {
    const text = `podTemplate(yaml: '''
spec:
  containers:
  - name: kaniko
    image: gcr.io/kaniko-project/executor:v1.9.0
''') {
  podTemplate(containers: [containerTemplate(name: 'git', image: 'alpine/git')]) {
    node(POD_LABEL) { container('kaniko') { sh '/kaniko/executor --no-push' } }
  }
}`;
    const model = buildModel(text);
    assert.equal(model.pods.length, 2);
    assert.equal(model.pods[1].parent, model.pods[0]);
    assert.equal(model.pods[0].containers[0].kanikoHasShell, false);
    assert.equal(model.steps[0].pod, model.pods[1]);
    assert.deepEqual(
      model.containerRefs.map((r) => r.name),
      ['kaniko'],
    );
  });

  it('records docker.build/push chains and image variables', () => {
    const text = `node {
  def img = docker.build("app:\${env.BUILD_ID}", '-f Dockerfile .')
  docker.withRegistry('https://r.example.com', 'creds') {
    img.push()
    img.push('latest')
  }
  docker.build('other').push()
  docker.image('maven').inside { sh 'mvn -v' }
}`;
    const model = buildModel(text);
    const methods = model.steps.map((s) => (s.kind === 'docker' ? `${s.method}${s.assignedTo ? '=' + s.assignedTo : ''}` : s.step));
    assert.deepEqual(methods, ['build=img', 'withRegistry', 'push', 'push', 'build', 'push', 'image', 'inside', 'sh']);
  });

  it('reads yamlFile through the host only', () => {
    const files: Record<string, string> = { 'pod.yaml': 'spec:\n  containers:\n  - name: d\n    image: docker:dind\n' };
    const text = "pipeline { agent { kubernetes { yamlFile 'pod.yaml' } } }";
    const model = buildModel(text, { readFile: (p) => files[p] });
    assert.equal(model.pipelinePod?.origin, 'yamlFile');
    assert.equal(model.pipelinePod?.containers[0].isDind, true);
    assert.equal(slice(text, model.pipelinePod?.containers[0].imageSpan), "'pod.yaml'");
    const absent = buildModel("pipeline { agent { kubernetes { yamlFile 'missing.yaml' } } }", { readFile: () => undefined });
    assert.equal(absent.pipelinePod?.yaml, undefined);
  });

  it('turns broken YAML into errors, not exceptions', () => {
    const text = "pipeline { agent { kubernetes { yaml '''\nspec:\n  containers:\n  - name: a\n   image: [\n''' } } }";
    const model = buildModel(text);
    assert.ok(model.pipelinePod?.yaml?.errors.length);
    for (const error of model.pipelinePod!.yaml!.errors) {
      assert.ok(error.start >= 0 && error.end <= text.length && error.start <= error.end);
    }
  });
});

describe('model: shell spans', () => {
  it('covers a whole escape at the end of a command', () => {
    const text = 'node { sh "echo \\"hi\\" && pip install awscli==1.2\\$" }';
    const model = buildModel(text);
    const step = model.steps[0] as ShellStep;
    const command = step.commands[1];
    const span = scriptSpan(step.script!, command.start, command.end);
    assert.equal(text.slice(span.start, span.end), 'pip install awscli==1.2\\$');
  });
});

describe('model: names and settings read as text', () => {
  // The text-only reader takes a one-chunk literal's value as it is; everything else goes through
  // the mapped reader. Both must give the same text.
  it('reads plain literals, escapes, interpolations, variables and .trim() alike', () => {
    const text = [
      "def NAME = 'from-var'",
      "podTemplate(label: \"lbl-${NAME}\", inheritFrom: NAME, containers: [containerTemplate(name: 'a\\'b', image: 'x:1')]) {",
      "  container('plain') { sh 'true' }",
      "  container('esc\\u0041pe') { sh 'true' }",
      "  container(NAME) { sh 'true' }",
      "  container('  padded  '.trim()) { sh 'true' }",
      "  container('') { sh 'true' }",
      "  container(someCall()) { sh 'true' }",
      "  stage('one' + 'two') { sh 'true' }",
      '  stage("s-${NAME}") { sh \'true\' }',
      '}',
    ].join('\n');
    const model = buildModel(text);
    const [pod] = model.pods;
    assert.equal(pod.label, 'lbl-${NAME}');
    assert.equal(pod.inheritFrom, 'from-var');
    assert.deepEqual(
      pod.containers.map((c) => c.name),
      ["a'b"],
    );
    assert.deepEqual(
      model.containerRefs.filter((r) => r.kind === 'container').map((r) => r.name),
      ['plain', 'escApe', 'from-var', 'padded', ''],
    );
    assert.deepEqual(
      model.stages.map((s) => s.name),
      ['onetwo', 's-${NAME}'],
    );
  });
});
