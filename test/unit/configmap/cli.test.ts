import assert from 'node:assert/strict';
import { parse, parseAllDocuments } from 'yaml';
import { dirname } from 'node:path';
import { runConfigmapCli, runConfigmapCommand } from '../../../server/src/cli/configmap';
import { fixturePath, readFixture } from './fixtures';

const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

const FILES: Record<string, string> = {
  'before.Jenkinsfile': readFixture('before.Jenkinsfile'),
  'plain.Jenkinsfile': "pipeline { agent any; stages { stage('b') { steps { sh 'docker build -t app .' } } } }\n",
  'ecr.Jenkinsfile': `node { sh "docker push ${REGISTRY}/app:1" }\n`,
};

function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runConfigmapCommand(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readFile: (path) => {
      if (!(path in FILES)) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return FILES[path];
    },
  });
  return { code, stdout, stderr };
}

function configJson(yamlText: string): unknown {
  return JSON.parse(parseAllDocuments(yamlText)[0].toJS().data['config.json']);
}

describe('cli: jenkinsfile-kaniko configmap', () => {
  it('--help prints usage and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = run(flag);
      assert.equal(code, 0);
      assert.match(stdout, /^Usage: jenkinsfile-kaniko configmap \[--from <Jenkinsfile>\]/);
      assert.match(stdout, /--role-arn/);
      assert.equal(stderr, '');
    }
  });

  it('--creds-store prints the seed kaniko.yml', () => {
    const { code, stdout, stderr } = run('--creds-store');
    assert.equal(code, 0);
    assert.equal(stderr, '');
    assert.deepEqual(parse(stdout), parse(readFixture('kaniko.yml')));
  });

  it('--registry (repeatable, --flag=value too) gives credHelpers', () => {
    const other = '210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn';
    const { code, stdout } = run('--registry', REGISTRY, `--registry=https://${other}/app`);
    assert.equal(code, 0);
    assert.deepEqual(configJson(stdout), { credHelpers: { [REGISTRY]: 'ecr-login', [other]: 'ecr-login' } });
  });

  it('--from the seed Jenkinsfile: the placeholder registry, with a warning on stderr', () => {
    const { code, stdout, stderr } = run('--from', 'before.Jenkinsfile');
    assert.equal(code, 0);
    assert.deepEqual(configJson(stdout), { credHelpers: { 'AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' } });
    assert.match(stderr, /warning: AWSACCOUNT\.dkr\.ecr\.eu-west-1\.amazonaws\.com is a placeholder/);
  });

  it('--from plus --registry merges both, Jenkinsfile first', () => {
    const other = '210987654321.dkr.ecr.us-east-1.amazonaws.com';
    const { code, stdout } = run('configmap', '--from', 'ecr.Jenkinsfile', '--registry', other);
    assert.equal(code, 0);
    assert.deepEqual(Object.keys((configJson(stdout) as { credHelpers: object }).credHelpers), [REGISTRY, other]);
  });

  it('--name, --namespace and --role-arn', () => {
    const arn = 'arn:aws:iam::123456789012:role/kaniko';
    const { code, stdout } = run('--registry', REGISTRY, '--name', 'ecr-config', '--namespace', 'ci', '--role-arn', arn);
    assert.equal(code, 0);
    const docs = parseAllDocuments(stdout).map((d) => d.toJS());
    assert.deepEqual(docs[0].metadata, { name: 'ecr-config', namespace: 'ci' });
    assert.equal(docs[1].kind, 'ServiceAccount');
    assert.equal(docs[1].metadata.annotations['eks.amazonaws.com/role-arn'], arn);
  });

  const badInput: Array<[string, string[], RegExp]> = [
    ['a non-ECR --registry', ['--registry', 'docker.io'], /"docker\.io" is not an Amazon ECR registry/],
    ['--from a file with no ECR registry', ['--from', 'plain.Jenkinsfile'], /no Amazon ECR registry found in plain\.Jenkinsfile; name one with --registry/],
    ['--from a file with no ECR registry, even with --creds-store', ['--from', 'plain.Jenkinsfile', '--creds-store'], /no Amazon ECR registry found/],
    ['--from a missing file', ['--from', 'missing.Jenkinsfile'], /cannot read missing\.Jenkinsfile/],
    ['no registry at all', [], /pass --registry <host>/],
    ['an invalid --name', ['--creds-store', '--name', 'Docker_Config'], /ConfigMap name "Docker_Config" is not a valid Kubernetes name/],
    ['an invalid --namespace', ['--creds-store', '--namespace', 'CI'], /Namespace "CI" is not valid/],
    ['a malformed --role-arn', ['--creds-store', '--role-arn', 'arn:aws:iam::1:role/x'], /is not an IAM role ARN/],
    ['an unknown option', ['--creds-store', '--force'], /unknown option --force/],
    ['a stray argument', ['Jenkinsfile'], /unexpected argument Jenkinsfile/],
    ['a missing value', ['--registry'], /--registry needs a value/],
    ['an empty value', ['--name='], /--name needs a non-empty value/],
    ['a repeated single-valued flag', ['--creds-store', '--name', 'a', '--name', 'b'], /--name given more than once/],
  ];
  for (const [what, argv, message] of badInput) {
    it(`exit 2, message on stderr, nothing on stdout: ${what}`, () => {
      const { code, stdout, stderr } = run(...argv);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.match(stderr, /^jenkinsfile-kaniko configmap: /);
    });
  }

  it('--from a file with no ECR registry works once --registry names one', () => {
    const { code, stdout } = run('--from', 'plain.Jenkinsfile', '--registry', REGISTRY);
    assert.equal(code, 0);
    assert.deepEqual(configJson(stdout), { credHelpers: { [REGISTRY]: 'ecr-login' } });
  });

  it('the dispatcher entry reads --from relative to the working directory', () => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: (s: string) => (stdout += s), stderr: (s: string) => (stderr += s), version: '0.0.0' };
    const code = runConfigmapCli(['--from', 'before.Jenkinsfile', '--creds-store'], { ...io, cwd: dirname(fixturePath('before.Jenkinsfile')) });
    assert.equal(code, 0);
    assert.deepEqual(parse(stdout), parse(readFixture('kaniko.yml')));
    assert.equal(stderr, '');
  });
});
