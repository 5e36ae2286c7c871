import assert from 'node:assert/strict';
import { declarative, diagnostics, podWith, ranges } from './helpers';

const ID = 'docker-daemon-build';

const DIND_POD = podWith('dind', 'docker:24-dind', 'securityContext:', '  privileged: true');

describe(`rule ${ID}`, () => {
  it('fires on docker.build, docker.withRegistry (up to its closure) and .push() in a dind pod', () => {
    const text = declarative(
      DIND_POD,
      `        container('dind') {
          script {
            docker.withRegistry('https://123.dkr.ecr.eu-west-1.amazonaws.com/app') {
              def customImage = docker.build("app:\${env.BUILD_ID}")
              customImage.push()
            }
          }
        }`,
    );
    assert.deepEqual(ranges(text, ID), [
      "docker.withRegistry('https://123.dkr.ecr.eu-west-1.amazonaws.com/app')",
      'docker.build("app:${env.BUILD_ID}")',
      'customImage.push()',
    ]);
    assert.ok(diagnostics(text, ID).every((d) => d.severity === 'information'));
  });

  it('fires on docker build/push/login in sh, on the docker command', () => {
    const text = declarative(
      DIND_POD,
      "        container('dind') {\n          sh 'docker login -u u -p p r.example.com && docker build -t app . && sudo docker push app'\n        }",
    );
    assert.deepEqual(ranges(text, ID), ['docker login -u u -p p r.example.com', 'docker build -t app .', 'docker push app']);
  });

  it('fires on docker build under time, command, exec, nice, nohup, timeout, stdbuf, setsid and ionice, on the docker command', () => {
    const text = declarative(
      DIND_POD,
      "        container('dind') {\n          sh 'time -p docker build -t a . && command docker build -t b . && nice -n 10 docker build -t c .'\n          sh 'timeout 30m docker build -t d . ; nohup docker build -t e . ; /usr/bin/time -o t.txt docker build -t f .'\n          sh 'stdbuf -oL docker build -t h . ; ionice -c3 setsid docker build -t i .'\n          sh 'command -v docker && exec -a b docker build -t g .'\n        }",
    );
    assert.deepEqual(ranges(text, ID), [
      'docker build -t a .',
      'docker build -t b .',
      'docker build -t c .',
      'docker build -t d .',
      'docker build -t e .',
      'docker build -t f .',
      'docker build -t h .',
      'docker build -t i .',
      'docker build -t g .',
    ]);
  });

  it('fires on docker build after an abbreviated long option of the prefix (--sig KILL is --signal KILL), and not after an ambiguous one', () => {
    const text = declarative(
      DIND_POD,
      "        container('dind') {\n          sh 'timeout --sig KILL 10 docker build -t x .'\n          sh 'nice --adj 5 docker build -t y .'\n          sh 'timeout --ver 10 docker build -t z .'\n        }",
    );
    assert.deepEqual(ranges(text, ID), ['docker build -t x .', 'docker build -t y .']);
  });

  it('fires after docker global options and on docker image build/push and docker buildx build', () => {
    const text = declarative(
      DIND_POD,
      "        container('dind') {\n          sh 'docker --config /tmp/cfg build . && docker -H tcp://localhost:2375 push app'\n          sh 'docker image build -t app . ; docker image push app ; docker buildx build --push -t app .'\n        }",
    );
    assert.deepEqual(ranges(text, ID), [
      'docker --config /tmp/cfg build .',
      'docker -H tcp://localhost:2375 push app',
      'docker image build -t app .',
      'docker image push app',
      'docker buildx build --push -t app .',
    ]);
    assert.deepEqual(
      diagnostics(text, ID).map((d) => d.data?.command),
      ['build', 'push', 'build', 'push', 'build'],
    );
  });

  it('fires in a pod that mounts the Docker socket', () => {
    const text = `podTemplate(containers: [containerTemplate(name: 'docker', image: 'docker:24', command: 'cat', ttyEnabled: true)],
  volumes: [hostPathVolume(hostPath: '/var/run/docker.sock', mountPath: '/var/run/docker.sock')]) {
  node(POD_LABEL) { container('docker') { sh 'docker build -t app .' } }
}`;
    assert.deepEqual(ranges(text, ID), ['docker build -t app .']);
  });

  it('stays silent without a daemon in the pod, outside pods, and on other docker commands', () => {
    const kaniko = declarative(
      podWith('kaniko', 'gcr.io/kaniko-project/executor:debug', 'command: [/busybox/cat]', 'tty: true'),
      "        container('kaniko') { sh 'docker build -t app .' }",
    );
    assert.deepEqual(ranges(kaniko, ID), []);
    assert.deepEqual(ranges("node {\n  docker.build('app').push()\n}", ID), []);
    const other = declarative(
      DIND_POD,
      "        container('dind') {\n          sh 'docker version && docker images && docker image ls && docker buildx ls && docker --help'\n          echo 'docker build -t app .'\n          sh 'echo docker build'\n          // docker.build('x')\n        }",
    );
    assert.deepEqual(ranges(other, ID), []);
  });

  it('reads no step of a model none of whose pods has a daemon (its early exit), and still judges each step by its own pod', () => {
    // Builds, a withDockerRegistry and Docker Pipeline calls, in pods without a daemon and outside any pod.
    const noDaemon = `podTemplate(containers: [containerTemplate(name: 'docker', image: 'docker:24', command: 'cat', ttyEnabled: true)]) {
  node(POD_LABEL) {
    container('docker') {
      sh 'docker build -t app . && docker push app'
      withDockerRegistry(credentialsId: 'hub') { docker.build('app').push() }
    }
  }
}
node { sh 'docker build -t other .' }`;
    assert.deepEqual(ranges(noDaemon, ID), []);
    // A daemon in another pod of the file: the model is read, and only the step in that pod is reported.
    const oneDaemon = `${noDaemon}
podTemplate(containers: [containerTemplate(name: 'dind', image: 'docker:24-dind', privileged: true)]) {
  node(POD_LABEL) { container('dind') { sh 'docker build -t third .' } }
}`;
    assert.deepEqual(ranges(oneDaemon, ID), ['docker build -t third .']);
  });

  it('fires on withDockerRegistry in both of its forms (up to its closure), in a pod with a daemon only', () => {
    const text = declarative(
      DIND_POD,
      `        container('dind') {
          withDockerRegistry(credentialsId: 'hub', url: 'https://index.docker.io/v1/') {
            sh 'docker push team/app:1'
          }
          withDockerRegistry([credentialsId: 'nexus', url: 'https://nexus.example.com']) {
            echo 'logged in'
          }
        }`,
    );
    assert.deepEqual(ranges(text, ID), [
      "withDockerRegistry(credentialsId: 'hub', url: 'https://index.docker.io/v1/')",
      'docker push team/app:1',
      "withDockerRegistry([credentialsId: 'nexus', url: 'https://nexus.example.com'])",
    ]);
    assert.match(diagnostics(text, ID)[0].message, /withDockerRegistry/);
    assert.equal(diagnostics(text, ID)[0].data?.method, 'withDockerRegistry');
    assert.deepEqual(ranges("node('docker') {\n  withDockerRegistry(credentialsId: 'hub') { sh 'make push' }\n}", ID), []);
  });

  it('fires on docker compose build/push and docker-compose, after their own options', () => {
    const text = declarative(
      DIND_POD,
      `        container('dind') {
          sh 'docker compose build && docker compose -f docker-compose.ci.yml push api'
          sh 'docker-compose -p app build --pull'
          sh 'docker compose up -d && docker compose pull && docker-compose down'
        }`,
    );
    assert.deepEqual(ranges(text, ID), ['docker compose build', 'docker compose -f docker-compose.ci.yml push api', 'docker-compose -p app build --pull']);
    const [build, push, legacy] = diagnostics(text, ID);
    assert.match(build.message, /^`docker compose build` builds the images of a Compose file/);
    assert.match(push.message, /^`docker compose push` pushes/);
    assert.match(legacy.message, /^`docker-compose build`/);
    assert.deepEqual(
      diagnostics(text, ID).map((d) => d.data?.command),
      ['build', 'push', 'build'],
    );
  });

  it('fires on builds in same-file helpers called from inside the pod, at the helper', () => {
    const text = `def buildAndPush(String tag) {
  sh "docker build -t registry.example.com/app:\${tag} ."
  sh "docker push registry.example.com/app:\${tag}"
}

podTemplate(yaml: '''
spec:
  containers:
  - name: dind
    image: docker:27-dind
    securityContext:
      privileged: true
''') {
  node(POD_LABEL) {
    stage('Image') {
      container('dind') { buildAndPush(env.BUILD_NUMBER) }
    }
  }
}

def unused() { sh 'docker build -t x .' }
`;
    assert.deepEqual(ranges(text, ID), ['docker build -t registry.example.com/app:${tag} .', 'docker push registry.example.com/app:${tag}']);
    assert.deepEqual(
      diagnostics(text, ID).map((d) => d.data?.stageName),
      ['Image', 'Image'],
    );
  });
});
