import assert from 'node:assert/strict';
import { declarative, diagnostics, podWith, ranges } from './helpers';

const ID = 'kaniko-ecr-helper-outdated';

const kaniko = (image: string) => podWith('kaniko', image, 'command: [/busybox/cat]', 'tty: true');
const build = (image: string, command: string) => declarative(kaniko(image), `        container('kaniko') {\n          ${command}\n        }`);

const UPSTREAM = 'gcr.io/kaniko-project/executor:v1.24.0-debug';
const DUAL_STACK = '123456789012.dkr-ecr.eu-west-1.on.aws';

describe(`rule ${ID}`, () => {
  it('fires on a dual-stack destination pushed with an upstream image, on the destination, naming the IPv4 host', () => {
    const text = build(UPSTREAM, `sh '/kaniko/executor --context . --destination ${DUAL_STACK}/app:1'`);
    assert.deepEqual(ranges(text, ID), [`${DUAL_STACK}/app:1`]);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /ecr-login v0\.9\.1, which does not know a dual-stack \(IPv6\) host/);
    assert.match(d.message, /v0\.10\.0/);
    assert.match(d.message, /'123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com'/);
    assert.deepEqual(
      { helper: d.data?.helperVersion, required: d.data?.requiredVersion, alternative: d.data?.alternativeHost },
      { helper: '0.9.1', required: '0.10.0', alternative: '123456789012.dkr.ecr.eu-west-1.amazonaws.com' },
    );
  });

  it('knows which fork release brought which host form (go.mod of each release)', () => {
    const cases: Array<[string, string, boolean]> = [
      ['ghcr.io/osscontainertools/kaniko:v1.25.1-debug', DUAL_STACK, true],
      ['ghcr.io/osscontainertools/kaniko:v1.25.2-debug', DUAL_STACK, false],
      ['martizih/kaniko:v1.26.1-debug', '123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu', true],
      ['martizih/kaniko:v1.26.2-debug', '123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu', false],
      ['ghcr.io/osscontainertools/kaniko:v1.26.6-debug', 'ecr-public.aws.com', true],
      ['ghcr.io/osscontainertools/kaniko:v1.27.0-debug', 'ecr-public.aws.com', false],
      ['ghcr.io/osscontainertools/kaniko:debug', '123456789012.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn', false],
      [UPSTREAM, '123456789012.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn', true],
      ['gcr.io/kaniko-project/executor:debug', 'ecr-public.aws.com', true],
    ];
    for (const [image, host, fires] of cases) {
      const text = build(image, `sh '/kaniko/executor --context . --destination=${host}/app:1'`);
      assert.equal(ranges(text, ID).length, fires ? 1 : 0, `${image} → ${host}`);
    }
  });

  it('says "or older" for upstream images before v1.24.0, and offers public.ecr.aws for ECR Public', () => {
    const [d] = diagnostics(build('gcr.io/kaniko-project/executor:v1.9.1-debug', "sh '/kaniko/executor -d ecr-public.aws.com/acme/app:1 --context .'"), ID);
    assert.match(d.message, /v0\.9\.1 or older/);
    assert.match(d.message, /v0\.12\.0/);
    assert.match(d.message, /push to 'public\.ecr\.aws'/);
  });

  it('reads the host through environment variables and Groovy interpolation', () => {
    const text = build(UPSTREAM, 'sh "/kaniko/executor --context . --destination ${env.REGISTRY}/app:${BUILD_NUMBER}"').replace(
      '  stages {',
      `  environment {\n    REGISTRY = '${DUAL_STACK}'\n  }\n  stages {`,
    );
    assert.deepEqual(ranges(text, ID), ['${env.REGISTRY}/app:${BUILD_NUMBER}']);
  });

  it('stays silent on hosts every helper knows, unknown images, other registries and digests', () => {
    for (const command of [
      `sh '/kaniko/executor --context . --destination 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'`,
      `sh '/kaniko/executor --context . --destination public.ecr.aws/acme/app:1'`,
      `sh '/kaniko/executor --context . --destination ghcr.io/acme/app:1'`,
      `sh '/kaniko/executor --context . --destination $UNKNOWN/app:1'`,
      `sh '/kaniko/executor version'`,
    ]) {
      assert.deepEqual(ranges(build(UPSTREAM, command), ID), [], command);
    }
    const dualStack = `sh '/kaniko/executor --context . --destination ${DUAL_STACK}/app:1'`;
    assert.deepEqual(ranges(build('registry.example.com/tools/kaniko:1.0', dualStack), ID), [], 'in-house image: helper unknown');
    assert.deepEqual(ranges(build('cgr.dev/chainguard/kaniko:latest-dev', dualStack), ID), []);
    assert.deepEqual(ranges(build('ghcr.io/osscontainertools/kaniko@sha256:' + 'a'.repeat(64), dualStack), ID), []);
  });
});
