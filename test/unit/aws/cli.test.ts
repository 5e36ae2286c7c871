import assert from 'node:assert/strict';
import {
  awsCliInstallKind,
  awsCliOtherUse,
  awsOptionValue,
  awsServiceAndOperation,
  ecrLoginCommand,
  ecrLoginRegistryId,
  runsAwsCli,
  usesOrInstallsAwsCli,
} from '../../../server/src/aws';
import { commandWords, splitShell } from '../../../server/src/model';

function words(line: string) {
  return commandWords(splitShell(line)[0]).words;
}

describe('aws/cli: the AWS CLI on a shell line', () => {
  it('recognises aws at any path, after sudo and shell keywords', () => {
    for (const line of ['aws s3 ls', '/usr/local/bin/aws s3 ls', '~/.local/bin/aws s3 ls', 'sudo /usr/local/bin/aws s3 ls', 'then aws s3 ls'])
      assert.ok(runsAwsCli(words(line)), line);
    for (const line of ['awscli --version', 'echo aws', 'aws-vault exec x']) assert.ok(!runsAwsCli(words(line)), line);
  });

  it('tells get-login from get-login-password, after global options', () => {
    assert.equal(ecrLoginCommand(words('aws ecr get-login --no-include-email')), 'get-login');
    assert.equal(ecrLoginCommand(words('/usr/local/bin/aws --region eu-west-1 ecr get-login')), 'get-login');
    assert.equal(ecrLoginCommand(words('aws ecr get-login-password --region eu-west-1')), 'get-login-password');
    assert.equal(ecrLoginCommand(words('aws ecr describe-repositories')), undefined);
    assert.equal(ecrLoginCommand(words('echo aws ecr get-login')), undefined);
  });

  it('reads service and operation past the global options of AWS CLI v2, with and without values', () => {
    const cases: Array<[string, string | undefined, string | undefined]> = [
      ['aws --profile ecr s3 cp a s3://b/', 's3', 'cp'],
      ['aws --region=eu-west-1 ecr get-login-password', 'ecr', 'get-login-password'],
      ['aws --no-cli-pager ecr describe-repositories', 'ecr', 'describe-repositories'],
      ['aws --endpoint-url http://localhost:4566 s3 ls', 's3', 'ls'],
      ['aws --output json sts get-caller-identity', 'sts', 'get-caller-identity'],
      ['aws --debug ecr get-login-password', 'ecr', 'get-login-password'],
      ['aws --cli-error-format json --no-sign-request s3 ls', 's3', 'ls'],
      // argparse takes the main parser's options anywhere on the line, and a unique prefix of one.
      ['aws ecr --region eu-west-1 get-login-password', 'ecr', 'get-login-password'],
      ['aws --prof ci eks update-kubeconfig --name prod', 'eks', 'update-kubeconfig'],
      ['aws --version', undefined, undefined],
      ['aws configure', 'configure', undefined],
      ['echo ecr get-login', undefined, undefined],
    ];
    for (const [line, service, operation] of cases) assert.deepEqual(awsServiceAndOperation(words(line)), { service, operation }, line);
  });

  it("takes a global option's value for what it is, not for the ECR service", () => {
    assert.equal(ecrLoginCommand(words('aws --profile ecr ecr get-login-password')), 'get-login-password');
    assert.equal(ecrLoginCommand(words('aws --profile ecr s3 cp get-login s3://b/')), undefined);
    assert.equal(ecrLoginCommand(words('aws --query ecr sts get-login-password')), undefined);
    assert.equal(ecrLoginCommand(words('aws --endpoint-url https://ecr.local --output json ecr get-login-password')), 'get-login-password');
    assert.equal(ecrLoginCommand(words('aws --debug --no-cli-pager ecr get-login')), 'get-login');
    assert.equal(awsCliOtherUse(splitShell('aws --profile ecr s3 cp a s3://b/')), 'aws s3 cp');
    assert.equal(awsCliOtherUse(splitShell('aws --debug s3 cp a s3://b/')), 'aws s3 cp');
    assert.equal(awsCliOtherUse(splitShell('aws --cli-error-format json eks update-kubeconfig --name prod')), 'aws eks update-kubeconfig');
    assert.equal(awsCliOtherUse(splitShell('aws --region=eu-west-1 ecr get-login-password | docker login -u AWS --password-stdin r')), undefined);
    assert.equal(awsCliOtherUse(splitShell('aws ecr --region eu-west-1 get-login-password | docker login -u AWS --password-stdin r')), undefined);
  });

  it('reads --region in both spellings and a 12-digit --registry-ids', () => {
    assert.equal(awsOptionValue(words('aws ecr get-login --region eu-west-1'), '--region'), 'eu-west-1');
    assert.equal(awsOptionValue(words('aws ecr get-login --region=us-east-2'), '--region'), 'us-east-2');
    assert.equal(awsOptionValue(words('aws ecr get-login'), '--region'), undefined);
    assert.equal(ecrLoginRegistryId(words('aws ecr get-login --registry-ids 123456789012')), '123456789012');
    assert.equal(ecrLoginRegistryId(words('aws ecr get-login --registry-ids 1234')), undefined);
  });
});

describe('aws/install: installing the AWS CLI', () => {
  it('classifies installs', () => {
    assert.equal(awsCliInstallKind(words('pip install awscli'), false), 'pip');
    assert.equal(awsCliInstallKind(words('python3 -m pip install --upgrade awscli==1.18'), false), 'pip');
    assert.equal(awsCliInstallKind(words('apt-get install -y awscli'), false), 'os-package');
    assert.equal(awsCliInstallKind(words('apk add --no-cache aws-cli'), false), 'os-package');
    assert.equal(awsCliInstallKind(words('curl -o x.zip https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip'), false), 'download');
    assert.equal(awsCliInstallKind(words('sudo ./aws/install'), false), 'installer');
    assert.equal(awsCliInstallKind(words('then pip install awscli'), false), 'pip');
  });

  it('reads on only for the programs that can install it (the quick test before the rest)', () => {
    assert.equal(awsCliInstallKind(words('bash ./aws/install --update'), false), 'installer');
    assert.equal(awsCliInstallKind(words('/tmp/awscli-bundle/install -b ~/bin/aws'), false), 'installer');
    assert.equal(awsCliInstallKind(words('python3.11 -m pip3 install awscli'), false), 'pip');
    assert.equal(awsCliInstallKind(words('yum install -y aws-cli'), false), 'os-package');
    assert.equal(awsCliInstallKind(words('wget https://s3.amazonaws.com/aws-cli/awscli-bundle.zip'), false), 'download');
    for (const line of ['make install awscli', 'echo pip install awscli', 'npm install aws-cli', 'installer ./aws/install', 'pip install requests']) {
      assert.equal(awsCliInstallKind(words(line), true), undefined, line);
    }
  });

  it('asks a function for the stage only for an apk add of the prerequisites', () => {
    let asked = 0;
    const stageUses = (answer: boolean) => () => {
      asked++;
      return answer;
    };
    assert.equal(awsCliInstallKind(words('apk add py-pip groff less'), stageUses(true)), 'prerequisites');
    assert.equal(awsCliInstallKind(words('apk add py-pip groff less'), stageUses(false)), undefined);
    assert.equal(asked, 2);
    assert.equal(awsCliInstallKind(words('apk add --no-cache aws-cli py-pip'), stageUses(true)), 'os-package');
    assert.equal(awsCliInstallKind(words('apk add git'), stageUses(true)), undefined);
    assert.equal(awsCliInstallKind(words('pip install awscli'), stageUses(true)), 'pip');
    assert.equal(awsCliInstallKind(words('docker build .'), stageUses(true)), undefined);
    assert.equal(asked, 2);
  });

  it('counts Alpine prerequisites only where the stage uses the CLI', () => {
    assert.equal(awsCliInstallKind(words('apk add py-pip groff less'), true), 'prerequisites');
    assert.equal(awsCliInstallKind(words('apk add py-pip groff less'), false), undefined);
    assert.ok(usesOrInstallsAwsCli(words('/usr/local/bin/aws ecr get-login-password')));
    assert.ok(usesOrInstallsAwsCli(words('pip3 install awscli')));
    assert.ok(!usesOrInstallsAwsCli(words('pip install requests')));
  });
});
