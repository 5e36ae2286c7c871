import assert from 'node:assert/strict';
import { declarative, diagnostics, podWith, ranges } from './helpers';

const ID = 'privileged-container';

describe(`rule ${ID}`, () => {
  it('fires on any other privileged container, on the key and its value', () => {
    const text = declarative(podWith('tools', 'alpine:3.20', 'securityContext:', '  privileged: true'), "        sh 'true'");
    assert.deepEqual(ranges(text, ID), ['privileged: true']);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /'tools'/);
  });

  it('fires on containerTemplate(privileged: true)', () => {
    const text = `podTemplate(containers: [containerTemplate(name: 'maven', image: 'maven:3', command: 'cat', ttyEnabled: true, privileged: true)]) {
  node(POD_LABEL) { container('maven') { sh 'mvn -v' } }
}`;
    assert.deepEqual(ranges(text, ID), ['privileged: true']);
  });

  it('reads YAML 1.1 booleans as Jenkins does: True, yes, on', () => {
    for (const value of ['True', 'TRUE', 'yes', 'on']) {
      assert.deepEqual(
        ranges(declarative(podWith('tools', 'alpine', 'securityContext:', `  privileged: ${value}`), "        echo 'x'"), ID),
        [`privileged: ${value}`],
        value,
      );
    }
    for (const value of ['no', 'off', 'False']) {
      assert.deepEqual(ranges(declarative(podWith('tools', 'alpine', 'securityContext:', `  privileged: ${value}`), "        echo 'x'"), ID), [], value);
    }
  });

  it('fires on flow-style securityContext', () => {
    const text = declarative(
      podWith('kaniko', 'gcr.io/kaniko-project/executor:debug', 'securityContext: { privileged: true, runAsUser: 0 }'),
      "        echo 'x'",
    );
    assert.deepEqual(ranges(text, ID), ['privileged: true']);
  });

  it('leaves Docker-in-Docker to dind-privileged', () => {
    const text = declarative(podWith('dind', 'docker:dind', 'securityContext:', '  privileged: true'), "        echo 'x'");
    assert.deepEqual(ranges(text, ID), []);
    assert.equal(diagnostics(text, 'dind-privileged').length, 1);
  });

  it('stays silent on privileged: false, no securityContext, and text that only mentions it', () => {
    assert.deepEqual(ranges(declarative(podWith('tools', 'alpine', 'securityContext:', '  privileged: false'), "        echo 'x'"), ID), []);
    assert.deepEqual(ranges(declarative(podWith('tools', 'alpine', 'securityContext:', '  runAsUser: 1000'), "        echo 'x'"), ID), []);
    const text = declarative(podWith('tools', 'alpine'), "        echo 'privileged: true'\n        sh 'echo privileged: true'\n        // privileged: true");
    assert.deepEqual(ranges(text, ID), []);
  });

  it('fires on docker run --privileged in a script, with advice that fits a QEMU binfmt set-up', () => {
    const text = `pipeline {
  agent { label 'docker' }
  stages {
    stage('Multi-arch') {
      steps {
        sh '''
          docker run --rm --privileged multiarch/qemu-user-static --reset -p yes
          docker buildx create --use
        '''
        sh 'sudo docker run --privileged --rm tonistiigi/binfmt --install all'
        sh 'docker run -it --privileged=true -v $PWD:/src ubuntu:24.04 make'
      }
    }
  }
}`;
    assert.deepEqual(ranges(text, ID), ['--privileged', '--privileged', '--privileged=true']);
    const [qemu, binfmt, plain] = diagnostics(text, ID);
    assert.match(qemu.message, /registers QEMU emulators in the kernel of the node/);
    assert.match(qemu.message, /DaemonSet/);
    assert.match(binfmt.message, /tonistiigi\/binfmt --install|QEMU/);
    assert.match(plain.message, /ubuntu:24\.04/);
    assert.match(plain.message, /--cap-add/);
  });

  it(".inside('--privileged …') and a Docker agent's args fire on the option", () => {
    const text = `node('builder') {
  docker.image('android-sdk:34').inside('--privileged -e HOME=/tmp') {
    sh './gradlew connectedCheck'
  }
}`;
    assert.deepEqual(ranges(text, ID), ['--privileged']);
    assert.match(diagnostics(text, ID)[0].message, /\.inside\(…\)/);
    const agent = `pipeline {
  agent { docker { image 'ubuntu:24.04'; args '--privileged -u root' } }
  stages { stage('x') { steps { sh 'true' } } }
}`;
    assert.deepEqual(ranges(agent, ID), ['--privileged']);
    assert.match(diagnostics(agent, ID)[0].message, /Docker agent/);
  });

  it("stays silent on --privileged=false, on the container's own arguments and on other run options", () => {
    const text = `node {
  sh 'docker run --privileged=false alpine true'
  sh 'docker run --rm -e MODE=--privileged alpine echo --privileged'
  sh 'docker build --build-arg X=--privileged .'
  docker.image('alpine').inside('--cap-add SYS_PTRACE') { sh 'true' }
  echo 'docker run --privileged x'
}`;
    assert.deepEqual(ranges(text, ID), []);
  });
});
