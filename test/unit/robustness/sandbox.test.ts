/**
 * A Jenkinsfile is data, never code: `yamlFile` reads only inside the Jenkinsfile's own folder
 * tree (no `..`, no absolute path, no symlink out), and nothing in it is executed — not its
 * `sh` steps, not its GString interpolations, not anything the CLI or the service is given.
 */
import assert from 'node:assert/strict';
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildModel } from '../../../server/src/model';
import { createNodeHost, DEFAULT_SETTINGS, JenkinsfileLanguageService, readYamlFileInside } from '../../../server/src/service';
import { REPO_ROOT } from './corpus';

const DIND_POD = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: dind
    image: docker:dind
    securityContext:
      privileged: true
`;
const SECRET = 'top-secret: do not read\n';

function jenkinsfileWithYamlFile(relativePath: string): string {
  return `pipeline {
  agent {
    kubernetes {
      yamlFile '${relativePath.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'
    }
  }
  stages {
    stage('Build') {
      steps {
        container('dind') {
          sh 'docker build -t app .'
        }
      }
    }
  }
}
`;
}

/**
 * tmp/
 *   secret.yaml, outside-pod.yaml                         (outside the Jenkinsfile's tree)
 *   repo/ci/Jenkinsfile, pod.yaml, sub/pod.yaml, big.yaml (inside)
 *   repo/ci/link-out.yaml → ../../outside-pod.yaml        (symlink out)
 *   repo/ci/link-dir → tmp/                               (directory symlink out)
 *   repo/ci/link-in.yaml → sub/pod.yaml                   (symlink that stays inside)
 *   repo/alias → ci                                       (the Jenkinsfile reached through a symlinked folder)
 */
function makeTree(): { root: string; ci: string; jenkinsfile: string } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jka-sandbox-')));
  const ci = path.join(root, 'repo', 'ci');
  fs.mkdirSync(path.join(ci, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'secret.yaml'), SECRET);
  fs.writeFileSync(path.join(root, 'outside-pod.yaml'), DIND_POD);
  fs.writeFileSync(path.join(ci, 'pod.yaml'), DIND_POD);
  fs.writeFileSync(path.join(ci, 'sub', 'pod.yaml'), DIND_POD);
  fs.writeFileSync(path.join(ci, 'big.yaml'), DIND_POD + '#'.repeat(2 * 1024 * 1024));
  const jenkinsfile = path.join(ci, 'Jenkinsfile');
  fs.writeFileSync(jenkinsfile, jenkinsfileWithYamlFile('pod.yaml'));
  fs.symlinkSync(path.join('..', '..', 'outside-pod.yaml'), path.join(ci, 'link-out.yaml'));
  fs.symlinkSync(root, path.join(ci, 'link-dir'), 'dir');
  fs.symlinkSync(path.join('sub', 'pod.yaml'), path.join(ci, 'link-in.yaml'));
  fs.symlinkSync('ci', path.join(root, 'repo', 'alias'), 'dir');
  return { root, ci, jenkinsfile };
}

describe('robustness: yamlFile stays inside the Jenkinsfile folder tree', () => {
  let tree: ReturnType<typeof makeTree>;
  before(() => (tree = makeTree()));
  after(() => fs.rmSync(tree.root, { recursive: true, force: true }));

  it('reads files inside the tree, directly, in subfolders and through inside symlinks', () => {
    assert.equal(readYamlFileInside(tree.jenkinsfile, 'pod.yaml'), DIND_POD);
    assert.equal(readYamlFileInside(tree.jenkinsfile, './sub/pod.yaml'), DIND_POD);
    assert.equal(readYamlFileInside(tree.jenkinsfile, 'sub/../pod.yaml'), DIND_POD);
    assert.equal(readYamlFileInside(tree.jenkinsfile, 'link-in.yaml'), DIND_POD);
    assert.equal(readYamlFileInside(path.join(tree.root, 'repo', 'alias', 'Jenkinsfile'), 'pod.yaml'), DIND_POD);
  });

  it('refuses `..` escapes, however spelled', () => {
    for (const escape of [
      '../../secret.yaml',
      '../../../secret.yaml',
      'sub/../../../secret.yaml',
      './../../secret.yaml',
      '..',
      '../',
      '../ci/../../secret.yaml',
      '..\\..\\secret.yaml',
      'sub/../../ci/../../secret.yaml',
    ]) {
      assert.equal(readYamlFileInside(tree.jenkinsfile, escape), undefined, escape);
    }
  });

  it('refuses absolute paths, drive letters, NUL bytes, empty paths and the folder itself', () => {
    for (const bad of [
      path.join(tree.root, 'secret.yaml'),
      path.join(tree.ci, 'pod.yaml'),
      '/etc/passwd',
      'C:\\secret.yaml',
      'c:secret.yaml',
      'pod.yaml\0.txt',
      '',
      '.',
      './',
      'sub',
    ]) {
      assert.equal(readYamlFileInside(tree.jenkinsfile, bad), undefined, JSON.stringify(bad));
    }
  });

  it('refuses symlinks that lead out, to a file or through a folder', () => {
    assert.equal(readYamlFileInside(tree.jenkinsfile, 'link-out.yaml'), undefined);
    assert.equal(readYamlFileInside(tree.jenkinsfile, 'link-dir/secret.yaml'), undefined);
    // What counts is where the file really is: a detour out and back in ends inside, and is read.
    assert.equal(readYamlFileInside(tree.jenkinsfile, 'link-dir/repo/ci/pod.yaml'), DIND_POD);
  });

  it('refuses files that are missing or too large', () => {
    assert.equal(readYamlFileInside(tree.jenkinsfile, 'missing.yaml'), undefined);
    assert.equal(readYamlFileInside(tree.jenkinsfile, 'big.yaml'), undefined);
    assert.equal(readYamlFileInside(path.join(tree.root, 'no-such-folder', 'Jenkinsfile'), 'pod.yaml'), undefined);
  });

  it('the language service reads through the same gate: only the inside pod is analysed', () => {
    const service = new JenkinsfileLanguageService(createNodeHost());
    const uri = pathToFileURL(tree.jenkinsfile).href;
    const privileged = (relative: string, documentUri = uri): boolean =>
      service.findings({ uri: documentUri, text: jenkinsfileWithYamlFile(relative) }, DEFAULT_SETTINGS).some((d) => d.ruleId === 'dind-privileged');
    assert.equal(privileged('pod.yaml'), true, 'control: the inside pod is read');
    assert.equal(privileged('../../outside-pod.yaml'), false);
    assert.equal(privileged(path.join(tree.root, 'outside-pod.yaml')), false);
    assert.equal(privileged('link-out.yaml'), false);
    assert.equal(privileged('link-dir/outside-pod.yaml'), false);
    // Documents that are not files (unsaved buffers, other schemes) read nothing at all.
    assert.equal(privileged('pod.yaml', 'untitled:Untitled-1'), false);
    assert.equal(privileged('pod.yaml', 'vscode-vfs://github/org/repo/Jenkinsfile'), false);
    // Percent-encoded dots in the URI are decoded before the check, not used to climb out.
    assert.equal(privileged('../outside-pod.yaml', pathToFileURL(path.join(tree.root, 'repo', 'x')).href.replace(/x$/, '%2E%2E/Jenkinsfile')), false);
  });

  it('never reads an interpolated yamlFile path (nothing is evaluated to find it)', () => {
    const reads: string[] = [];
    const text = `pipeline { agent { kubernetes { yamlFile "\${new File('/etc/passwd').text}" } } }`;
    buildModel(text, { readFile: (p) => (reads.push(p), undefined) });
    assert.ok(
      reads.every((p) => p.includes('${') || !p.includes('/etc/passwd')),
      `read ${JSON.stringify(reads)}`,
    );
  });
});

describe('robustness: nothing from a Jenkinsfile is executed', () => {
  let dir: string;
  const markers = ['sh-ran', 'gstring-ran', 'execute-ran', 'yaml-ran', 'evaluate-ran', 'backtick-ran', 'load-ran'];

  /** A Jenkinsfile that creates a marker file in `dir` in every way Groovy, Jenkins or a shell could run it. */
  function hostile(): string {
    const m = (name: string) => path.join(dir, name).replace(/\\/g, '/');
    return `@Grab('org.example:evil:1.0')
import groovy.transform.Field
def x = "\${new File('${m('gstring-ran')}').text = 'x'}"
def y = "touch ${m('execute-ran')}".execute()
evaluate("new File('${m('evaluate-ran')}').text = 'x'")
load '${m('load-ran')}.groovy'
pipeline {
  agent {
    kubernetes {
      yaml """
spec:
  containers:
  - name: dind
    image: docker:dind
    command: ['sh', '-c', 'touch ${m('yaml-ran')}']
    securityContext:
      privileged: true
"""
    }
  }
  stages {
    stage('Build') {
      steps {
        container('dind') {
          sh 'touch ${m('sh-ran')} && docker build -t app .'
          sh "\`touch ${m('backtick-ran')}\` \$(touch ${m('backtick-ran')})"
          script { docker.build("app:\${env.BUILD_ID}").push() }
        }
      }
    }
  }
}
`;
  }

  before(() => (dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jka-noexec-')))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function assertNoMarkers(): void {
    assert.deepEqual(
      markers.filter((name) => fs.existsSync(path.join(dir, name))),
      [],
    );
  }

  it('the language service, every feature, runs no process', () => {
    const file = path.join(dir, 'Jenkinsfile');
    const text = hostile();
    fs.writeFileSync(file, text);
    // Any attempt to start a process during analysis is recorded (and fails).
    const started: string[] = [];
    const names = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
    // The module object itself (not an import namespace copy), so every importer sees the stand-ins.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cp = require('node:child_process') as Record<string, unknown>;
    const originals = names.map((name) => cp[name]);
    for (const name of names) {
      cp[name] = (...args: unknown[]) => {
        started.push(`${name} ${JSON.stringify(args[0])}`);
        throw new Error('no process may be started while analysing a Jenkinsfile');
      };
    }
    try {
      const service = new JenkinsfileLanguageService(createNodeHost());
      const document = { uri: pathToFileURL(file).href, text, version: 1 };
      const diagnostics = service.diagnostics(document, DEFAULT_SETTINGS);
      assert.ok(diagnostics.length > 0, 'the hostile file is analysed');
      service.documentSymbols(document);
      service.foldingRanges(document);
      service.codeLenses(document, DEFAULT_SETTINGS);
      const lines = text.split('\n');
      const whole = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: 0 } };
      for (const action of service.codeActions(document, whole, { diagnostics }, DEFAULT_SETTINGS)) assert.ok(action.title);
      for (let line = 0; line < lines.length; line++) {
        service.hover(document, { line, character: Math.floor(lines[line].length / 2) }, DEFAULT_SETTINGS);
        service.completion(document, { line, character: lines[line].length });
      }
    } finally {
      names.forEach((name, i) => (cp[name] = originals[i]));
    }
    assert.deepEqual(started, []);
    assertNoMarkers();
  });

  it('`jenkinsfile-kaniko check` runs none of it', () => {
    fs.writeFileSync(path.join(dir, 'Jenkinsfile'), hostile());
    const result = childProcess.spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'jenkinsfile-kaniko.js'), 'check', '--format', 'json', 'Jenkinsfile'],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(result.status, 1, result.stderr);
    assert.ok(JSON.parse(result.stdout), 'JSON report');
    assertNoMarkers();
  });

  it('no module under server/src can start a process or evaluate code', () => {
    const offenders: string[] = [];
    const scan = (folder: string): void => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) scan(full);
        else if (entry.name.endsWith('.ts')) {
          const source = fs.readFileSync(full, 'utf8');
          // `check --jobs` starts worker threads, each from the CLI's own entry file (checked below).
          const threads = path.relative(REPO_ROOT, full) === path.join('server', 'src', 'cli', 'checkThreads.ts') ? '' : '|worker_threads';
          for (const [pattern, what] of [
            [
              new RegExp(`from ['"](node:)?(child_process|vm|cluster${threads})['"]|require\\(['"](node:)?(child_process|vm|cluster${threads})['"]\\)`),
              'imports a process or code-evaluation module',
            ],
            [/(^|[^.\w])eval\s*\(|new\s+Function\s*\(/, 'evaluates code'],
            [/import\s*\(/, 'imports dynamically'],
          ] as const) {
            if (pattern.test(source)) offenders.push(`${path.relative(REPO_ROOT, full)} ${what}`);
          }
        }
      }
    };
    scan(path.join(REPO_ROOT, 'server', 'src'));
    assert.deepEqual(offenders, []);
    // The one module with worker threads starts them from a file path it is given, never from code text.
    const threads = fs.readFileSync(path.join(REPO_ROOT, 'server', 'src', 'cli', 'checkThreads.ts'), 'utf8');
    assert.deepEqual(threads.match(/new Worker\([^,]*/g), ['new Worker(entry']);
    assert.doesNotMatch(threads, /\beval\s*:|data:|\.mjs/);
  });
});
