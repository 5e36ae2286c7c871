// Clients other than VS Code, as they really behave: Neovim 0.7 echoes diagnostics with byte
// columns, Neovim 0.10 / Helix prefer utf-8 positions, and older or minimal clients have neither
// workspace/configuration nor resource operations in workspace edits.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeActionRequest,
  ExecuteCommandRequest,
  HoverRequest,
  MessageType,
  type ApplyWorkspaceEditParams,
  type CodeAction,
  type CreateFile,
  type Diagnostic,
  type MarkupContent,
  type TextDocumentEdit,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import type { GenerateEcrConfigMapResult } from '../../server/src/shared/protocol';
import { REPO_ROOT, TestClient, fileUri } from './client';

const NON_ASCII = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/editors/non-ascii.Jenkinsfile'), 'utf8');
const SEED = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/seed/before.Jenkinsfile'), 'utf8');
const MIGRATE = "Migrate stage 'Build' to Kaniko";

const lineOf = (text: string, line: number): string => text.split('\n')[line];
/** A UTF-16 column as a byte column on that line of `text`. */
const byteColumn = (text: string, line: number, character: number): number => Buffer.byteLength(lineOf(text, line).slice(0, character), 'utf8');

/** Applies `changes` edits whose columns are bytes (utf-8 positions) to `text`. */
function applyUtf8Edits(text: string, edits: TextEdit[]): string {
  const bytes = Buffer.from(text, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }): number => lineStarts[p.line] + p.character;
  let result = bytes;
  for (const edit of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    result = Buffer.concat([result.subarray(0, offset(edit.range.start)), Buffer.from(edit.newText, 'utf8'), result.subarray(offset(edit.range.end))]);
  }
  return result.toString('utf8');
}

describe('protocol: other editors', function () {
  let client: TestClient | undefined;
  afterEach(() => client?.kill());

  it('finds the code actions for diagnostics echoed with byte columns and without data (Neovim 0.7)', async () => {
    client = await TestClient.start();
    assert.equal(client.initializeResult.capabilities.positionEncoding, 'utf-16', 'a client that names no encoding gets utf-16');
    const uri = 'file:///nvim07/Jenkinsfile';
    await client.open(uri, NON_ASCII);
    const published = await client.diagnosticsFor(uri, 1);
    const build = published.diagnostics.find((d) => d.code === 'docker-daemon-build' && lineOf(NON_ASCII, d.range.start.line).includes('🐳'));
    assert.ok(build, 'a docker-daemon-build finding on the line with 🐳日本語');
    const line = build.range.start.line;
    // What Neovim 0.7 sends back: its own byte columns, and no `data`.
    const echoed: Diagnostic = {
      ...build,
      data: undefined,
      range: {
        start: { line, character: byteColumn(NON_ASCII, line, build.range.start.character) },
        end: { line, character: byteColumn(NON_ASCII, line, build.range.end.character) },
      },
    };
    assert.notEqual(echoed.range.start.character, build.range.start.character, 'the fixture must have multi-byte text before the finding');
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: echoed.range,
      context: { diagnostics: [echoed], only: ['quickfix'] },
    })) as CodeAction[];
    assert.ok(
      actions.some((a) => a.title === MIGRATE),
      `offered: ${actions.map((a) => a.title).join(' | ')}`,
    );
    assert.equal(await client.stop(), 0);
  });

  it('serves utf-8 positions to a client that announces only utf-8 (diagnostics, hover, code actions, edits)', async () => {
    client = await TestClient.start({ capabilities: { general: { positionEncodings: ['utf-8'] } } });
    assert.equal(client.initializeResult.capabilities.positionEncoding, 'utf-8');
    const uri = 'file:///utf8/Jenkinsfile';
    await client.open(uri, NON_ASCII);
    const published = await client.diagnosticsFor(uri, 1);
    const build = published.diagnostics.find((d) => d.code === 'docker-daemon-build' && lineOf(NON_ASCII, d.range.start.line).includes('🐳'));
    assert.ok(build);
    const line = lineOf(NON_ASCII, build.range.start.line);
    const utf16Start = line.indexOf('docker build');
    assert.equal(build.range.start.character, Buffer.byteLength(line.slice(0, utf16Start), 'utf8'), 'a byte column');

    // Hover on `build` of `docker build`, addressed in bytes.
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: build.range.start.line, character: build.range.start.character + 'docker b'.length },
    });
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /docker-daemon-build/);

    // The diagnostic as the client has it; the migration's edits come back in bytes too.
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: build.range,
      context: { diagnostics: [build], only: ['quickfix'] },
    })) as CodeAction[];
    const migrate = actions.find((a) => a.title === MIGRATE);
    assert.ok(migrate?.edit?.changes?.[uri], `offered: ${actions.map((a) => a.title).join(' | ')}`);
    const migrated = applyUtf8Edits(NON_ASCII, migrate.edit.changes[uri]);
    assert.match(migrated, /\/kaniko\/executor/);
    assert.match(migrated, /echo "🐳日本語"/, 'the multi-byte text around the edits is intact');
    assert.doesNotMatch(migrated, /privileged: true/);
    assert.equal(await client.stop(), 0);
  });

  describe('a client without workspace/configuration or resource operations', () => {
    let folder: string;
    beforeEach(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'jka-editors-'));
    });
    afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

    it('takes settings from initializationOptions and didChangeConfiguration', async () => {
      client = await TestClient.start({ initializationOptions: { jenkinsfileKaniko: { rules: { 'dind-privileged': 'off' } } } });
      const uri = 'file:///minimal/Jenkinsfile';
      await client.open(uri, SEED);
      const first = await client.diagnosticsFor(uri, 1);
      assert.ok(!first.diagnostics.some((d) => d.code === 'dind-privileged'));
      assert.ok(first.diagnostics.some((d) => d.code === 'aws-cli-per-run-install'));
      assert.equal(client.configurationRequests.all.length, 0);
      const from = client.diagnostics.all.length;
      await client.changeConfiguration({ jenkinsfileKaniko: { rules: { 'aws-cli-per-run-install': 'off' } } });
      const after = await client.diagnosticsFor(uri, 1, from);
      assert.ok(after.diagnostics.some((d) => d.code === 'dind-privileged'));
      assert.ok(!after.diagnostics.some((d) => d.code === 'aws-cli-per-run-install'));
      assert.equal(await client.stop(), 0);
    });

    it('writes the ECR ConfigMap next to the Jenkinsfile itself and says where', async () => {
      const jenkinsfile = path.join(folder, 'Jenkinsfile');
      fs.writeFileSync(jenkinsfile, SEED);
      client = await TestClient.start();
      const uri = fileUri(jenkinsfile);
      await client.open(uri, SEED);
      const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
        command: 'jenkinsfileKaniko.generateEcrConfigMap',
        arguments: [{ uri }],
      })) as GenerateEcrConfigMapResult;
      const written = path.join(folder, 'kaniko-docker-config.yaml');
      assert.equal(result.createdUri, fileUri(written));
      assert.equal(fs.readFileSync(written, 'utf8'), result.yaml);
      const message = await client.messages.next((m) => m.message.includes('kaniko-docker-config.yaml'));
      assert.equal(message.type, MessageType.Info);
      assert.match(message.message, /kubectl apply -f/);
      assert.equal(await client.stop(), 0);
    });

    it('replaces an existing ConfigMap file only when the user says Replace', async () => {
      const jenkinsfile = path.join(folder, 'Jenkinsfile');
      const existing = path.join(folder, 'kaniko-docker-config.yaml');
      fs.writeFileSync(jenkinsfile, SEED);
      fs.writeFileSync(existing, '# mine\n');
      let answer: string | null = null;
      client = await TestClient.start({ showMessageRequest: (params) => (answer ? ((params.actions ?? []).find((a) => a.title === answer) ?? null) : null) });
      const uri = fileUri(jenkinsfile);
      await client.open(uri, SEED);
      const run = async () =>
        (await client!.connection.sendRequest(ExecuteCommandRequest.type, {
          command: 'jenkinsfileKaniko.generateEcrConfigMap',
          arguments: [{ uri }],
        })) as GenerateEcrConfigMapResult;
      const dismissed = await run();
      assert.equal(dismissed.createdUri, undefined);
      assert.equal(fs.readFileSync(existing, 'utf8'), '# mine\n');
      answer = 'Replace';
      const replaced = await run();
      assert.equal(replaced.createdUri, fileUri(existing));
      assert.equal(fs.readFileSync(existing, 'utf8'), replaced.yaml);
      assert.equal(await client.stop(), 0);
    });
  });

  it('creates the ConfigMap with a CreateFile edit when the client supports resource operations', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'jka-editors-'));
    try {
      const jenkinsfile = path.join(folder, 'Jenkinsfile');
      fs.writeFileSync(jenkinsfile, SEED);
      const edits: ApplyWorkspaceEditParams[] = [];
      client = await TestClient.start({
        capabilities: { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
        applyEdit: (params) => {
          edits.push(params);
          return { applied: true };
        },
        showDocument: () => true,
      });
      const uri = fileUri(jenkinsfile);
      await client.open(uri, SEED);
      const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
        command: 'jenkinsfileKaniko.generateEcrConfigMap',
        arguments: [{ uri }],
      })) as GenerateEcrConfigMapResult;
      const target = fileUri(path.join(folder, 'kaniko-docker-config.yaml'));
      assert.equal(result.createdUri, target);
      assert.equal(fs.existsSync(path.join(folder, 'kaniko-docker-config.yaml')), false, 'the editor creates the file, not the server');
      const [create, fill] = edits[0].edit.documentChanges as [CreateFile, TextDocumentEdit];
      assert.deepEqual(create, { kind: 'create', uri: target, options: { overwrite: false } });
      assert.equal(fill.textDocument.uri, target);
      assert.equal((fill.edits[0] as TextEdit).newText, result.yaml);
      assert.equal((await client.shownDocuments.next(() => true)).uri, target);
      assert.equal(await client.stop(), 0);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
