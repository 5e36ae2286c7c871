import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind,
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT, TestClient } from './client';

const SEED = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/seed/before.Jenkinsfile'), 'utf8');

/** Requests that must always come back with an answer, whatever the document. */
async function askEverything(client: TestClient, uri: string, line = 0, character = 0): Promise<unknown[]> {
  const textDocument = { uri };
  const position = { line, character };
  const range = { start: position, end: position };
  return Promise.all([
    client.connection.sendRequest(HoverRequest.type, { textDocument, position }),
    client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }),
    client.connection.sendRequest(FoldingRangeRequest.type, { textDocument }),
    client.connection.sendRequest(CompletionRequest.type, { textDocument, position }),
    client.connection.sendRequest(CodeActionRequest.type, { textDocument, range, context: { diagnostics: [] } }),
    client.connection.sendRequest(CodeLensRequest.type, { textDocument }),
  ]);
}

/** Text that no parser should enjoy: unbalanced brackets and quotes, control characters, deep nesting. */
function garbage(): string {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const alphabet = '{}[]()\'"`$/\\*#;:,.=<>?!@%^&|~-+ \n\tpipelinestageshpodTemplatecontainer\'\'\'"""${}\u0000\u00e9\ud83d\ude00';
  let text = 'pipeline { stage("x" { sh """ ${ ';
  for (let i = 0; i < 4000; i++) text += alphabet[Math.floor(random() * alphabet.length)];
  return text + '('.repeat(400) + '['.repeat(400) + '{'.repeat(400) + "sh '/kaniko/executor --";
}

describe('protocol: lifecycle and robustness', function () {
  let client: TestClient | undefined;
  afterEach(() => client?.kill());

  it('announces its capabilities to a client that takes pushed diagnostics', async () => {
    client = await TestClient.start();
    const { capabilities, serverInfo } = client.initializeResult;
    assert.equal(serverInfo?.name, 'jenkinsfile-kaniko-language-server');
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental });
    assert.equal(capabilities.hoverProvider, true);
    assert.ok(capabilities.documentSymbolProvider);
    assert.equal(capabilities.foldingRangeProvider, true);
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['-', "'", '"']);
    assert.deepEqual((capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, [
      CodeActionKind.QuickFix,
      CodeActionKind.RefactorRewrite,
      'source.fixAll.jenkinsfile-kaniko',
    ]);
    assert.ok(capabilities.codeLensProvider);
    assert.ok(capabilities.executeCommandProvider?.commands.includes('jenkinsfileKaniko.generateEcrConfigMap'));
    assert.equal(capabilities.diagnosticProvider, undefined, 'no pull diagnostics for a client that cannot pull');
    assert.equal(await client.stop(), 0);
  });

  it('runs from the package bin with --stdio', async () => {
    const bin = path.join(REPO_ROOT, 'bin/jenkinsfile-kaniko-language-server.js');
    client = await TestClient.start({ command: { file: process.execPath, args: [bin, '--stdio'] } });
    assert.equal(client.initializeResult.serverInfo?.name, 'jenkinsfile-kaniko-language-server');
    const uri = 'file:///bin/Jenkinsfile';
    await client.open(uri, SEED);
    assert.ok((await client.diagnosticsFor(uri, 1)).diagnostics.some((d) => d.code === 'dind-privileged'));
    assert.equal(await client.stop(), 0);
  });

  it('speaks Node IPC when started with --node-ipc, as VS Code starts it', async () => {
    client = await TestClient.start({ transport: 'ipc' });
    assert.equal(client.initializeResult.capabilities.hoverProvider, true);
    const uri = 'file:///ipc/Jenkinsfile';
    await client.open(uri, SEED);
    assert.ok((await client.diagnosticsFor(uri, 1)).diagnostics.some((d) => d.code === 'aws-cli-per-run-install'));
    assert.equal(await client.stop(), 0);
  });

  it('answers every request on a document full of garbage and stays up', async () => {
    client = await TestClient.start();
    const uri = 'file:///garbage/Jenkinsfile';
    const text = garbage();
    await client.open(uri, text);
    const lastLine = text.split('\n').length - 1;
    await askEverything(client, uri, lastLine, text.length - text.lastIndexOf('\n') - 1);
    await askEverything(client, uri, 0, 25);
    const published = await client.diagnosticsFor(uri, 1);
    assert.ok(Array.isArray(published.diagnostics));
    // And a sane document afterwards still works.
    await client.open('file:///after-garbage/Jenkinsfile', SEED);
    assert.ok((await client.diagnosticsFor('file:///after-garbage/Jenkinsfile', 1)).diagnostics.length > 0);
    assert.equal(await client.stop(), 0);
  });

  it('answers requests for documents it does not know with empty results', async () => {
    client = await TestClient.start();
    const answers = await askEverything(client, 'file:///never/opened/Jenkinsfile', 3, 4);
    assert.deepEqual(answers, [null, [], [], null, [], []]);
    assert.equal(await client.stop(), 0);
  });

  it('answers a request whose handler fails with an error, and serves the next one', async () => {
    client = await TestClient.start();
    const uri = 'file:///failing/Jenkinsfile';
    await client.open(uri, SEED);
    await assert.rejects(
      client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: null as never }),
      (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestFailed,
    );
    assert.ok(client.logs.all.some((log) => log.message.includes('textDocument/hover failed')));
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.ok(Array.isArray(symbols) && symbols.length === 1);
    assert.equal(await client.stop(), 0);
  });

  it('survives malformed JSON-RPC messages', async () => {
    client = await TestClient.start();
    const uri = 'file:///malformed/Jenkinsfile';
    await client.open(uri, SEED);
    await client.diagnosticsFor(uri, 1);
    const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    client.writeRaw(frame('{"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {'));
    client.writeRaw(frame('this is not json'));
    client.writeRaw(frame('{"hello": "not a JSON-RPC message"}'));
    client.writeRaw(frame('[1, 2, 3]'));
    client.writeRaw(frame('{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": 42}}}'));
    client.writeRaw(frame('{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": null}'));
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.ok(Array.isArray(symbols) && symbols.length === 1, 'still serving requests');
    assert.equal(await client.stop(), 0);
  });

  it('exits with 1 when its input closes without a shutdown request', async () => {
    client = await TestClient.start();
    client.process.stdin!.end();
    assert.equal(await client.exited, 1);
  });
});
