/** How the Kaniko pod gets AWS credentials for ECR: IRSA, EKS Pod Identity or the node role. */
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { generateEcrConfigMap, ConfigMapError } from '../../../server/src/configmap';
import { runConfigmapCommand } from '../../../server/src/cli/configmap';
import { judgeKubernetes, kubeErrorsText } from '../../judges/kubernetes';

const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const ROLE = 'arn:aws:iam::123456789012:role/kaniko-ecr-push';

function docs(yaml: string): Array<Record<string, any>> {
  const parsed = parseAllDocuments(yaml, { version: '1.1' });
  for (const doc of parsed) assert.deepEqual(doc.errors, []);
  return parsed.map((d) => d.toJS() as Record<string, any>);
}

describe('configmap: AWS identity of the Kaniko pod', () => {
  const irsa = generateEcrConfigMap({ registries: [REGISTRY], roleArn: ROLE, namespace: 'jenkins' });
  const podIdentity = generateEcrConfigMap({ registries: [REGISTRY], roleArn: ROLE, identity: 'pod-identity', namespace: 'jenkins', clusterName: 'ci' });
  const podIdentityNoRole = generateEcrConfigMap({ registries: [REGISTRY], identity: 'pod-identity' });
  const node = generateEcrConfigMap({ registries: [REGISTRY] });

  it('IRSA: a ServiceAccount annotated with the role, which the pod must run as', () => {
    const [, sa] = docs(irsa.yaml);
    assert.equal(sa.kind, 'ServiceAccount');
    assert.equal(sa.metadata.annotations['eks.amazonaws.com/role-arn'], ROLE);
    assert.equal(irsa.serviceAccountName, 'kaniko');
    assert.deepEqual(irsa.nextSteps, ['kubectl apply -f kaniko-docker-config.yaml']);
  });

  it('EKS Pod Identity: a ServiceAccount without annotation, and the association command to run', () => {
    const [, sa] = docs(podIdentity.yaml);
    assert.equal(sa.kind, 'ServiceAccount');
    assert.equal(sa.metadata.annotations, undefined);
    const command = 'aws eks create-pod-identity-association --cluster-name ci --namespace jenkins --service-account kaniko --role-arn ' + ROLE;
    assert.deepEqual(podIdentity.nextSteps, ['kubectl apply -f kaniko-docker-config.yaml', command]);
    assert.ok(podIdentity.yaml.includes(command), 'the command is in the YAML comment too');
    assert.match(podIdentity.yaml, /eks-pod-identity-agent/);
    assert.match(podIdentityNoRole.nextSteps[1], /--cluster-name <cluster-name> .*--role-arn <arn:aws:iam::/);
  });

  it('node role: no ServiceAccount', () => {
    assert.equal(docs(node.yaml).length, 1);
    assert.equal(node.serviceAccountName, undefined);
    assert.match(node.yaml, /node's instance role/);
  });

  it('IRSA without a role is an error', () => {
    assert.throws(
      () => generateEcrConfigMap({ registries: [REGISTRY], identity: 'irsa' }),
      (e: unknown) => e instanceof ConfigMapError && e.codes.includes('missing-role-arn'),
    );
  });

  it('every form is valid Kubernetes v1 (ConfigMap and ServiceAccount)', function () {
    this.timeout(120_000);
    const verdicts = judgeKubernetes(
      [irsa, podIdentity, podIdentityNoRole, node, generateEcrConfigMap({ credsStore: true })].map((g, i) => ({ name: `form-${i}`, yaml: g.yaml })),
    );
    for (const verdict of verdicts) assert.ok(verdict.valid, kubeErrorsText(verdict));
  });

  it('the CLI: --pod-identity prints the association command on stderr', () => {
    let stdout = '';
    let stderr = '';
    const code = runConfigmapCommand(['--registry', REGISTRY, '--role-arn', ROLE, '--pod-identity', '--cluster-name', 'ci', '--namespace', 'jenkins'], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      readFile: () => '',
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /kind: ServiceAccount/);
    assert.match(
      stderr,
      /next: aws eks create-pod-identity-association --cluster-name ci --namespace jenkins --service-account kaniko --role-arn arn:aws:iam::123456789012:role\/kaniko-ecr-push/,
    );
    assert.match(stderr, /serviceAccountName: kaniko/);
  });
});
