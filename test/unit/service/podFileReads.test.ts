/**
 * A `yamlFile` pod is read once per version of it: the model's read is the planning base, and the
 * code action's check that the disk still holds it, the migration command and the conversion of
 * the edit to the client's columns use that read (a stat each, no second read). Counted per path
 * through the host's file reads, on real files.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextDocumentEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editOut } from '../../../server/src/handlers/commands';
import type { ServerContext } from '../../../server/src/handlers/context';
import { codecFor } from '../../../server/src/handlers/positions';
import { createNodeHost, DEFAULT_SETTINGS, JenkinsfileLanguageService, PodFileTexts } from '../../../server/src/service';

const POD = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: dind # démon ✓
    image: docker:24-dind
    securityContext:
      privileged: true
`;

const JENKINSFILE = `pipeline {
  agent {
    kubernetes {
      yamlFile 'ci/pod.yaml'
      defaultContainer 'dind'
    }
  }
  stages {
    stage('Build') {
      steps {
        sh 'docker build -t registry.example.com/app:1 .'
        sh 'docker push registry.example.com/app:1'
      }
    }
  }
}
`;

const TITLE = "Migrate stage 'Build' to Kaniko";

describe('service: a yamlFile pod is read once for the model, the code action and the command', () => {
  let root: string;
  let podPath: string;
  let uri: string;
  let reads: Map<string, number>;
  const readsOf = (file: string) => reads.get(file) ?? 0;
  const counting = (file: string) => {
    reads.set(file, readsOf(file) + 1);
    return fs.readFileSync(file);
  };

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jk-podreads-')));
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'ci'));
    podPath = path.join(root, 'ci', 'pod.yaml');
    fs.writeFileSync(podPath, POD);
    fs.writeFileSync(path.join(root, 'Jenkinsfile'), JENKINSFILE);
    uri = pathToFileURL(path.join(root, 'Jenkinsfile')).href;
    reads = new Map();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A service whose host counts its reads; `aged` makes every file look changed a minute ago (not "racily" new). */
  function serviceFor(aged = true) {
    const host = createNodeHost(undefined, { readBytes: counting, now: aged ? () => Date.now() + 60_000 : undefined });
    const service = new JenkinsfileLanguageService(host);
    const document = { uri, text: JENKINSFILE, version: 1 };
    const at = { line: 10, character: 12 };
    const action = () =>
      service.codeActions(document, { start: at, end: at }, { diagnostics: [], only: ['refactor.rewrite'] }, DEFAULT_SETTINGS).find((a) => a.title === TITLE);
    return { service, document, action };
  }

  /** A handler context of a UTF-8 client with the Jenkinsfile open. */
  function utf8Context(): ServerContext {
    const open = TextDocument.create(uri, 'jenkinsfile', 1, JENKINSFILE);
    return { positions: codecFor('utf-8'), documents: { get: (u: string) => (u === uri ? open : undefined) } } as unknown as ServerContext;
  }

  it('the code action and the migration command, each converted to UTF-8 columns, read nothing after the model did (before: 3 and 5 reads)', () => {
    const { service, document, action } = serviceFor();
    service.analyze(document);
    assert.equal(readsOf(podPath), 1, 'the model reads the pod file');

    const migrate = action();
    assert.ok(migrate?.edit, JSON.stringify(migrate));
    assert.equal(readsOf(podPath), 1, 'the code action checks the disk by its stat');
    const converted = editOut(utf8Context(), uri, migrate.edit);
    assert.ok(!('blocked' in converted), JSON.stringify(converted));
    assert.equal(readsOf(podPath), 1, 'the columns are converted against the text planned on');
    const podUri = pathToFileURL(podPath).href;
    const podChange = (edit: typeof converted) => edit.documentChanges!.find((c) => 'textDocument' in c && c.textDocument.uri === podUri) as TextDocumentEdit;
    assert.equal(podChange(converted).edits.length, podChange(migrate.edit).edits.length);

    const command = service.migrationEdit(document, 'Build', DEFAULT_SETTINGS);
    assert.ok(!('blocked' in command), JSON.stringify(command));
    assert.ok(!('blocked' in editOut(utf8Context(), uri, command.edit)));
    assert.equal(readsOf(podPath), 1, 'the command reads nothing either');
    assert.deepEqual([...reads.keys()], [podPath]);
  });

  it('each new version of the Jenkinsfile (a keystroke) gets a new model, which stats the pod file but reads it no more (before: a read per version)', () => {
    const { service } = serviceFor();
    for (let version = 1; version <= 3; version++) service.analyze({ uri, text: `${JENKINSFILE}${'\n'.repeat(version)}`, version });
    assert.equal(readsOf(podPath), 1);
  });

  it('a pod file changed on disk since planned is read again and the migration refused (2 reads)', () => {
    const { service, document, action } = serviceFor();
    service.analyze(document);
    fs.writeFileSync(podPath, `# a checkout moved every line\n${POD}`);
    const refused = action();
    assert.equal(refused?.edit, undefined);
    assert.match(refused?.disabled?.reason ?? '', /ci\/pod\.yaml changed on disk since planned/);
    assert.equal(readsOf(podPath), 2);
  });

  it('a file changed moments before it was read is read again each time: a second change in the same clock tick may keep its stamp', () => {
    const { service, document, action } = serviceFor(false);
    service.analyze(document);
    assert.ok(action()?.edit);
    assert.equal(readsOf(podPath), 2);
  });

  it('a change is judged by the later of mtime and ctime (some FUSE and network mounts keep ctime fixed)', () => {
    // ctime is now, mtime ten minutes on: by ctime alone the file looks a minute old to the aged clock and would be kept.
    const later = new Date(Date.now() + 600_000);
    fs.utimesSync(podPath, later, later);
    const { service, document, action } = serviceFor(true);
    service.analyze(document);
    assert.ok(action()?.edit);
    assert.equal(readsOf(podPath), 2);
  });
});

describe('PodFileTexts', () => {
  const file = { path: '/repo/ci/pod.yaml', size: 3, stamp: 'a' };
  it('keeps a text by its stamp; a new stamp reads again; a recent change is never kept', () => {
    let count = 0;
    const now = 1_000_000;
    const texts = new PodFileTexts(
      () => (count++, Buffer.from('pod')),
      () => now,
    );
    const old = { ...file, changedMs: now - 5000 };
    assert.equal(texts.read(old), 'pod');
    assert.equal(texts.read(old), 'pod');
    assert.equal(count, 1);
    assert.equal(texts.read({ ...old, stamp: 'b' }), 'pod');
    assert.equal(count, 2);
    const recent = { ...file, stamp: 'c', changedMs: now - 100 };
    texts.read(recent);
    texts.read(recent);
    assert.equal(count, 4);
  });
});
