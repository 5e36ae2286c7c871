import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateEcrConfigMap } from '../../../server/src/configmap';
import { createNodeHost, DEFAULT_SETTINGS, JenkinsfileLanguageService } from '../../../server/src/service';

const KANIKO_POD = `pipeline {
  agent { kubernetes { yaml '''
spec:
  containers:
  - name: kaniko
    image: gcr.io/kaniko-project/executor:v1.24.0-debug
    command: [/busybox/cat]
    tty: true
    volumeMounts:
    - name: docker-config
      mountPath: /kaniko/.docker
  volumes:
  - name: docker-config
    configMap:
      name: docker-config
''' } }
  stages { stage('Build') { steps { container('kaniko') { sh '/kaniko/executor --context . --destination 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1' } } } }
}
`;

describe('service: "Generate ECR ConfigMap" code lens on a Kaniko pod', () => {
  let dir: string;
  let uri: string;
  const host = createNodeHost();
  const service = new JenkinsfileLanguageService(host);
  const lensesNow = () =>
    service.codeLenses({ uri, text: KANIKO_POD, version: 1 }, DEFAULT_SETTINGS).filter((l) => l.command?.command === 'jenkinsfileKaniko.generateEcrConfigMap');
  /** The folder is scanned in the background: no lens until the answer is known, then the answer. */
  const lenses = async () => {
    assert.deepEqual(lensesNow(), []);
    await host.settled();
    return lensesNow();
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-lens-'));
    fs.writeFileSync(path.join(dir, 'Jenkinsfile'), KANIKO_POD);
    uri = pathToFileURL(path.join(dir, 'Jenkinsfile')).href;
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is offered above the ConfigMap volume when no YAML file defines it', async () => {
    const [lens, ...rest] = await lenses();
    assert.equal(rest.length, 0);
    assert.deepEqual(lens.command?.arguments, [{ uri, name: 'docker-config' }]);
    assert.equal(KANIKO_POD.split('\n')[lens.range.start.line].trim(), '- name: docker-config');
    assert.ok(KANIKO_POD.split('\n')[lens.range.start.line - 1].includes('volumes:'));
  });

  it('is not offered once a YAML file in the folder tree defines the ConfigMap', async () => {
    fs.mkdirSync(path.join(dir, 'k8s'));
    fs.writeFileSync(
      path.join(dir, 'k8s', 'kaniko-docker-config.yaml'),
      generateEcrConfigMap({ registries: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com'] }).yaml,
    );
    assert.deepEqual(await lenses(), []);
  });

  it('is offered when the YAML nearby defines a ConfigMap of another name', async () => {
    fs.writeFileSync(
      path.join(dir, 'other.yaml'),
      generateEcrConfigMap({ registries: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com'], name: 'other-config' }).yaml,
    );
    assert.equal((await lenses()).length, 1);
  });

  it('is not offered for unsaved documents, or with code lenses turned off', () => {
    assert.equal(
      service
        .codeLenses({ uri: 'untitled:Jenkinsfile', text: KANIKO_POD }, DEFAULT_SETTINGS)
        .filter((l) => l.command?.command === 'jenkinsfileKaniko.generateEcrConfigMap').length,
      0,
    );
    assert.deepEqual(service.codeLenses({ uri, text: KANIKO_POD }, { ...DEFAULT_SETTINGS, codeLens: false }), []);
  });
});
