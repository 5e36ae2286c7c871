import * as vscode from 'vscode';

/**
 * A migration of a `yamlFile` pod edits the pod file as the server read it: from disk. When that
 * file is open with unsaved changes, VS Code would apply the edit to the buffer at offsets that no
 * longer hold what the server saw and corrupt it. Such an action is shown disabled, with the fix.
 * (The Jenkinsfile itself is versioned by the protocol; only the other files need this.)
 */
export function disableEditsOfUnsavedFiles(
  requested: vscode.Uri,
  items: (vscode.Command | vscode.CodeAction)[] | null | undefined,
): (vscode.Command | vscode.CodeAction)[] | null | undefined {
  lastDisabled.delete(requested.toString());
  if (!items) return items;
  for (const item of items) {
    if (!(item instanceof vscode.CodeAction) || item.edit === undefined) continue;
    const unsaved = unsavedOtherFile(requested, item.edit);
    if (unsaved === undefined) continue;
    const name = vscode.workspace.asRelativePath(unsaved, false);
    item.disabled = {
      reason: `${name} has unsaved changes: save or revert it first, since this migration edits it as it is on disk.`,
    };
    item.edit = undefined;
    item.command = undefined;
    lastDisabled.set(requested.toString(), `${item.title}: ${item.disabled.reason}`);
  }
  return items;
}

/**
 * VS Code leaves disabled actions out of `vscode.executeCodeActionProvider`, so the migrate
 * command, which finds its actions that way, asks here why none was offered.
 */
export function disabledMigrationReason(requested: vscode.Uri): string | undefined {
  return lastDisabled.get(requested.toString());
}

const lastDisabled = new Map<string, string>();

/** The first file other than `requested` that the edit touches and that is open with unsaved changes. */
export function unsavedOtherFile(requested: vscode.Uri, edit: vscode.WorkspaceEdit): vscode.Uri | undefined {
  for (const [uri] of edit.entries()) {
    if (uri.toString() === requested.toString()) continue;
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open?.isDirty) return uri;
  }
  return undefined;
}
