import * as vscode from 'vscode';
import { disabledMigrationReason, unsavedOtherFile } from '../unsavedFiles';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import type { ServerCommandFilter } from '../serverCommands';
import { COMMANDS } from '../../../server/src/shared/protocol';

export const APPLY = 'Apply';
export const PREVIEW = 'Preview';

/** Lazily resolved code actions carry no edit until resolved; a Jenkinsfile has few stages. */
const RESOLVE_AT_MOST = 20;

export interface MigrateToKanikoDeps {
  readonly serverCommands: ServerCommandFilter;
  readonly isServed: (document: vscode.TextDocument) => boolean;
}

/**
 * The migration itself is the server's `refactor.rewrite` code action. This command is the
 * palette entry for it: it asks VS Code for our code actions at the cursor (then for the whole
 * file), lets the user pick a stage when there are several, then asks "Apply" (one step, one
 * undo) or "Preview" (VS Code's refactor preview, edits ticked). Invoked with arguments (from a
 * server code lens), it forwards them to the server's command, which applies in one step.
 */
export function registerMigrateToKaniko(context: vscode.ExtensionContext, client: LanguageClient, deps: MigrateToKanikoDeps): void {
  const forwardToServer = async (args: unknown[]): Promise<void> => {
    await client.sendRequest(ExecuteCommandRequest.type, { command: COMMANDS.migrateToKaniko, arguments: args });
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.migrateToKaniko, async (...args: unknown[]) => {
      try {
        if (args.length > 0 && deps.serverCommands.serverOffers(COMMANDS.migrateToKaniko)) {
          await forwardToServer(args);
          return;
        }
        await migrateFromActiveEditor(deps, forwardToServer);
      } catch (error) {
        client.error('Migrating to Kaniko failed', error, 'force');
      }
    }),
  );
}

async function migrateFromActiveEditor(deps: MigrateToKanikoDeps, forwardToServer: (args: unknown[]) => Promise<void>): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || !deps.isServed(editor.document)) {
    void vscode.window.showInformationMessage('Open a Jenkinsfile to migrate its build stage to Kaniko.');
    return;
  }
  const document = editor.document;
  let actions = await migrationActions(document, editor.selection);
  if (actions.length === 0) {
    const wholeFile = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    actions = await migrationActions(document, wholeFile);
  }
  const disabledReason = disabledMigrationReason(document.uri);
  if (actions.length === 0 && disabledReason !== undefined) {
    void vscode.window.showWarningMessage(disabledReason);
    return;
  }
  if (actions.length === 0) {
    void vscode.window.showInformationMessage('No stage in this Jenkinsfile can be migrated to Kaniko safely. The hover on its warnings says why.');
    return;
  }
  const chosen =
    actions.length === 1
      ? actions[0]
      : (
          await vscode.window.showQuickPick(
            actions.map((action) => ({ label: action.title, action })),
            { placeHolder: 'Which stage should build with Kaniko?' },
          )
        )?.action;
  if (chosen === undefined) {
    return;
  }
  if (chosen.disabled !== undefined) {
    void vscode.window.showWarningMessage(`${chosen.title}: ${chosen.disabled.reason}`);
    return;
  }
  if (chosen.edit !== undefined) {
    const choice = await vscode.window.showInformationMessage(
      chosen.title,
      { modal: true, detail: 'Apply changes the file in one step (one Undo reverts it). Preview shows every edit first.' },
      APPLY,
      PREVIEW,
    );
    if (choice === undefined) {
      return;
    }
    // The pod file may have been changed in the editor while the dialog was open.
    const unsaved = unsavedOtherFile(document.uri, chosen.edit);
    if (unsaved !== undefined) {
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(unsaved, false)} has unsaved changes: save or revert it, then migrate again.`);
      return;
    }
    const edit = choice === PREVIEW ? needingConfirmation(chosen.edit, chosen.title) : chosen.edit;
    if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) {
      return;
    }
  }
  const command = chosen.command;
  if (command === undefined) {
    return;
  }
  if (command.command === COMMANDS.migrateToKaniko) {
    // Running our own command again would come straight back here.
    if (deps.serverCommands.serverOffers(COMMANDS.migrateToKaniko)) {
      await forwardToServer(command.arguments ?? []);
    }
    return;
  }
  await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
}

async function migrationActions(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const found = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
    'vscode.executeCodeActionProvider',
    document.uri,
    range,
    vscode.CodeActionKind.RefactorRewrite.value,
    RESOLVE_AT_MOST,
  );
  const byTitle = new Map<string, vscode.CodeAction>();
  for (const item of found ?? []) {
    if (isCodeAction(item) && isMigration(item) && !byTitle.has(item.title)) {
      byTitle.set(item.title, item);
    }
  }
  return [...byTitle.values()];
}

function isCodeAction(item: vscode.CodeAction | vscode.Command): item is vscode.CodeAction {
  // A bare Command has a string `command`; a CodeAction's `command` is an object or absent.
  return typeof (item as { command?: unknown }).command !== 'string';
}

function isMigration(action: vscode.CodeAction): boolean {
  return action.kind !== undefined && vscode.CodeActionKind.RefactorRewrite.contains(action.kind) && /kaniko/i.test(action.title);
}

/**
 * The same edits, each marked as needing confirmation: that is what makes VS Code open its
 * refactor preview for an edit applied by an extension. (The server's own edits do not ask, so
 * that the quick fix and the code lens apply in one step.)
 */
function needingConfirmation(edit: vscode.WorkspaceEdit, label: string): vscode.WorkspaceEdit {
  const preview = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label, needsConfirmation: true };
  for (const [uri, edits] of edit.entries()) {
    for (const textEdit of edits) {
      preview.replace(uri, textEdit.range, textEdit.newText, metadata);
    }
  }
  return preview;
}
