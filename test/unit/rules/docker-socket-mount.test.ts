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
});
