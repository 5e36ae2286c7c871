import assert from 'node:assert/strict';
import { judgeKubernetes, kubeErrorsText, type KubeVerdict } from './kubernetes';

describe('judge: Kubernetes v1 schema (kubernetes-models + strict fields)', function () {
  // One TypeScript program for the file's whole batch: a couple of seconds on a loaded machine.
  this.timeout(60_000);

  const kanikoPod = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: kaniko
    image: gcr.io/kaniko-project/executor:debug
    command: [/busybox/cat]
    tty: true
    volumeMounts:
    - name: docker-config
      mountPath: /kaniko/.docker
  volumes:
  - name: docker-config
    configMap:
      name: docker-config
`;
  const inputs = {
    good: { yaml: kanikoPod },
    // The Jenkins Kubernetes plugin's pod YAML often names no kind: it is a Pod.
    'plugin pod without kind': { yaml: kanikoPod.replace('apiVersion: v1\nkind: Pod\n', ''), defaultKind: 'Pod' as const },
    'configmap and service account': {
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: docker-config\ndata:\n  config.json: |\n    { "credsStore": "ecr-login" }\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: kaniko\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/kaniko\n',
    },
    secret: {
      yaml: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: "{}"\n',
    },
    'quantity as number': { yaml: kanikoPod.replace('    tty: true\n', '    tty: true\n    resources:\n      limits:\n        cpu: 1\n        memory: 2Gi\n') },
    'wrong type': { yaml: kanikoPod.replace('tty: true', 'tty: "yes"') },
    'missing container name': { yaml: kanikoPod.replace('  - name: kaniko\n    image', '  - image') },
    'unknown field': { yaml: kanikoPod.replace('    volumeMounts:', '    volumeMount:') },
    'empty volumeMounts key': {
      yaml: kanikoPod.replace(/    volumeMounts:\n    - name: docker-config\n      mountPath: \/kaniko\/.docker\n/, '    volumeMounts:\n'),
    },
    'unknown kind': { yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n' },
    'broken YAML': { yaml: 'spec:\n  containers: [\n', defaultKind: 'Pod' as const },
    'configmap data not a string': {
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: docker-config\ndata:\n  config.json:\n    credsStore: ecr-login\n',
    },
  };
  let verdicts: Map<string, KubeVerdict>;

  before(() => {
    const list = Object.entries(inputs).map(([name, input]) => ({ name, ...input }));
    verdicts = new Map(judgeKubernetes(list).map((v) => [v.name, v]));
  });

  const valid = (name: keyof typeof inputs) => it(`accepts: ${name}`, () => assert.ok(verdicts.get(name)!.valid, kubeErrorsText(verdicts.get(name)!)));
  const invalid = (name: keyof typeof inputs, path: string, message: RegExp) =>
    it(`rejects: ${name}`, () => {
      const verdict = verdicts.get(name)!;
      assert.equal(verdict.valid, false);
      assert.ok(
        verdict.errors.some((e) => e.path === path && message.test(e.message)),
        `expected an error at '${path}' matching ${message}, got:\n${kubeErrorsText(verdict)}`,
      );
    });

  valid('good');
  valid('plugin pod without kind');
  valid('configmap and service account');
  valid('secret');
  valid('quantity as number');
  invalid('wrong type', '', /tty must be boolean/);
  invalid('missing container name', '', /must have required property name/);
  invalid('unknown field', '/spec/containers/0/volumeMount', /volumeMount.*does not exist/);
  invalid('empty volumeMounts key', '/spec/containers/0/volumeMounts', /null value/);
  invalid('unknown kind', '', /not a v1 Pod/);
  invalid('broken YAML', '', /^YAML: /);
  invalid('configmap data not a string', '', /must be string/);
});
