/**
 * #16: the fork's `alpine` image has no credential helpers. A migration with it as `kanikoImage`
 * must not mount (or write) a config.json that sends ECR to ecr-login, which that image cannot
 * run; our own kaniko-ecr-helper-missing rule is the judge of the result.
 */
import assert from 'node:assert/strict';
import { fixText } from '../../../server/src/fixes';
import { buildModel } from '../../../server/src/model';
import { runRules } from '../../../server/src/rules';
import { normalizeSettings } from '../../../server/src/shared/settings';
import { dindStagePipeline, fixSettings } from './helpers';

const ALPINE = 'ghcr.io/osscontainertools/kaniko:v1.28.3-alpine';
const DEBUG = 'ghcr.io/osscontainertools/kaniko:v1.28.3-debug';

const ECR_ONLY = dindStagePipeline(
  "          sh 'docker build -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1 . && docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'",
);
const ECR_AND_GHCR = dindStagePipeline(`          withCredentials([usernamePassword(credentialsId: 'ghcr', usernameVariable: 'U', passwordVariable: 'P')]) {
            sh 'echo $P | docker login ghcr.io -u $U --password-stdin'
          }
          sh 'docker build -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1 -t ghcr.io/acme/app:1 .'
          sh 'docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'
          sh 'docker push ghcr.io/acme/app:1'`);

function migrate(text: string, kanikoImage: string) {
  const settings = fixSettings(normalizeSettings({ kanikoImage }));
  const outcome = fixText(text, settings, (t) => buildModel(t));
  assert.equal(outcome.error, undefined);
  assert.equal(outcome.migrated.length, 1, JSON.stringify(outcome.skipped));
  const findings = runRules(buildModel(outcome.text), { severities: {}, kanikoImage });
  return { outcome, codes: findings.map((f) => f.ruleId as string) };
}

describe('migration with the fork’s alpine image (no credential helpers)', () => {
  it('an ECR push mounts no docker-config ConfigMap, says why, and the result trips no helper rule', () => {
    const { outcome, codes } = migrate(ECR_ONLY, ALPINE);
    assert.doesNotMatch(outcome.text, /docker-config/);
    assert.match(outcome.text, new RegExp(`image: ${ALPINE.replace(/[.]/g, '\\.')}`));
    assert.match(
      outcome.migrated[0].notes.join('\n'),
      /has no credential helpers, so no ConfigMap naming ecr-login is mounted: the executor signs in to ECR by itself/,
    );
    assert.ok(!codes.includes('kaniko-ecr-helper-missing'), codes.join(', '));
    assert.ok(!codes.includes('dind-privileged'), codes.join(', '));
  });

  it('the same push with the debug image mounts the ConfigMap, as before', () => {
    const { outcome } = migrate(ECR_ONLY, DEBUG);
    assert.match(outcome.text, /name: docker-config/);
  });

  it('ECR beside a registry with a Jenkins credential: the written config.json names no ecr-login helper', () => {
    const alpine = migrate(ECR_AND_GHCR, ALPINE);
    assert.match(alpine.outcome.text, /withCredentials\(\[usernamePassword\(credentialsId: 'ghcr'/);
    assert.doesNotMatch(alpine.outcome.text, /ecr-login/);
    assert.ok(!alpine.codes.includes('kaniko-ecr-helper-missing'), alpine.codes.join(', '));
    // The control: with the debug image the same file does send ECR to ecr-login.
    assert.match(migrate(ECR_AND_GHCR, DEBUG).outcome.text, /ecr-login/);
  });
});
