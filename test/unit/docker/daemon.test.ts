import assert from 'node:assert/strict';
import { runsDockerDaemon } from '../../../server/src/docker';
import { buildModel } from '../../../server/src/model';

describe('docker/daemon: a container that runs a Docker daemon', () => {
  it('by its image: any dind tag or repository, in any case', () => {
    for (const image of ['docker:dind', 'docker:24.0-dind-rootless', 'registry.example.com/ci/DinD:1']) assert.ok(runsDockerDaemon(image, []), image);
  });

  it('by what it runs: dockerd as a program, not as part of another word', () => {
    assert.ok(runsDockerDaemon('docker:24', ['dockerd', '--host=tcp://0.0.0.0:2375']));
    assert.ok(runsDockerDaemon('alpine', ['/usr/local/bin/dockerd']));
    assert.ok(!runsDockerDaemon('docker:24', ['cat']));
    assert.ok(!runsDockerDaemon('alpine', ['dockerd-rootless-setuptool.sh']));
    assert.ok(!runsDockerDaemon(undefined, []));
  });

  it('is what the model marks isDind with', () => {
    const model = buildModel(`podTemplate(yaml: '''
spec:
  containers:
  - name: d
    image: docker:24
    command: ["dockerd"]
  - name: c
    image: docker:24
    command: ["cat"]
''') { node(POD_LABEL) { } }
`);
    assert.deepEqual(
      model.pods[0].containers.map((c) => [c.name, c.isDind]),
      [
        ['d', true],
        ['c', false],
      ],
    );
  });
});
