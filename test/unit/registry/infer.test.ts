import assert from 'node:assert/strict';
import { inferRegistries } from '../../../server/src/registry/infer';

/** A scripted pipeline whose one sh step runs `script`. */
function registriesOf(script: string): Array<{ host: string; found: string[] }> {
  const text = `node {\n  sh '''\n${script}\n'''\n}\n`;
  return inferRegistries(text).map((use) => ({ host: use.host, found: use.ranges.map((r) => text.slice(r.start, r.end)) }));
}

describe('registry/infer: the registries a Jenkinsfile pushes to or logs in to', () => {
  it('reads docker login, push, tag and build -t with the docker/ option lists', () => {
    assert.deepEqual(registriesOf('docker --config /tmp/cfg login -u ci -p "$P" ghcr.io'), [{ host: 'ghcr.io', found: ['ghcr.io'] }]);
    assert.deepEqual(registriesOf('docker login --username ci'), [{ host: 'docker.io', found: ['login'] }]);
    assert.deepEqual(registriesOf('docker push quay.io/org/app:1'), [{ host: 'quay.io', found: ['quay.io/org/app:1'] }]);
    assert.deepEqual(registriesOf('docker tag app registry.example.com:5000/app'), [
      { host: 'registry.example.com:5000', found: ['registry.example.com:5000/app'] },
    ]);
    assert.deepEqual(registriesOf('docker build -t app --tag=ghcr.io/o/a -tquay.io/o/b --build-arg X=1 .'), [
      { host: 'ghcr.io', found: ['--tag=ghcr.io/o/a'] },
      { host: 'quay.io', found: ['-tquay.io/o/b'] },
    ]);
  });

  it('finds what the word-by-word reading missed: docker image push, push --platform, commands under sudo options or shell keywords', () => {
    assert.deepEqual(registriesOf('docker image push ghcr.io/o/a'), [{ host: 'ghcr.io', found: ['ghcr.io/o/a'] }]);
    assert.deepEqual(registriesOf('docker push --platform linux/arm64 ghcr.io/o/a'), [{ host: 'ghcr.io', found: ['ghcr.io/o/a'] }]);
    assert.deepEqual(registriesOf('sudo -u ci docker push ghcr.io/o/a'), [{ host: 'ghcr.io', found: ['ghcr.io/o/a'] }]);
    assert.deepEqual(registriesOf('if docker push ghcr.io/o/a; then echo ok; fi'), [{ host: 'ghcr.io', found: ['ghcr.io/o/a'] }]);
    assert.deepEqual(registriesOf('docker buildx build --label x=-t -t ghcr.io/o/a .'), [{ host: 'ghcr.io', found: ['ghcr.io/o/a'] }]);
  });

  it('reads the executor --destination', () => {
    assert.deepEqual(registriesOf('/kaniko/executor --context . --destination=ghcr.io/o/a:1'), [{ host: 'ghcr.io', found: ['--destination=ghcr.io/o/a:1'] }]);
  });
});
