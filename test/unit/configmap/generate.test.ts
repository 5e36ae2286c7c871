import assert from 'node:assert/strict';
import { parse, parseAllDocuments } from 'yaml';
import {
  ConfigMapError,
  generateEcrConfigMap,
  validateConfigMapName,
  validateNamespace,
  validateRoleArn,
  type GenerateEcrConfigMapOptions,
} from '../../../server/src/configmap/generate';
import { readFixture } from './fixtures';

const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/jenkins-kaniko';

function documents(yamlText: string): unknown[] {
  const docs = parseAllDocuments(yamlText);
  for (const d of docs) assert.deepEqual(d.errors, [], `YAML errors in:\n${yamlText}`);
  return docs.map((d) => d.toJS());
}

function errorCodes(options: GenerateEcrConfigMapOptions): string[] {
  try {
    generateEcrConfigMap(options);
  } catch (e) {
    assert.ok(e instanceof ConfigMapError, `expected ConfigMapError, got ${String(e)}`);
    assert.ok(e.message.length > 0);
    return e.codes;
  }
  assert.fail('expected a ConfigMapError');
}

describe('configmap/generate: output forms', () => {
  it('credsStore: parses to exactly the seed kaniko.yml', () => {
    const { yaml } = generateEcrConfigMap({ credsStore: true });
    assert.deepEqual(documents(yaml), [parse(readFixture('kaniko.yml'))]);
    assert.match(yaml, /config\.json: \|-\n {4}\{\n {7}"credsStore": "ecr-login"\n {4}\}\n/);
  });

  it('credHelpers by default, one entry per registry, deduplicated, as a |- block of pretty JSON', () => {
    const other = '210987654321.dkr-ecr.us-east-2.on.aws';
    const { yaml, registries, warnings } = generateEcrConfigMap({
      registries: [`https://${REGISTRY}/app`, REGISTRY, `${other}/team/app:1`],
    });
    const [configMap] = documents(yaml) as Array<{ data: Record<string, string> }>;
    assert.deepEqual(configMap, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'docker-config' },
      data: { 'config.json': configMap.data['config.json'] },
    });
    assert.deepEqual(JSON.parse(configMap.data['config.json']), {
      credHelpers: { [REGISTRY]: 'ecr-login', [other]: 'ecr-login' },
    });
    assert.ok(configMap.data['config.json'].includes('\n'), 'pretty-printed');
    assert.match(yaml, /config\.json: \|-\n/);
    assert.deepEqual(
      registries.map((r) => r.host),
      [REGISTRY, other],
    );
    assert.deepEqual(warnings, []);
  });

  it("leads with how to apply it and why it is optional (the executor's built-in ECR helper)", () => {
    const { yaml } = generateEcrConfigMap({ registries: [REGISTRY], fileName: 'ecr.yaml' });
    const header = yaml.slice(0, yaml.indexOf('apiVersion'));
    assert.match(header, /^# /);
    assert.match(header, /kubectl apply -f ecr\.yaml/);
    assert.match(header, /built-in ECR helper for every registry/);
    assert.match(header, /credsStore would override auths for every other registry/);
    assert.match(header, /pins that behaviour/);
    assert.match(generateEcrConfigMap({ registries: [REGISTRY] }).yaml, /kubectl apply -f kaniko-docker-config\.yaml/);
  });

  it('name and namespace go to metadata', () => {
    const [doc] = documents(generateEcrConfigMap({ registries: [REGISTRY], name: 'kaniko.ecr', namespace: 'ci' }).yaml);
    assert.deepEqual((doc as { metadata: unknown }).metadata, { name: 'kaniko.ecr', namespace: 'ci' });
  });

  it('IRSA: a second document with a ServiceAccount annotated with the role', () => {
    const { yaml } = generateEcrConfigMap({ credsStore: true, namespace: 'jenkins', roleArn: ROLE_ARN });
    const docs = documents(yaml);
    assert.equal(docs.length, 2);
    assert.deepEqual(docs[1], {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'kaniko', namespace: 'jenkins', annotations: { 'eks.amazonaws.com/role-arn': ROLE_ARN } },
    });
    assert.match(yaml, /\n---\n/);
    assert.match(yaml.slice(yaml.indexOf('---')), /serviceAccountName: kaniko/);
  });

  it('IRSA with a custom ServiceAccount name and a GovCloud role', () => {
    const arn = 'arn:aws-us-gov:iam::123456789012:role/ci/kaniko-push';
    const docs = documents(generateEcrConfigMap({ registries: [REGISTRY], roleArn: arn, serviceAccountName: 'builder' }).yaml);
    assert.deepEqual((docs[1] as { metadata: unknown }).metadata, {
      name: 'builder',
      annotations: { 'eks.amazonaws.com/role-arn': arn },
    });
  });

  it('placeholders are kept, with a warning and a TODO comment', () => {
    const { yaml, warnings } = generateEcrConfigMap({ registries: ['AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com'] });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /AWSACCOUNT/);
    assert.match(yaml, /# TODO: AWSACCOUNT\.dkr\.ecr\.eu-west-1\.amazonaws\.com is a placeholder/);
    const [doc] = documents(yaml) as Array<{ data: Record<string, string> }>;
    assert.deepEqual(JSON.parse(doc.data['config.json']), {
      credHelpers: { 'AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' },
    });
  });
});

describe('configmap/generate: every host the ecr-login helper knows', () => {
  it('ECR Public, the EU sovereign cloud and China dual-stack get credHelpers entries', () => {
    const eu = '123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu';
    const chinaDualStack = '123456789012.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn';
    const { yaml, registries, warnings } = generateEcrConfigMap({
      registries: ['public.ecr.aws/acme/app:1', `https://${eu}`, chinaDualStack, 'ecr-public.aws.com', 'https://public.ecr.aws'],
    });
    const [configMap] = documents(yaml) as Array<{ data: Record<string, string> }>;
    assert.deepEqual(JSON.parse(configMap.data['config.json']), {
      credHelpers: { 'public.ecr.aws': 'ecr-login', [eu]: 'ecr-login', [chinaDualStack]: 'ecr-login', 'ecr-public.aws.com': 'ecr-login' },
    });
    assert.deepEqual(
      registries.map((r) => [r.host, r.service]),
      [
        ['public.ecr.aws', 'ecr-public'],
        [eu, 'ecr'],
        [chinaDualStack, 'ecr'],
        ['ecr-public.aws.com', 'ecr-public'],
      ],
    );
    assert.deepEqual(warnings, []);
    // The identity needs ECR Public's own permissions; the helper asks us-east-1 for the token.
    assert.match(yaml, /# ECR Public \(public\.ecr\.aws, ecr-public\.aws\.com\): the helper gets its token from us-east-1/);
    assert.match(yaml, /ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken/);
  });

  it('no ECR Public remark without an ECR Public host', () => {
    assert.doesNotMatch(generateEcrConfigMap({ registries: [REGISTRY] }).yaml, /ecr-public:/);
  });
});

describe('configmap/generate: bad input', () => {
  it('a registry that is not ECR', () => {
    assert.deepEqual(errorCodes({ registries: ['docker.io/library/app'] }), ['not-ecr']);
    assert.deepEqual(errorCodes({ registries: [REGISTRY, 'ghcr.io'], credsStore: true }), ['not-ecr']);
    assert.deepEqual(errorCodes({ registries: ['public.ecr.aws.example.com'] }), ['not-ecr']);
  });

  it('credHelpers without any registry', () => {
    assert.deepEqual(errorCodes({}), ['no-registry']);
    assert.deepEqual(errorCodes({ registries: [] }), ['no-registry']);
  });

  it('an invalid ConfigMap name', () => {
    for (const name of ['Docker-Config', 'docker_config', '-docker', 'docker-', '', 'a'.repeat(254)]) {
      assert.deepEqual(errorCodes({ credsStore: true, name }), ['invalid-name'], name);
    }
  });

  it('an invalid namespace', () => {
    for (const namespace of ['CI', 'ci.tools', 'ci_tools', '', 'a'.repeat(64)]) {
      assert.deepEqual(errorCodes({ credsStore: true, namespace }), ['invalid-namespace'], namespace);
    }
  });

  it('a malformed role ARN', () => {
    for (const roleArn of [
      'jenkins-kaniko',
      'arn:aws:iam::12345678901:role/x',
      'arn:aws:iam::123456789012:user/x',
      'arn:aws:iam:eu-west-1:123456789012:role/x',
      'arn:aws:iam::123456789012:role/',
      'arn:azure:iam::123456789012:role/x',
    ]) {
      assert.deepEqual(errorCodes({ credsStore: true, roleArn }), ['invalid-role-arn'], roleArn);
    }
  });

  it('reports every problem at once, with readable messages', () => {
    try {
      generateEcrConfigMap({ registries: ['quay.io'], name: 'Bad', namespace: 'Bad', roleArn: 'nope' });
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof ConfigMapError);
      assert.deepEqual(e.codes, ['not-ecr', 'invalid-name', 'invalid-namespace', 'invalid-role-arn']);
      assert.match(e.message, /"quay\.io" is not an Amazon ECR registry/);
      assert.match(e.message, /DNS-1123 subdomain/);
      assert.match(e.message, /DNS-1123 label/);
      assert.match(e.message, /not an IAM role ARN/);
    }
  });

  it('validators accept good values', () => {
    assert.equal(validateConfigMapName('docker-config'), undefined);
    assert.equal(validateConfigMapName('kaniko.docker-config'), undefined);
    assert.equal(validateNamespace('jenkins-agents'), undefined);
    assert.equal(validateRoleArn(ROLE_ARN), undefined);
    assert.equal(validateRoleArn('arn:aws-cn:iam::123456789012:role/path/to/Role+Name=x,y.z@q_-1'), undefined);
  });
});
