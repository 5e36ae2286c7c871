/**
 * Issue #12 item 6: a pod in a `yamlFile` is migrated in that file too. `jenkinsfile-kaniko fix`
 * writes both files (atomically, bytes that are not UTF-8 and line endings kept), `--diff` shows
 * both, `--stdout` skips such a pod; the file is read and written only inside the repository root
 * it is read from, never through a symbolic link that leaves it. Real files on disk, the real CLI.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../server/src/cli/main';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import { createNodeHost, DEFAULT_SETTINGS, JenkinsfileLanguageService, resolveInsideRoot } from '../../../server/src/service';
import { judgeKubernetes, kubeErrorsText } from '../../judges/kubernetes';
import { REPO_ROOT } from '../robustness/corpus';

const IMAGE = 'ghcr.io/osscontainertools/kaniko:v1.28.3-debug';
const NOBODY = 65534;

const JENKINSFILE = `pipeline {
  agent {
    kubernetes {
      yamlFile 'ci/build-pod.yaml'
    }
  }
  stages {
    stage('Build image') {
      steps {
        container('docker') {
          sh 'docker build -t registry.example.com/shop/cart:$GIT_COMMIT .'
          sh 'docker push registry.example.com/shop/cart:$GIT_COMMIT'
        }
      }
    }
  }
}
`;

const POD = `# Build pod of the shop (café team)
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: docker
    image: docker:24-dind
    securityContext:
      privileged: true
    env:
    - name: DOCKER_TLS_CERTDIR
      value: ""
  - name: node
    image: node:20
    command:
    - cat
    tty: true
`;

async function fix(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['fix', '--kaniko-image', IMAGE, ...argv], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, version: '0.0.0' });
  return { code, stdout, stderr };
}

/** A repository: `.git`, the Jenkinsfile in `jobs/shop/` and the pod at `ci/build-pod.yaml` from the root, where Jenkins reads it. */
function repository(root: string, pod: string | Buffer = POD): { jenkinsfile: string; pod: string } {
  fs.mkdirSync(path.join(root, '.git'), { recursive: true });
  fs.mkdirSync(path.join(root, 'jobs', 'shop'), { recursive: true });
  fs.mkdirSync(path.join(root, 'ci'), { recursive: true });
  const files = { jenkinsfile: path.join(root, 'jobs', 'shop', 'Jenkinsfile'), pod: path.join(root, 'ci', 'build-pod.yaml') };
  fs.writeFileSync(files.jenkinsfile, JENKINSFILE);
  fs.writeFileSync(files.pod, pod);
  return files;
}

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'));
}

describe('yamlFile pods: the migration edits the pod file too (#12 item 6)', function () {
  this.timeout(60_000);
  let dir: string;
  let root: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-yamlfile-'));
    root = path.join(dir, 'repo');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fix writes the Jenkinsfile and the yamlFile read from the repository root; a second run changes nothing', async () => {
    const files = repository(root);
    const { code, stderr } = await fix(path.join(root, 'jobs', 'shop'), 'Jenkinsfile');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /^Jenkinsfile:8: migrated stage 'Build image' to Kaniko\. .*the pod in ci\/build-pod\.yaml \(yamlFile\) is edited too/m);
    assert.match(
      stderr,
      /\n  - ci\/build-pod\.yaml is a file of its own: other Jenkinsfiles .* that use it as their yamlFile get the 'kaniko' container instead of 'docker'/,
    );
    const jenkinsfile = fs.readFileSync(files.jenkinsfile, 'utf8');
    const pod = fs.readFileSync(files.pod, 'utf8');
    assert.match(
      jenkinsfile,
      /container\('kaniko'\) \{\n {10}sh '\/kaniko\/executor --dockerfile `pwd`\/Dockerfile --context `pwd` --destination=registry\.example\.com\/shop\/cart:\$GIT_COMMIT'\n/,
    );
    assert.doesNotMatch(jenkinsfile, /docker (build|push)|container\('docker'\)/);
    // The pod: Kaniko where the daemon was, everything else byte for byte.
    assert.equal(
      pod,
      POD.replace(
        '  - name: docker\n    image: docker:24-dind\n    securityContext:\n      privileged: true\n    env:\n    - name: DOCKER_TLS_CERTDIR\n      value: ""\n',
        `  - name: kaniko\n    image: ${IMAGE}\n    command:\n    - /busybox/cat\n    tty: true\n    volumeMounts:\n    - name: jenkins-docker-cfg\n      mountPath: /kaniko/.docker\n`,
      ) +
        '  volumes:\n  - name: jenkins-docker-cfg\n    projected:\n      sources:\n      - secret:\n          name: regcred\n          items:\n          - key: .dockerconfigjson\n            path: config.json\n',
    );
    const [verdict] = judgeKubernetes([{ name: 'ci/build-pod.yaml', yaml: pod, defaultKind: 'Pod' }]);
    assert.ok(verdict.valid, kubeErrorsText(verdict));
    assert.deepEqual([...leftovers(path.join(root, 'ci')), ...leftovers(path.join(root, 'jobs', 'shop'))], []);

    const again = await fix(path.join(root, 'jobs', 'shop'), 'Jenkinsfile');
    assert.equal(again.code, 0, again.stderr);
    assert.equal(fs.readFileSync(files.jenkinsfile, 'utf8'), jenkinsfile);
    assert.equal(fs.readFileSync(files.pod, 'utf8'), pod);
  });

  it('--diff shows both files, paths as seen from the working directory, and writes nothing', async () => {
    const files = repository(root);
    const { code, stdout } = await fix(root, '--diff', 'jobs/shop/Jenkinsfile');
    assert.equal(code, 0);
    assert.match(stdout, /^--- a\/jobs\/shop\/Jenkinsfile\n\+\+\+ b\/jobs\/shop\/Jenkinsfile\n/);
    assert.match(stdout, /\n--- a\/ci\/build-pod\.yaml\n\+\+\+ b\/ci\/build-pod\.yaml\n@@ [^\n]+\n(.*\n)*-  - name: docker\n(.*\n)*\+  - name: kaniko\n/);
    assert.equal(fs.readFileSync(files.jenkinsfile, 'utf8'), JENKINSFILE);
    assert.equal(fs.readFileSync(files.pod, 'utf8'), POD);
  });

  it('keeps CRLF line endings and bytes that are not UTF-8 in the pod file', async () => {
    // A Latin-1 é (0xE9) in the comment: not UTF-8.
    const crlf = Buffer.from(POD.replace(/\n/g, '\r\n').replace('café', 'caf\u0000'), 'utf8');
    crlf[crlf.indexOf(0)] = 0xe9;
    const files = repository(root, crlf);
    const { code, stderr } = await fix(path.join(root, 'jobs', 'shop'), 'Jenkinsfile');
    assert.equal(code, 0, stderr);
    const after = fs.readFileSync(files.pod);
    // The comment line, foreign byte included, is as it was; every line ends in CRLF, none in a bare LF.
    assert.deepEqual(after.subarray(0, crlf.indexOf(0x0a) + 1), crlf.subarray(0, crlf.indexOf(0x0a) + 1));
    const text = after.toString('latin1');
    assert.equal(text.split('\r\n').length - 1, text.split('\n').length - 1, 'a line ends in a bare LF');
    assert.match(text, /\r\n  - name: kaniko\r\n    image: [^\r\n]+\r\n    command:\r\n    - \/busybox\/cat\r\n/);
  });

  it('never reads or writes a yamlFile whose symbolic link leads out of the repository', async () => {
    const files = repository(root);
    const outside = path.join(dir, 'elsewhere.yaml');
    fs.writeFileSync(outside, POD);
    fs.rmSync(files.pod);
    fs.symlinkSync(outside, files.pod);
    const { stderr } = await fix(path.join(root, 'jobs', 'shop'), 'Jenkinsfile');
    assert.doesNotMatch(stderr, /migrated/);
    assert.equal(fs.readFileSync(outside, 'utf8'), POD);
    assert.equal(fs.readFileSync(files.jenkinsfile, 'utf8'), JENKINSFILE);
    assert.ok(fs.lstatSync(files.pod).isSymbolicLink());
    // The resolver the writes go through refuses it, as it refuses `..`.
    assert.match(JSON.stringify(resolveInsideRoot(root, 'ci/build-pod.yaml')), /"refused":".*outside/);
    assert.match(JSON.stringify(resolveInsideRoot(root, '../elsewhere.yaml')), /"refused":".*outside/);
    assert.match(JSON.stringify(resolveInsideRoot(root, outside)), /"refused":".*not a path relative/);
  });

  it('writes through a symbolic link that stays inside the repository, and keeps the link', async () => {
    const files = repository(root);
    const shared = path.join(root, 'shared', 'pod.yaml');
    fs.mkdirSync(path.dirname(shared));
    fs.renameSync(files.pod, shared);
    fs.symlinkSync('../shared/pod.yaml', files.pod);
    const { code, stderr } = await fix(path.join(root, 'jobs', 'shop'), 'Jenkinsfile');
    assert.equal(code, 0, stderr);
    assert.ok(fs.lstatSync(files.pod).isSymbolicLink(), 'the link was replaced by a file');
    assert.match(fs.readFileSync(shared, 'utf8'), /- name: kaniko\n/);
  });

  it('a pod file swapped for a link out of the repository after it was read is refused at write time', () => {
    const files = repository(root);
    const before = resolveInsideRoot(root, 'ci/build-pod.yaml');
    assert.ok('path' in before && before.path === fs.realpathSync(files.pod));
    const outside = path.join(dir, 'elsewhere.yaml');
    fs.writeFileSync(outside, POD);
    fs.rmSync(files.pod);
    fs.symlinkSync(outside, files.pod);
    // fix asks again just before it writes (cli/fix.ts writeTogether) and compares the answer.
    assert.ok('refused' in resolveInsideRoot(root, 'ci/build-pod.yaml'));
  });

  it('when the Jenkinsfile cannot be written, the pod file gets its old bytes back (exit 2, nothing reported migrated)', function () {
    // Root may write anything: the CLI runs as nobody in a child process.
    const asRoot = process.getuid?.() === 0;
    const probe = asRoot ? spawnSync('setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', 'true']) : undefined;
    if (probe && probe.status !== 0) {
      console.log(`      skipped: running as root and 'setpriv' cannot switch to uid ${NOBODY}`);
      this.skip();
    }
    const files = repository(root);
    fs.chmodSync(files.jenkinsfile, 0o444);
    if (asRoot)
      for (const entry of [dir, root, path.join(root, 'ci'), path.join(root, 'jobs'), path.join(root, 'jobs', 'shop'), files.jenkinsfile, files.pod])
        fs.chownSync(entry, NOBODY, NOBODY);
    const cli = [path.join(REPO_ROOT, 'bin', 'jenkinsfile-kaniko.js'), 'fix', '--kaniko-image', IMAGE, 'Jenkinsfile'];
    const command = asRoot ? 'setpriv' : process.execPath;
    const args = asRoot ? [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, ...cli] : cli;
    const result = spawnSync(command, args, { cwd: path.join(root, 'jobs', 'shop'), encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^Jenkinsfile: error: not written: permission denied \(EACCES\); the files are unchanged$/m);
    assert.doesNotMatch(result.stderr, /migrated/);
    assert.equal(fs.readFileSync(files.pod, 'utf8'), POD);
    assert.equal(fs.readFileSync(files.jenkinsfile, 'utf8'), JENKINSFILE);
    assert.deepEqual(leftovers(path.join(root, 'ci')), []);
  });

  it('the code action is one WorkspaceEdit of both files, each under its own change annotation, equal to what fix writes', async () => {
    const files = repository(root);
    const uri = pathToFileURL(files.jenkinsfile).href;
    const settings = { ...DEFAULT_SETTINGS, kanikoImage: IMAGE, rules: {} };
    const service = new JenkinsfileLanguageService(createNodeHost());
    const at = { line: 10, character: 12 };
    const actions = service.codeActions(
      { uri, text: JENKINSFILE, version: 3 },
      { start: at, end: at },
      { diagnostics: [], only: ['refactor.rewrite'] },
      settings,
    );
    const action = actions.find((a: CodeAction) => a.title === "Migrate stage 'Build image' to Kaniko");
    assert.ok(action?.edit?.documentChanges, JSON.stringify(actions.map((a) => a.title)));
    const changes = action.edit.documentChanges as TextDocumentEdit[];
    const podUri = pathToFileURL(fs.realpathSync(files.pod)).href;
    assert.deepEqual(
      changes.map((c) => [c.textDocument.uri, c.textDocument.version]),
      [
        [uri, 3],
        [podUri, null],
      ],
    );
    const annotations = action.edit.changeAnnotations!;
    const ids = changes.map((c) => new Set(c.edits.map((e) => ('annotationId' in e ? e.annotationId : undefined))));
    assert.deepEqual(
      ids.map((set) => set.size),
      [1, 1],
    );
    const [jenkinsfileId, podId] = ids.map((set) => [...set][0]!);
    assert.notEqual(jenkinsfileId, podId);
    assert.match(annotations[jenkinsfileId].label, /^Migrate stage 'Build image' to Kaniko: the Jenkinsfile/);
    assert.equal(annotations[podId].label, "Migrate stage 'Build image' to Kaniko: the pod in ci/build-pod.yaml (yamlFile)");
    assert.match(annotations[jenkinsfileId].description ?? '', /\nNext steps:\n- ci\/build-pod\.yaml is a file of its own: other Jenkinsfiles/);
    assert.match(
      annotations[podId].description ?? '',
      /This file may be shared: other Jenkinsfiles \(or branches\) that name it as their yamlFile get the migrated pod too/,
    );
    assert.ok(Object.values(annotations).every((a) => a.needsConfirmation === false));
    // Applied to both texts, it gives exactly what fix writes.
    const apply = (text: string, change: TextDocumentEdit) =>
      TextDocument.applyEdits(
        TextDocument.create(change.textDocument.uri, 'x', 0, text),
        change.edits.filter((e): e is TextEdit => 'newText' in e),
      );
    const viaAction = [apply(JENKINSFILE, changes[0]), apply(POD, changes[1])];
    const { code } = await fix(path.join(root, 'jobs', 'shop'), 'Jenkinsfile');
    assert.equal(code, 0);
    assert.deepEqual(viaAction, [fs.readFileSync(files.jenkinsfile, 'utf8'), fs.readFileSync(files.pod, 'utf8')]);
  });

  it('without a file system to write the pod file (a host that only reads), the action is shown disabled with the reason', () => {
    repository(root);
    const service = new JenkinsfileLanguageService({ readYamlFile: (_uri, relative) => (relative === 'ci/build-pod.yaml' ? POD : undefined) });
    const at = { line: 10, character: 12 };
    const actions = service.codeActions(
      { uri: 'untitled:Jenkinsfile', text: JENKINSFILE, version: 1 },
      { start: at, end: at },
      { diagnostics: [], only: ['refactor.rewrite'] },
      { ...DEFAULT_SETTINGS, rules: {} },
    );
    const action = actions.find((a) => a.title === "Migrate stage 'Build image' to Kaniko");
    assert.equal(action?.edit, undefined);
    assert.match(action?.disabled?.reason ?? '', /the pod is in ci\/build-pod\.yaml, which cannot be edited from here/);
  });
  it('two pods of one Jenkinsfile sharing one yamlFile: both stages are migrated as one unit, the pod file written once, each build without --cleanup (its own pod)', async () => {
    const files = repository(root);
    const twoStages = `pipeline {
  agent none
  stages {
${['api', 'web']
  .map(
    (name) => `    stage('${name}') {
      agent {
        kubernetes {
          yamlFile 'ci/build-pod.yaml'
        }
      }
      steps {
        container('docker') {
          sh 'docker build -t registry.example.com/shop/${name}:$GIT_COMMIT ${name}'
          sh 'docker push registry.example.com/shop/${name}:$GIT_COMMIT'
        }
      }
    }
`,
  )
  .join('')}  }
}
`;
    fs.writeFileSync(files.jenkinsfile, twoStages);
    const { code, stderr } = await fix(path.join(root, 'jobs', 'shop'), 'Jenkinsfile');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /^Jenkinsfile:1: migrated pod 'ci\/build-pod\.yaml' to Kaniko\..* 2 builds → \/kaniko\/executor with 2 destinations/m);
    assert.doesNotMatch(stderr, /skipped/);
    const jenkinsfile = fs.readFileSync(files.jenkinsfile, 'utf8');
    for (const name of ['api', 'web']) {
      assert.ok(
        jenkinsfile.includes(
          `        container('kaniko') {\n          sh '/kaniko/executor --dockerfile \`pwd\`/${name}/Dockerfile --context \`pwd\`/${name} --destination=registry.example.com/shop/${name}:$GIT_COMMIT'\n        }`,
        ),
        jenkinsfile,
      );
    }
    assert.equal(jenkinsfile.split("yamlFile 'ci/build-pod.yaml'").length, 3);
    const pod = fs.readFileSync(files.pod, 'utf8');
    assert.equal(pod.split('- name: kaniko\n').length, 2);
    assert.doesNotMatch(pod, /privileged|dind/);
  });

  it("the quick fix on the second stage's pod is the whole unit: both stages and one pod file edit, as fix writes them", async () => {
    const files = repository(root);
    const stage = (name: string, command: string) => `    stage('${name}') {
      agent {
        kubernetes {
          yamlFile 'ci/build-pod.yaml'
        }
      }
      steps {
        container('docker') {
          sh '${command}'
        }
      }
    }
`;
    const text = `pipeline {\n  agent none\n  stages {\n${stage('Build', 'docker build -t registry.example.com/shop/cart:$GIT_COMMIT .')}${stage('Push', 'docker push registry.example.com/shop/cart:$GIT_COMMIT')}  }\n}\n`;
    fs.writeFileSync(files.jenkinsfile, text);
    const uri = pathToFileURL(files.jenkinsfile).href;
    const settings = { ...DEFAULT_SETTINGS, kanikoImage: IMAGE, rules: {} };
    const service = new JenkinsfileLanguageService(createNodeHost());
    // The Push stage's `yamlFile` line, where the pod's findings are shown.
    const line = text.split('\n').findIndex((l, i) => i > text.split('\n').findIndex((m) => m.includes("stage('Push')")) && l.includes('yamlFile'));
    const actions = service.codeActions(
      { uri, text, version: 1 },
      { start: { line, character: 20 }, end: { line, character: 20 } },
      { diagnostics: [], only: ['quickfix'] },
      settings,
    );
    const action = actions.find((a: CodeAction) => a.title === "Migrate pod 'ci/build-pod.yaml' to Kaniko");
    assert.ok(action?.edit?.documentChanges, JSON.stringify(actions.map((a) => a.title)));
    const changes = action.edit.documentChanges as TextDocumentEdit[];
    assert.equal(changes.length, 2);
    const apply = (before: string, change: TextDocumentEdit) =>
      TextDocument.applyEdits(
        TextDocument.create(change.textDocument.uri, 'x', 0, before),
        change.edits.filter((e): e is TextEdit => 'newText' in e),
      );
    const jenkinsfile = apply(text, changes[0]);
    const pod = apply(POD, changes[1]);
    const { code, stderr } = await fix(path.join(root, 'jobs', 'shop'), 'Jenkinsfile');
    assert.equal(code, 0, stderr);
    assert.equal(fs.readFileSync(files.jenkinsfile, 'utf8'), jenkinsfile);
    assert.equal(fs.readFileSync(files.pod, 'utf8'), pod);
    assert.match(jenkinsfile, /sh '\/kaniko\/executor [^']*--destination=registry\.example\.com\/shop\/cart:\$GIT_COMMIT'/);
    assert.doesNotMatch(jenkinsfile, /docker (build|push)/);
  });

  it("yaml readTrusted('…') is a pod file like yamlFile: fix writes both files, read and written from the repository root", async () => {
    const files = repository(root);
    fs.writeFileSync(files.jenkinsfile, JENKINSFILE.replace("yamlFile 'ci/build-pod.yaml'", "yaml readTrusted('ci/build-pod.yaml')"));
    const { code, stderr } = await fix(path.join(root, 'jobs', 'shop'), 'Jenkinsfile');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /the pod in ci\/build-pod\.yaml \(yamlFile\) is edited too/);
    const jenkinsfile = fs.readFileSync(files.jenkinsfile, 'utf8');
    assert.match(jenkinsfile, /yaml readTrusted\('ci\/build-pod\.yaml'\)/);
    assert.match(jenkinsfile, /container\('kaniko'\) \{\n {10}sh '\/kaniko\/executor /);
    const pod = fs.readFileSync(files.pod, 'utf8');
    assert.match(pod, /- name: kaniko\n/);
    assert.doesNotMatch(pod, /privileged|dind/);
    const [verdict] = judgeKubernetes([{ name: 'ci/build-pod.yaml', yaml: pod, defaultKind: 'Pod' }]);
    assert.ok(verdict.valid, kubeErrorsText(verdict));
  });

  it('a pod file open in the editor: the edit carries its version; a buffer that differs from what was planned is refused with the reason', () => {
    const files = repository(root);
    const podPath = fs.realpathSync(files.pod);
    const podUri = 'file:///client/spelling/of/build-pod.yaml';
    const unsaved = `# unsaved\n${POD}`;
    let buffer = unsaved;
    const host = createNodeHost(undefined, { openFile: (file) => (file === podPath ? { uri: podUri, text: buffer, version: 9 } : undefined) });
    const service = new JenkinsfileLanguageService(host);
    const uri = pathToFileURL(files.jenkinsfile).href;
    const at = { line: 10, character: 12 };
    const actionsFor = (version: number) =>
      service.codeActions(
        { uri, text: JENKINSFILE, version },
        { start: at, end: at },
        { diagnostics: [], only: ['refactor.rewrite'] },
        { ...DEFAULT_SETTINGS, rules: {} },
      );
    const action = actionsFor(1).find((a) => a.title === "Migrate stage 'Build image' to Kaniko");
    const podChange = (action?.edit?.documentChanges as TextDocumentEdit[] | undefined)?.find((c) => c.textDocument.uri === podUri);
    assert.equal(podChange?.textDocument.version, 9, JSON.stringify(action));
    const applied = TextDocument.applyEdits(
      TextDocument.create(podUri, 'yaml', 9, unsaved),
      podChange.edits.filter((e): e is TextEdit => 'newText' in e),
    );
    assert.match(applied, /^# unsaved\n# Build pod of the shop \(café team\)\napiVersion: v1\n(.*\n)*  - name: kaniko\n/);
    // The buffer changes after the plan was made (the analysis of this Jenkinsfile version is cached).
    buffer = `# typed since\n${unsaved}`;
    const refused = actionsFor(1).find((a) => a.title === "Migrate stage 'Build image' to Kaniko");
    assert.equal(refused?.edit, undefined);
    assert.match(refused?.disabled?.reason ?? '', /ci\/build-pod\.yaml is open in the editor with text other than the migration was planned from/);
  });
});
