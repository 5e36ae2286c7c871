import assert from 'node:assert/strict';
import { declarative, diagnostics, podWith, ranges } from './helpers';

const ID = 'docker-socket-mount';

function podWithVolume(path: string): string {
  return [
    podWith('docker', 'docker:24', 'command: [cat]', 'tty: true', 'volumeMounts:', '- name: sock', '  mountPath: /var/run/docker.sock'),
    '  volumes:',
    '  - name: sock',
    '    hostPath:',
    `      path: ${path}`,
  ].join('\n');
}

describe(`rule ${ID}`, () => {
  it('fires on a YAML hostPath volume for /var/run/docker.sock, on the path value', () => {
    const text = declarative(podWithVolume('/var/run/docker.sock'), "        sh 'docker ps'");
    assert.deepEqual(ranges(text, ID), ['/var/run/docker.sock']);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /docker\.sock/);
  });

  it('fires on /run/docker.sock and on a quoted path (underlining the path without its quotes)', () => {
    assert.deepEqual(ranges(declarative(podWithVolume('/run/docker.sock'), "        echo 'x'"), ID), ['/run/docker.sock']);
    assert.deepEqual(ranges(declarative(podWithVolume('"/var/run/docker.sock"'), "        echo 'x'"), ID), ['/var/run/docker.sock']);
    assert.deepEqual(ranges(declarative(podWithVolume("'/var/run/docker.sock'"), "        echo 'x'"), ID), ['/var/run/docker.sock']);
  });

  it('fires on flow-style YAML volumes', () => {
    const yaml = [podWith('docker', 'docker:24-cli'), '  volumes:', '  - {name: s, hostPath: {path: /var/run/docker.sock, type: Socket}}'].join('\n');
    assert.deepEqual(ranges(declarative(yaml, "        echo 'x'"), ID), ['/var/run/docker.sock']);
  });

  it('fires on hostPathVolume(hostPath: …) in a podTemplate', () => {
    const text = `podTemplate(
  containers: [containerTemplate(name: 'docker', image: 'docker:24', command: 'cat', ttyEnabled: true)],
  volumes: [hostPathVolume(hostPath: '/var/run/docker.sock', mountPath: '/var/run/docker.sock')]
) {
  node(POD_LABEL) { container('docker') { sh 'docker build -t app .' } }
}`;
    assert.deepEqual(ranges(text, ID), ['/var/run/docker.sock']);
  });

  it('stays silent on other host paths, other volume kinds and text mentioning the socket', () => {
    assert.deepEqual(ranges(declarative(podWithVolume('/var/lib/data'), "        echo 'x'"), ID), []);
    assert.deepEqual(ranges(declarative(podWithVolume('/var/run/docker.sock.bak'), "        echo 'x'"), ID), []);
    const text = `podTemplate(volumes: [emptyDirVolume(mountPath: '/var/run/docker.sock'), secretVolume(secretName: 'docker.sock', mountPath: '/s')]) {
  node(POD_LABEL) {
    // hostPathVolume(hostPath: '/var/run/docker.sock', mountPath: '/var/run/docker.sock')
    echo 'hostPath: /var/run/docker.sock'
    sh 'ls -l /var/run/docker.sock'
  }
}`;
    assert.deepEqual(ranges(text, ID), []);
  });

  it('fires on the directory that holds the socket (/var/run, /run), saying so', () => {
    assert.deepEqual(ranges(declarative(podWithVolume('/var/run'), "        echo 'x'"), ID), ['/var/run']);
    assert.deepEqual(ranges(declarative(podWithVolume('/run/'), "        echo 'x'"), ID), ['/run/']);
    assert.match(diagnostics(declarative(podWithVolume('/var/run'), "        echo 'x'"), ID)[0].message, /holds the Docker socket/);
    assert.deepEqual(ranges(declarative(podWithVolume('/var/run/secrets'), "        echo 'x'"), ID), []);
  });

  it("fires on a map-form volume ([$class: 'HostPathVolume', hostPath: …])", () => {
    const text = `podTemplate(label: 'docker-build',
  containers: [[name: 'docker', image: 'docker:24-cli', command: 'cat', ttyEnabled: true]],
  volumes: [[$class: 'HostPathVolume', hostPath: '/var/run/docker.sock', mountPath: '/var/run/docker.sock']]) {
  node('docker-build') { container('docker') { sh 'docker version' } }
}`;
    assert.deepEqual(ranges(text, ID), ['/var/run/docker.sock']);
    assert.deepEqual(ranges(text.replace("[$class: 'HostPathVolume', ", '['), ID), ['/var/run/docker.sock'], 'hostPath alone names the kind');
  });

  it("fires on a Docker agent's args, with a note that the migration needs a Kubernetes agent", () => {
    const text = `pipeline {
  agent {
    docker {
      image 'docker:27-cli'
      args '-v /var/run/docker.sock:/var/run/docker.sock --group-add 998'
      reuseNode true
    }
  }
  stages {
    stage('Image') { steps { sh 'docker build -t app .' } }
  }
}`;
    assert.deepEqual(ranges(text, ID), ['/var/run/docker.sock']);
    const [d] = diagnostics(text, ID);
    assert.match(d.message, /Docker agent/);
    assert.match(d.message, /Kubernetes agent/);
    assert.equal(d.data?.dockerRun, 'agent');
  });

  it('fires on every socket form of docker run options: --volume=, --mount type=bind, the /var/run directory, a stage agent', () => {
    const stageAgent = (args: string) => `pipeline {
  agent none
  stages {
    stage('Test') {
      agent { docker { image 'node:20'; args "${args}" } }
      steps { sh 'npm test' }
    }
  }
}`;
    assert.deepEqual(ranges(stageAgent('--volume=/var/run/docker.sock:/var/run/docker.sock:ro'), ID), ['/var/run/docker.sock']);
    assert.deepEqual(ranges(stageAgent('--mount type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock'), ID), ['/var/run/docker.sock']);
    assert.deepEqual(ranges(stageAgent('-u root -v /var/run:/var/run'), ID), ['/var/run']);
    assert.deepEqual(ranges(stageAgent('-v $HOME/.m2:/root/.m2 -v /var/run/docker.sock.d:/x --mount type=volume,source=/var/run/docker.sock'), ID), []);
  });

  it("fires on docker.image(x).inside('-v /var/run/docker.sock:…') and on docker run -v in a script", () => {
    const text = `node('linux') {
  def dockerArgs = '-v /var/run/docker.sock:/var/run/docker.sock -u 0'
  docker.image('docker:27-cli').inside(dockerArgs) {
    sh 'docker ps'
  }
  docker.image('maven:3').inside('-v /run/docker.sock:/run/docker.sock') {
    sh 'mvn -B verify'
  }
  sh 'docker run --rm -v /var/run/docker.sock:/var/run/docker.sock aquasec/trivy image app:1'
}`;
    assert.deepEqual(ranges(text, ID), ['/var/run/docker.sock', '/run/docker.sock', '/var/run/docker.sock']);
    const [inside, , run] = diagnostics(text, ID);
    assert.match(inside.message, /\.inside\(…\)/);
    assert.match(inside.message, /Kubernetes agent/);
    assert.doesNotMatch(run.message, /Kubernetes agent/);
  });

  it('stays silent on Docker agents and containers without the socket, and on text after the image of docker run', () => {
    const text = `pipeline {
  agent { docker { image 'maven:3-eclipse-temurin-21'; args '-v $HOME/.m2:/root/.m2 -e MAVEN_OPTS=-Xmx1g' } }
  stages {
    stage('Build') {
      steps {
        sh 'mvn -B verify'
        script {
          docker.image('postgres:16').withRun('-e POSTGRES_PASSWORD=test -p 5432:5432') { c -> sh 'mvn -B -Pit verify' }
          docker.image('node:20').inside { sh 'npm ci' }
        }
        sh 'docker run --rm alpine:3 ls -v /var/run/docker.sock:/x'
        echo '-v /var/run/docker.sock:/var/run/docker.sock'
      }
    }
  }
}`;
    assert.deepEqual(ranges(text, ID), []);
  });
});
