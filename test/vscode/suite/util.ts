// Helpers for tests that run inside VS Code's extension host. Everything waits for an event
// (diagnostics changed, document opened, extension activated) instead of sleeping; the bound on
// each wait only turns a hang into a failure that says what was last seen.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const extensionId = 'jenkinsfile-kaniko.jenkinsfile-kaniko-assistant';
export const languageId = 'jenkinsfile';
/** Long enough for a cold language server on a slow CI machine; only reached when something hangs. */
export const defaultWaitMs = 30_000;

export function getExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `extension ${extensionId} is not loaded in this VS Code`);
  return extension;
}

export async function activateExtension(): Promise<unknown> {
  return getExtension().activate();
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests expect VS Code to have the fixture workspace open');
  return folder.uri;
}

export function workspaceUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

export function workspacePath(relativePath: string): string {
  return workspaceUri(relativePath).fsPath;
}

export function readWorkspaceFile(relativePath: string): string {
  return fs.readFileSync(workspacePath(relativePath), 'utf8');
}

export function writeWorkspaceFile(relativePath: string, text: string): vscode.Uri {
  const target = workspacePath(relativePath);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  return workspaceUri(relativePath);
}

/** Opens a workspace file in an editor and returns its document. */
export async function openDocument(relativePath: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** Closes every editor, first reverting unsaved ones (a save prompt would block the suite). */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isUntitled)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Resolves with the first value `event` fires that satisfies `predicate`; rejects after
 * `timeoutMs` with `describe()` in the message (what the test saw last).
 */
export function waitForEvent<T>(event: vscode.Event<T>, predicate: (value: T) => boolean, describe: () => string, timeoutMs = defaultWaitMs): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`gave up waiting after ${timeoutMs} ms: ${describe()}`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (predicate(value)) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(value);
      }
    });
  });
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) {
    return '(no diagnostics)';
  }
  return diagnostics
    .map((d) => {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      const { start, end } = d.range;
      return (
        `${vscode.DiagnosticSeverity[d.severity]} ${d.source ?? ''}/${code ?? ''} ` +
        `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${d.message}`
      );
    })
    .join('\n  ');
}

/**
 * Waits until the diagnostics VS Code shows for `uri` satisfy `predicate` (checked immediately,
 * then on every change) and returns them.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = defaultWaitMs,
): Promise<vscode.Diagnostic[]> {
  const current = vscode.languages.getDiagnostics(uri);
  if (predicate(current)) {
    return current;
  }
  await waitForEvent(
    vscode.languages.onDidChangeDiagnostics,
    (change) => change.uris.some((changed) => changed.toString() === uri.toString()) && predicate(vscode.languages.getDiagnostics(uri)),
    () => `diagnostics for ${vscode.workspace.asRelativePath(uri)} never matched; last seen:\n  ` + describeDiagnostics(vscode.languages.getDiagnostics(uri)),
    timeoutMs,
  );
  return vscode.languages.getDiagnostics(uri);
}

/** Diagnostics of this extension only (other extensions, e.g. a Groovy linter, may add their own). */
export function ownDiagnostics(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => d.source !== undefined && /kaniko/i.test(d.source));
}

export function diagnosticCode(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

/** Waits until a document with this URI is open (e.g. after a language change reopens it). */
export async function waitForOpenDocument(
  uri: vscode.Uri,
  predicate: (document: vscode.TextDocument) => boolean = () => true,
  timeoutMs = defaultWaitMs,
): Promise<vscode.TextDocument> {
  const matches = (document: vscode.TextDocument): boolean => document.uri.toString() === uri.toString() && predicate(document);
  const open = vscode.workspace.textDocuments.find(matches);
  if (open) {
    return open;
  }
  return waitForEvent(vscode.workspace.onDidOpenTextDocument, matches, () => `${vscode.workspace.asRelativePath(uri)} was not opened as expected`, timeoutMs);
}

/**
 * Sets a `jenkinsfileKaniko.*` (or any) setting in the workspace and returns a function that
 * restores the previous value.
 */
export async function setSetting(section: string, key: string, value: unknown): Promise<() => Promise<void>> {
  const configuration = vscode.workspace.getConfiguration(section);
  const previous = configuration.inspect(key)?.workspaceValue;
  await configuration.update(key, value, vscode.ConfigurationTarget.Workspace);
  return async () => {
    await vscode.workspace.getConfiguration(section).update(key, previous, vscode.ConfigurationTarget.Workspace);
  };
}

/** Text of a range, for assertions about where a diagnostic points. */
export function textAt(document: vscode.TextDocument, range: vscode.Range): string {
  return document.getText(range);
}

/**
 * Runs `quickInputCommand` (e.g. workbench.action.closeQuickOpen) against the prompts of a running
 * command until that command settles. The API has no event for "a prompt is showing", so this
 * re-issues the (harmless when nothing is open) command on a short interval.
 */
export async function answerPromptsWith<T>(running: Thenable<T>, quickInputCommand: string): Promise<T> {
  let settled = false;
  const result = Promise.resolve(running).finally(() => {
    settled = true;
  });
  const deadline = Date.now() + defaultWaitMs;
  while (!settled) {
    if (Date.now() > deadline) {
      throw new Error(`the command was still prompting after ${defaultWaitMs} ms of ${quickInputCommand}`);
    }
    await vscode.commands.executeCommand(quickInputCommand);
    await Promise.race([result, new Promise((resolve) => setTimeout(resolve, 100))]);
  }
  return result;
}
