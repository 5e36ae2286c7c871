import assert from 'node:assert/strict';
import { shellStepsUseAwsCli, stageUsesAwsCli } from '../../../server/src/aws';
import { buildModel, type ShellStep } from '../../../server/src/model';

describe('aws/install: whether a stage uses the AWS CLI', () => {
  const shellSteps = (text: string) => buildModel(text).steps.filter((step): step is ShellStep => step.kind === 'shell');

  it('answers for the whole stage of a step, as shellStepsUseAwsCli does for its steps', () => {
    const [install, push, other] = shellSteps(`pipeline {
  agent any
  stages {
    stage('Build') { steps { sh 'apk add py-pip'; sh 'aws s3 cp a s3://b/a' } }
    stage('Test') { steps { sh 'apk add groff less' } }
  }
}`);
    assert.equal(stageUsesAwsCli(install), true);
    assert.equal(stageUsesAwsCli(push), true);
    assert.equal(stageUsesAwsCli(other), false);
    assert.equal(stageUsesAwsCli(install), shellStepsUseAwsCli(install.stage!.steps));
  });

  it('scopes a step outside any stage to itself, pip installs of awscli included', () => {
    const [pip, plain] = shellSteps(`node {
  sh 'pip install awscli'
  sh 'apk add py-pip'
}`);
    assert.equal(pip.stage, undefined);
    assert.equal(stageUsesAwsCli(pip), true);
    assert.equal(stageUsesAwsCli(plain), false);
  });
});
