import assert from 'node:assert/strict';
import { declarative, diagnostics, podWith, ranges } from './helpers';

const ID = 'dind-privileged';

describe(`rule ${ID}`, () => {
  it('fires on a privileged docker:dind container (block YAML), on the key and its value', () => {
    const text = declarative(podWith('dind', 'docker:18.05-dind', 'securityContext:', '  privileged: true'), "        sh 'docker version'");
    assert.deepEqual(ranges(text, ID), ['privileged: true']);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /dind/);
    assert.match(d.message, /Kaniko/);
  });

  it('fires on flow-style YAML and on any docker:*dind* tag', () => {
    const text = declarative(podWith('docker', 'docker:24.0-dind-rootless', 'securityContext: {privileged: true}'), "        echo 'x'");
    assert.deepEqual(ranges(text, ID), ['privileged: true']);
  });

  it('fires on a container that runs dockerd', () => {
    const text = declarative(
      podWith('daemon', 'docker:24', 'command: ["dockerd", "--host=tcp://0.0.0.0:2375"]', 'securityContext:', '  privileged: true'),
      "        echo 'x'",
    );
    assert.deepEqual(ranges(text, ID), ['privileged: true']);
  });

  it('fires on containerTemplate(privileged: true) in a scripted podTemplate', () => {
    const text = `podTemplate(containers: [
  containerTemplate(name: 'dind', image: 'docker:dind', privileged: true, ttyEnabled: true)
]) {
  node(POD_LABEL) { container('dind') { sh 'docker info' } }
}`;
    assert.deepEqual(ranges(text, ID), ['privileged: true']);
  });

  it('fires inside a double-quoted GString with interpolation', () => {
    const text = declarative(podWith('dind', 'docker:${DOCKER_VERSION}-dind', 'securityContext:', '  privileged: true'), "        echo 'x'", { quote: '"""' });
    assert.deepEqual(ranges(text, ID), ['privileged: true']);
  });

  it('stays silent on privileged: false, on other privileged containers and on unprivileged dind', () => {
    assert.deepEqual(ranges(declarative(podWith('dind', 'docker:dind', 'securityContext:', '  privileged: false'), "        echo 'x'"), ID), []);
    assert.deepEqual(ranges(declarative(podWith('tools', 'alpine:3.20', 'securityContext:', '  privileged: true'), "        echo 'x'"), ID), []);
    assert.deepEqual(ranges(declarative(podWith('dind', 'docker:dind'), "        echo 'x'"), ID), []);
  });

  it('stays silent on comments, YAML comments, echo and writeFile text', () => {
    const text = `// securityContext: privileged: true on docker:dind
/* image: docker:dind
   privileged: true */
pipeline {
  agent {
    kubernetes {
      yaml '''
spec:
  containers:
  - name: dind
    image: docker:dind
    # securityContext:
    #   privileged: true
'''
    }
  }
  stages {
    stage('x') {
      steps {
        echo 'image: docker:dind with privileged: true'
        writeFile file: 'pod.yaml', text: '''
spec:
  containers:
  - name: dind
    image: docker:dind
    securityContext:
      privileged: true
'''
      }
    }
  }
}`;
    assert.deepEqual(ranges(text, ID), []);
  });
});
