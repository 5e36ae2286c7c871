/**
 * `fixText`'s bookkeeping of the other files (`yamlFile` pods) its migrations edit: one map of the
 * files as edited so far serves every re-parse, and the outcome lists each file once, with its
 * text before the first migration and after the last.
 */
import * as assert from 'node:assert/strict';
import type { JenkinsModel } from '../../../server/src/model';
import { fixText } from '../../../server/src/fixes';
import { fixSettings, modelBuilder } from './helpers';

const pod = (name: string) => `# ${name}
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: docker
    image: docker:24-dind
    securityContext:
      privileged: true
`;

const stage = (name: string) => `    stage('${name}') {
      agent {
        kubernetes {
          yamlFile 'ci/${name}.yaml'
        }
      }
      steps {
        container('docker') {
          sh 'docker build -t registry.example.com/${name}:1 .'
          sh 'docker push registry.example.com/${name}:1'
        }
      }
    }
`;

const JENKINSFILE = `pipeline {
  agent none
  stages {
${stage('api')}${stage('web')}  }
}
`;

describe('fixText: the files its migrations edit', () => {
  it('hands every re-parse one map of the files as edited so far (not a copy per migrated unit), and lists each file once', () => {
    const disk = new Map([
      ['ci/api.yaml', pod('api')],
      ['ci/web.yaml', pod('web')],
    ]);
    const build = modelBuilder((path) => disk.get(path));
    const seen: Array<{ map: ReadonlyMap<string, string>; paths: string[] }> = [];
    const outcome = fixText(JENKINSFILE, fixSettings(), (text, files): JenkinsModel => {
      seen.push({ map: files, paths: [...files.keys()] });
      return build(text, files);
    });
    assert.equal(outcome.error, undefined);
    assert.deepEqual(
      outcome.migrated.map((unit) => unit.stage),
      ['api', 'web'],
    );
    // The first parse, then one after each migrated stage, each seeing the pods edited before it.
    assert.deepEqual(
      seen.map((call) => call.paths),
      [[], ['ci/api.yaml'], ['ci/api.yaml', 'ci/web.yaml']],
    );
    assert.ok(
      seen.every((call) => call.map === seen[0].map),
      'one map, updated in place',
    );
    assert.deepEqual(
      outcome.files.map((file) => [file.path, file.before]),
      [
        ['ci/api.yaml', pod('api')],
        ['ci/web.yaml', pod('web')],
      ],
    );
    for (const file of outcome.files) {
      assert.equal(seen[0].map.get(file.path), file.after);
      assert.match(file.after, /- name: kaniko\n/);
    }
  });
});
