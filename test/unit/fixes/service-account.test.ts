/**
 * #16: a migrated pod that pushes to ECR runs as the ServiceAccount that carries its IAM role
 * (IRSA or EKS Pod Identity) when the settings name one or a role. The golden fixtures
 * service-account-yaml and service-account-container-template show the two pod forms (and the
 * judges check them); these tests cover the choices around them.
 */
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { fixText } from '../../../server/src/fixes';
import { buildModel } from '../../../server/src/model';
import { normalizeSettings, type Settings } from '../../../server/src/shared/settings';
import { judgeKubernetes, kubeErrorsText } from '../../judges/kubernetes';
import { dindStagePipeline, fixSettings } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/kaniko-push';

function pod(spec: string, push: string): string {
  return dindStagePipeline(`          sh 'docker build -t ${push} . && docker push ${push}'`, spec);
}

const ECR_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1';

function migrate(text: string, settings: Partial<Settings>) {
  const outcome = fixText(text, fixSettings(normalizeSettings(settings)), (t) => buildModel(t));
  assert.equal(outcome.error, undefined);
  assert.equal(outcome.migrated.length, 1, JSON.stringify(outcome.skipped));
  const after = buildModel(outcome.text);
  const yamlText = after.pods[0].yaml!.text.text;
  return { outcome, yamlText, spec: (parse(yamlText) as { spec: Record<string, unknown> }).spec };
}

describe('migration: serviceAccountName for the pod’s AWS identity', () => {
  it('a role ARN alone: the pod runs as kaniko, the ServiceAccount the ConfigMap generator writes', () => {
    const { spec, outcome, yamlText } = migrate(pod('', ECR_IMAGE), { awsRoleArn: ROLE });
    assert.equal(spec.serviceAccountName, 'kaniko');
    assert.match(yamlText, /^spec:\n {2}serviceAccountName: kaniko\n {2}containers:/m);
    assert.match(
      [...outcome.migrated[0].notes, ...outcome.migrated[0].nextSteps].join('\n'),
      /jenkinsfile-kaniko configmap --role-arn arn:aws:iam::123456789012:role\/kaniko-push --service-account kaniko/,
    );
  });

  it('a ServiceAccount name: that one; a name YAML 1.1 would read as a boolean or number is quoted', () => {
    assert.equal(migrate(pod('', ECR_IMAGE), { serviceAccountName: 'ci-builder' }).spec.serviceAccountName, 'ci-builder');
    const yes = migrate(pod('', ECR_IMAGE), { serviceAccountName: 'yes' });
    assert.match(yes.yamlText, /serviceAccountName: 'yes'/);
    assert.equal(yes.spec.serviceAccountName, 'yes');
    assert.equal(migrate(pod('', ECR_IMAGE), { serviceAccountName: '1234' }).spec.serviceAccountName, '1234');
  });

  it('a pod that already names a ServiceAccount keeps it, and the summary says so', () => {
    const { spec, outcome } = migrate(pod('  serviceAccountName: jenkins-agent\n', ECR_IMAGE), { awsRoleArn: ROLE });
    assert.equal(spec.serviceAccountName, 'jenkins-agent');
    assert.match(outcome.migrated[0].summary, /keeps its ServiceAccount 'jenkins-agent'/);
  });

  it('no role and no name: no ServiceAccount (the node role)', () => {
    assert.equal(migrate(pod('', ECR_IMAGE), {}).spec.serviceAccountName, undefined);
  });

  it('a push to another registry does not change the ServiceAccount', () => {
    assert.equal(migrate(pod('', 'ghcr.io/acme/app:1'), { awsRoleArn: ROLE }).spec.serviceAccountName, undefined);
  });

  it('the settings refuse names and ARNs that are not valid', () => {
    const warnings: string[] = [];
    const settings = normalizeSettings({ serviceAccountName: 'Kaniko_SA', awsRoleArn: 'arn:aws:iam::123:role/x' }, (w) => warnings.push(w));
    assert.equal(settings.serviceAccountName, '');
    assert.equal(settings.awsRoleArn, '');
    assert.equal(warnings.length, 2);
  });

  it('every migrated pod is valid Kubernetes v1', function () {
    this.timeout(120_000);
    const texts = [
      migrate(pod('', ECR_IMAGE), { awsRoleArn: ROLE }).yamlText,
      migrate(pod('', ECR_IMAGE), { serviceAccountName: 'yes' }).yamlText,
      migrate(pod('  serviceAccountName: jenkins-agent\n', ECR_IMAGE), { awsRoleArn: ROLE }).yamlText,
    ];
    for (const verdict of judgeKubernetes(texts.map((yaml, i) => ({ name: `pod-${i}`, yaml })))) assert.ok(verdict.valid, kubeErrorsText(verdict));
  });
});
