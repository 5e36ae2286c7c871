import assert from 'node:assert/strict';
import { awsCliInstallKind, runsAwsCli } from '../../../server/src/aws';
import { dockerInvocation } from '../../../server/src/docker';
import { isExecutorProgram } from '../../../server/src/kaniko/command';
import { buildModel, commandWords, effectiveWords, type JenkinsModel } from '../../../server/src/model';
import { scriptCommands, type ScriptCommand } from '../../../server/src/rules/script-commands';

function model(...scripts: string[]): JenkinsModel {
  return buildModel(`node {\n  stage('Build') {\n${scripts.map((s) => `    sh '''${s}'''`).join('\n')}\n  }\n}`);
}

const texts = (group: readonly ScriptCommand[]) => group.map(({ step, command }) => step.script.text.slice(command.start, command.end));

describe('rules/script-commands: the sh commands grouped by program', () => {
  it('groups docker and docker-compose at any path and after prefixes, each with what dockerInvocation reads', () => {
    const m = model('docker build -t app .\n/usr/bin/docker push app', 'sudo docker-compose build\nif docker info; then echo ok; fi\nmake docker');
    const { docker } = scriptCommands(m);
    assert.deepEqual(texts(docker), ['docker build -t app .', '/usr/bin/docker push app', 'sudo docker-compose build', 'if docker info']);
    for (const entry of docker) assert.deepEqual(entry.docker, dockerInvocation(commandWords(entry.command).words));
    assert.equal(docker[3].docker.verb, 'info');
  });

  it('groups the AWS CLI, and leaves other programs out of every group', () => {
    const m = model('aws ecr get-login --region eu-west-1 | tr -d x\nnpm test\n~/.local/bin/aws s3 ls\necho aws');
    const groups = scriptCommands(m);
    assert.deepEqual(texts(groups.aws), ['aws ecr get-login --region eu-west-1', '~/.local/bin/aws s3 ls']);
    assert.ok(groups.aws.every(({ words }) => runsAwsCli(words)));
    assert.deepEqual([texts(groups.docker), texts(groups.executor), texts(groups.installers)], [[], [], []]);
  });

  it('groups programs named executor, but not after a shell keyword (effectiveWords keeps it)', () => {
    const m = model('/kaniko/executor --destination x\nKANIKO_NO_PUSH=true executor --no-push\nif /kaniko/executor --help; then :; fi\n./my/executor run');
    const { executor } = scriptCommands(m);
    assert.deepEqual(texts(executor), ['/kaniko/executor --destination x', 'KANIKO_NO_PUSH=true executor --no-push', './my/executor run']);
    // The group is what executorCommands reads further: its first word is effectiveWords' program.
    for (const { command, words } of executor) assert.equal(words[0], effectiveWords(command)[0]);
    assert.deepEqual(
      executor.map(({ words }) => isExecutorProgram(words[0].text)),
      [true, true, false],
    );
  });

  it('groups every program awsCliInstallKind reads further, by its name at any path', () => {
    const m = model(
      'pip install awscli\npython3 -m pip install awscli\napk add --no-cache py-pip groff less\ncurl -o x.zip https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip',
      './aws/install -i /usr/local/aws-cli\nsudo apt-get install -y awscli\nbash ./aws/install\n/usr/bin/pip install awscli\nmake install',
      '/usr/bin/python3 -m pip install awscli\n/bin/bash ./aws/install\n/usr/bin/make install\n/usr/local/bin/aws --version',
    );
    const { installers } = scriptCommands(m);
    assert.deepEqual(texts(installers), [
      'pip install awscli',
      'python3 -m pip install awscli',
      'apk add --no-cache py-pip groff less',
      'curl -o x.zip https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip',
      './aws/install -i /usr/local/aws-cli',
      'sudo apt-get install -y awscli',
      'bash ./aws/install',
      // A program is read by its name at any path, as isAwsProgram reads aws: `/usr/bin/pip` is pip
      // (it used to be left out of the group, and its install went unreported).
      '/usr/bin/pip install awscli',
      '/usr/bin/python3 -m pip install awscli',
      '/bin/bash ./aws/install',
    ]);
    // Outside the group, awsCliInstallKind finds nothing.
    for (const step of m.steps) {
      if (step.kind !== 'shell') continue;
      for (const command of step.commands) {
        const words = commandWords(command).words;
        if (!installers.some((entry) => entry.command === command)) assert.equal(awsCliInstallKind(words, true), undefined);
      }
    }
  });

  it('is worked out once per model, and skips steps without a literal script', () => {
    const m = buildModel("node {\n  sh script\n  sh 'docker build .'\n}");
    const groups = scriptCommands(m);
    assert.equal(scriptCommands(m), groups);
    assert.deepEqual(texts(groups.docker), ['docker build .']);
    // Kept by the model it was read from: another model of the same text gets its own.
    assert.notEqual(scriptCommands(buildModel("node {\n  sh script\n  sh 'docker build .'\n}")), groups);
  });
});
