/**
 * #16: every Kubernetes object the credential generators write (the ECR ConfigMap, the IRSA and
 * Pod Identity ServiceAccounts, the registry Secret) is judged by the Kubernetes v1 schema and
 * read the same by a YAML 1.1 reader (PyYAML, as kubectl's go-yaml) as by the YAML 1.2 library.
 */
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { generateEcrConfigMap } from '../../server/src/configmap';
import { generateRegistrySecret } from '../../server/src/registry';
import { judgeKubernetes, kubeErrorsText } from './kubernetes';
import { judgeYaml11 } from './yaml11';

const ROLE = 'arn:aws:iam::123456789012:role/kaniko-ecr-push';
const EVERY_ECR_FORM = [
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
  '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
  '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
  '123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu',
  '123456789012.dkr-ecr.us-east-2.on.aws',
  '123456789012.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn',
  '123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov',
  'public.ecr.aws',
  'ecr-public.aws.com',
  'AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com',
];

const outputs: Array<{ name: string; yaml: string; kinds: string[] }> = [
  { name: 'ConfigMap, credHelpers for every ECR form', yaml: generateEcrConfigMap({ registries: EVERY_ECR_FORM }).yaml, kinds: ['ConfigMap'] },
  { name: 'ConfigMap, credsStore (the seed)', yaml: generateEcrConfigMap({ credsStore: true }).yaml, kinds: ['ConfigMap'] },
  {
    name: 'ConfigMap + IRSA ServiceAccount',
    yaml: generateEcrConfigMap({ registries: ['public.ecr.aws'], roleArn: ROLE, namespace: 'jenkins', name: 'kaniko.docker-config' }).yaml,
    kinds: ['ConfigMap', 'ServiceAccount'],
  },
  {
    name: 'ConfigMap + Pod Identity ServiceAccount',
    yaml: generateEcrConfigMap({ registries: [EVERY_ECR_FORM[3]], roleArn: ROLE, identity: 'pod-identity', clusterName: 'ci', serviceAccountName: 'yes' }).yaml,
    kinds: ['ConfigMap', 'ServiceAccount'],
  },
  {
    name: 'Secret for every other registry, and ECR in the same file',
    yaml: generateRegistrySecret({
      registries: [
        'docker.io',
        'ghcr.io',
        'europe-west1-docker.pkg.dev',
        'acmeprod.azurecr.io',
        'quay.io',
        'harbor.acme.internal:8443',
        'registry.gitlab.com',
        EVERY_ECR_FORM[0],
        'public.ecr.aws',
      ],
      namespace: 'on',
    }).yaml,
    kinds: ['Secret'],
  },
];

describe('judges: the credential generators write valid Kubernetes objects, read alike by YAML 1.1 and 1.2', function () {
  this.timeout(120_000);

  it('every object is valid Kubernetes v1', () => {
    for (const verdict of judgeKubernetes(outputs.map((o) => ({ name: o.name, yaml: o.yaml })))) assert.ok(verdict.valid, kubeErrorsText(verdict));
  });

  it('PyYAML (YAML 1.1, as kubectl) reads exactly what the yaml library (1.2) reads, and the JSON inside parses', () => {
    const verdicts = judgeYaml11(outputs.map((o) => o.yaml));
    outputs.forEach((output, i) => {
      const yaml12 = parseAllDocuments(output.yaml).map((d) => d.toJS() as Record<string, unknown>);
      assert.equal(verdicts[i].error, undefined, `${output.name}: ${verdicts[i].error}`);
      assert.deepEqual(verdicts[i].documents, yaml12, `${output.name}: YAML 1.1 and 1.2 disagree`);
      assert.deepEqual(
        yaml12.map((d) => d.kind),
        output.kinds,
        output.name,
      );
      for (const doc of yaml12) {
        const data = (doc.data ?? doc.stringData) as Record<string, string> | undefined;
        for (const value of Object.values(data ?? {})) assert.doesNotThrow(() => JSON.parse(value), `${output.name}: ${value}`);
      }
    });
  });

  it('the judge sees what YAML 1.1 changes: an unquoted yes is a boolean there', () => {
    const [verdict] = judgeYaml11(['metadata:\n  name: yes\n']);
    assert.deepEqual(verdict.documents, [{ metadata: { name: true } }]);
  });
});
