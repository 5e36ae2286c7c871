import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { generateRegistrySecret, RegistrySecretError } from '../../../server/src/registry';
import { judgeKubernetes, kubeErrorsText } from '../../judges/kubernetes';

describe('Generate Registry Credentials: the dockerconfigjson Secret', () => {
  const generated = generateRegistrySecret({
    registries: ['docker.io/org/app', 'ghcr.io', 'https://harbor.example.com/project', '123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
  });

  it('writes an auths entry per registry, keyed as Docker looks them up, with placeholders only', () => {
    const doc = parseDocument(generated.yaml, { version: '1.1' });
    assert.deepEqual(doc.errors, []);
    const secret = doc.toJS() as { type: string; stringData: Record<string, string> };
    assert.equal(secret.type, 'kubernetes.io/dockerconfigjson');
    const config = JSON.parse(secret.stringData['.dockerconfigjson']) as { auths: Record<string, { username: string; password: string }> };
    assert.deepEqual(Object.keys(config.auths), ['https://index.docker.io/v1/', 'ghcr.io', 'harbor.example.com']);
    for (const entry of Object.values(config.auths)) {
      assert.match(entry.username, /^<[^>]+>$/);
      assert.match(entry.password, /^<[^>]+>$/);
    }
    assert.deepEqual(
      generated.skippedEcr.map((r) => r.host),
      ['123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
    );
  });

  it('says what to run next', () => {
    assert.match(generated.yaml, /kubectl create secret docker-registry regcred --docker-server=https:\/\/index\.docker\.io\/v1\//);
    assert.match(generated.yaml, /kubectl apply -f kaniko-registry-credentials\.yaml/);
    assert.match(generated.yaml, /robot\$/);
  });

  it('is a valid Kubernetes v1 Secret', function () {
    // The schema judge runs the TypeScript checker: seconds, once for both inputs.
    this.timeout(120_000);
    const namespaced = generateRegistrySecret({ registries: ['quay.io'], name: 'quay-push', namespace: 'ci' });
    for (const verdict of judgeKubernetes([
      { name: 'secret', yaml: generated.yaml },
      { name: 'namespaced', yaml: namespaced.yaml },
    ])) {
      assert.ok(verdict.valid, kubeErrorsText(verdict));
    }
  });

  it('refuses ECR-only input, no registry, and bad names', () => {
    assert.throws(
      () => generateRegistrySecret({ registries: ['public.ecr.aws/x/app'] }),
      (e: unknown) => e instanceof RegistrySecretError && /Generate ECR ConfigMap/.test(e.message),
    );
    assert.throws(() => generateRegistrySecret({ registries: [] }), RegistrySecretError);
    assert.throws(() => generateRegistrySecret({ registries: ['ghcr.io'], name: 'Bad_Name' }), /not a valid Kubernetes name/);
  });
});
