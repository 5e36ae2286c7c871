import assert from 'node:assert/strict';
import { DOCKER_HUB_CONFIG_KEY, registryOfImage, registryOfUrl } from '../../../server/src/registry';

describe('registry hosts as Docker forms them', () => {
  it('reads the registry of an image reference', () => {
    const cases: Array<[string, string, string, string]> = [
      // reference, host, config key, kind
      ['nginx', 'docker.io', DOCKER_HUB_CONFIG_KEY, 'docker-hub'],
      ['myorg/app:1.0', 'docker.io', DOCKER_HUB_CONFIG_KEY, 'docker-hub'],
      ['docker.io/myorg/app', 'docker.io', DOCKER_HUB_CONFIG_KEY, 'docker-hub'],
      ['index.docker.io/myorg/app', 'docker.io', DOCKER_HUB_CONFIG_KEY, 'docker-hub'],
      ['ghcr.io/org/app:sha', 'ghcr.io', 'ghcr.io', 'ghcr'],
      ['europe-west1-docker.pkg.dev/proj/repo/app:1', 'europe-west1-docker.pkg.dev', 'europe-west1-docker.pkg.dev', 'gar'],
      ['eu.gcr.io/proj/app', 'eu.gcr.io', 'eu.gcr.io', 'gcr'],
      ['myreg.azurecr.io/app:1', 'myreg.azurecr.io', 'myreg.azurecr.io', 'acr'],
      ['quay.io/org/app', 'quay.io', 'quay.io', 'quay'],
      ['harbor.example.com/library/app:1', 'harbor.example.com', 'harbor.example.com', 'harbor'],
      ['nexus.example.com:8443/app', 'nexus.example.com:8443', 'nexus.example.com:8443', 'other'],
      ['localhost:5000/app', 'localhost:5000', 'localhost:5000', 'other'],
      ['localhost/app', 'localhost', 'localhost', 'other'],
      [
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1',
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
        'ecr',
      ],
      ['public.ecr.aws/abc123/app:1', 'public.ecr.aws', 'public.ecr.aws', 'ecr-public'],
      ['ecr-public.aws.com/abc123/app', 'ecr-public.aws.com', 'ecr-public.aws.com', 'ecr-public'],
      ['${REGISTRY}/app:1', '${REGISTRY}', '${REGISTRY}', 'other'],
    ];
    for (const [reference, host, key, kind] of cases) {
      const registry = registryOfImage(reference);
      assert.deepEqual([registry.host, registry.configKey, registry.kind], [host, key, kind], reference);
    }
    assert.equal(registryOfImage('${REGISTRY}/app').placeholder, true);
  });

  it('reads the registry of a docker login server or a withRegistry URL', () => {
    for (const url of ['', 'https://registry.hub.docker.com', 'https://index.docker.io/v1/', 'docker.io', 'registry-1.docker.io', 'https://hub.docker.com/']) {
      assert.equal(registryOfUrl(url).configKey, DOCKER_HUB_CONFIG_KEY, url);
    }
    assert.equal(registryOfUrl('https://ghcr.io').configKey, 'ghcr.io');
    assert.equal(registryOfUrl('https://Harbor.Example.com:8443/project').configKey, 'harbor.example.com:8443');
    assert.equal(registryOfUrl('https://${env.REGISTRY}/v2').host, '${env.REGISTRY}');
  });
});
