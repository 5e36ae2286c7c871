/**
 * #14 item 11, over stdio against the real server: requests before `initialize` get -32002, a bad
 * Content-Length is logged and the connection resynchronises on the next header, and the input
 * held is bounded (a frame that declares a terabyte is refused, not buffered).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FramingGuard, NOT_INITIALIZED_METHOD } from '../../../server/src/transport/stdioFraming';
import { REPO_ROOT } from './corpus';
import { Random } from './random';

const SERVER = path.join(__dirname, '../../../server/src/server.js');

interface Message {
  id?: number | string | null;
  method?: string;
  params?: { type?: number; message?: string } & Record<string, unknown>;
  result?: unknown;
  error?: { code: number; message: string };
}

/** Raw bytes in, parsed frames out. */
class Wire {
  private buffer = Buffer.alloc(0);
  readonly received: Message[] = [];
  private readonly waiting: Array<{ test: (m: Message) => boolean; resolve: (m: Message) => void }> = [];
  readonly exit: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.resume();
    this.exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))![1]);
      const end = headerEnd + 4 + length;
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, end).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end);
      this.received.push(message);
      if (message.method !== undefined && message.id !== undefined) this.send({ id: message.id, result: null });
      const index = this.waiting.findIndex((w) => w.test(message));
      if (index >= 0) this.waiting.splice(index, 1)[0].resolve(message);
    }
  }

  raw(bytes: string | Buffer): void {
    this.child.stdin.write(bytes);
  }

  send(message: object): void {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.raw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  wait(test: (m: Message) => boolean): Promise<Message> {
    const seen = this.received.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiting.push({ test, resolve }));
  }

  answer(id: number): Promise<Message> {
    return this.wait((m) => m.id === id && m.method === undefined);
  }

  logged(pattern: RegExp): Promise<Message> {
    return this.wait((m) => m.method === 'window/logMessage' && pattern.test(m.params?.message ?? ''));
  }
}

function start(): Wire {
  return new Wire(spawn(process.execPath, [SERVER, '--stdio'], { cwd: REPO_ROOT, stdio: 'pipe' }));
}

const INITIALIZE = { method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };
const HOVER = { method: 'textDocument/hover', params: { textDocument: { uri: 'file:///w/Jenkinsfile' }, position: { line: 0, character: 0 } } };

/** Resident memory of a process, from /proc (Linux). */
function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

describe('robustness: the stdio transport (#14 item 11)', function () {
  this.timeout(60_000);
  let wire: Wire;
  beforeEach(() => {
    assert.ok(fs.existsSync(SERVER), `${SERVER} is built`);
    wire = start();
  });
  afterEach(async () => {
    wire.child.stdin.end();
    await wire.exit;
  });

  it('#14.11 a request before initialize gets -32002; notifications before it are dropped; then it serves', async () => {
    wire.send({ id: 1, ...HOVER });
    wire.send({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri: 'file:///w/Jenkinsfile', languageId: 'jenkinsfile', version: 1, text: 'node {}' } },
    });
    const early = await wire.answer(1);
    assert.equal(early.error?.code, -32002, JSON.stringify(early));
    assert.match(early.error!.message, /textDocument\/hover.*initialize/);
    wire.send({ id: 2, ...INITIALIZE });
    assert.ok((await wire.answer(2)).result, 'initialize answered');
    wire.send({ method: 'initialized', params: {} });
    wire.send({ id: 3, method: 'textDocument/documentSymbol', params: { textDocument: { uri: 'file:///w/Jenkinsfile' } } });
    assert.deepEqual((await wire.answer(3)).result, [], 'the dropped didOpen never opened the document');
    await wire.logged(/Dropped notification 'textDocument\/didOpen' sent before 'initialize'/);
  });

  it('#14.11 a bad Content-Length is logged and the next frame is answered', async () => {
    wire.send({ id: 1, ...INITIALIZE });
    await wire.answer(1);
    const bad: Array<[string, RegExp]> = [
      ['Content-Length: abc\r\n\r\n{"jsonrpc":"2.0","id":90,"method":"shutdown"}', /Content-Length 'abc' is not a number/],
      ['Content-Length: -5\r\n\r\n', /Content-Length '-5' is not a number/],
      ['Content-Length: 12\r\nContent-Length: 13\r\n\r\n', /two different Content-Length values/],
      ['Content-Type: application/json\r\n\r\n{}', /no Content-Length/],
      ['garbage without any header end '.repeat(400), /a header block of more than 8192 bytes/],
    ];
    let id = 10;
    for (const [bytes, logged] of bad) {
      wire.raw(bytes);
      await wire.logged(logged);
      wire.send({ id, ...HOVER });
      assert.equal((await wire.answer(id)).error, undefined, `answered after ${JSON.stringify(bytes.slice(0, 40))}`);
      id++;
    }
    assert.equal(
      wire.received.some((m) => m.id === 90),
      false,
      'the body of a refused frame is never run',
    );
  });

  it('#14.11 the input held is bounded: a frame declaring a terabyte is refused, not buffered', async () => {
    wire.send({ id: 1, ...INITIALIZE });
    await wire.answer(1);
    const before = rssBytes(wire.child.pid!);
    wire.raw('Content-Length: 1099511627776\r\n\r\n');
    const junk = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 64; i++) wire.raw(junk);
    await wire.logged(/Content-Length 1099511627776 is over the limit of \d+ bytes/);
    wire.send({ id: 2, ...HOVER });
    assert.equal((await wire.answer(2)).error, undefined);
    const grown = rssBytes(wire.child.pid!) - before;
    assert.ok(grown < 48 * 1024 * 1024, `64 MB of a refused frame grew the server by ${(grown / 1024 / 1024).toFixed(0)} MB`);
  });

  it('#14.11 input that ends inside a frame: the server exits by itself', async () => {
    wire.send({ id: 1, ...INITIALIZE });
    await wire.answer(1);
    wire.raw('Content-Length: 100\r\n\r\n{"jsonrpc"');
    wire.child.stdin.end();
    assert.equal(typeof (await wire.exit), 'number');
  });

  it('#14.10 generateEcrConfigMap reads only open documents and files inside the workspace folders', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-ws-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-out-'));
    try {
      const jenkinsfile = `pipeline { agent any\n stages { stage('b') { steps { sh '/kaniko/executor --destination=123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1' } } } }\n`;
      fs.writeFileSync(path.join(workspace, 'Jenkinsfile'), jenkinsfile);
      fs.writeFileSync(path.join(outside, 'Jenkinsfile'), jenkinsfile);
      fs.symlinkSync(path.join(outside, 'Jenkinsfile'), path.join(workspace, 'linked.Jenkinsfile'));
      wire.send({
        id: 1,
        method: 'initialize',
        params: { processId: null, rootUri: null, workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }], capabilities: {} },
      });
      await wire.answer(1);
      const generate = async (id: number, file: string) => {
        wire.send({
          id,
          method: 'workspace/executeCommand',
          params: { command: 'jenkinsfileKaniko.generateEcrConfigMap', arguments: [{ uri: pathToFileURL(file).href, output: 'result' }] },
        });
        return wire.answer(id);
      };
      const inside = await generate(2, path.join(workspace, 'Jenkinsfile'));
      assert.equal(inside.error, undefined, JSON.stringify(inside.error));
      assert.match(JSON.stringify(inside.result), /123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com/);
      // It writes only a file name next to the Jenkinsfile, atomically; never a path.
      wire.send({
        id: 7,
        method: 'workspace/executeCommand',
        params: {
          command: 'jenkinsfileKaniko.generateEcrConfigMap',
          arguments: [{ uri: pathToFileURL(path.join(workspace, 'Jenkinsfile')).href, fileName: `../${path.basename(outside)}/escape.yaml` }],
        },
      });
      const escape = await wire.answer(7);
      assert.equal(escape.error?.code, -32602, JSON.stringify(escape));
      assert.equal(fs.existsSync(path.join(outside, 'escape.yaml')), false);
      wire.send({
        id: 8,
        method: 'workspace/executeCommand',
        params: {
          command: 'jenkinsfileKaniko.generateEcrConfigMap',
          arguments: [{ uri: pathToFileURL(path.join(workspace, 'Jenkinsfile')).href, fileName: 'cm.yaml' }],
        },
      });
      assert.equal((await wire.answer(8)).error, undefined);
      assert.match(fs.readFileSync(path.join(workspace, 'cm.yaml'), 'utf8'), /kind: ConfigMap/);
      assert.deepEqual(
        fs.readdirSync(workspace).filter((name) => name.endsWith('.tmp')),
        [],
      );
      for (const [id, file] of [
        [3, '/etc/passwd'],
        [4, path.join(outside, 'Jenkinsfile')],
        [5, path.join(workspace, 'linked.Jenkinsfile')],
        [6, path.join(workspace, '..', path.basename(outside), 'Jenkinsfile')],
      ] as const) {
        const refused = await generate(id, file);
        assert.equal(refused.error?.code, -32602, `${file}: ${JSON.stringify(refused)}`);
        assert.match(refused.error!.message, /only open documents and files inside the workspace folders are read/);
      }
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  describe('the framing guard in process', () => {
    /** Feeds `input` in the given chunk sizes; returns the frames passed on and the lines logged. */
    function run(input: Buffer, sizes: () => number, maxMessageBytes?: number): { frames: string[]; logged: string[] } {
      const logged: string[] = [];
      const guard = new FramingGuard({ log: (m) => logged.push(m), maxMessageBytes });
      const out: Buffer[] = [];
      guard.on('data', (chunk: Buffer) => out.push(chunk));
      for (let i = 0; i < input.length; ) {
        const size = Math.max(1, sizes());
        guard.write(input.subarray(i, i + size));
        i += size;
      }
      let rest = Buffer.concat(out);
      const frames: string[] = [];
      while (rest.length > 0) {
        const headerEnd = rest.indexOf('\r\n\r\n');
        const match = /^Content-Length: (\d+)$/.exec(rest.subarray(0, Math.max(headerEnd, 0)).toString('latin1'));
        assert.ok(match, `well-formed output: ${JSON.stringify(rest.toString('latin1', 0, 60))}`);
        const end = headerEnd + 4 + Number(match[1]);
        frames.push(rest.toString('utf8', headerEnd + 4, end));
        rest = rest.subarray(end);
      }
      return { frames, logged };
    }
    const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const init = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: {} });

    it('passes the same frames whatever the chunk boundaries, and resynchronises after bad ones', () => {
      const bodies = [
        init,
        ...Array.from({ length: 30 }, (_, i) => JSON.stringify({ jsonrpc: '2.0', id: i + 1, method: 'm', params: { text: 'é\r\n'.repeat(i * 7) } })),
      ];
      const bad = ['Content-Length: x\r\n\r\n', 'content-length: 5\r\nCONTENT-LENGTH: 6\r\n\r\n', 'X: y\r\n\r\n'];
      const input = Buffer.from(bodies.map((b, i) => (i > 0 ? bad[i % bad.length] : '') + frame(b)).join(''));
      const random = new Random(11);
      for (const sizes of [() => 1, () => 7, () => 1 + random.int(40), () => 65536]) {
        const { frames, logged } = run(input, sizes);
        assert.deepEqual(frames, bodies);
        assert.equal(logged.length, bodies.length - 1);
      }
    });

    it('garbage of every shape is skipped in linear time, and a frame glued after it still arrives', () => {
      const shapes = [
        `Content-Length: 1${'x'.repeat(9000)}`.repeat(3000),
        'Content-Length:x'.repeat(250_000),
        'Content-Length: 1x'.repeat(100_000),
        'Content-Length: 5\r\nContent-Length: 6\r\n\r\n'.repeat(100_000),
        'x'.repeat(16_000_000),
      ];
      for (const junk of shapes) {
        const before = process.cpuUsage();
        const { frames } = run(Buffer.from(junk + frame(init)), () => 65536);
        const used = process.cpuUsage(before);
        assert.deepEqual(frames, [init], JSON.stringify(junk.slice(0, 20)));
        // A gross bound: quadratic rescanning of these would take minutes.
        assert.ok((used.user + used.system) / 1000 < 10_000, `${JSON.stringify(junk.slice(0, 20))}: ${(used.user + used.system) / 1000} ms of CPU`);
      }
    });

    it('renames a request before initialize, drops notifications, passes exit and non-JSON on', () => {
      const input = [
        frame('{"jsonrpc":"2.0","id":7,"method":"shutdown"}'),
        frame('{"jsonrpc":"2.0","method":"textDocument/didOpen"}'),
        frame('not json'),
        frame('{"jsonrpc":"2.0","method":"exit"}'),
        frame(init),
        frame('{"jsonrpc":"2.0","method":"initialized"}'),
      ].join('');
      const { frames } = run(Buffer.from(input), () => 13);
      assert.deepEqual(
        frames.map((f) => (f.startsWith('{') ? (JSON.parse(f) as { method: string }).method : f)),
        [NOT_INITIALIZED_METHOD, 'not json', 'exit', 'initialize', 'initialized'],
      );
      assert.deepEqual(JSON.parse(frames[0]), { jsonrpc: '2.0', id: 7, method: NOT_INITIALIZED_METHOD, params: { method: 'shutdown' } });
    });

    it('never holds more than one message: a frame over the limit is skipped as it streams', () => {
      const { frames, logged } = run(Buffer.from(`Content-Length: 2000\r\n\r\n${'y'.repeat(2000)}${frame(init)}`), () => 100, 1000);
      assert.deepEqual(frames, [init]);
      assert.match(logged[0], /Content-Length 2000 is over the limit of 1000 bytes/);
    });
  });
});
