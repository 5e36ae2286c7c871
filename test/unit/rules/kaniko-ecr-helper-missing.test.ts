import assert from 'node:assert/strict';
import { declarative, diagnostics, podWith, ranges } from './helpers';

const ID = 'kaniko-ecr-helper-missing';

const ALPINE = 'ghcr.io/osscontainertools/kaniko:v1.28.3-alpine';
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

const sleeping = (image: string, ...fields: string[]) => podWith('kaniko', image, 'command: [sleep]', 'args: [99d]', ...fields);
const inKaniko = (...lines: string[]) => `        container('kaniko') {\n${lines.map((l) => `          ${l}`).join('\n')}\n        }`;
const writeCredsStore = `sh "echo '{\\"credsStore\\":\\"ecr-login\\"}' > /kaniko/.docker/config.json"`;

describe(`rule ${ID}`, () => {
  it('fires when a sh step writes a credsStore ecr-login config.json for the alpine image, on the image', () => {
    const text = declarative(sleeping(ALPINE), inKaniko(writeCredsStore, `sh '/kaniko/executor --context . --destination ${ECR}/app:1'`));
    assert.deepEqual(ranges(text, ID), [ALPINE]);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /has no docker-credential-ecr-login/);
    assert.match(d.message, /executable file not found in \$PATH' for every registry \(credsStore\)/);
    assert.match(d.message, /ghcr\.io\/osscontainertools\/kaniko:v1\.28\.3-debug/);
    assert.equal(d.data?.source, 'script');
    assert.equal(d.data?.suggestedImage, 'ghcr.io/osscontainertools/kaniko:v1.28.3-debug');
  });

  it('credsStore breaks every registry: it fires without an ECR destination too; credHelpers only with one', () => {
    assert.equal(
      ranges(declarative(sleeping(ALPINE), inKaniko(writeCredsStore, "sh '/kaniko/executor --context . --destination ghcr.io/acme/app:1'")), ID).length,
      1,
    );
    const credHelpers = `sh "printf '{\\"credHelpers\\":{\\"${ECR}\\":\\"ecr-login\\"}}' > /kaniko/.docker/config.json"`;
    assert.equal(ranges(declarative(sleeping(ALPINE), inKaniko(credHelpers, `sh '/kaniko/executor --context . -d ${ECR}/app:1'`)), ID).length, 1);
    assert.equal(ranges(declarative(sleeping(ALPINE), inKaniko(credHelpers, "sh '/kaniko/executor --context . -d ghcr.io/acme/app:1'")), ID).length, 0);
  });

  it('fires on a ConfigMap mounted at /kaniko/.docker when the alpine image pushes to ECR (also ECR Public)', () => {
    const pod = `${sleeping(ALPINE, 'volumeMounts:', '- name: docker-config', '  mountPath: /kaniko/.docker')}\n  volumes:\n  - name: docker-config\n    configMap:\n      name: docker-config`;
    for (const destination of [`${ECR}/app:1`, 'public.ecr.aws/acme/app:1']) {
      const text = declarative(pod, inKaniko(`sh '/kaniko/executor --context . --destination ${destination}'`));
      assert.deepEqual(ranges(text, ID), [ALPINE], destination);
      assert.match(diagnostics(text, ID)[0].message, /the ConfigMap 'docker-config' mounted at \/kaniko\/\.docker/);
    }
    assert.deepEqual(ranges(declarative(pod, inKaniko("sh '/kaniko/executor --context . --destination ghcr.io/acme/app:1'")), ID), []);
  });

  it('fires on a podTemplate configMapVolume, on the containerTemplate image', () => {
    const text = `podTemplate(containers: [containerTemplate(name: 'kaniko', image: '${ALPINE}', command: 'sleep', args: '99d')],
  volumes: [configMapVolume(mountPath: '/kaniko/.docker', configMapName: 'docker-config')]) {
  node(POD_LABEL) {
    container('kaniko') {
      sh '/kaniko/executor --context . --destination ${ECR}/app:1'
    }
  }
}
`;
    assert.deepEqual(ranges(text, ID), [ALPINE]);
  });

  it('stays silent for images that carry the helper, and for alpine without an ecr-login config.json', () => {
    const push = `sh '/kaniko/executor --context . --destination ${ECR}/app:1'`;
    assert.deepEqual(ranges(declarative(sleeping('ghcr.io/osscontainertools/kaniko:v1.28.3-debug'), inKaniko(writeCredsStore, push)), ID), []);
    assert.deepEqual(ranges(declarative(sleeping('ghcr.io/osscontainertools/kaniko:bootstrap'), inKaniko(writeCredsStore, push)), ID), []);
    // No config.json at all: the built-in ECR helper logs in.
    assert.deepEqual(ranges(declarative(sleeping(ALPINE), inKaniko(push)), ID), []);
    // An upstream `-alpine` tag is no known variant.
    assert.deepEqual(ranges(declarative(sleeping('gcr.io/kaniko-project/executor:alpine'), inKaniko(writeCredsStore, push)), ID), []);
  });
});
