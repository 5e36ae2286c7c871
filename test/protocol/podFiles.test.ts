/**
 * `yamlFile` pods through the real server over stdio (#12): the Jenkinsfile's diagnostics follow
 * its pod file, whether the file changes in an editor buffer the client syncs (Neovim or Helix
 * attached to YAML too) or on disk (`workspace/didChangeWatchedFiles`); and a migration never
 * edits a pod file that is open with unsaved changes at offsets read from the disk: it plans from
 * the buffer and sends a TextDocumentEdit for that buffer's version.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  ExecuteCommandRequest,
  FileChangeType,
  type ApplyWorkspaceEditParams,
  type CodeAction,
  type PublishDiagnosticsParams,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixText } from '../../server/src/fixes';
import { DEFAULT_SETTINGS } from '../../server/src/shared/settings';
import { fixSettings, modelBuilder } from '../unit/fixes/helpers';
import { TestClient, fileUri, positionAt } from './client';

const MIGRATE = 'jenkinsfileKaniko.migrateToKaniko';

// Non-ASCII at the start of the Jenkinsfile's first lines, which share their numbers with the pod
// file's edited lines: byte columns counted on these lines would be wrong for the pod file's.
const HEADER = Array.from({ length: 18 }, (_, i) => `// Équipe ${i}: 日本語 ✓ — the pod is in ci/build-pod.yaml\n`).join('');
const JENKINSFILE = `${HEADER}pipeline {
  agent {
    kubernetes {
      yamlFile 'ci/build-pod.yaml'
    }
  }
  stages {
    stage('Image') {
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

const POD = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: docker
    image: docker:24-dind
    securityContext:
      privileged: true
  - name: node
    image: node:20
    command:
    - cat
    tty: true
`;

/** The same pod without its Docker daemon: the Jenkinsfile has nothing to report then. */
const POD_WITHOUT_DAEMON = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: node
    image: node:20
    command:
    - cat
    tty: true
`;

/** What the user typed in the editor and did not save: lines above the containers move every offset. */
const UNSAVED_POD = `# Pod for the cart images (unsaved: café ✓)
# Reviewed by the platform team.
${POD}`;

const codes = (published: PublishDiagnosticsParams) => published.diagnostics.map((d) => d.code);

/** The edits of `edit` for `uri`, and the version they are for. */
function documentEdit(edit: WorkspaceEdit | undefined, uri: string): TextDocumentEdit {
  const change = (edit?.documentChanges ?? []).find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri);
  assert.ok(change, `no edit for ${uri} in ${JSON.stringify(edit)}`);
  return change;
}

/** Applies edits whose columns are UTF-8 bytes (`utf-8` encoding) or UTF-16 units to `text`. */
function applyEdits(text: string, edits: TextDocumentEdit['edits'], encoding: 'utf-8' | 'utf-16'): string {
  const lines = text.split('\n');
  const toUtf16 = (position: { line: number; character: number }) => {
    if (encoding === 'utf-16' || position.line >= lines.length) return position;
    const bytes = Buffer.from(lines[position.line], 'utf8');
    assert.ok(position.character <= bytes.length, `column ${position.character} past the end of line ${position.line}`);
    return { line: position.line, character: bytes.subarray(0, position.character).toString('utf8').length };
  };
  const plain: TextEdit[] = edits.map((e) => {
    assert.ok('newText' in e);
    return { range: { start: toUtf16(e.range.start), end: toUtf16(e.range.end) }, newText: e.newText };
  });
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 0, text), plain);
}

/** What `jenkinsfile-kaniko fix` makes of the pod file when its text is `pod`. */
function fixedPod(pod: string): string {
  const readFile = (file: string) => (file === 'ci/build-pod.yaml' ? pod : undefined);
  const outcome = fixText(JENKINSFILE, fixSettings({ ...DEFAULT_SETTINGS, rules: {} }), modelBuilder(readFile));
  assert.equal(outcome.files.length, 1, JSON.stringify(outcome.skipped));
  return outcome.files[0].after;
}

describe('protocol: yamlFile pod files', function () {
  this.timeout(60_000);
  let client: TestClient | undefined;
  let dir: string;
  let jenkinsfileUri: string;
  let podPath: string;
  let podUri: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-podfiles-'));
    // Real paths: the server names the pod file by its real path (a temp folder may be a link, as on macOS).
    const root = fs.realpathSync(dir);
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'ci'));
    fs.writeFileSync(path.join(root, 'Jenkinsfile'), JENKINSFILE);
    podPath = path.join(root, 'ci', 'build-pod.yaml');
    fs.writeFileSync(podPath, POD);
    jenkinsfileUri = fileUri(path.join(root, 'Jenkinsfile'));
    podUri = fileUri(podPath);
  });

  afterEach(() => {
    client?.kill();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-checks the Jenkinsfile when its pod file changes in the editor, is closed, and changes on disk', async () => {
    client = await TestClient.start({ capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
    await client.open(jenkinsfileUri, JENKINSFILE);
    assert.ok(codes(await client.diagnosticsFor(jenkinsfileUri, 1)).includes('dind-privileged'));

    // The pod file opened in the editor, then edited there (not saved): the Jenkinsfile follows the buffer.
    let from = client.diagnostics.all.length;
    await client.open(podUri, POD, 1, 'yaml');
    await client.change(podUri, 2, [{ text: POD_WITHOUT_DAEMON }]);
    const afterEdit = await client.diagnostics.next((p) => p.uri === jenkinsfileUri && !codes(p).includes('dind-privileged'), from);
    assert.deepEqual(codes(afterEdit), []);
    assert.equal(fs.readFileSync(podPath, 'utf8'), POD, 'the server never writes the file');

    // Closed without saving: the file on disk (with the daemon) counts again.
    from = client.diagnostics.all.length;
    await client.close(podUri);
    assert.ok(codes(await client.diagnostics.next((p) => p.uri === jenkinsfileUri, from)).includes('dind-privileged'));

    // Changed on disk (saved from elsewhere, a checkout): the client's file watcher, which the server
    // asked to watch the YAML files, tells the server.
    const watch = await client.registrations.next((r) => r.method === DidChangeWatchedFilesNotification.method);
    assert.deepEqual(watch.registerOptions, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
    from = client.diagnostics.all.length;
    fs.writeFileSync(podPath, POD_WITHOUT_DAEMON);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: podUri, type: FileChangeType.Changed }] });
    assert.deepEqual(codes(await client.diagnostics.next((p) => p.uri === jenkinsfileUri, from)), []);

    // The pod file itself is never linted as a Jenkinsfile.
    assert.ok(client.diagnostics.all.filter((p) => p.uri === podUri).every((p) => p.diagnostics.length === 0));
  });

  it('keeps a pod file reopened while the server awaited the client after its close', async () => {
    client = await TestClient.start({ capabilities: { workspace: { codeLens: { refreshSupport: true } } } });
    // Refresh requests are answered at once, except the one held below.
    let hold: ((release: () => void) => void) | undefined;
    let answered: (() => void) | undefined;
    client.connection.onRequest(CodeLensRefreshRequest.type, () => {
      if (!hold) return answered?.();
      const held = hold;
      hold = undefined;
      return new Promise<void>((resolve) => held(resolve));
    });
    await client.open(jenkinsfileUri, JENKINSFILE);
    assert.ok(codes(await client.diagnosticsFor(jenkinsfileUri, 1)).includes('dind-privileged'));
    // Opening the pod file asks for a refresh too: answered before the close.
    const openRefreshed = new Promise<void>((resolve) => (answered = resolve));
    await client.open(podUri, POD, 1, 'yaml');
    await openRefreshed;

    // Closed: the server re-checks its readers and asks the client to refresh; held unanswered.
    const held = new Promise<() => void>((resolve) => (hold = resolve));
    await client.close(podUri);
    const release = await held;
    // Reopened meanwhile with other text, then the refresh is answered.
    await client.open(podUri, POD_WITHOUT_DAEMON, 2, 'yaml');
    release();

    // The Jenkinsfile, edited now, reads the reopened buffer, not the disk (which still has the daemon).
    const from = client.diagnostics.all.length;
    await client.change(jenkinsfileUri, 2, [{ text: JENKINSFILE }]);
    const published = await client.diagnostics.next((p) => p.uri === jenkinsfileUri && p.version === 2, from);
    assert.deepEqual(codes(published), []);
    assert.equal(fs.readFileSync(podPath, 'utf8'), POD);
  });

  it('looks the repository root up again when the client reports changed files (a clone or git init meanwhile)', async () => {
    // Jenkinsfile.d/Jenkinsfile names ci/build-pod.yaml from the repository root; there is no .git yet,
    // so it is looked for beside the Jenkinsfile, where there is none.
    const root = fs.realpathSync(dir);
    fs.rmSync(path.join(root, '.git'), { recursive: true });
    fs.mkdirSync(path.join(root, 'Jenkinsfile.d'));
    const nestedUri = fileUri(path.join(root, 'Jenkinsfile.d', 'Jenkinsfile'));
    client = await TestClient.start();
    await client.open(nestedUri, JENKINSFILE);
    assert.ok(!codes(await client.diagnosticsFor(nestedUri, 1)).includes('dind-privileged'));

    // `git init`: the root is now the folder above, where the pod file is; the watcher reports a change.
    fs.mkdirSync(path.join(root, '.git'));
    const from = client.diagnostics.all.length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: podUri, type: FileChangeType.Changed }] });
    assert.ok(codes(await client.diagnostics.next((p) => p.uri === nestedUri, from)).includes('dind-privileged'));
  });

  for (const encoding of ['utf-16', 'utf-8'] as const) {
    it(`plans from an open pod file with unsaved changes and sends the edit for its version (${encoding} columns)`, async () => {
      const received: ApplyWorkspaceEditParams[] = [];
      client = await TestClient.start({
        capabilities: { general: { positionEncodings: [encoding] }, workspace: { workspaceEdit: { documentChanges: true } } },
        applyEdit: (params) => {
          received.push(params);
          return { applied: true };
        },
      });
      await client.open(jenkinsfileUri, JENKINSFILE);
      await client.open(podUri, UNSAVED_POD, 7, 'yaml');
      // The Jenkinsfile is checked against the buffer once the pod file is open.
      await client.diagnostics.next((p) => p.uri === jenkinsfileUri && codes(p).includes('dind-privileged'));
      const expected = fixedPod(UNSAVED_POD);
      assert.match(expected, /^# Pod for the cart images \(unsaved: café ✓\)\n# Reviewed by the platform team\.\n/);

      // The code action.
      const at = positionAt(JENKINSFILE, 'docker build');
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: jenkinsfileUri },
        range: { start: at, end: at },
        context: { diagnostics: [], only: ['refactor.rewrite'] },
      })) as CodeAction[];
      const action = actions.find((a) => a.title === "Migrate stage 'Image' to Kaniko");
      assert.ok(action?.edit, JSON.stringify(actions));
      const podEdit = documentEdit(action.edit, podUri);
      assert.equal(podEdit.textDocument.version, 7, 'the edit is for the buffer the client has');
      assert.equal(applyEdits(UNSAVED_POD, podEdit.edits, encoding), expected);
      assert.equal(documentEdit(action.edit, jenkinsfileUri).textDocument.version, 1);

      // The code lens's command, applied through workspace/applyEdit.
      await client.connection.sendRequest(ExecuteCommandRequest.type, { command: MIGRATE, arguments: [jenkinsfileUri, 'Image'] });
      assert.equal(received.length, 1);
      const applied = documentEdit(received[0].edit, podUri);
      assert.equal(applied.textDocument.version, 7);
      assert.equal(applyEdits(UNSAVED_POD, applied.edits, encoding), expected);
      assert.equal(fs.readFileSync(podPath, 'utf8'), POD, 'the server never writes the file itself');
    });
  }

  it('edits a pod file that is not open as it is on disk (any version), with byte columns of its own lines', async () => {
    client = await TestClient.start({ capabilities: { general: { positionEncodings: ['utf-8'] }, workspace: { workspaceEdit: { documentChanges: true } } } });
    const onDisk = `# Pod: café ✓ 日本語\n${POD.replace('image: docker:24-dind', 'image: docker:24-dind # 🐳 démon')}`;
    fs.writeFileSync(podPath, onDisk);
    await client.open(jenkinsfileUri, JENKINSFILE);
    const at = positionAt(JENKINSFILE, 'docker build');
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: jenkinsfileUri },
      range: { start: at, end: at },
      context: { diagnostics: [], only: ['refactor.rewrite'] },
    })) as CodeAction[];
    const podEdit = documentEdit(actions.find((a) => a.title === "Migrate stage 'Image' to Kaniko")?.edit, podUri);
    assert.equal(podEdit.textDocument.version, null);
    assert.equal(applyEdits(onDisk, podEdit.edits, 'utf-8'), fixedPod(onDisk));
  });

  for (const encoding of ['utf-16', 'utf-8'] as const) {
    it(`refuses to edit a pod file that is not open and changed on disk since planned (${encoding} columns)`, async () => {
      const received: ApplyWorkspaceEditParams[] = [];
      client = await TestClient.start({
        capabilities: { general: { positionEncodings: [encoding] }, workspace: { workspaceEdit: { documentChanges: true } } },
        applyEdit: (params) => {
          received.push(params);
          return { applied: true };
        },
      });
      await client.open(jenkinsfileUri, JENKINSFILE);
      // Planned (analysed) from the disk as it was.
      assert.ok(codes(await client.diagnosticsFor(jenkinsfileUri, 1)).includes('dind-privileged'));
      // Changed on disk with no watched-files notification (yet): lines above the containers move every offset.
      const changed = `# Added by a checkout\n# café ✓\n${POD}`;
      fs.writeFileSync(podPath, changed);

      const at = positionAt(JENKINSFILE, 'docker build');
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: jenkinsfileUri },
        range: { start: at, end: at },
        context: { diagnostics: [], only: ['refactor.rewrite'] },
      })) as CodeAction[];
      const action = actions.find((a) => a.title === "Migrate stage 'Image' to Kaniko");
      assert.ok(action, JSON.stringify(actions));
      assert.equal(action.edit, undefined, 'no edit with offsets of other text');
      assert.match(action.disabled?.reason ?? '', /ci\/build-pod\.yaml changed on disk since planned/);

      await assert.rejects(
        client.connection.sendRequest(ExecuteCommandRequest.type, { command: MIGRATE, arguments: [jenkinsfileUri, 'Image'] }),
        /Not migrated: .*changed on disk since planned/,
      );
      assert.equal(received.length, 0, 'nothing was sent to apply');
      assert.equal(fs.readFileSync(podPath, 'utf8'), changed);
    });
  }
});
