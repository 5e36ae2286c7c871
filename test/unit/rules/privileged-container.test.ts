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
      assert.deepEqual(ranges(declarative(podWith('tools', 'alpine', 'securityContext:', `  privileged: ${value}`), "        echo 'x'"), ID), [`privileged: ${value}`], value);
    }
    for (const value of ['no', 'off', 'False']) {
      assert.deepEqual(ranges(declarative(podWith('tools', 'alpine', 'securityContext:', `  privileged: ${value}`), "        echo 'x'"), ID), [], value);
    }
  });

  it('fires on flow-style securityContext', () => {
    const text = declarative(podWith('kaniko', 'gcr.io/kaniko-project/executor:debug', 'securityContext: { privileged: true, runAsUser: 0 }'), "        echo 'x'");
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
});
