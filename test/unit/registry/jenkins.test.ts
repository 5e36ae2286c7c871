/**
 * The withCredentials wrapper, judged by what runs it: Groovy 2.4 makes the sh strings, busybox
 * sh runs them (with the credential in the environment, as Jenkins sets it), and the resulting
 * config.json is what Kaniko's Docker config reader expects.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_JSON_PATH, planRegistryCredentials, wrapExecutor, type GroovyLine, type RegistryCredentialsInput } from '../../../server/src/registry';
import { GROOVY_VALUE, judgeGroovy, groovyErrorsText } from '../../judges/groovy';
import { judgeShell, shellErrorsText } from '../../judges/shell';
import { interpolatedSecrets } from './secrets';

const EXECUTOR: GroovyLine[] = [{ text: 'sh "/kaniko/executor --context `pwd` --destination=${IMAGE}"', level: 0 }];

function input(overrides: Partial<RegistryCredentialsInput>): RegistryCredentialsInput {
  return {
    destinations: [],
    credentials: [],
    ecrLogin: false,
    mode: 'jenkins',
    configMapName: 'docker-config',
    isEnvironmentVariable: () => false,
    ...overrides,
  };
}

function render(lines: GroovyLine[]): string {
  return lines.map((l) => '  '.repeat(l.level + 1) + l.text).join('\n');
}

describe('carrying a Jenkins registry credential over to Kaniko', () => {
  const dockerHubAndEcr = planRegistryCredentials(
    input({
      destinations: ['myorg/app:1', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'],
      credentials: [{ credentialsId: 'dockerhub-creds', registry: 'https://registry.hub.docker.com', source: 'withRegistry' }],
    }),
  );
  const twoRegistries = planRegistryCredentials(
    input({
      destinations: ['ghcr.io/org/app:1', 'harbor.example.com/team/app:1'],
      credentials: [
        { credentialsId: 'ghcr', registry: 'ghcr.io', source: 'docker login' },
        { credentialsId: "harbor-robot's", registry: 'https://harbor.example.com', source: 'withRegistry' },
      ],
    }),
  );
  const pipelines = [dockerHubAndEcr, twoRegistries].map(
    (plan) =>
      `pipeline {\n  agent any\n  stages {\n    stage('Build') {\n      steps {\n${render(wrapExecutor(plan, EXECUTOR)).replace(/^/gm, '      ')}\n      }\n    }\n  }\n}\n`,
  );

  it('keeps the credential, mounts nothing, and writes ECR hosts to credHelpers', () => {
    assert.equal(dockerHubAndEcr.mount, 'none');
    assert.deepEqual(
      dockerHubAndEcr.logins.map((l) => [l.credentialsId, l.registry.configKey]),
      [['dockerhub-creds', 'https://index.docker.io/v1/']],
    );
    assert.deepEqual(dockerHubAndEcr.ecrHosts, ['123456789012.dkr.ecr.eu-west-1.amazonaws.com']);
    assert.equal(twoRegistries.logins.length, 2);
  });

  it('never puts the password in a Groovy GString', () => {
    for (const text of pipelines) {
      assert.deepEqual(interpolatedSecrets(text, ['REGISTRY_PASSWORD', 'REGISTRY_PASSWORD_2', 'REGISTRY_USER', 'REGISTRY_USER_2', 'auth', 'auth2']), []);
    }
    // The check itself catches the mistake it is for.
    assert.equal(interpolatedSecrets('sh "echo ${REGISTRY_PASSWORD} | docker login"', ['REGISTRY_PASSWORD']).length, 1);
    assert.equal(interpolatedSecrets('sh "echo $env.REGISTRY_PASSWORD"', ['REGISTRY_PASSWORD']).length, 1);
  });

  it('compiles as Groovy, and its script runs in busybox sh and writes the config.json Kaniko reads', function () {
    this.timeout(120_000);
    const verdicts = judgeGroovy(pipelines.map((text, i) => ({ name: `wrapped-${i}`, text })));
    for (const verdict of verdicts) assert.ok(verdict.compiles, groovyErrorsText(verdict));
    const scripts = verdicts.map((v) => v.sh.map((s) => s.text).find((s) => s.includes(CONFIG_JSON_PATH))!);
    // Groovy left the credential to the shell: no GString value in the script, the variables as written.
    for (const script of scripts) {
      assert.ok(!script.includes(GROOVY_VALUE), script);
      assert.match(script, /"\$REGISTRY_PASSWORD"/);
    }
    for (const [i, verdict] of judgeShell(scripts.map((script, i) => ({ name: `script-${i}`, script }))).entries())
      assert.ok(verdict.ok, `${shellErrorsText(verdict)}\n${scripts[i]}`);

    const dir = mkdtempSync(join(tmpdir(), 'registry-creds-'));
    try {
      const password = `pa'ss"wo$rd \\ %s`;
      const run = (script: string, env: Record<string, string>) => {
        const out = join(dir, 'config.json');
        const result = spawnSync('busybox', ['sh', '-xe'], {
          input: script.split(CONFIG_JSON_PATH).join(out),
          env: { PATH: process.env.PATH ?? '', ...env },
          encoding: 'utf8',
        });
        assert.equal(result.status, 0, result.stderr);
        // Jenkins runs sh with -x: nothing after set +x may show the credential or its encoding.
        assert.ok(
          !result.stderr.includes(password) && !result.stderr.includes(Buffer.from(`robot:${password}`).toString('base64').slice(0, 12)),
          result.stderr,
        );
        return JSON.parse(readFileSync(out, 'utf8')) as { auths: Record<string, { auth: string }>; credHelpers?: Record<string, string> };
      };
      const first = run(scripts[0], { REGISTRY_USER: 'robot', REGISTRY_PASSWORD: password });
      assert.equal(Buffer.from(first.auths['https://index.docker.io/v1/'].auth, 'base64').toString(), `robot:${password}`);
      assert.deepEqual(first.credHelpers, { '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' });
      const second = run(scripts[1], { REGISTRY_USER: 'u1', REGISTRY_PASSWORD: 'p1', REGISTRY_USER_2: 'robot$team+ci', REGISTRY_PASSWORD_2: 'p2' });
      assert.deepEqual(Object.fromEntries(Object.entries(second.auths).map(([k, v]) => [k, Buffer.from(v.auth, 'base64').toString()])), {
        'ghcr.io': 'u1:p1',
        'harbor.example.com': 'robot$team+ci:p2',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to the Secret when no Jenkins credential is known, or when the setting says so', () => {
    const none = planRegistryCredentials(input({ destinations: ['quay.io/org/app:1'] }));
    assert.equal(none.mount, 'secret');
    assert.match(none.nextSteps.join('\n'), /no Jenkins username\/password credential was found for quay\.io/);
    assert.match(none.notes.join('\n'), /robot account/);
    const secret = planRegistryCredentials(
      input({ mode: 'secret', destinations: ['ghcr.io/o/a'], credentials: [{ credentialsId: 'gh', registry: 'ghcr.io', source: 'docker login' }] }),
    );
    assert.equal(secret.mount, 'secret');
    assert.match(secret.notes.join('\n'), /'gh' is no longer used/);
  });

  it('sends ECR to the ConfigMap and says what the Amazon ECR plugin credential becomes', () => {
    const ecr = planRegistryCredentials(
      input({
        destinations: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'],
        credentials: [{ credentialsId: 'ecr:eu-west-1:aws-creds', registry: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com', source: 'withRegistry' }],
      }),
    );
    assert.equal(ecr.mount, 'configMap');
    assert.match(ecr.notes.join('\n'), /'ecr:eu-west-1:aws-creds' \(Amazon ECR plugin\) is not used any more.*IRSA.*EKS Pod Identity.*node/);
    assert.equal(planRegistryCredentials(input({})).mount, 'none');
  });
});
