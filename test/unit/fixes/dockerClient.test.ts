import * as assert from 'node:assert/strict';
import { applyEdits, findMigratableStages, isBlocked, planStageMigration, type StageMigration } from '../../../server/src/fixes';
import { buildModel, type JenkinsModel } from '../../../server/src/model';
import { DEFAULT_SETTINGS } from '../../../server/src/shared/settings';

/** #12 item 7: the Docker client container the build ran in, beside the dind daemon. */

/** A YAML pod: a `docker` CLI container pointed at a dind sidecar, a `node` container, and the steps given. */
function yamlPipeline(steps: string, options: { defaultContainer?: string; clientExtra?: string } = {}): string {
  return `pipeline {
  agent {
    kubernetes {${options.defaultContainer ? `\n      defaultContainer '${options.defaultContainer}'` : ''}
      yaml '''
spec:
  containers:
  - name: node
    image: node:20-alpine
    command: [sleep]
    args: [infinity]
  - name: docker
    image: docker:26-cli
    command: [sleep]
    args: [infinity]
    env:
    - name: DOCKER_HOST
      value: tcp://127.0.0.1:2375${options.clientExtra ?? ''}
    volumeMounts:
    - name: certs
      mountPath: /certs/client
  - name: dockerd
    image: docker:26-dind
    securityContext:
      privileged: true
    volumeMounts:
    - name: certs
      mountPath: /certs/client
  volumes:
  - name: certs
    emptyDir: {}
'''
    }
  }
  stages {
    stage('Test') {
      steps {
        container('node') {
          sh 'npm test'
        }
      }
    }
    stage('Image') {
      steps {
${steps}
      }
    }
  }
}
`;
}

const BUILD = `        container('docker') {
          sh 'docker build -t registry.example.org/shop/cart:$BUILD_NUMBER .'
          sh 'docker push registry.example.org/shop/cart:$BUILD_NUMBER'
        }`;

function planOf(text: string, unit = 'Image'): StageMigration {
  const model = buildModel(text);
  const stage = findMigratableStages(model).find((s) => s.name === unit);
  assert.ok(stage, `${unit} is not a candidate`);
  const plan = planStageMigration(model, stage, DEFAULT_SETTINGS);
  assert.ok(!isBlocked(plan), isBlocked(plan) ? plan.blocked : '');
  return plan;
}

function migrated(text: string, unit?: string): { text: string; model: JenkinsModel; plan: StageMigration } {
  const plan = planOf(text, unit);
  const applied = applyEdits(text, plan.edits);
  assert.ok(applied.ok);
  return { text: applied.text, model: buildModel(applied.text), plan };
}

const names = (model: JenkinsModel) => model.pods[0].containers.map((c) => c.name);

describe('the Docker client container the build ran in', () => {
  describe('YAML pods', () => {
    it('goes when nothing else runs in it: its container(…) block now targets kaniko, with no wrapper of its own', () => {
      const { text, model, plan } = migrated(yamlPipeline(BUILD));
      assert.deepEqual(names(model), ['node', 'kaniko']);
      assert.match(text, /\n {8}container\('kaniko'\) \{\n {10}sh '\/kaniko\/executor [^\n]*'\n {8}\}\n {6}\}/);
      assert.doesNotMatch(text, /container\('docker'\)|DOCKER_HOST|certs/);
      // No empty key is left where the client's volume went.
      assert.doesNotMatch(text, /^\s*(env|volumeMounts|volumes):\s*\n(?!\s*-)/m);
      assert.match(plan.summary, /container 'docker' removed \(nothing else ran in it; its container\('docker'\) blocks now run in 'kaniko'\)/);
      assert.ok(![...plan.notes, ...plan.nextSteps].some((n) => /Container 'docker'/.test(n)), plan.nextSteps.join('\n'));
    });

    it('goes when its blocks hold only what the migration removes or moves (a login, housekeeping, wrappers around them)', () => {
      const steps = `        container('docker') {
          sh 'docker version'
        }
        container('docker') {
          withCredentials([usernamePassword(credentialsId: 'reg', usernameVariable: 'U', passwordVariable: 'P')]) {
            sh 'echo $P | docker login -u $U --password-stdin registry.example.org'
            dir('app') {
              echo 'building'
              sh 'docker build -t registry.example.org/shop/cart:$BUILD_NUMBER .'
            }
            sh 'docker push registry.example.org/shop/cart:$BUILD_NUMBER'
          }
        }`;
      const { text, model } = migrated(yamlPipeline(steps));
      assert.deepEqual(names(model), ['node', 'kaniko']);
      assert.doesNotMatch(text, /container\('docker'\)/);
      assert.match(text, /container\('kaniko'\) \{\n\s*withCredentials\(\[[^\n]*\n\s*dir\('app'\) \{\n\s*echo 'building'\n/);
      assert.match(text, /\n\s*sh '\/kaniko\/executor [^\n]*'\n\s*\}\n\s*\}\n\s*\}\n/);
      assert.doesNotMatch(text, /docker (version|login)/);
    });

    it('stays when another step still runs in it, and the note names that line; it loses what pointed at the daemon', () => {
      const steps = BUILD.replace("sh 'docker build", "sh 'git rev-parse HEAD > .sha'\n          sh 'docker build");
      const source = yamlPipeline(steps);
      const { text, model, plan } = migrated(source);
      assert.deepEqual(names(model), ['node', 'docker', 'kaniko']);
      assert.match(text, /container\('docker'\) \{\n\s*sh 'git rev-parse HEAD > .sha'\n\s*container\('kaniko'\) \{/);
      assert.doesNotMatch(text, /DOCKER_HOST|certs/);
      const line = source.split('\n').findIndex((l) => l.includes('git rev-parse')) + 1;
      assert.ok(
        plan.nextSteps.includes(
          `Container 'docker' no longer builds images and stays in the pod because line ${line} still runs in it (\`sh 'git rev-parse HEAD > .sha'\`); remove it once nothing uses it.`,
        ),
        plan.nextSteps.join('\n'),
      );
    });

    it("stays when it is the pod's defaultContainer (the declarative checkout runs there)", () => {
      const { model, plan } = migrated(yamlPipeline(BUILD, { defaultContainer: 'docker' }));
      assert.deepEqual(names(model), ['node', 'docker', 'kaniko']);
      assert.ok(
        plan.nextSteps.some((n) => /stays in the pod because it is the pod's defaultContainer/.test(n)),
        plan.nextSteps.join('\n'),
      );
    });

    it('stays when another stage runs in it', () => {
      const source = yamlPipeline(BUILD).replace(
        "    stage('Image') {",
        "    stage('Lint') {\n      steps {\n        container('docker') {\n          sh 'hadolint Dockerfile'\n        }\n      }\n    }\n    stage('Image') {",
      );
      const { model, plan } = migrated(source);
      assert.deepEqual(names(model), ['node', 'docker', 'kaniko']);
      assert.ok(
        plan.nextSteps.some((n) => /still runs in it \(`sh 'hadolint Dockerfile'`\)/.test(n)),
        plan.nextSteps.join('\n'),
      );
    });
  });

  describe('containerTemplate pods', () => {
    const scripted = (client: string, body: string) => `podTemplate(containers: [
    containerTemplate(name: 'maven', image: 'maven:3.9-eclipse-temurin-17', ttyEnabled: true, command: 'cat'),
    containerTemplate(name: 'dind', image: 'docker:25-dind', privileged: true),
    ${client}
]) {
  node(POD_LABEL) {
    stage('Image') {
      container('docker') {${body ? `\n${body}` : ''}
        sh 'docker build -t registry.example.org/team/svc:1 .'
        sh 'docker push registry.example.org/team/svc:1'
      }
    }
  }
}
`;
    const client = `containerTemplate(name: 'docker', image: 'docker:25', ttyEnabled: true, command: 'cat',
        livenessProbe: containerLivenessProbe(execArgs: 'ls -S /var/run/docker.sock', initialDelaySeconds: 5, timeoutSeconds: 2, failureThreshold: 3, periodSeconds: 10, successThreshold: 1),
        envVars: [envVar(key: 'DOCKER_HOST', value: 'tcp://localhost:2375'), containerEnvVar(key: 'HOME', value: '/tmp')])`;

    it('goes from the containers list when nothing else runs in it', () => {
      const { text, model, plan } = migrated(scripted(client, ''));
      assert.deepEqual(names(model), ['maven', 'kaniko']);
      assert.match(text, /containerTemplate\(name: 'kaniko', [^\n]*\)\n\]/);
      assert.match(text, /\n {6}container\('kaniko'\) \{\n {8}sh '\/kaniko\/executor [^\n]*'\n {6}\}/);
      assert.match(plan.summary, /container 'docker' removed/);
    });

    it('stays when another step runs in it, without its DOCKER_HOST envVar and its socket probe', () => {
      const { text, model, plan } = migrated(scripted(client, "        sh 'make lint'"));
      assert.deepEqual(names(model), ['maven', 'kaniko', 'docker']);
      assert.match(
        text,
        /containerTemplate\(name: 'docker', image: 'docker:25', ttyEnabled: true, command: 'cat',\n {8}envVars: \[containerEnvVar\(key: 'HOME', value: '\/tmp'\)\]\)/,
      );
      assert.doesNotMatch(text, /DOCKER_HOST|docker\.sock/);
      assert.match(plan.summary, /container 'docker' no longer points at the daemon \(removed its DOCKER_HOST env, livenessProbe\)/);
    });

    it('a kept client whose envVars held only the daemon address loses the whole argument', () => {
      const only = `containerTemplate(name: 'docker', image: 'docker:25', ttyEnabled: true, command: 'cat', envVars: [envVar(key: 'DOCKER_HOST', value: 'tcp://localhost:2375')])`;
      const { text } = migrated(scripted(only, "        sh 'make lint'"));
      assert.match(text, /containerTemplate\(name: 'docker', image: 'docker:25', ttyEnabled: true, command: 'cat'\)/);
    });
  });
});
