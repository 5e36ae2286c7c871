import assert from 'node:assert/strict';
import { diagnostics, ranges } from './helpers';

const ID = 'ecr-get-login-removed';

function node(...steps: string[]): string {
  return `node {\n  stage('Push') {\n${steps.map((s) => `    ${s}`).join('\n')}\n  }\n}`;
}

describe(`rule ${ID}`, () => {
  it('fires on $(aws ecr get-login …), on the aws command', () => {
    const text = node("sh '$(aws ecr get-login --no-include-email --region eu-west-1)'");
    assert.deepEqual(ranges(text, ID), ['aws ecr get-login --no-include-email --region eu-west-1']);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'warning');
    assert.equal(d.data?.region, 'eu-west-1');
    assert.match(d.message, /get-login-password/);
  });

  it('fires in eval, backticks, double quotes and with global options first', () => {
    assert.deepEqual(ranges(node("sh 'eval $(aws ecr get-login --region us-east-1 --no-include-email)'"), ID), [
      'aws ecr get-login --region us-east-1 --no-include-email',
    ]);
    assert.deepEqual(ranges(node("sh 'eval `aws ecr get-login --no-include-email`'"), ID), ['aws ecr get-login --no-include-email']);
    assert.deepEqual(ranges(node('sh "\\$(aws ecr get-login --region=${REGION})"'), ID), ['aws ecr get-login --region=${REGION}']);
    assert.deepEqual(ranges(node("sh 'aws --region eu-west-1 ecr get-login --no-include-email | sh'"), ID), [
      'aws --region eu-west-1 ecr get-login --no-include-email',
    ]);
  });

  it('stays silent on get-login-password, on other aws commands and on text that mentions it', () => {
    assert.deepEqual(
      ranges(node("sh 'aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin 1.dkr.ecr.eu-west-1.amazonaws.com'"), ID),
      [],
    );
    assert.deepEqual(ranges(node("sh 'aws ecr describe-repositories'"), ID), []);
    const mentions = node(
      "echo '$(aws ecr get-login --no-include-email)'",
      "// sh '$(aws ecr get-login)'",
      "sh 'echo aws ecr get-login is gone'",
      "sh '# $(aws ecr get-login)'",
      "writeFile file: 'login.sh', text: '$(aws ecr get-login)'",
    );
    assert.deepEqual(ranges(mentions, ID), []);
  });
});
