import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { main } from '../../../server/src/cli/main';
import { runCredentialsCommand } from '../../../server/src/cli/credentials';

const MIXED = `pipeline {
  agent any
  environment { ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com' }
  stages {
    stage('Push') {
      steps {
        script {
          docker.withRegistry('https://registry.hub.docker.com', 'dockerhub') {
            docker.build('myorg/app:1').push()
          }
          withCredentials([usernamePassword(credentialsId: 'harbor', usernameVariable: 'U', passwordVariable: 'P')]) {
            sh 'echo "$P" | docker login -u "$U" --password-stdin harbor.example.com'
            sh 'docker push harbor.example.com/team/app:1'
          }
          sh 'docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'
        }
      }
    }
  }
}
`;

function run(argv: string[], files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = runCredentialsCommand(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readFile: (path) => {
      if (!(path in files)) throw new Error('ENOENT');
      return files[path];
    },
  });
  return { code, stdout, stderr };
}

describe('jenkinsfile-kaniko credentials', () => {
  it('prints one Secret for every registry of a mixed Jenkinsfile, ECR through ecr-login', () => {
    const { code, stdout, stderr } = run(['--from', 'Jenkinsfile'], { Jenkinsfile: MIXED });
    assert.equal(code, 0, stderr);
    const secret = parseDocument(stdout, { version: '1.1' }).toJS() as { stringData: Record<string, string> };
    const config = JSON.parse(secret.stringData['.dockerconfigjson']) as { auths: Record<string, unknown>; credHelpers: Record<string, string> };
    assert.deepEqual(Object.keys(config.auths), ['https://index.docker.io/v1/', 'harbor.example.com']);
    assert.deepEqual(config.credHelpers, { '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' });
    assert.match(stderr, /Docker Hub, Harbor \(harbor\.example\.com\)/);
  });

  it('takes registries from --registry, and names the Secret', () => {
    const { code, stdout } = run(['--registry', 'ghcr.io', '--registry=europe-west1-docker.pkg.dev/p/r/app', '--name', 'push-creds', '--namespace', 'ci']);
    assert.equal(code, 0);
    assert.match(stdout, /name: push-creds\n\s+namespace: ci/);
    assert.match(stdout, /"europe-west1-docker\.pkg\.dev"/);
    assert.match(stdout, /Workload Identity/);
  });

  it('refuses bad input with exit 2 and nothing on stdout', () => {
    for (const argv of [
      [],
      ['--registry'],
      ['--bogus'],
      ['--from', 'missing'],
      ['--registry', 'public.ecr.aws/x/y'],
      ['--registry', 'ghcr.io', '--name', 'A_B'],
    ]) {
      const { code, stdout, stderr } = run(argv);
      assert.equal(code, 2, argv.join(' '));
      assert.equal(stdout, '');
      assert.ok(stderr.length > 0);
    }
  });

  it('is registered with the dispatcher', async () => {
    let out = '';
    const code = await main(['credentials', '--help'], {
      stdout: (s: string) => (out += s),
      stderr: () => undefined,
      cwd: process.cwd(),
      version: '0',
    } as never);
    assert.equal(code, 0);
    assert.match(out, /kubernetes\.io\/dockerconfigjson/);
  });
});
