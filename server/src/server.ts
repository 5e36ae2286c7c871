/**
 * The language server: a thin LSP adapter over JenkinsfileLanguageService.
 *
 * Transport comes from the command line (`--node-ipc` from VS Code, `--stdio` for other
 * editors, `--socket=N`, `--pipe=NAME`). State: the open documents, their settings and
 * pending diagnostics timers; the service caches analyses per document text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  ErrorCodes,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  createConnection,
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type Connection,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigMapError, GENERATE_ECR_CONFIGMAP_COMMAND, generateEcrConfigMapForJenkinsfile, readGenerateEcrConfigMapCommandArgs } from './configmap';
import { DIAGNOSTIC_SOURCE } from './rules';
import { createNodeHost, JenkinsfileLanguageService, normalizeSettings, DEFAULT_SETTINGS, type DocumentInput, type Settings } from './service';
import { FIX_ALL_KIND, MIGRATE_COMMAND } from './service/codeActions';

export const SETTINGS_SECTION = 'jenkinsfileKaniko';
/** Quiet time after the last keystroke before a document is checked. */
const DIAGNOSTICS_DELAY_MS = 150;
/** Distinct settings warnings remembered, so each is logged once. */
const MAX_REMEMBERED_WARNINGS = 200;
const MAX_COMMAND_FILE_BYTES = 1024 * 1024;

type Handler<P, R> = (params: P, token: CancellationToken) => R | Promise<R>;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const log = (message: string): void => connection.console.error(message);
  const service = new JenkinsfileLanguageService(createNodeHost(log));

  let configurationRequests = false;
  let configurationDynamicRegistration = false;
  let pullDiagnostics = false;
  let diagnosticsRefresh = false;
  let codeLensRefresh = false;
  let applyEditSupport = false;
  /** Whether the client takes `documentChanges` (versioned edits); others get plain `changes`. */
  let documentChangesSupport = false;
  /** Settings for clients without `workspace/configuration`: initializationOptions, then didChangeConfiguration. */
  let sharedSettings: Settings = DEFAULT_SETTINGS;
  const settingsByUri = new Map<string, Promise<Settings>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const warned = new Set<string>();

  const warnOnce = (message: string): void => {
    if (warned.has(message)) return;
    if (warned.size >= MAX_REMEMBERED_WARNINGS) warned.clear();
    warned.add(message);
    connection.console.warn(message);
  };
  const normalize = (raw: unknown): Settings => normalizeSettings(raw, warnOnce);

  /** Answers an exception with a ResponseError and a log line; the server carries on. */
  const guard =
    <P, R>(method: string, handler: Handler<P, R>) =>
    // `any`: each LSP request declares its own error-data type, and ours carry at most a message.
    async (params: P, token: CancellationToken): Promise<R | ResponseError<any>> => {
      try {
        return await handler(params, token);
      } catch (error) {
        if (error instanceof ResponseError) return error;
        log(`${method} failed: ${describe(error)}`);
        return new ResponseError(LSPErrorCodes.RequestFailed, `${method} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
  const guardNotification =
    <P>(method: string, handler: (params: P) => void | Promise<void>) =>
    (params: P): void => {
      Promise.resolve()
        .then(() => handler(params))
        .catch((error: unknown) => log(`${method} failed: ${describe(error)}`));
    };

  const input = (uri: string): DocumentInput | undefined => {
    const document = documents.get(uri);
    return document ? { uri, text: document.getText(), version: document.version } : undefined;
  };

  const settingsFor = (uri: string): Promise<Settings> => {
    if (!configurationRequests) return Promise.resolve(sharedSettings);
    let settings = settingsByUri.get(uri);
    if (!settings) {
      settings = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(normalize, (error: unknown) => {
        log(`workspace/configuration failed, using defaults: ${describe(error)}`);
        return sharedSettings;
      });
      settingsByUri.set(uri, settings);
    }
    return settings;
  };

  // -- push diagnostics -------------------------------------------------------------------

  const publish = async (uri: string): Promise<void> => {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const settings = await settingsFor(uri);
    const current = documents.get(uri);
    if (current?.version !== version) return;
    const diagnostics = service.diagnostics({ uri, text: current.getText(), version }, settings);
    // Published only if the document is still open at the version checked, so a stale result never shows.
    if (documents.get(uri)?.version !== version) return;
    await connection.sendDiagnostics({ uri, version, diagnostics });
  };

  const schedule = (uri: string, delay = DIAGNOSTICS_DELAY_MS): void => {
    if (pullDiagnostics) return;
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        publish(uri).catch((error: unknown) => log(`Diagnostics for ${uri} failed: ${describe(error)}`));
      }, delay),
    );
  };

  documents.onDidChangeContent(guardNotification('textDocument/didChange', (change) => schedule(change.document.uri)));
  documents.onDidClose(
    guardNotification('textDocument/didClose', async (event) => {
      const uri = event.document.uri;
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      settingsByUri.delete(uri);
      service.forget(uri);
      if (!pullDiagnostics) await connection.sendDiagnostics({ uri, diagnostics: [] });
    }),
  );

  // -- commands -------------------------------------------------------------------------------

  /** `workspace/executeCommand` handlers by command id; each returns the command's result. */
  const commands: Record<string, (args: unknown[] | undefined) => Promise<unknown>> = {
    /** Returns the ConfigMap (and ServiceAccount) YAML for the registries the Jenkinsfile uses; writes nothing. */
    [GENERATE_ECR_CONFIGMAP_COMMAND]: async (args) => {
      let options;
      try {
        options = readGenerateEcrConfigMapCommandArgs(args);
      } catch (error) {
        throw new ResponseError(ErrorCodes.InvalidParams, error instanceof Error ? error.message : String(error));
      }
      const { uri, ...rest } = options;
      let text: string | undefined;
      let settings = sharedSettings;
      if (uri !== undefined) {
        text = documents.get(uri)?.getText() ?? readCommandFile(uri);
        if (text === undefined) throw new ResponseError(ErrorCodes.InvalidParams, `${GENERATE_ECR_CONFIGMAP_COMMAND}: cannot read ${uri}`);
        settings = await settingsFor(uri);
      }
      try {
        const generated = generateEcrConfigMapForJenkinsfile(text, { ...rest, name: rest.name ?? settings.configMapName, fileName: rest.fileName ?? settings.configMapFile }, uri);
        return generated.yaml;
      } catch (error) {
        if (error instanceof ConfigMapError) throw new ResponseError(ErrorCodes.InvalidParams, error.message, { problems: error.problems });
        throw error;
      }
    },
    /**
     * `[uri, stageName?]` (the code lens's arguments): asks the client to apply the migration of that
     * stage. Answers `{ applied, summary, notes }`, plus the `edit` when the client cannot apply edits.
     */
    [MIGRATE_COMMAND]: async (args) => {
      const [uri, stageName] = args ?? [];
      if (typeof uri !== 'string' || (stageName !== undefined && stageName !== null && typeof stageName !== 'string')) {
        throw new ResponseError(ErrorCodes.InvalidParams, `${MIGRATE_COMMAND}: expected arguments [uri: string, stageName?: string]`);
      }
      if (!documents.get(uri)) throw new ResponseError(ErrorCodes.InvalidParams, `${MIGRATE_COMMAND}: ${uri} is not open`);
      const settings = await settingsFor(uri);
      // Read the text after waiting, so the edit is for the version the editor has now.
      const document = input(uri);
      if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `${MIGRATE_COMMAND}: ${uri} was closed`);
      const result = service.migrationEdit(document, stageName ?? undefined, settings);
      if ('blocked' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, `Not migrated: ${result.blocked}.`);
      const edit = forClient(result.edit);
      if (!applyEditSupport) return { applied: false, edit, summary: result.summary, notes: result.notes };
      const applied = await connection.workspace.applyEdit({ label: result.label, edit });
      if (!applied.applied) throw new ResponseError(LSPErrorCodes.RequestFailed, `Not migrated: ${applied.failureReason ?? 'the editor did not apply the edit'}.`);
      return { applied: true, summary: result.summary, notes: result.notes };
    },
  };

  /** Versioned `documentChanges` for clients that take them, plain `changes` (no annotations) for the rest. */
  const forClient = (edit: WorkspaceEdit): WorkspaceEdit => (documentChangesSupport ? edit : plainChanges(edit));

  // -- lifecycle ------------------------------------------------------------------------------

  connection.onInitialize((params): InitializeResult => {
    const capabilities: ClientCapabilities = params.capabilities ?? {};
    configurationRequests = capabilities.workspace?.configuration === true;
    configurationDynamicRegistration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    // A client that can pull diagnostics gets them only that way; every other client gets them pushed.
    pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
    diagnosticsRefresh = capabilities.workspace?.diagnostics?.refreshSupport === true;
    codeLensRefresh = capabilities.workspace?.codeLens?.refreshSupport === true;
    applyEditSupport = capabilities.workspace?.applyEdit === true;
    documentChangesSupport = capabilities.workspace?.workspaceEdit?.documentChanges === true;
    const options = params.initializationOptions as Record<string, unknown> | null | undefined;
    if (options && typeof options === 'object') sharedSettings = normalize(SETTINGS_SECTION in options ? options[SETTINGS_SECTION] : options);

    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        documentSymbolProvider: { label: 'Jenkinsfile' },
        foldingRangeProvider: true,
        completionProvider: { triggerCharacters: ['-', "'", '"'], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND], resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: Object.keys(commands) },
      },
      serverInfo: { name: 'jenkinsfile-kaniko-language-server', version: packageVersion() },
    };
    if (pullDiagnostics) {
      result.capabilities.diagnosticProvider = { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: false, workspaceDiagnostics: false };
    }
    return result;
  });

  connection.onInitialized(() => {
    if (configurationDynamicRegistration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((error: unknown) => log(`Registering for configuration changes failed: ${describe(error)}`));
    }
  });

  connection.onDidChangeConfiguration(
    guardNotification('workspace/didChangeConfiguration', async (params) => {
      settingsByUri.clear();
      const pushed = params?.settings as Record<string, unknown> | null | undefined;
      if (!configurationRequests && pushed && typeof pushed === 'object' && SETTINGS_SECTION in pushed) sharedSettings = normalize(pushed[SETTINGS_SECTION]);
      if (pullDiagnostics) {
        if (diagnosticsRefresh) await connection.languages.diagnostics.refresh();
      } else {
        for (const document of documents.all()) schedule(document.uri, 0);
      }
      if (codeLensRefresh) await connection.sendRequest(CodeLensRefreshRequest.type);
    }),
  );

  connection.onShutdown(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  // -- requests -------------------------------------------------------------------------------

  connection.languages.diagnostics.on(
    guard('textDocument/diagnostic', async (params): Promise<DocumentDiagnosticReport> => {
      const uri = params.textDocument.uri;
      const document = documents.get(uri);
      if (!document) return { kind: 'full', items: [] };
      const version = document.version;
      const settings = await settingsFor(uri);
      const current = documents.get(uri);
      if (current?.version !== version) {
        // The client asks again for the new version rather than receive a stale report.
        throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed while it was checked.', { retriggerRequest: true });
      }
      return { kind: 'full', items: service.diagnostics({ uri, text: current.getText(), version }, settings) };
    }),
  );

  connection.onHover(
    guard('textDocument/hover', async ({ textDocument, position }) => {
      const document = input(textDocument.uri);
      return document ? service.hover(document, position, await settingsFor(textDocument.uri)) : null;
    }),
  );

  connection.onDocumentSymbol(
    guard('textDocument/documentSymbol', ({ textDocument }) => {
      const document = input(textDocument.uri);
      return document ? service.documentSymbols(document) : [];
    }),
  );

  connection.onFoldingRanges(
    guard('textDocument/foldingRange', ({ textDocument }) => {
      const document = input(textDocument.uri);
      return document ? service.foldingRanges(document) : [];
    }),
  );

  connection.onCompletion(
    guard('textDocument/completion', ({ textDocument, position }) => {
      const document = input(textDocument.uri);
      return document ? service.completion(document, position) : null;
    }),
  );

  connection.onCodeAction(
    guard('textDocument/codeAction', async ({ textDocument, range, context }) => {
      const document = input(textDocument.uri);
      if (!document) return [];
      const actions = service.codeActions(document, range, context, await settingsFor(textDocument.uri));
      const wanted = context.only ? actions.filter((action) => kindMatches(action, context.only!)) : actions;
      return wanted.map((action) => (action.edit ? { ...action, edit: forClient(action.edit) } : action));
    }),
  );

  connection.onCodeLens(
    guard('textDocument/codeLens', async ({ textDocument }) => {
      const document = input(textDocument.uri);
      return document ? service.codeLenses(document, await settingsFor(textDocument.uri)) : [];
    }),
  );

  connection.onExecuteCommand(
    guard('workspace/executeCommand', async ({ command, arguments: args }) => {
      const run = Object.prototype.hasOwnProperty.call(commands, command) ? commands[command] : undefined;
      if (!run) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command '${command}'.`);
      return run(args);
    }),
  );

  documents.listen(connection);
  connection.listen();
}

/** The same edit as `changes` by uri: no versions, no annotations, no file operations. */
export function plainChanges(edit: WorkspaceEdit): WorkspaceEdit {
  if (!edit.documentChanges) return edit;
  const changes: Record<string, TextEdit[]> = { ...(edit.changes ?? {}) };
  for (const change of edit.documentChanges) {
    if (!('textDocument' in change)) continue;
    const edits = change.edits.map((e) => ({ range: e.range, newText: 'newText' in e ? e.newText : e.snippet.value }));
    changes[change.textDocument.uri] = [...(changes[change.textDocument.uri] ?? []), ...edits];
  }
  return { changes };
}

/** `quickfix` matches `quickfix` and `quickfix.x`; `source.fixAll` matches our fix-all kind. */
function kindMatches(action: CodeAction, only: string[]): boolean {
  const kind = action.kind ?? '';
  return only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
}

/** Text of a Jenkinsfile the command names but the client has not opened (read only, bounded). */
function readCommandFile(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const file = fileURLToPath(uri);
    const stat = fs.statSync(file);
    return stat.isFile() && stat.size <= MAX_COMMAND_FILE_BYTES ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function packageVersion(): string | undefined {
  // out/server/src/server.js when compiled, dist/server.js when bundled.
  for (const candidate of ['../../../package.json', '../package.json']) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, candidate), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'jenkinsfile-kaniko-assistant') return manifest.version;
    } catch {
      // Try the next layout.
    }
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

const USAGE = `Usage: jenkinsfile-kaniko-language-server --stdio
       (also --node-ipc, --socket=<port>, --pipe=<name>)
A language server for Jenkinsfiles: Docker-in-Docker, Docker socket and AWS CLI findings, Kaniko migration.`;

/** Entry point of the server process (also used by bin/jenkinsfile-kaniko-language-server.js). */
export function main(): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let connection: Connection;
  try {
    connection = createConnection(ProposedFeatures.all);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // A bug in one handler must not take the editor's server down with it.
  process.on('uncaughtException', (error) => connection.console.error(`Uncaught exception: ${describe(error)}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${describe(reason)}`));
  startServer(connection);
}

if (require.main === module) main();
