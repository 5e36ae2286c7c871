/**
 * The language server: a thin LSP adapter over JenkinsfileLanguageService. The handlers live
 * in ./handlers (settings, diagnostics scheduling, commands, language features, capabilities);
 * this file wires them to a connection.
 *
 * Transport comes from the command line (`--node-ipc` from VS Code, `--stdio` for other
 * editors, `--socket=N`, `--pipe=NAME`).
 */
import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  createConnection,
  type Connection,
} from 'vscode-languageserver/node';
import { format } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initializeResult } from './handlers/capabilities';
import { readClientFeatures } from './handlers/clientFeatures';
import { commandHandlers } from './handlers/commands';
import type { ServerContext } from './handlers/context';
import { DiagnosticsScheduler } from './handlers/diagnostics';
import { registerFeatureHandlers } from './handlers/features';
import { describe, guard, guardNotification } from './handlers/guard';
import { codecFor, negotiateEncoding, UTF16 } from './handlers/positions';
import { OpenPodFiles, POD_FILE_GLOB } from './handlers/podFiles';
import { SettingsStore } from './handlers/settings';
import { createNodeHost, JenkinsfileLanguageService } from './service';
import { SETTINGS_SECTION } from './shared/protocol';
import { FramingGuard, NOT_INITIALIZED_METHOD } from './transport/stdioFraming';
import { VERSION } from './version';

export { plainChanges } from './handlers/commands';
export { SETTINGS_SECTION };

export function startServer(connection: Connection): void {
  const log = (message: string): void => connection.console.error(message);
  // Neighbouring YAML files are scanned in the background; a changed answer may change the ConfigMap lenses.
  const host = createNodeHost(log, {
    workspaceFolders: () => context.features.workspaceFolders,
    // A pod file open in the editor is read from its buffer (see handlers/podFiles.ts).
    openFile: (path) => context.podFiles.openFile(path),
    onConfigMapScan: () => {
      if (context.features.codeLensRefresh)
        connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => log(`workspace/codeLens/refresh failed: ${describe(error)}`));
    },
  });
  const documents = new TextDocuments(TextDocument);
  const context: ServerContext = {
    connection,
    documents,
    host,
    podFiles: new OpenPodFiles(documents),
    service: new JenkinsfileLanguageService(host),
    settings: new SettingsStore(connection, log),
    features: readClientFeatures({ capabilities: {}, processId: null, rootUri: null, workspaceFolders: null }),
    positions: UTF16,
    log,
  };
  const diagnostics = new DiagnosticsScheduler(context);
  const commands = commandHandlers(context);

  connection.onInitialize((params) => {
    context.features = readClientFeatures(params);
    const encoding = negotiateEncoding(params.capabilities?.general?.positionEncodings);
    context.positions = codecFor(encoding);
    context.settings.initialize(context.features, params.initializationOptions);
    return initializeResult(context.features, encoding, Object.keys(commands), VERSION);
  });

  connection.onInitialized(() => {
    // Pod files (`yamlFile`) change on disk too: clients that watch files for servers report them.
    if (context.features.watchedFilesDynamicRegistration) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: POD_FILE_GLOB }] })
        .catch((error: unknown) => log(`Registering for pod file changes failed: ${describe(error)}`));
    }
    if (!context.features.configurationDynamicRegistration) return;
    connection.client
      .register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
      .catch((error: unknown) => log(`Registering for configuration changes failed: ${describe(error)}`));
  });

  connection.onDidChangeConfiguration(
    guardNotification(log, 'workspace/didChangeConfiguration', async (params) => {
      context.settings.changed(params);
      if (!context.features.pullDiagnostics) diagnostics.recheckAll();
      else if (context.features.diagnosticsRefresh) await connection.languages.diagnostics.refresh();
      if (context.features.codeLensRefresh) await connection.sendRequest(CodeLensRefreshRequest.type);
    }),
  );

  // A pod's yamlFile changed on disk (saved after a migration, or edited): analyses that read it are stale.
  connection.onDidChangeWatchedFiles(
    guardNotification(log, 'workspace/didChangeWatchedFiles', async () => {
      context.host.filesChanged();
      for (const document of context.documents.all()) context.service.forget(document.uri);
      if (!context.features.pullDiagnostics) diagnostics.recheckAll();
      else if (context.features.diagnosticsRefresh) await connection.languages.diagnostics.refresh();
      if (context.features.codeLensRefresh) await connection.sendRequest(CodeLensRefreshRequest.type);
    }),
  );

  connection.onShutdown(() => {
    diagnostics.dispose();
    host.dispose();
  });

  connection.onExecuteCommand(
    guard(log, 'workspace/executeCommand', ({ command, arguments: args }) => {
      const run = Object.prototype.hasOwnProperty.call(commands, command) ? commands[command] : undefined;
      if (!run) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command '${command}'.`);
      return run(args);
    }),
  );

  diagnostics.listen();
  registerFeatureHandlers(context);
  context.documents.listen(connection);
  connection.listen();
}

const USAGE = `Usage: jenkinsfile-kaniko-language-server --stdio
       (also --node-ipc, --socket=<port>, --pipe=<name>, --version)
A language server for Jenkinsfiles: Docker-in-Docker, Docker socket and AWS CLI findings, Kaniko migration.`;

const TRANSPORT = /^--(stdio|node-ipc|socket|pipe)\b/;

/** Entry point of the server process (also used by bin/jenkinsfile-kaniko-language-server.js). */
export function main(): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  // Editors start this with `--stdio`; without a transport flag, stdio is the sensible default.
  if (!argv.some((arg) => TRANSPORT.test(arg))) process.argv.push('--stdio');
  let connection: Connection;
  try {
    connection = argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
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

/**
 * `--stdio` through FramingGuard (bad frames logged and skipped, bounded input, -32002 before
 * `initialize`). With streams given, the library neither redirects `console` nor knows it is stdio,
 * so both are done here.
 */
function stdioConnection(): Connection {
  const framing = new FramingGuard({ log: (message) => process.stderr.write(`${message}\n`) });
  process.stdin.pipe(framing);
  const connection = createConnection(ProposedFeatures.all, framing, process.stdout);
  framing.log = (message) => connection.console.error(message);
  connection.onRequest(NOT_INITIALIZED_METHOD, (params: { method?: unknown }) => {
    const method = typeof params?.method === 'string' ? params.method : 'this request';
    return new ResponseError(ErrorCodes.ServerNotInitialized, `${method}: the server is not initialized; send 'initialize' first.`);
  });
  // Anything printed to stdout would corrupt the protocol: console output goes to the client's log.
  console.log = (...args: unknown[]) => connection.console.log(format(...args));
  console.info = (...args: unknown[]) => connection.console.info(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  return connection;
}

if (require.main === module) main();
