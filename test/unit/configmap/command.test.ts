import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import {
  ConfigMapError,
  generateEcrConfigMapForJenkinsfile,
  GENERATE_ECR_CONFIGMAP_COMMAND,
  readGenerateEcrConfigMapCommandArgs,
} from '../../../server/src/configmap';
import { readFixture } from './fixtures';

const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

describe('configmap/command: the shared entry point', () => {
  it('is the jenkinsfileKaniko.generateEcrConfigMap command', () => {
    assert.equal(GENERATE_ECR_CONFIGMAP_COMMAND, 'jenkinsfileKaniko.generateEcrConfigMap');
  });

  it('puts the Jenkinsfile registries first, then the explicit ones', () => {
    const text = `node { sh "docker push ${REGISTRY}/app" }\n`;
    const other = '210987654321.dkr.ecr.us-east-1.amazonaws.com';
    const result = generateEcrConfigMapForJenkinsfile(text, { registries: [other, REGISTRY] }, 'file:///w/Jenkinsfile');
    assert.deepEqual(
      result.inferred.map((r) => [r.host, r.uri]),
      [[REGISTRY, 'file:///w/Jenkinsfile']],
    );
    const config = JSON.parse(parseAllDocuments(result.yaml)[0].toJS().data['config.json']);
    assert.deepEqual(Object.keys(config.credHelpers), [REGISTRY, other]);
  });

  it('works without a Jenkinsfile', () => {
    assert.deepEqual(generateEcrConfigMapForJenkinsfile(undefined, { registries: [REGISTRY] }).inferred, []);
  });

  it('the seed Jenkinsfile gives its placeholder registry and a warning', () => {
    const result = generateEcrConfigMapForJenkinsfile(readFixture('before.Jenkinsfile'), {});
    assert.deepEqual(
      result.registries.map((r) => r.host),
      ['AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com'],
    );
    assert.equal(result.warnings.length, 1);
  });

  it('a Jenkinsfile without ECR and no explicit registry is an error, even for credsStore', () => {
    for (const credsStore of [false, true]) {
      assert.throws(
        () => generateEcrConfigMapForJenkinsfile("node { sh 'make' }\n", { credsStore }, 'Jenkinsfile'),
        (e: unknown) => e instanceof ConfigMapError && e.codes.join() === 'no-registry' && /No Amazon ECR registry found in Jenkinsfile/.test(e.message),
      );
    }
  });

  it('reads executeCommand arguments', () => {
    assert.deepEqual(readGenerateEcrConfigMapCommandArgs(undefined), {});
    assert.deepEqual(readGenerateEcrConfigMapCommandArgs([]), {});
    assert.deepEqual(
      readGenerateEcrConfigMapCommandArgs([{ uri: 'file:///J', registries: [REGISTRY], credsStore: true, name: 'n', namespace: 'ns', roleArn: 'a', extra: 1 }]),
      { uri: 'file:///J', registries: [REGISTRY], credsStore: true, name: 'n', namespace: 'ns', roleArn: 'a' },
    );
  });

  it('rejects malformed executeCommand arguments with a TypeError', () => {
    for (const args of [['nope'], [[1]], [{ uri: 1 }], [{ registries: 'x' }], [{ registries: [1] }], [{ credsStore: 'yes' }]]) {
      assert.throws(() => readGenerateEcrConfigMapCommandArgs(args), TypeError, JSON.stringify(args));
    }
  });
});
