import assert from 'node:assert/strict';
import {
  awsCliInstallKind,
  awsCliInstallLink,
  pipArgumentsStart,
  pipAwsCliRequirement,
  pipInstallsBesidesAwsCli,
  shellStepsUseAwsCli,
  stageUsesAwsCli,
  usesOrInstallsAwsCli,
} from '../../../server/src/aws';
import { buildModel, commandWords, splitShell, type ShellStep } from '../../../server/src/model';

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

describe('aws/install: AWS CLI installs by any program name', () => {
  const words = (line: string) => commandWords(splitShell(line)[0]).words;

  it('reads pip at any path, versioned, as pipx, as `python -m pip` and as a pip script run by Python', () => {
    const cases: Array<[string, number]> = [
      ['pip install awscli', 1],
      ['/usr/bin/pip install awscli', 1],
      ['/usr/local/bin/pip3 install awscli', 1],
      ['~/.local/bin/pip3 install --user awscli', 1],
      ['./venv/bin/pip install awscli boto3', 1],
      ['${VENV}/bin/pip install awscli', 1],
      ['pip3.11 install awscli', 1],
      ['/usr/local/bin/pip3.9 install awscli', 1],
      ['pipx install awscli', 1],
      ['python3 -m pip install awscli', 3],
      ['/usr/bin/python3 -m pip install awscli', 3],
      ['/opt/python-3.7.7/bin/python3.7 -m pip install --upgrade awscli', 3],
      ['python3 ./env/bin/pip3 install awscli', 2],
      ['sudo -H python3 -m pip install awscli', 3],
      // pip's general options come before its command, some with a value.
      ['pip --no-cache-dir install awscli', 2],
      ['pip3 -q --disable-pip-version-check install --upgrade awscli', 3],
      ['pip --proxy proxy.example.com:3128 --timeout 60 install awscli', 5],
      ['pip --cache-dir=/tmp/pip install awscli', 2],
      ['python3 -m pip --no-cache-dir install awscli', 4],
    ];
    for (const [line, start] of cases) assert.equal(pipArgumentsStart(words(line)), start, line);
    for (const line of [
      'pipenv install awscli',
      'pip-audit -r requirements.txt',
      // A file named pip in the working directory, not pip: only a path is read as pip's script.
      'python3 pip install awscli',
      'python3 get-pip.py',
      'python3 -m venv venv',
      'python3 -c "import awscli"',
      'echo pip install awscli',
      '/usr/bin/env',
    ])
      assert.equal(pipArgumentsStart(words(line)), -1, line);
  });

  it('classifies the installs written with a path, a version or Python', () => {
    const cases: Array<[string, string]> = [
      ['/usr/bin/pip install awscli', 'pip'],
      ['/usr/local/bin/pip3 install awscli --upgrade --user', 'pip'],
      ['/root/.local/bin/pip3 install --no-warn-script-location awscli', 'pip'],
      ['./venv/bin/pip install awscli boto3 s3cmd', 'pip'],
      ['pip3.11 install -q awscli==1.32.0', 'pip'],
      ['/usr/bin/python3 -m pip install awscli', 'pip'],
      ['python3 -m pip install --upgrade awscli', 'pip'],
      ['python -m pip install awscli -U', 'pip'],
      ['python3 ./env/bin/pip3 install awscli', 'pip'],
      ['env PIP_INDEX_URL=https://mirror.example/simple /usr/bin/pip3 install awscli', 'pip'],
      ['pipx install awscli', 'pip'],
      ['pip --no-cache-dir install awscli', 'pip'],
      ['pip3 --no-cache-dir install --upgrade awscli', 'pip'],
      ['/sbin/apk add --no-cache aws-cli', 'os-package'],
      ['apk add --no-cache aws-cli=2.15.14-r0 git', 'os-package'],
      ['apk add --no-cache aws-cli=~1.18 less groff', 'os-package'],
      ['apk add aws-cli@community', 'os-package'],
      ['/usr/bin/apt-get install -y awscli', 'os-package'],
      ['apt-get install -y --no-install-recommends awscli=1.22.34-1ubuntu0.1', 'os-package'],
      ['/usr/bin/yum install -y awscli amazon-ssm-agent', 'os-package'],
      ['/usr/bin/curl -sSL https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip -o awscliv2.zip', 'download'],
      ['/usr/bin/wget -q https://awscli.amazonaws.com/awscli-exe-linux-aarch64.zip', 'download'],
      ['/bin/bash ./aws/install', 'installer'],
      ['/bin/sh /tmp/aws/install --update', 'installer'],
      ['sudo ./aws/install -i /usr/local/aws-cli -b /usr/local/bin', 'installer'],
    ];
    for (const [line, kind] of cases) assert.equal(awsCliInstallKind(words(line), false), kind, line);
  });

  it('finds no install in other packages, other pip commands, mentions and the CLI itself', () => {
    for (const line of [
      // LocalStack's wrapper installs awscli only with its `ver1` extra, and then serves `awslocal`, which Kaniko does not replace.
      'pip install awscli-local',
      'pip install "awscli-local[ver1]"',
      // A plugin needs the CLI (it depends on it) and is installed beside it: the awscli install is the one reported.
      'pip install awscli-plugin-endpoint',
      'pip install awscliv2',
      '/usr/bin/pip download awscli',
      'python3 -m pip download awscli -d wheels',
      '/usr/bin/pip3 show awscli',
      'pip uninstall -y awscli',
      'python3 pip install awscli',
      'pipenv install awscli',
      'echo /usr/bin/pip install awscli',
      'aws --version',
      '/usr/local/bin/aws --version',
      '/usr/bin/install -m 0755 aws /usr/local/bin/aws',
      'apk add aws-cli-doc',
      '/usr/bin/apt-get remove -y awscli',
      '/usr/bin/curl -sSLO https://example.com/tools.zip',
      '/bin/bash ./scripts/install',
    ])
      assert.equal(awsCliInstallKind(words(line), true), undefined, line);
  });

  it('reads the installer chain and the stage scope with the same program names', () => {
    assert.equal(awsCliInstallLink(words('/usr/bin/unzip -q awscliv2.zip')), 'unpack');
    assert.equal(awsCliInstallLink(words('/bin/rm -rf aws awscliv2.zip')), 'cleanup');
    assert.equal(awsCliInstallLink(words('/usr/bin/curl -sSLo awscliv2.zip "$AWS_CLI_URL"')), 'install');
    assert.equal(awsCliInstallLink(words('/usr/bin/pip3 install awscli')), 'install');
    assert.ok(usesOrInstallsAwsCli(words('python3 -m pip install awscli')));
    assert.ok(usesOrInstallsAwsCli(words('/usr/bin/pip3 install --user awscli')));
    assert.ok(usesOrInstallsAwsCli(words('pip --no-cache-dir install awscli')));
    assert.ok(!usesOrInstallsAwsCli(words('pip download awscli')));
    assert.ok(!usesOrInstallsAwsCli(words('pip --no-cache-dir download awscli')));
    assert.ok(!usesOrInstallsAwsCli(words('pip install awscli-local')));
  });
});

describe('aws/install: what a pip install of awscli installs besides it', () => {
  const words = (line: string) => commandWords(splitShell(line)[0]).words;

  it('finds the awscli requirement and the other packages, requirement files and projects', () => {
    assert.equal(pipAwsCliRequirement(words('/usr/bin/pip3 install --user awscli boto3')), 3);
    assert.equal(pipAwsCliRequirement(words('python3 -m pip install -U "awscli>=1.18"')), 5);
    assert.equal(pipAwsCliRequirement(words('pip download awscli')), -1);
    assert.equal(pipAwsCliRequirement(words('pip3 --no-cache-dir install --upgrade awscli')), 4);
    assert.deepEqual(pipInstallsBesidesAwsCli(words('pip --proxy proxy:3128 install awscli boto3')), ['boto3']);
    assert.deepEqual(pipInstallsBesidesAwsCli(words('./venv/bin/pip install awscli boto3 s3cmd')), ['boto3', 's3cmd']);
    assert.deepEqual(pipInstallsBesidesAwsCli(words('pip install awscli -r requirements.txt')), ['-r requirements.txt']);
    assert.deepEqual(pipInstallsBesidesAwsCli(words('pip install --requirement=ci.txt -e . awscli')), ['--requirement=ci.txt', '-e .']);
    assert.deepEqual(pipInstallsBesidesAwsCli(words('pip install -rrequirements.txt awscli')), ['-rrequirements.txt']);
  });

  it('reads option values and flags as no package', () => {
    for (const line of [
      'pip install awscli',
      'pip3 install --upgrade --user --no-cache-dir awscli==1.32.0',
      'python3.7 -m pip install awscli -i https://pypi.example.org/simple/',
      'pip install --index-url https://mirror/simple --trusted-host mirror --target /opt/aws awscli',
      'pipx install awscli',
      // option values, pip's own tooling, the CLI's dependencies and plugins
      'pip3 install --progress-bar off awscli',
      'pip install --cert /etc/ssl/ca.pem --no-binary :all: --upgrade-strategy eager awscli',
      'pip install --upgrade pip setuptools wheel awscli',
      'pip install awscli==1.18.0 botocore==1.17.0 PyYAML>=5.1 awscli-plugin-endpoint',
      'pip install boto3',
      'apk add aws-cli git',
    ])
      assert.deepEqual(pipInstallsBesidesAwsCli(words(line)), [], line);
  });
});
