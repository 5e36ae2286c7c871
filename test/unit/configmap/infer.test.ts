import assert from 'node:assert/strict';
import { inferEcrRegistries, type InferredRegistry } from '../../../server/src/configmap/infer';
import { readFixture } from './fixtures';

const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

/** Registry summaries with each range shown as the source text it covers. */
function summary(text: string, registries: InferredRegistry[]) {
  return registries.map((r) => ({
    host: r.host,
    region: r.region,
    placeholder: r.placeholder,
    found: r.ranges.map((range) => text.slice(range.start, range.end)),
    credentialsIds: r.credentialsIds,
  }));
}

/** Offsets of every occurrence of `needle` in `text`. */
function offsetsOf(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

describe('configmap/infer: seed Jenkinsfiles', () => {
  it('before.Jenkinsfile: the docker.withRegistry URL, as a placeholder', () => {
    const text = readFixture('before.Jenkinsfile');
    const registries = inferEcrRegistries(text, 'file:///repo/Jenkinsfile');
    assert.deepEqual(summary(text, registries), [
      {
        host: 'AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
        placeholder: true,
        found: ['AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com'],
        credentialsIds: [],
      },
    ]);
    assert.equal(registries[0].ranges[0].start, text.indexOf('https://AWSACCOUNT') + 'https://'.length);
    assert.equal(registries[0].account, 'AWSACCOUNT');
    assert.equal(registries[0].uri, 'file:///repo/Jenkinsfile');
  });

  it('after-build-stage.groovy: the --destination inside the sh GString', () => {
    const text = readFixture('after-build-stage.groovy');
    const registries = inferEcrRegistries(text);
    assert.deepEqual(summary(text, registries), [
      {
        host: 'AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
        placeholder: true,
        found: ['AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com'],
        credentialsIds: [],
      },
    ]);
    assert.equal(registries[0].uri, undefined);
  });
});

describe('configmap/infer: pipeline forms', () => {
  it('declarative agent with inline pod yaml (image) and a Kaniko --destination', () => {
    const base = '210987654321.dkr.ecr.us-east-1.amazonaws.com';
    const text = `pipeline {
  agent {
    kubernetes {
      yaml """
kind: Pod
spec:
  containers:
  - name: kaniko
    image: ${base}/mirror/kaniko-executor:debug
    command: ['/busybox/cat']
    tty: true
"""
    }
  }
  stages {
    stage('Build') {
      steps {
        container('kaniko') {
          sh '/kaniko/executor --context . --destination ${REGISTRY}/app:latest'
        }
      }
    }
  }
}
`;
    assert.deepEqual(
      summary(text, inferEcrRegistries(text)).map((r) => [r.host, r.placeholder, r.found]),
      [
        [base, false, [base]],
        [REGISTRY, false, [REGISTRY]],
      ],
    );
  });

  it("environment { REGISTRY = '…' } and its uses, deduplicated with every range", () => {
    const text = `pipeline {
  agent any
  environment {
    REGISTRY = '${REGISTRY}'
    IMAGE = "\${REGISTRY}/app"
  }
  stages {
    stage('Push') {
      steps {
        sh "docker push ${REGISTRY}/app:\${BUILD_NUMBER}"
      }
    }
  }
}
`;
    const registries = inferEcrRegistries(text);
    assert.equal(registries.length, 1);
    assert.equal(registries[0].host, REGISTRY);
    assert.equal(registries[0].placeholder, false);
    assert.deepEqual(
      registries[0].ranges.map((r) => r.start),
      offsetsOf(text, REGISTRY),
    );
  });

  it("docker.withRegistry('https://…') with an ecr:<region>:<id> credential", () => {
    const host = '123456789012.dkr.ecr.eu-central-1.amazonaws.com';
    const text = `node {
  docker.withRegistry('https://${host}', 'ecr:eu-central-1:aws-jenkins') {
    docker.build('app').push('latest')
  }
}
`;
    assert.deepEqual(summary(text, inferEcrRegistries(text)), [
      { host, region: 'eu-central-1', placeholder: false, found: [host], credentialsIds: ['ecr:eu-central-1:aws-jenkins'] },
    ]);
  });

  it('sh "… --destination=…" with a GString tag', () => {
    const text = `node {
  sh "/kaniko/executor --dockerfile \`pwd\`/Dockerfile --context \`pwd\` --destination=${REGISTRY}/app:\${env.BUILD_ID}"
}
`;
    assert.deepEqual(
      summary(text, inferEcrRegistries(text)).map((r) => r.found),
      [[REGISTRY]],
    );
  });

  it("sh 'docker build -t 1234….amazonaws.com/app .'", () => {
    const host = '123456789012.dkr.ecr.ap-south-1.amazonaws.com';
    const text = `node {\n  sh 'docker build -t ${host}/app .'\n  sh 'docker push ${host}/app'\n}\n`;
    const [registry] = inferEcrRegistries(text);
    assert.equal(registry.host, host);
    assert.equal(registry.region, 'ap-south-1');
    assert.deepEqual(
      registry.ranges.map((r) => r.start),
      offsetsOf(text, host),
    );
  });

  it('scripted podTemplate with a Kaniko container', () => {
    const host = '123456789012.dkr-ecr.eu-west-1.on.aws';
    const text = `podTemplate(yaml: '''
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: kaniko
    image: gcr.io/kaniko-project/executor:debug
    command: ['/busybox/cat']
    tty: true
''') {
  node(POD_LABEL) {
    stage('Build') {
      container('kaniko') {
        sh """
          /kaniko/executor --context \$WORKSPACE \\
            --destination ${host}/app:\${BUILD_NUMBER}
        """
      }
    }
  }
}
`;
    const registries = inferEcrRegistries(text);
    assert.deepEqual(summary(text, registries), [{ host, region: 'eu-west-1', placeholder: false, found: [host], credentialsIds: [] }]);
    assert.equal(registries[0].dualStack, true);
  });

  it('ecr:eu-west-1:creds with a URL from a variable: a registry in that region, account to fill in', () => {
    const text = `node {\n  docker.withRegistry(env.REGISTRY_URL, 'ecr:eu-west-1:creds') {\n    sh 'docker push app'\n  }\n}\n`;
    assert.deepEqual(summary(text, inferEcrRegistries(text)), [
      {
        host: '<aws-account-id>.dkr.ecr.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
        placeholder: true,
        found: ['ecr:eu-west-1:creds'],
        credentialsIds: ['ecr:eu-west-1:creds'],
      },
    ]);
  });

  it('ecr:<region>:<id> fills in a placeholder region in the same call', () => {
    const text = `node {\n  docker.withRegistry("https://\${ACCOUNT}.dkr.ecr.\${REGION}.amazonaws.com", 'ecr:us-west-2:creds') { }\n}\n`;
    assert.deepEqual(summary(text, inferEcrRegistries(text)), [
      {
        host: '${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com',
        region: 'us-west-2',
        placeholder: true,
        found: ['${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com'],
        credentialsIds: ['ecr:us-west-2:creds'],
      },
    ]);
  });

  it('an ecr: id elsewhere joins the registry of the same region', () => {
    const text = `def creds = 'ecr:eu-west-1:creds'\nnode {\n  docker.withRegistry('https://${REGISTRY}', creds) { }\n}\n`;
    const registries = inferEcrRegistries(text);
    assert.equal(registries.length, 1);
    assert.deepEqual(registries[0].credentialsIds, ['ecr:eu-west-1:creds']);
  });

  it('an interpolated account id is a placeholder; the range maps to the source', () => {
    const text = `def registry = "\${env.AWS_ACCOUNT_ID}.dkr.ecr.eu-west-1.amazonaws.com"\n`;
    const [registry] = inferEcrRegistries(text);
    assert.equal(registry.host, '${env.AWS_ACCOUNT_ID}.dkr.ecr.eu-west-1.amazonaws.com');
    assert.equal(registry.placeholder, true);
    assert.equal(registry.region, 'eu-west-1');
    assert.equal(text.slice(registry.ranges[0].start, registry.ranges[0].end), registry.host);
  });

  it('several registries, in source order', () => {
    const a = '111111111111.dkr.ecr.us-east-1.amazonaws.com';
    const b = '222222222222.dkr.ecr.cn-north-1.amazonaws.com.cn';
    const text = `node {\n  sh 'docker pull ${b}/base'\n  sh 'docker push ${a}/app'\n  sh 'docker push ${b}/app'\n}\n`;
    assert.deepEqual(
      inferEcrRegistries(text).map((r) => r.host),
      [b, a],
    );
  });

  it('ignores comments, non-ECR registries and the ECR API endpoint', () => {
    const text = `// push to ${REGISTRY}
/* or ${REGISTRY} */
node {
  sh 'docker push ghcr.io/org/app'
  sh 'aws ecr get-login-password --region eu-west-1 | docker login --password-stdin https://api.ecr.eu-west-1.amazonaws.com'
  docker.withRegistry('https://index.docker.io/v1/', 'dockerhub') { }
}
`;
    assert.deepEqual(inferEcrRegistries(text), []);
  });

  it('never throws on broken Groovy, and still finds hosts in it', () => {
    const text = `pipeline {\n  stages {\n    stage('x' {\n      sh "docker push ${REGISTRY}/app\n`;
    const registries = inferEcrRegistries(text);
    assert.deepEqual(
      registries.map((r) => r.host),
      [REGISTRY],
    );
    assert.equal(text.slice(registries[0].ranges[0].start, registries[0].ranges[0].end), REGISTRY);
  });

  it('ECR Public counts where the file pushes or logs in to it, not where it pulls a public image', () => {
    const text = `podTemplate(yaml: '''
spec:
  containers:
  - name: tools
    image: public.ecr.aws/docker/library/alpine:3.20
''') {
  node(POD_LABEL) {
    sh 'docker build -t app --build-arg BASE=public.ecr.aws/docker/library/node:20 .'
    sh 'docker tag app public.ecr.aws/acme/app:1 && docker push public.ecr.aws/acme/app:1'
    sh "/kaniko/executor --destination ecr-public.aws.com/acme/app:2 --destination ${REGISTRY}/app:2"
  }
}
`;
    const registries = inferEcrRegistries(text);
    assert.deepEqual(
      registries.map((r) => [r.service, r.host, r.account, r.dualStack]),
      [
        ['ecr-public', 'public.ecr.aws', undefined, false],
        ['ecr-public', 'ecr-public.aws.com', undefined, true],
        ['ecr', REGISTRY, '123456789012', false],
      ],
    );
    const pushed = registries[0].ranges.map((r) => text.slice(r.start, r.end));
    assert.ok(pushed.length > 0 && pushed.every((found) => found.startsWith('public.ecr.aws/acme/app')), JSON.stringify(pushed));
  });

  it('a file that only pulls from ECR Public names no registry', () => {
    assert.deepEqual(inferEcrRegistries(`node { sh 'docker pull public.ecr.aws/docker/library/alpine' }\n`), []);
  });
});
