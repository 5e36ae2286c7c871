import assert from 'node:assert/strict';
import { buildModel } from '../../../server/src/model';
import { quickFixesFor } from '../../../server/src/fixes/quickfixes';
import { diagnostics, ranges } from './helpers';

const ID = 'aws-cli-per-run-install';

/** A declarative stage whose steps are the given lines (no pod: the rule looks at scripts only). */
function stage(...steps: string[]): string {
  return `pipeline {
  agent any
  stages {
    stage('Build') {
      steps {
${steps.map((s) => `        ${s}`).join('\n')}
      }
    }
  }
}`;
}

describe(`rule ${ID}`, () => {
  it('fires on pip/pip3/python -m pip install awscli, on the install command', () => {
    assert.deepEqual(ranges(stage("sh 'pip install awscli'"), ID), ['pip install awscli']);
    assert.deepEqual(ranges(stage("sh 'pip3 install --upgrade --user awscli'"), ID), ['pip3 install --upgrade --user awscli']);
    assert.deepEqual(ranges(stage("sh 'python3 -m pip install awscli==1.32.0'"), ID), ['python3 -m pip install awscli==1.32.0']);
    assert.deepEqual(ranges(stage(`sh "sudo pip install 'awscli>=1.18'"`), ID), ["sudo pip install 'awscli>=1.18'"]);
    const [d] = diagnostics(stage("sh 'pip install awscli'"), ID);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /Kaniko/);
  });

  it('fires on OS packages: apk add aws-cli, apt-get/yum/dnf install awscli', () => {
    assert.deepEqual(ranges(stage("sh 'apk add --no-cache aws-cli'"), ID), ['apk add --no-cache aws-cli']);
    assert.deepEqual(ranges(stage("sh 'apt-get update && apt-get install -y awscli'"), ID), ['apt-get install -y awscli']);
    assert.deepEqual(ranges(stage("sh 'yum install -y awscli'"), ID), ['yum install -y awscli']);
    assert.deepEqual(ranges(stage("sh 'dnf install -y aws-cli'"), ID), ['dnf install -y aws-cli']);
  });

  it('fires on the v2 installer download and ./aws/install, and on the v1 bundle', () => {
    const script = `sh '''
curl "https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip" -o "awscliv2.zip"
unzip -q awscliv2.zip
sudo ./aws/install
'''`;
    assert.deepEqual(ranges(stage(script), ID), ['curl "https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip" -o "awscliv2.zip"', 'sudo ./aws/install']);
    const bundle = `sh 'wget https://s3.amazonaws.com/aws-cli/awscli-bundle.zip && ./awscli-bundle/install -b ~/bin/aws'`;
    assert.deepEqual(ranges(stage(bundle), ID), ['wget https://s3.amazonaws.com/aws-cli/awscli-bundle.zip', './awscli-bundle/install -b ~/bin/aws']);
  });

  it('fires on ./aws/install run by sudo with its options (-E, -u user, --preserve-env, …)', () => {
    for (const line of [
      'sudo -E ./aws/install',
      'sudo -u root ./aws/install',
      'sudo -Eu root ./aws/install --update',
      'sudo --preserve-env=PATH ./aws/install',
      'sudo --user root -H ./aws/install',
      'sudo -n -- ./aws/install',
    ])
      assert.deepEqual(ranges(stage(`sh '${line}'`), ID), [line], line);
    // `sudo -l` lists what may be run and runs nothing.
    assert.deepEqual(ranges(stage("sh 'sudo -l ./aws/install'"), ID), []);
  });

  it('fires on installs run under time, command, nice, nohup and timeout', () => {
    for (const line of [
      'time -p pip install awscli',
      'command pip3 install awscli',
      'nice -n 10 apk add --no-cache aws-cli',
      'nohup ./aws/install',
      'timeout 10m pip install awscli',
      'timeout -k 5 10m sudo ./aws/install',
    ])
      assert.deepEqual(ranges(stage(`sh '${line}'`), ID), [line], line);
    // `command -v` only looks the name up.
    assert.deepEqual(ranges(stage("sh 'command -v ./aws/install'"), ID), []);
  });

  it('fires on installs whose program is written with a path, a version or through Python, on the install command', () => {
    const cases: Array<[string, string]> = [
      ['/usr/bin/pip install awscli', 'pip'],
      ['/usr/local/bin/pip3 install awscli --upgrade --user', 'pip'],
      ['~/.local/bin/pip3 install --user awscli', 'pip'],
      ['./venv/bin/pip install awscli boto3', 'pip'],
      ['/usr/local/bin/pip3.9 install awscli', 'pip'],
      ['/usr/bin/python3 -m pip install awscli', 'pip'],
      ['python3 -m pip install --upgrade awscli', 'pip'],
      ['sudo -H python3 -m pip install --upgrade awscli', 'pip'],
      ['python3 ./pyenv/bin/pip3 install awscli', 'pip'],
      ['pipx install awscli', 'pip'],
      ['/sbin/apk add --no-cache aws-cli', 'os-package'],
      ['apk add --no-cache aws-cli=2.15.14-r0 git', 'os-package'],
      ['/usr/bin/apt-get install -y awscli', 'os-package'],
      ['/usr/bin/curl -sSL https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip -o awscliv2.zip', 'download'],
      ['/bin/bash ./aws/install', 'installer'],
      ['sudo /bin/sh ./aws/install --update', 'installer'],
    ];
    for (const [line, kind] of cases) {
      const text = stage(`sh '${line}'`);
      assert.deepEqual(ranges(text, ID), [line], line);
      assert.equal(diagnostics(text, ID)[0].data?.installKind, kind, line);
    }
    const chain = `sh '''
/usr/bin/curl -sSL "https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip" -o awscliv2.zip
/usr/bin/unzip -q awscliv2.zip && /bin/bash ./aws/install && /bin/rm -rf aws awscliv2.zip
'''`;
    assert.deepEqual(ranges(stage(chain), ID), [
      '/usr/bin/curl -sSL "https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip" -o awscliv2.zip',
      '/bin/bash ./aws/install',
    ]);
  });

  it('fires on pip with its general options before `install` (pip --no-cache-dir install awscli), and counts it for the v1 prerequisites', () => {
    assert.deepEqual(ranges(stage("sh 'apk --no-cache add python3 py3-pip && pip3 --no-cache-dir install --upgrade awscli'"), ID), [
      'apk --no-cache add python3 py3-pip',
      'pip3 --no-cache-dir install --upgrade awscli',
    ]);
    assert.deepEqual(ranges(stage("sh 'pip -q --proxy proxy.example.com:3128 install awscli'"), ID), ['pip -q --proxy proxy.example.com:3128 install awscli']);
    assert.deepEqual(ranges(stage("sh 'pip --no-cache-dir download awscli'"), ID), []);
  });

  it('counts python3 -m pip and a pip path as using the AWS CLI for the v1 prerequisites', () => {
    assert.deepEqual(
      diagnostics(stage("sh 'apk add --no-cache py3-pip groff less'", "sh 'python3 -m pip install awscli'"), ID).map((d) => d.data?.installKind),
      ['prerequisites', 'pip'],
    );
    assert.deepEqual(ranges(stage("sh 'apk add py-pip groff && /usr/bin/pip install awscli'"), ID), ['apk add py-pip groff', '/usr/bin/pip install awscli']);
  });

  it('stays silent on other pip packages and commands, Python without pip, mentions and comments, written with paths too', () => {
    for (const line of [
      'pip install awscli-local',
      'pip install "awscli-local[ver1]"',
      'pip install awscli-plugin-endpoint',
      'pip install awscliv2',
      '/usr/bin/pip download awscli',
      'python3 -m pip download awscli -d wheels',
      '/usr/bin/pip3 show awscli',
      'python3 pip install awscli',
      'pipenv install awscli',
      'echo /usr/bin/pip install awscli',
      '/usr/local/bin/aws --version',
      'apk add aws-cli-doc',
    ])
      assert.deepEqual(ranges(stage(`sh '${line}'`), ID), [], line);
    const comments = stage(
      "// sh '/usr/bin/pip install awscli'",
      `sh '''
# /usr/bin/python3 -m pip install awscli
aws --version
'''`,
    );
    assert.deepEqual(ranges(comments, ID), []);
  });

  it('says the CLI is still needed when a path-written install serves another aws command, and offers no removal', () => {
    const text = stage("sh '/usr/bin/pip3 install --user awscli'", "sh '/usr/local/bin/aws s3 cp dist/ s3://bucket/ --recursive'");
    const [d] = diagnostics(text, ID);
    assert.equal(d.data?.neededFor, 'aws s3 cp');
    const fixes = quickFixesFor(buildModel(text), { ...d, ruleId: ID } as never).map((f) => f.kind);
    assert.ok(!fixes.includes('remove-aws-cli-install'), fixes.join());
  });

  it('fires on the v1 prerequisites (apk py-pip/groff/less) when the stage installs or uses the AWS CLI', () => {
    const text = stage("sh 'apk -Uuv add make groff less python py-pip'", "sh 'pip install awscli'");
    assert.deepEqual(ranges(text, ID), ['apk -Uuv add make groff less python py-pip', 'pip install awscli']);
    const [prerequisites] = diagnostics(text, ID);
    assert.equal(prerequisites.data?.installKind, 'prerequisites');
    const using = stage("sh 'apk add groff less'", "sh 'aws s3 ls'");
    assert.deepEqual(ranges(using, ID), ['apk add groff less']);
  });

  it('maps the range through GString escapes and interpolation', () => {
    const text = stage('sh "echo \\"building ${env.BUILD_ID}\\" && pip install awscli==${AWS_CLI_VERSION}"');
    assert.deepEqual(ranges(text, ID), ['pip install awscli==${AWS_CLI_VERSION}']);
  });

  it('stays silent on other packages, prerequisites alone, and text that only mentions the install', () => {
    assert.deepEqual(ranges(stage("sh 'pip install boto3 requests'"), ID), []);
    assert.deepEqual(ranges(stage("sh 'pip install -r requirements.txt'"), ID), []);
    assert.deepEqual(ranges(stage("sh 'pip install awscli-local'"), ID), []);
    assert.deepEqual(ranges(stage("sh 'pip download awscli'"), ID), []);
    assert.deepEqual(ranges(stage("sh 'apk add groff less py-pip'"), ID), [], 'prerequisites without the AWS CLI');
    assert.deepEqual(ranges(stage("sh 'apt-get install -y jq'"), ID), []);
    const mentions = stage(
      "echo 'pip install awscli'",
      "writeFile file: 'setup.sh', text: 'pip install awscli'",
      "// sh 'pip install awscli'",
      "sh 'echo pip install awscli'",
      `sh '''
# pip install awscli
echo "then run: apk add aws-cli"
'''`,
    );
    assert.deepEqual(ranges(mentions, ID), []);
  });

  it('says to use an image that has the AWS CLI when the script needs it for something else, and offers no removal', () => {
    const text = `podTemplate(containers: [containerTemplate(name: 'deploy', image: 'alpine:3.20', command: 'cat', ttyEnabled: true)]) {
  node(POD_LABEL) {
    stage('Deploy') {
      container('deploy') {
        sh 'apk add --no-cache py3-pip && pip install awscli'
        sh 'aws --region eu-west-1 eks update-kubeconfig --name prod && kubectl apply -f k8s/'
      }
    }
  }
}`;
    const found = diagnostics(text, ID);
    assert.equal(found.length, 2);
    for (const d of found) {
      assert.match(d.message, /aws eks update-kubeconfig/);
      assert.match(d.message, /image that has the AWS CLI/);
      assert.equal(d.data?.neededFor, 'aws eks update-kubeconfig');
    }
    const model = buildModel(text);
    const fixes = quickFixesFor(model, { ...found[1], ruleId: ID } as never).map((f) => f.kind);
    assert.ok(!fixes.includes('remove-aws-cli-install'), fixes.join());
  });

  it('counts an ECR password handed to kubectl or helm as another use, not one handed to docker login', () => {
    const kubectl = stage(
      "sh 'pip install awscli && kubectl create secret docker-registry ecr --docker-username=AWS --docker-password=$(aws ecr get-login-password --region eu-west-1) --docker-server=1.dkr.ecr.eu-west-1.amazonaws.com'",
    );
    assert.match(diagnostics(kubectl, ID)[0].message, /aws ecr get-login-password for kubectl create/);
    const helm = stage(
      "sh 'pip install awscli && aws ecr get-login-password | helm registry login --username AWS --password-stdin 1.dkr.ecr.eu-west-1.amazonaws.com'",
    );
    assert.match(diagnostics(helm, ID)[0].message, /for helm registry/);
    for (const login of [
      'aws ecr get-login-password | docker login --username AWS --password-stdin 1.dkr.ecr.eu-west-1.amazonaws.com',
      'docker login -u AWS -p $(aws ecr get-login-password) 1.dkr.ecr.eu-west-1.amazonaws.com',
      '$(aws ecr get-login --no-include-email)',
      'aws --version',
    ]) {
      const [d] = diagnostics(stage(`sh 'pip install awscli && ${login}'`), ID);
      assert.equal(d.data?.neededFor, undefined, login);
      assert.match(d.message, /Kaniko pushes to ECR without it/, login);
    }
  });
});
