import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../server/src/cli/main';
import type { CliIo } from '../../../server/src/cli/io';
import { isGroovyPath, isJenkinsfilePath, looksLikePipeline } from '../../../server/src/shared/jenkinsfiles';
import { isPlainJenkinsfile } from '../../../server/src/cli/files';

// Names seen on real pipeline files (jenkins-infra, apache, ROCm, …) and their neighbours.
const IN = [
  'Jenkinsfile',
  'JenkinsFile',
  'jenkinsfile',
  'JENKINSFILE',
  'Jenkinsfile_k8s',
  'Jenkinsfile-PreCommit',
  'Jenkinsfile_unix_cpu',
  'JenkinsfileNightly',
  'Jenkinsfile.release',
  'Jenkinsfile.groovy',
  'ci/Jenkinsfile.prod',
  'build.jenkinsfile',
  'release.Jenkinsfile',
  'Jenkinsfile.d/core/package',
  'Jenkinsfile.d/core/Jenkinsfile',
  'Jenkinsfile.d/nightly.groovy',
  'jenkins/build.groovy',
  'jenkins/deploy',
  'C:\\repo\\Jenkinsfile_windows',
];
const OUT = [
  'Jenkinsfile.md',
  'Jenkinsfile.txt',
  'Jenkinsfile.bak',
  'Jenkinsfile.orig',
  'Jenkinsfile~',
  'Jenkinsfile.swp',
  'Jenkinsfile.json',
  'jenkinsfile.yaml',
  'README.md',
  'Dockerfile',
  'build.gradle',
  'ci/release.groovy', // a .groovy pipeline is one by its content, see below
  'Jenkinsfile.d/README.md',
  'jenkins/README.md',
  'jenkins/scripts/deploy.groovy', // only files directly in jenkins/
  'jenkins/plugins.txt',
  'src/JenkinsClient.java',
  'my-jenkinsfile-notes',
];

describe('shared/jenkinsfiles: which files are Jenkinsfiles', () => {
  for (const name of IN) it(`takes ${name}`, () => assert.equal(isJenkinsfilePath(name), true));
  for (const name of OUT) it(`leaves out ${name}`, () => assert.equal(isJenkinsfilePath(name), false));

  it('recognises .groovy files, whose content decides', () => {
    assert.equal(isGroovyPath('vars/buildImage.groovy'), true);
    assert.equal(isGroovyPath('ci/release.GROOVY'), true);
    assert.equal(isGroovyPath('Jenkinsfile'), false);
  });

  const PIPELINES = [
    'pipeline {\n  agent any\n}',
    "podTemplate(yaml: y) {\n  node(POD_LABEL) { sh 'make' }\n}",
    "node('linux') {\n  checkout scm\n}",
    "node {\n  sh 'make'\n}",
    'def call(Map config) {\n  pipeline {\n    agent any\n  }\n}',
    "@Library('lib') _\n\npipeline{\n}",
  ];
  const NOT_PIPELINES = [
    'class Helper implements Serializable {\n  def run(steps) { steps.sh "make" }\n}',
    'apply plugin: "java"\ndependencies { }',
    '// pipeline {\n/* node { */\ndef x = 1',
    'def nodeCount = nodes(3)',
    "println 'podTemplates: none'",
  ];
  for (const text of PIPELINES) it(`reads a pipeline: ${JSON.stringify(text.slice(0, 30))}`, () => assert.equal(looksLikePipeline(text), true));
  for (const text of NOT_PIPELINES) it(`reads no pipeline: ${JSON.stringify(text.slice(0, 30))}`, () => assert.equal(looksLikePipeline(text), false));

  it('reads a comment-heavy text in linear time', () => {
    const text = '/*'.repeat(200_000) + '//'.repeat(200_000);
    assert.equal(looksLikePipeline(text), false);
  });
});

describe('cli: check <dir> finds Jenkinsfiles by the same rule', () => {
  let dir: string;
  const run = async (argv: string[]) => {
    let stdout = '';
    const io: CliIo = { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: dir, version: '0' };
    const code = await main(argv, io);
    return { code, stdout };
  };
  const POD =
    "podTemplate(yaml: '''\nspec:\n  containers:\n  - name: dind\n    image: docker:dind\n    securityContext:\n      privileged: true\n''') {\n  node(POD_LABEL) { sh 'docker build .' }\n}\n";

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-names-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    write('Jenkinsfile_k8s', POD);
    write('Jenkinsfile.d/core/package', POD);
    write('Jenkinsfile.md', POD);
    write('ci/release.groovy', POD);
    write('src/Helper.groovy', 'class Helper { }\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const files = (json: string) => (JSON.parse(json) as Array<{ file: string }>).map((r) => r.file.split(path.sep).join('/')).sort();

  it('lints Jenkinsfile_k8s, Jenkinsfile.d/ files and .groovy pipelines, not Jenkinsfile.md nor a Groovy class', async () => {
    const { stdout } = await run(['check', '--format', 'json', '.']);
    assert.deepEqual(files(stdout), ['Jenkinsfile.d/core/package', 'Jenkinsfile_k8s', 'ci/release.groovy']);
  });

  it('leaves .groovy files out with --no-groovy', async () => {
    const { stdout } = await run(['check', '--format', 'json', '--no-groovy', '.']);
    assert.deepEqual(files(stdout), ['Jenkinsfile.d/core/package', 'Jenkinsfile_k8s']);
  });
});

describe("the CLI walk's shortcut for the name Jenkinsfile", () => {
  it('takes only what isJenkinsfilePath takes, in any folder', () => {
    const folders = ['', '/', '/repo', 'docs', 'x.md', 'jenkins', 'Jenkinsfile.d', 'C:\\work\\repo', '/a b/ä/日本'];
    for (const name of ['Jenkinsfile', 'jenkinsfile', 'Jenkinsfile.md', 'Jenkinsfile~', 'README.md', 'JenkinsFile']) {
      for (const folder of folders) {
        for (const sep of ['/', '\\']) {
          const full = folder === '' ? name : `${folder.replace(/[\\/]$/, '')}${sep}${name}`;
          if (isPlainJenkinsfile(name)) assert.equal(isJenkinsfilePath(full), true, full);
        }
      }
      assert.equal(isPlainJenkinsfile(name), name === 'Jenkinsfile');
    }
  });
});
