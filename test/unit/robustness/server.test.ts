/**
 * The language server survives malformed LSP traffic and requests about documents it was never
 * given: it answers with errors or empty results and keeps serving the well-formed messages that
 * follow. Talks raw bytes over stdio, since malformed frames are the point.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, SEED_FILE } from './corpus';

const SERVER = path.join(__dirname, '../../../server/src/server.js');

interface Message {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

class RawClient {
  private buffer = Buffer.alloc(0);
  private readonly waiting: Array<{ test: (m: Message) => boolean; resolve: (m: Message) => void; reject: (e: Error) => void; what: string }> = [];
  readonly received: Message[] = [];
  stderr = '';
  exited: number | null | undefined;
  private nextId = 1;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.on('exit', (code) => {
      this.exited = code;
      for (const waiting of this.waiting.splice(0))
        waiting.reject(new Error(`server exited (${code}) while waiting for ${waiting.what}; stderr:\n${this.stderr}`));
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = /Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'));
      if (!length) throw new Error(`server wrote a frame without Content-Length: ${this.buffer.subarray(0, headerEnd).toString()}`);
      const end = headerEnd + 4 + Number(length[1]);
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, end).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end);
      this.received.push(message);
      // Answer server-to-client requests (configuration, registration) so the server is never left waiting.
      if (message.method !== undefined && message.id !== undefined)
        this.send({ jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? [null] : null });
      const index = this.waiting.findIndex((w) => w.test(message));
      if (index >= 0) this.waiting.splice(index, 1)[0].resolve(message);
    }
  }

  raw(bytes: string | Buffer): void {
    this.child.stdin.write(bytes);
  }

  /** A correctly framed body, whatever it contains. */
  frame(body: string): void {
    this.raw(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
  }

  send(message: Message): void {
    this.frame(JSON.stringify(message));
  }

  wait(test: (m: Message) => boolean, what: string): Promise<Message> {
    const seen = this.received.find(test);
    if (seen) return Promise.resolve(seen);
    if (this.exited !== undefined) return Promise.reject(new Error(`server exited (${this.exited}) before ${what}; stderr:\n${this.stderr}`));
    return new Promise((resolve, reject) => this.waiting.push({ test, resolve, reject, what }));
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return this.wait((m) => m.id === id && m.method === undefined, `the answer to ${method}`);
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }
}

describe('robustness: the language server under malformed traffic', function () {
  this.timeout(60_000);
  let client: RawClient;
  const uri = 'file:///robustness/Jenkinsfile';
  const seed = fs.readFileSync(SEED_FILE, 'utf8');

  /** The server still works: it answers a request on a real document. */
  async function stillServes(): Promise<void> {
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.error, undefined, JSON.stringify(symbols.error));
    assert.ok(Array.isArray(symbols.result) && symbols.result.length > 0, 'symbols of the open document');
  }

  before(async () => {
    assert.ok(fs.existsSync(SERVER), `${SERVER} is built`);
    client = new RawClient(spawn(process.execPath, [SERVER, '--stdio'], { cwd: REPO_ROOT, stdio: 'pipe' }));
    const init = await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    assert.ok(init.result, 'initialize answered');
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'jenkinsfile', version: 1, text: seed } });
    await client.wait((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri, 'diagnostics of the seed');
  });

  after(async () => {
    if (client.exited !== undefined) return;
    const exited = new Promise((resolve) => client.child.once('exit', resolve));
    await client.request('shutdown', null).catch(() => undefined);
    client.notify('exit', null);
    await exited;
  });

  it('answers requests about documents it never opened with empty results or errors, not a crash', async () => {
    const unknown = { uri: 'file:///nowhere/Jenkinsfile' };
    const position = { line: 3, character: 4 };
    const range = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
    const requests: Array<[string, unknown]> = [
      ['textDocument/hover', { textDocument: unknown, position }],
      ['textDocument/documentSymbol', { textDocument: unknown }],
      ['textDocument/foldingRange', { textDocument: unknown }],
      ['textDocument/completion', { textDocument: unknown, position }],
      ['textDocument/codeAction', { textDocument: unknown, range, context: { diagnostics: [] } }],
      ['textDocument/codeLens', { textDocument: unknown }],
      ['textDocument/diagnostic', { textDocument: unknown }],
      ['textDocument/definition', { textDocument: unknown, position }],
    ];
    for (const [method, params] of requests) {
      const answer = await client.request(method, params);
      assert.ok(answer.error === undefined || typeof answer.error.code === 'number', `${method}: ${JSON.stringify(answer)}`);
      if (answer.error === undefined)
        assert.ok(
          answer.result === null || (Array.isArray(answer.result) && answer.result.length === 0) || typeof answer.result === 'object',
          `${method} result`,
        );
    }
    // Notifications about unknown documents are ignored.
    client.notify('textDocument/didChange', { textDocument: { uri: unknown.uri, version: 2 }, contentChanges: [{ text: 'x' }] });
    client.notify('textDocument/didClose', { textDocument: unknown });
    client.notify('textDocument/didSave', { textDocument: unknown });
    await stillServes();
  });

  it('answers positions and ranges outside the document', async () => {
    const far = { line: 1_000_000, character: 1_000_000 };
    for (const [method, params] of [
      ['textDocument/hover', { textDocument: { uri }, position: far }],
      ['textDocument/completion', { textDocument: { uri }, position: { line: -1, character: -5 } }],
      [
        'textDocument/codeAction',
        {
          textDocument: { uri },
          range: { start: far, end: { line: 0, character: 0 } },
          context: { diagnostics: [{ range: { start: far, end: far }, message: 'x', code: 'dind-privileged' }] },
        },
      ],
    ] as Array<[string, unknown]>) {
      const answer = await client.request(method, params);
      assert.ok(answer.error === undefined || typeof answer.error.code === 'number', `${method}: ${JSON.stringify(answer)}`);
    }
    await stillServes();
  });

  it('survives params of the wrong shape', async () => {
    for (const [method, params] of [
      ['textDocument/hover', null],
      ['textDocument/hover', { textDocument: 42 }],
      ['textDocument/documentSymbol', 'Jenkinsfile'],
      ['textDocument/completion', { textDocument: { uri }, position: { line: 'x' } }],
      ['textDocument/codeAction', { textDocument: { uri }, range: null, context: null }],
      ['workspace/executeCommand', { command: 'jenkinsfileKaniko.generateEcrConfigMap', arguments: [{ uri: 'file:///etc/passwd' }, 7, null] }],
      ['workspace/executeCommand', { command: 'no.such.command' }],
      ['no/such/method', { anything: true }],
    ] as Array<[string, unknown]>) {
      const answer = await client.request(method, params);
      assert.ok(answer.error === undefined || typeof answer.error.code === 'number', `${method}: ${JSON.stringify(answer)}`);
    }
    client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///bad/Jenkinsfile', languageId: 'jenkinsfile', version: 'one', text: 12345 } });
    client.notify('textDocument/didOpen', null);
    // An edit whose range is out of the document and backwards (the document library clamps and orders it).
    const scratch = 'file:///robustness/scratch/Jenkinsfile';
    client.notify('textDocument/didOpen', { textDocument: { uri: scratch, languageId: 'jenkinsfile', version: 1, text: seed } });
    client.notify('textDocument/didChange', {
      textDocument: { uri: scratch, version: 2 },
      contentChanges: [{ range: { start: { line: 99, character: 0 }, end: { line: -4, character: 3 } }, text: '}}}' }],
    });
    const scratchSymbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: scratch } });
    assert.equal(scratchSymbols.error, undefined, JSON.stringify(scratchSymbols.error));
    client.notify('workspace/didChangeConfiguration', { settings: { jenkinsfileKaniko: { rules: 'everything', kanikoImage: 42 } } });
    client.notify('$/unknownNotification', [1, 2, 3]);
    await stillServes();
  });

  it('survives malformed frames and JSON', async () => {
    client.frame('{ this is not json');
    client.frame('[]');
    client.frame('"just a string"');
    client.frame(JSON.stringify({ jsonrpc: '2.0' }));
    client.frame(JSON.stringify({ jsonrpc: '2.0', id: { object: 'id' }, method: 'textDocument/hover' }));
    client.frame(JSON.stringify({ jsonrpc: '1.0', id: 99999, method: 'textDocument/hover', params: {} }));
    client.frame('\u0000\u0001\u0002\uffff');
    client.raw('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}');
    await stillServes();
  });

  it('does not die on a frame without Content-Length', async () => {
    // Framing cannot be recovered after this (the protocol has no resync), so a separate server takes it.
    const broken = new RawClient(spawn(process.execPath, [SERVER, '--stdio'], { cwd: REPO_ROOT, stdio: 'pipe' }));
    await broken.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    broken.raw('Content-Lenght: 12\r\n\r\n{"id":1}\r\n\r\n');
    broken.raw(Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]));
    const exited = new Promise<number | null>((resolve) => broken.child.once('exit', resolve));
    broken.child.stdin.end();
    // Closing stdin is how an editor goes away: the server must then exit by itself, without a crash report.
    const code = await exited;
    assert.ok(!/Uncaught|RangeError|TypeError/.test(broken.stderr), broken.stderr);
    assert.notEqual(code, null, 'exited on its own, not killed');
  });

  it('keeps a 5 MB document and a burst of edits', async () => {
    const big = 'big:///Jenkinsfile';
    client.notify('textDocument/didOpen', {
      textDocument: { uri: big, languageId: 'jenkinsfile', version: 1, text: seed.repeat(Math.ceil((5 * 1024 * 1024) / seed.length)) },
    });
    for (let version = 2; version < 60; version++) {
      client.notify('textDocument/didChange', {
        textDocument: { uri: big, version },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: version % 2 ? '' : '{' }],
      });
    }
    client.notify('textDocument/didClose', { textDocument: { uri: big } });
    await stillServes();
  });
});
