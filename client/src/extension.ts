import * as vscode from 'vscode';
import { CancellationToken, LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { registerGenerateConfigMap } from './commands/generateConfigMap';
import { registerGenerateRegistryCredentials } from './commands/generateRegistryCredentials';
import { COMMANDS, SETTINGS_SECTION } from '../../server/src/shared/protocol';
import { SERVER_EXEC_ARGV } from '../../server/src/shared/serverProcess';
import { registerMigrateToKaniko } from './commands/migrateToKaniko';
import { registerOpenExample } from './commands/openExample';
import { registerRestartServer } from './commands/restartServer';
import { isJenkinsfileDocument, jenkinsfileDocumentSelector } from './documentSelector';
import { ServerCommandFilter } from './serverCommands';
import { disableEditsOfUnsavedFiles } from './unsavedFiles';

/** Also the prefix vscode-languageclient reads the trace setting from: `jenkinsfileKaniko.trace.server`. */
const CLIENT_ID = SETTINGS_SECTION;
const CLIENT_NAME = 'Jenkinsfile Kaniko';

let client: LanguageClient | undefined;

/** Returned from `activate` so extension-host tests can reach the running client. */
export interface JenkinsfileKanikoApi {
  readonly client: LanguageClient;
}

export function activate(context: vscode.ExtensionContext): JenkinsfileKanikoApi {
  const outputChannel = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(outputChannel);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] },
    },
  };

  const documentSelector = jenkinsfileDocumentSelector();
  const serverCommands = new ServerCommandFilter();
  const podYamlWatcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
  context.subscriptions.push(podYamlWatcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    // Pod YAML files (yamlFile): the server re-reads the pods of open Jenkinsfiles when one changes on disk.
    synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: podYamlWatcher },
    outputChannel,
    middleware: {
      // Globs cannot look inside a file: a `.groovy` file is opened on the server only when it is a
      // pipeline, and `Jenkinsfile.md` (claimed by the manifest's `Jenkinsfile*`) not at all. The
      // server ignores changes to documents it was never given and answers null for them.
      didOpen: (document, next) => (isJenkinsfileDocument(document) ? next(document) : Promise.resolve()),
      handleRegisterCapability: async (params, next) => {
        await next(serverCommands.filterRegistrations(params), CancellationToken.None);
      },
      provideCodeActions: async (document, range, context, token, next) =>
        disableEditsOfUnsavedFiles(document.uri, await next(document, range, context, token)),
    },
  };

  const languageClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  languageClient.registerFeature(serverCommands);
  client = languageClient;

  const isServed = (document: vscode.TextDocument): boolean => vscode.languages.match(documentSelector, document) > 0 && isJenkinsfileDocument(document);

  // ── Commands ─────────────────────────────────────────────────────────────────────────────
  // One `register…(context, languageClient)` call per file in ./commands. Their ids must be
  // listed in server/src/shared/protocol.ts (and contributes.commands) so a server command of the same id
  // is not registered twice.
  registerRestartServer(context, languageClient);
  registerMigrateToKaniko(context, languageClient, { serverCommands, isServed });
  registerGenerateConfigMap(context, languageClient);
  registerGenerateRegistryCredentials(context, languageClient);
  registerOpenExample(context);
  // ← add the next command's registration here, with its import above.
  // ─────────────────────────────────────────────────────────────────────────────────────────

  context.subscriptions.push(createServerStatus(languageClient, documentSelector));

  // Activation is cheap (a workspace that contains a Jenkinsfile activates us at start-up, see
  // activationEvents): the server process starts only once a Jenkinsfile is actually open.
  const startInBackground = (): void => {
    languageClient.start().catch((error: unknown) => {
      outputChannel.error(`The language server did not start: ${String(error)}`);
    });
  };
  if (vscode.workspace.textDocuments.some(isServed)) {
    startInBackground();
  } else {
    const waitForJenkinsfile = vscode.workspace.onDidOpenTextDocument((document) => {
      if (isServed(document)) {
        waitForJenkinsfile.dispose();
        startInBackground();
      }
    });
    context.subscriptions.push(waitForJenkinsfile);
  }

  return { client: languageClient };
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  if (stopping === undefined) {
    return;
  }
  if (stopping.state === State.Starting) {
    // stop() refuses a client that is still starting.
    await stopping.start().catch(() => undefined);
  }
  if (stopping.state === State.Running) {
    await stopping.stop();
  }
}

/** The `{}` entry in the status bar for Jenkinsfiles: server state, restart and log. */
function createServerStatus(languageClient: LanguageClient, selector: vscode.DocumentSelector): vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem('jenkinsfileKaniko.server', selector);
  item.name = 'Jenkinsfile Kaniko language server';
  const show = (state: State): void => {
    item.busy = state === State.Starting;
    item.severity = state === State.Stopped ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    item.text = state === State.Running ? 'Kaniko lint' : state === State.Starting ? 'Kaniko lint: starting' : 'Kaniko lint: stopped';
    item.detail = state === State.Stopped ? 'Jenkinsfile Kaniko language server' : undefined;
    item.command = { title: state === State.Stopped ? 'Start' : 'Restart', command: COMMANDS.restartServer };
  };
  show(languageClient.state);
  const subscription = languageClient.onDidChangeState((event) => show(event.newState));
  return vscode.Disposable.from(item, subscription);
}
