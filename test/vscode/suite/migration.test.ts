// The migration quick fix and fix-all on save, through VS Code's own command and settings paths.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticCode, openDocument, ownDiagnostics, readWorkspaceFile, setSetting, waitForDiagnostics, waitForEvent } from './util';

/** out/test/vscode/suite → the repository, whose golden files the CLI and protocol tests use too. */
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const golden = path.join(repoRoot, 'test', 'fixtures', 'migration', 'seed');
const MIGRATE_TITLE = "Migrate stage 'Build' to Kaniko";
const FIX_ALL_KIND = 'source.fixAll.jenkinsfile-kaniko';

/**
 * The same edits without their change annotations: an annotation that needs confirmation makes
 * VS Code open the refactor preview and wait for a person (the e2e walkthrough covers that).
 */
function unannotated(edit: vscode.WorkspaceEdit): vscode.WorkspaceEdit {
  const plain = new vscode.WorkspaceEdit();
  for (const [uri, edits] of edit.entries()) {
    plain.set(uri, edits);
  }
  return plain;
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

describe('migration', () => {
  afterEach(closeAllEditors);

  it(`offers "${MIGRATE_TITLE}" on the privileged dind finding, and applying it gives the golden result`, async () => {
    // The golden file was made with this image (test/fixtures/migration/seed/settings.json).
    const settings = JSON.parse(fs.readFileSync(path.join(golden, 'settings.json'), 'utf8')) as { kanikoImage: string };
    const restore = await setSetting('jenkinsfileKaniko', 'kanikoImage', settings.kanikoImage);
    try {
      const document = await openDocument('migration/Jenkinsfile');
      const diagnostics = await waitForDiagnostics(document.uri, (all) => ownDiagnostics(all).some((d) => diagnosticCode(d) === 'dind-privileged'));
      const dind = diagnostics.find((d) => diagnosticCode(d) === 'dind-privileged')!;
      const actions = await codeActions(document.uri, dind.range);
      const migrate = actions.find((a) => a.title === MIGRATE_TITLE);
      assert.ok(migrate?.edit, `offered: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(migrate.kind?.value, vscode.CodeActionKind.QuickFix.value);

      assert.ok(await vscode.workspace.applyEdit(unannotated(migrate.edit)));
      assert.equal(document.getText(), fs.readFileSync(path.join(golden, 'after.Jenkinsfile'), 'utf8'));
      await waitForDiagnostics(
        document.uri,
        (all) =>
          !ownDiagnostics(all).some((d) =>
            ['dind-privileged', 'aws-cli-per-run-install', 'ecr-get-login-removed', 'docker-daemon-build'].includes(String(diagnosticCode(d))),
          ),
      );
      assert.ok(await document.save());
      assert.equal(readWorkspaceFile('migration/Jenkinsfile'), document.getText());
    } finally {
      await restore();
    }
  });

  it('applies the safe fixes on save with editor.codeActionsOnSave', async () => {
    const document = await openDocument('fixall/Jenkinsfile');
    await waitForDiagnostics(document.uri, (all) => ownDiagnostics(all).length > 0);
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    const [fixAll] = await codeActions(document.uri, whole, FIX_ALL_KIND);
    assert.ok(fixAll?.edit, 'no fix-all action for the seed');
    // What the save must produce: the original with the fix-all edits applied.
    const original = document.getText();
    const expected = applyTextEdits(document, fixAll.edit.get(document.uri));
    assert.notEqual(expected, original);

    const restore = await setSetting('editor', 'codeActionsOnSave', { [FIX_ALL_KIND]: 'explicit' });
    try {
      // A save needs a change to save; a trailing newline at the end is left alone by the fixes.
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((builder) => builder.insert(document.positionAt(original.length), '\n'));
      const saved = waitForEvent(
        vscode.workspace.onDidSaveTextDocument,
        (saved) => saved.uri.toString() === document.uri.toString(),
        () => 'fixall/Jenkinsfile was not saved',
      );
      await vscode.commands.executeCommand('workbench.action.files.save');
      await saved;
      assert.equal(readWorkspaceFile('fixall/Jenkinsfile'), `${expected}\n`);
    } finally {
      await restore();
    }
  });
});

/** Applies text edits to a document's text (edits do not overlap; applied from the end). */
function applyTextEdits(document: vscode.TextDocument, edits: readonly vscode.TextEdit[]): string {
  let text = document.getText();
  const sorted = [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start));
  for (const edit of sorted) {
    text = text.slice(0, document.offsetAt(edit.range.start)) + edit.newText + text.slice(document.offsetAt(edit.range.end));
  }
  return text;
}
