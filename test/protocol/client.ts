/**
 * A tiny LSP client for protocol tests: spawns the real server over stdio and speaks
 * JSON-RPC to it. Notifications are recorded and can be awaited; nothing here sleeps.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowDocumentRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ApplyWorkspaceEditParams,
  type ApplyWorkspaceEditResult,
  type ClientCapabilities,
  type ConfigurationItem,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Registration,
  type ShowDocumentParams,
  type ShowMessageParams,
  type ShowMessageRequestParams,
  type MessageActionItem,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SERVER_SCRIPT = path.join(REPO_ROOT, 'out/server/src/server.js');

export function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

export interface StartOptions {
  capabilities?: ClientCapabilities;
  /** Answers `workspace/configuration`; the client then announces that capability. */
  configuration?: (items: ConfigurationItem[]) => unknown[];
  initializationOptions?: unknown;
  /** Command to run instead of `node out/server/src/server.js --stdio`. */
  command?: { file: string; args: string[] };
  /** Answers `workspace/applyEdit`; the client then announces `workspace.applyEdit`. */
  applyEdit?: (params: ApplyWorkspaceEditParams) => ApplyWorkspaceEditResult;
  /** Answers `window/showMessageRequest` (default: dismissed, null). */
  showMessageRequest?: (params: ShowMessageRequestParams) => MessageActionItem | null;
  /** Answers `window/showDocument`; the client then announces `window.showDocument`. */
  showDocument?: (params: ShowDocumentParams) => boolean;
  /** `ipc`: fork the server with `--node-ipc`, as VS Code does. */
  transport?: 'stdio' | 'ipc';
}

interface Waiter<T> {
  predicate: (value: T) => boolean;
  resolve: (value: T) => void;
}

/** Values that arrive over time; `next` resolves with the first (already seen or future) match. */
class Recorder<T> {
  readonly all: T[] = [];
  private waiters: Array<Waiter<T>> = [];

  push(value: T): void {
    this.all.push(value);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(value)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(value);
      }
    }
  }

  /** The first value after `from` (an index into `all`) that matches. */
  next(predicate: (value: T) => boolean, from = 0): Promise<T> {
    const seen = this.all.slice(from).find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }
}

export class TestClient {
  readonly diagnostics = new Recorder<PublishDiagnosticsParams>();
  readonly logs = new Recorder<LogMessageParams>();
  readonly configurationRequests = new Recorder<ConfigurationItem[]>();
  /** `window/showMessage` notifications and the `window/showMessageRequest` questions. */
  readonly messages = new Recorder<ShowMessageParams>();
  readonly shownDocuments = new Recorder<ShowDocumentParams>();
  /** `client/registerCapability` registrations the server asked for. */
  readonly registrations = new Recorder<Registration>();
  readonly stderr: string[] = [];
  initializeResult!: InitializeResult;
  /** Resolves with the exit code when the server process ends. */
  readonly exited: Promise<number | null>;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    let child: ChildProcess;
    let connection: ProtocolConnection;
    if (options.transport === 'ipc') {
      child = fork(SERVER_SCRIPT, ['--node-ipc'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
      connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    } else {
      const command = options.command ?? { file: process.execPath, args: [SERVER_SCRIPT, '--stdio'] };
      child = spawn(command.file, command.args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
      connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    }
    const client = new TestClient(child, connection);
    child.stderr!.on('data', (chunk: Buffer) => client.stderr.push(chunk.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => client.diagnostics.push(params));
    connection.onNotification(LogMessageNotification.type, (params) => client.logs.push(params));
    connection.onRequest(RegistrationRequest.type, (params) => {
      for (const registration of params.registrations) client.registrations.push(registration);
    });
    if (options.configuration) {
      const answer = options.configuration;
      connection.onRequest(ConfigurationRequest.type, (params) => {
        client.configurationRequests.push(params.items);
        return answer(params.items);
      });
    }
    if (options.applyEdit) connection.onRequest(ApplyWorkspaceEditRequest.type, options.applyEdit);
    connection.onNotification(ShowMessageNotification.type, (params) => client.messages.push(params));
    connection.onRequest(ShowMessageRequest.type, (params) => {
      client.messages.push(params);
      return options.showMessageRequest ? options.showMessageRequest(params) : null;
    });
    if (options.showDocument) {
      const show = options.showDocument;
      connection.onRequest(ShowDocumentRequest.type, (params) => {
        client.shownDocuments.push(params);
        return { success: show(params) };
      });
    }
    connection.listen();

    const capabilities: ClientCapabilities = {
      ...options.capabilities,
      window: { ...options.capabilities?.window, ...(options.showDocument ? { showDocument: { support: true } } : {}) },
      workspace: {
        ...options.capabilities?.workspace,
        configuration: options.configuration !== undefined,
        applyEdit: options.applyEdit !== undefined,
      },
    };
    const initialized = connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: fileUri(REPO_ROOT),
      capabilities,
      initializationOptions: options.initializationOptions,
      workspaceFolders: null,
    });
    // A server that dies while starting fails the test with its stderr instead of a timeout.
    const died = client.exited.then((code) => {
      throw new Error(`the server exited with ${code} before answering initialize:\n${client.stderr.join('')}`);
    });
    client.initializeResult = await Promise.race([initialized, died]);
    died.catch(() => undefined);
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  async open(uri: string, text: string, version = 1, languageId = 'jenkinsfile'): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async changeConfiguration(settings: unknown = null): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  /** The next diagnostics published for `uri` (at `version`, when given) after the `from`-th publication. */
  diagnosticsFor(uri: string, version?: number, from = 0): Promise<PublishDiagnosticsParams> {
    return this.diagnostics.next((p) => p.uri === uri && (version === undefined || p.version === version), from);
  }

  /** Writes raw bytes to the server's stdin, bypassing JSON-RPC framing checks. */
  writeRaw(data: string): void {
    this.process.stdin!.write(data);
  }

  async stop(): Promise<number | null> {
    if (this.process.exitCode === null) {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** Stops the server if a test left it running (after a failure), without waiting for a polite answer. */
  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
    this.connection.dispose();
  }
}

/** Text with `|` marking a position: the text without the marker, and the marker's line and character. */
export function withCursor(marked: string): { text: string; position: { line: number; character: number } } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, position: positionOf(text, offset) };
}

export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Position of the `index`-th occurrence of `needle` (plus `delta` characters). */
export function positionAt(text: string, needle: string, delta = 0, index = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= index; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`'${needle}' not found`);
  }
  return positionOf(text, offset + delta);
}
