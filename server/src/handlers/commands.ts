/**
 * `workspace/executeCommand`: the migration of one stage and the ECR ConfigMap, for every
 * editor. The VS Code client wraps both in its own prompts and calls these with arguments.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CreateFile,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { ConfigMapError, readGenerateEcrConfigMapCommandArgs } from '../configmap';
import { readGenerateRegistryCredentialsArgs, RegistrySecretError } from '../registry';
import { writeFileAtomic } from '../atomicWrite';
import { localPathOf } from '../paths';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { plannedText, readFileInsideFolders } from '../service';
import { COMMANDS, type GenerateEcrConfigMapResult, type GenerateRegistryCredentialsResult, type MigrateCommandResult } from '../shared/protocol';
import { documentInput, type ServerContext } from './context';

const MAX_COMMAND_FILE_BYTES = 1024 * 1024;
const REPLACE = 'Replace';

export type CommandHandler = (args: unknown[] | undefined) => Promise<unknown>;

export function commandHandlers(context: ServerContext): Record<string, CommandHandler> {
  return {
    [COMMANDS.generateEcrConfigMap]: (args) => generateEcrConfigMap(context, args),
    [COMMANDS.generateRegistryCredentials]: (args) => generateRegistryCredentials(context, args),
    [COMMANDS.migrateToKaniko]: (args) => migrateToKaniko(context, args),
  };
}

/**
 * `[uri, stageName?]` (the code lens's arguments): asks the client to apply the migration of that
 * stage. Answers `{ applied, summary, notes }`, plus the `edit` when the client cannot apply edits.
 */
async function migrateToKaniko(context: ServerContext, args: unknown[] | undefined): Promise<MigrateCommandResult> {
  const command = COMMANDS.migrateToKaniko;
  const [uri, stageName] = args ?? [];
  if (typeof uri !== 'string' || (stageName !== undefined && stageName !== null && typeof stageName !== 'string')) {
    throw new ResponseError(ErrorCodes.InvalidParams, `${command}: expected arguments [uri: string, stageName?: string]`);
  }
  if (!context.documents.get(uri)) throw new ResponseError(ErrorCodes.InvalidParams, `${command}: ${uri} is not open`);
  const settings = await context.settings.for(uri);
  // Read the text after waiting, so the edit is for the version the editor has now.
  const document = documentInput(context, uri);
  if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `${command}: ${uri} was closed`);
  const result = context.service.migrationEdit(document, stageName ?? undefined, settings);
  if ('blocked' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, `Not migrated: ${result.blocked}.`);
  const converted = editOut(context, uri, result.edit);
  if ('blocked' in converted) throw new ResponseError(LSPErrorCodes.RequestFailed, `Not migrated: ${converted.blocked}.`);
  const edit = forClient(context, converted);
  if (!context.features.applyEdit) return { applied: false, edit, summary: result.summary, notes: result.notes, nextSteps: result.nextSteps };
  const applied = await context.connection.workspace.applyEdit({ label: result.label, edit });
  if (!applied.applied) throw new ResponseError(LSPErrorCodes.RequestFailed, `Not migrated: ${applied.failureReason ?? 'the editor did not apply the edit'}.`);
  return { applied: true, summary: result.summary, notes: result.notes, nextSteps: result.nextSteps };
}

/**
 * What both generator commands read first: their parsed request (a parse error is InvalidParams),
 * `output` ('file' by default, or 'result'), and the Jenkinsfile's text when a `uri` is given.
 */
function readGeneratorInput<Request extends { uri?: string }>(
  context: ServerContext,
  command: string,
  args: unknown[] | undefined,
  parse: (args: unknown[] | undefined) => Request,
): { request: Omit<Request, 'uri'>; uri: string | undefined; output: 'file' | 'result'; text: string | undefined } {
  let parsed: Request;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new ResponseError(ErrorCodes.InvalidParams, error instanceof Error ? error.message : String(error));
  }
  const output = (args?.[0] as { output?: unknown } | undefined)?.output ?? 'file';
  if (output !== 'file' && output !== 'result') throw new ResponseError(ErrorCodes.InvalidParams, `${command}: "output" must be 'file' or 'result'`);
  const { uri, ...request } = parsed;
  let text: string | undefined;
  if (uri !== undefined) {
    // Only open documents and files inside the workspace folders: a client cannot make the server read /etc/passwd.
    text = context.documents.get(uri)?.getText() ?? readFileInsideFolders(uri, context.features.workspaceFolders, MAX_COMMAND_FILE_BYTES);
    if (text === undefined)
      throw new ResponseError(ErrorCodes.InvalidParams, `${command}: cannot read ${uri} (only open documents and files inside the workspace folders are read)`);
  }
  return { request, uri, output, text };
}

/**
 * `[{ uri?, registries?, credsStore?, name?, namespace?, roleArn?, fileName?, output? }]`: the
 * ConfigMap YAML for the registries the Jenkinsfile names. With `output: 'result'` nothing is
 * written; otherwise the file is created next to the Jenkinsfile (see `deliver`).
 */
async function generateEcrConfigMap(context: ServerContext, args: unknown[] | undefined): Promise<GenerateEcrConfigMapResult> {
  const { request, uri, output, text } = readGeneratorInput(context, COMMANDS.generateEcrConfigMap, args, readGenerateEcrConfigMapCommandArgs);
  const settings = await context.settings.for(uri);
  let result: GenerateEcrConfigMapResult;
  try {
    result = context.service.ecrConfigMap({ ...request, jenkinsfile: text === undefined ? undefined : { text, uri } }, settings);
  } catch (error) {
    if (error instanceof ConfigMapError) throw new ResponseError(ErrorCodes.InvalidParams, error.message, { problems: error.problems });
    throw error;
  }
  if (output === 'file') {
    const created = await deliver(context, uri, result, { command: COMMANDS.generateEcrConfigMap, label: 'Generate ECR ConfigMap', what: 'ConfigMap' });
    if (created) result.createdUri = created;
  }
  return result;
}

/**
 * `[{ uri?, registries?, name?, namespace?, fileName?, output? }]`: the registry Secret (placeholder
 * values) for the registries other than ECR the Jenkinsfile uses, delivered like the ConfigMap.
 */
async function generateRegistryCredentials(context: ServerContext, args: unknown[] | undefined): Promise<GenerateRegistryCredentialsResult> {
  const { request, uri, output, text } = readGeneratorInput(context, COMMANDS.generateRegistryCredentials, args, readGenerateRegistryCredentialsArgs);
  let result: GenerateRegistryCredentialsResult;
  try {
    result = context.service.registryCredentials({ ...request, jenkinsfile: text === undefined ? undefined : { text, uri } });
  } catch (error) {
    if (error instanceof RegistrySecretError)
      throw new ResponseError(ErrorCodes.InvalidParams, error.message, { problems: [{ code: 'invalid', message: error.message }] });
    throw error;
  }
  if (output === 'file') {
    const created = await deliver(context, uri, result, {
      command: COMMANDS.generateRegistryCredentials,
      label: 'Generate Registry Credentials',
      what: 'registry Secret',
    });
    if (created) result.createdUri = created;
  }
  return result;
}

/**
 * Puts the YAML where the user sees it: a new file next to the Jenkinsfile (or in the first
 * workspace folder) through `workspace/applyEdit` with a `CreateFile` when the client can
 * create files, else written by the server and shown with `window/showDocument`, else a
 * message saying where it went. An existing file is replaced only after the user says so.
 */
async function deliver(
  context: ServerContext,
  jenkinsfileUri: string | undefined,
  result: { yaml: string; fileName: string },
  /** The command (named in errors), its title (the edit's label) and what it generates (in prompts). */
  { command, label, what }: { command: string; label: string; what: string },
): Promise<string | undefined> {
  const { connection, features } = context;
  const folder = targetFolder(jenkinsfileUri, features.workspaceFolders);
  if (folder === undefined) {
    await connection.window.showWarningMessage(
      `${result.fileName} was not written: open a saved Jenkinsfile or a workspace folder. The YAML is in the command's result.`,
    );
    return undefined;
  }
  // A file name, not a path: the command cannot be made to write outside the folder.
  if (result.fileName !== path.basename(result.fileName) || result.fileName === '..' || result.fileName === '.') {
    throw new ResponseError(ErrorCodes.InvalidParams, `${command}: "fileName" must be a file name, not a path: ${JSON.stringify(result.fileName)}`);
  }
  const file = path.join(folder, result.fileName);
  const target = pathToFileURL(file).toString();
  const previous = fs.statSync(file, { throwIfNoEntry: false });
  const exists = previous !== undefined;
  if (exists) {
    const choice = await connection.window
      .showWarningMessage(`${result.fileName} already exists. Replace it with the generated ${what}?`, { title: REPLACE })
      .catch(() => undefined);
    if (choice?.title !== REPLACE) return undefined;
  }
  if (features.applyEdit && features.createFiles) {
    const create: CreateFile = { kind: 'create', uri: target, options: { overwrite: exists } };
    const fill: TextDocumentEdit = {
      textDocument: { uri: target, version: null },
      edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: result.yaml }],
    };
    const applied = await connection.workspace.applyEdit({ label: `${label} (${result.fileName})`, edit: { documentChanges: [create, fill] } });
    if (applied.applied) {
      if (features.showDocument) await connection.window.showDocument({ uri: target, takeFocus: true }).catch(() => undefined);
      return target;
    }
  }
  writeFileAtomic(file, Buffer.from(result.yaml, 'utf8'), previous ? { mode: previous.mode, uid: previous.uid, gid: previous.gid } : {});
  if (features.showDocument && (await connection.window.showDocument({ uri: target, takeFocus: true }).catch(() => ({ success: false }))).success)
    return target;
  connection.window.showInformationMessage(`Wrote ${file}. Apply it with: kubectl apply -f ${file}`);
  return target;
}

function targetFolder(jenkinsfileUri: string | undefined, workspaceFolders: readonly string[]): string | undefined {
  const jenkinsfile = jenkinsfileUri === undefined ? undefined : localPathOf(jenkinsfileUri);
  if (jenkinsfile !== undefined) return path.dirname(jenkinsfile);
  for (const folder of workspaceFolders) {
    const local = localPathOf(folder);
    if (local !== undefined) return local;
  }
  return undefined;
}

/**
 * A service edit (UTF-16 columns) in the client's position encoding, each file's edits converted
 * against that file's own text: the open document (the Jenkinsfile, an open pod file's buffer), or
 * the text the migration planned a pod file's edits on (`plannedText`: the service read it where
 * Jenkins does and checked the disk still held it; nothing here reads the disk). Byte columns of
 * one file's lines mean nothing in another's, and UTF-16 columns mean nothing to a UTF-8 client: a
 * file with no text to convert against is `blocked`.
 */
export function editOut(
  context: ServerContext,
  jenkinsfileUri: string,
  edit: WorkspaceEdit,
  baseText: (uri: string) => string | undefined = (uri) => plannedText(edit, uri),
): WorkspaceEdit | { blocked: string } {
  if (context.positions.encoding === 'utf-16') return edit;
  const documentOf = (uri: string): TextDocument => {
    const document = context.documents.get(uri) ?? plannedDocument(uri);
    if (!document) throw new Unreadable(uri);
    return document;
  };
  const out: WorkspaceEdit = { ...edit };
  try {
    if (edit.documentChanges) {
      out.documentChanges = edit.documentChanges.map((change) =>
        'textDocument' in change ? context.positions.out(documentOf(change.textDocument.uri), change) : change,
      );
    }
    if (edit.changes) {
      out.changes = Object.fromEntries(Object.entries(edit.changes).map(([uri, edits]) => [uri, context.positions.out(documentOf(uri), edits)]));
    }
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    return {
      blocked: `${error.uri} cannot be read to convert the edit to ${context.positions.encoding} columns (it is not open, and the edit was not planned on its text here); open it and ask again`,
    };
  }
  return out;
  function plannedDocument(uri: string): TextDocument | undefined {
    const text = uri === jenkinsfileUri ? undefined : baseText(uri);
    return text === undefined ? undefined : TextDocument.create(uri, 'yaml', 0, text);
  }
}

class Unreadable extends Error {
  constructor(readonly uri: string) {
    super(`${uri} cannot be read`);
  }
}

/** Versioned `documentChanges` for clients that take them, plain `changes` (no annotations) for the rest. */
export function forClient(context: ServerContext, edit: WorkspaceEdit): WorkspaceEdit {
  return context.features.documentChanges ? edit : plainChanges(edit);
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
