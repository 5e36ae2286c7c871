import assert from 'node:assert/strict';
import { GROOVY_PIPELINE_GLOB, isJenkinsfileDocument, jenkinsfileDocumentSelector } from '../../../client/src/documentSelector';

function doc(path: string, languageId: string, text = '', scheme = 'file') {
  return { languageId, uri: { scheme, path }, getText: () => text };
}

describe('client: which documents are served', () => {
  it('serves Jenkinsfiles by name in either language, and not the files the Jenkinsfile* pattern claims by mistake', () => {
    const table: Array<[path: string, language: string, served: boolean]> = [
      ['/r/Jenkinsfile', 'jenkinsfile', true],
      ['/r/Jenkinsfile', 'groovy', true],
      ['/r/ci/Jenkinsfile_k8s', 'jenkinsfile', true],
      ['/r/JenkinsFile', 'jenkinsfile', true],
      ['/r/Jenkinsfile.d/core/Jenkinsfile', 'jenkinsfile', true],
      ['/r/release.jenkinsfile', 'jenkinsfile', true],
      ['/r/Jenkinsfile.md', 'jenkinsfile', false],
      ['/r/Jenkinsfile.bak', 'jenkinsfile', false],
      ['/r/Jenkinsfile.txt', 'jenkinsfile', false],
      ['/r/Jenkinsfile.d/README.md', 'jenkinsfile', false],
      ['/r/build.pipeline', 'jenkinsfile', true],
    ];
    for (const [path, language, served] of table) assert.equal(isJenkinsfileDocument(doc(path, language, 'pipeline { }')), served, `${path} (${language})`);
  });

  it('serves a .groovy document only when its content is a pipeline', () => {
    assert.equal(isJenkinsfileDocument(doc('/r/ci/build.groovy', 'groovy', 'pipeline {\n  agent any\n}')), true);
    assert.equal(
      isJenkinsfileDocument(doc('/r/vars/buildImage.groovy', 'groovy', "def call() {\n  podTemplate(yaml: y) { node(POD_LABEL) { sh 'make' } }\n}")),
      true,
    );
    assert.equal(isJenkinsfileDocument(doc('/r/build.gradle.groovy', 'groovy', "plugins { id 'java' }")), false);
    assert.equal(isJenkinsfileDocument(doc('/r/src/Foo.groovy', 'groovy', '// pipeline {\nclass Foo {}')), false);
    assert.equal(isJenkinsfileDocument(doc('/r/jenkins/deploy.groovy', 'groovy', 'def x = 1')), true, 'jenkins/*.groovy is a pipeline by its folder');
  });

  it('serves untitled documents of the language, and the selector offers Groovy files to that check', () => {
    assert.equal(isJenkinsfileDocument(doc('Untitled-1', 'jenkinsfile', '', 'untitled')), true);
    assert.ok(jenkinsfileDocumentSelector().some((f) => f.language === 'groovy' && f.pattern === GROOVY_PIPELINE_GLOB && f.scheme === 'file'));
  });
});
