// Issue #12 in a real VS Code: a scripted podTemplate pipeline without stages and a yamlFile
// pipeline, migrated through the code action exactly as a person applies it, then both files
// checked on disk against what `jenkinsfile-kaniko fix` writes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixText } from '../../../server/src/fixes';
import { buildModel } from '../../../server/src/model';
import { DEFAULT_SETTINGS } from '../../../server/src/shared/settings';
import { disableEditsOfUnsavedFiles, disabledMigrationReason } from '../../../client/src/unsavedFiles';
import { closeAllEditors, diagnosticCode, openDocument, ownDiagnostics, readWorkspaceFile, waitForDiagnostics, workspaceUri, writeWorkspaceFile } from './util';

const DAEMON_RULES = ['dind-privileged', 'docker-socket-mount', 'docker-daemon-build'];

/** What `fix` makes of a Jenkinsfile (and its yamlFile pods, read by `readFile`), with the extension's default settings. */
function expectedFix(text: string, readFile: (path: string) => string | undefined) {
  const outcome = fixText(text, { ...DEFAULT_SETTINGS, rules: {} }, (next, files) =>
    buildModel(next, { readFile: (path) => files.get(path) ?? readFile(path) }),
  );
  assert.equal(outcome.error, undefined);
  assert.equal(outcome.migrated.length, 1, JSON.stringify(outcome.skipped));
  // Only the migration: the code action below applies nothing else.
  assert.equal(outcome.safeFixes, 0);
  return outcome;
}

/** The migration code action offered on the dind finding, by its title. */
async function migrationAction(document: vscode.TextDocument, title: string): Promise<vscode.CodeAction> {
  const diagnostics = await waitForDiagnostics(document.uri, (all) => ownDiagnostics(all).some((d) => diagnosticCode(d) === 'dind-privileged'));
  const dind = diagnostics.find((d) => diagnosticCode(d) === 'dind-privileged')!;
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, dind.range)) ?? [];
  const action = actions.find((a) => a.title === title);
  assert.ok(action?.edit, `offered: ${actions.map((a) => `${a.title}${a.disabled ? ` (disabled: ${a.disabled.reason})` : ''}`).join(' | ')}`);
  assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
  return action;
}

/** Applies the action's edit as VS Code does for a chosen quick fix, then saves every document it touched. */
async function applyAndSave(edit: vscode.WorkspaceEdit): Promise<void> {
  assert.ok(await vscode.workspace.applyEdit(edit), 'VS Code did not apply the edit');
  for (const [uri] of edit.entries()) {
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.isDirty) assert.ok(await document.save(), `${uri.toString()} was not saved`);
  }
}

describe('migration of pods (#12): scripted podTemplate without stages, yamlFile', () => {
  afterEach(closeAllEditors);

  it('migrates the scripted podTemplate pipeline without stages: "Migrate pod \'podTemplate at line 2\' to Kaniko"', async () => {
    const before = readWorkspaceFile('pod-unit/Jenkinsfile');
    const expected = expectedFix(before, () => undefined);
    const document = await openDocument('pod-unit/Jenkinsfile');
    const action = await migrationAction(document, "Migrate pod 'podTemplate at line 2' to Kaniko");
    assert.deepEqual(
      action.edit!.entries().map(([uri]) => uri.toString()),
      [document.uri.toString()],
    );
    await applyAndSave(action.edit!);
    assert.equal(readWorkspaceFile('pod-unit/Jenkinsfile'), expected.text);
    assert.match(
      expected.text,
      /container\('kaniko'\) \{\n\s+sh '\/kaniko\/executor [^']*--destination=registry\.example\.com\/shop\/frontend:\$BUILD_NUMBER'/,
    );
    await waitForDiagnostics(document.uri, (all) => !ownDiagnostics(all).some((d) => DAEMON_RULES.includes(String(diagnosticCode(d)))));
  });

  it('does not offer the yamlFile migration while the pod file has unsaved changes, and offers it again once reverted', async () => {
    writeWorkspaceFile('yamlfile/.git', 'gitdir: ../.git/worktrees/yamlfile\n');
    const jenkinsfileBefore = readWorkspaceFile('yamlfile/Jenkinsfile');
    const podBefore = readWorkspaceFile('yamlfile/ci/build-pod.yaml');
    const pod = await openDocument('yamlfile/ci/build-pod.yaml');
    const edited = new vscode.WorkspaceEdit();
    edited.insert(pod.uri, new vscode.Position(0, 0), '# being edited\n');
    assert.ok(await vscode.workspace.applyEdit(edited));
    assert.ok(pod.isDirty);

    const document = await openDocument('yamlfile/Jenkinsfile');
    const title = "Migrate stage 'Build image' to Kaniko";
    const offered = async () => {
      const diagnostics = await waitForDiagnostics(document.uri, (all) => ownDiagnostics(all).some((d) => diagnosticCode(d) === 'dind-privileged'));
      const dind = diagnostics.find((d) => diagnosticCode(d) === 'dind-privileged')!;
      return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, dind.range)) ?? [];
    };
    // Disabled (VS Code leaves disabled actions out of this command's answer), while the line's other actions stay.
    const whileDirty = await offered();
    assert.ok(
      whileDirty.some((a) => a.title.startsWith('Disable dind-privileged')),
      whileDirty.map((a) => a.title).join(' | '),
    );
    assert.ok(!whileDirty.some((a) => a.title === title), whileDirty.map((a) => a.title).join(' | '));
    assert.equal(readWorkspaceFile('yamlfile/Jenkinsfile'), jenkinsfileBefore);
    assert.equal(readWorkspaceFile('yamlfile/ci/build-pod.yaml'), podBefore);

    await vscode.window.showTextDocument(pod);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.ok(!pod.isDirty);
    const afterRevert = await offered();
    assert.ok(
      afterRevert.some((a) => a.title === title && a.edit !== undefined),
      afterRevert.map((a) => a.title).join(' | '),
    );
  });

  it('the guard itself: an action whose edit touches an unsaved file other than the Jenkinsfile is disabled with the reason and no edit', async () => {
    const pod = await openDocument('yamlfile/ci/build-pod.yaml');
    const edited = new vscode.WorkspaceEdit();
    edited.insert(pod.uri, new vscode.Position(0, 0), '# being edited\n');
    assert.ok(await vscode.workspace.applyEdit(edited));
    const jenkinsfile = workspaceUri('yamlfile/Jenkinsfile');
    const touchesBoth = new vscode.CodeAction('Migrate', vscode.CodeActionKind.QuickFix);
    touchesBoth.edit = new vscode.WorkspaceEdit();
    touchesBoth.edit.insert(jenkinsfile, new vscode.Position(0, 0), 'x');
    touchesBoth.edit.insert(pod.uri, new vscode.Position(0, 0), 'y');
    const onlyJenkinsfile = new vscode.CodeAction('Other', vscode.CodeActionKind.QuickFix);
    onlyJenkinsfile.edit = new vscode.WorkspaceEdit();
    onlyJenkinsfile.edit.insert(jenkinsfile, new vscode.Position(0, 0), 'x');
    disableEditsOfUnsavedFiles(jenkinsfile, [touchesBoth, onlyJenkinsfile]);
    assert.equal(touchesBoth.edit, undefined);
    assert.match(touchesBoth.disabled?.reason ?? '', /^yamlfile\/ci\/build-pod\.yaml has unsaved changes: save or revert it first/);
    assert.equal(disabledMigrationReason(jenkinsfile), `Migrate: ${touchesBoth.disabled!.reason}`);
    assert.ok(onlyJenkinsfile.edit !== undefined && onlyJenkinsfile.disabled === undefined);
  });

  it('migrates the yamlFile pipeline: one edit of the Jenkinsfile and of the pod file, both on disk', async () => {
    // The folder is a repository root (a .git file, as in a git worktree): Jenkins reads yamlFile from there.
    writeWorkspaceFile('yamlfile/.git', 'gitdir: ../.git/worktrees/yamlfile\n');
    const before = readWorkspaceFile('yamlfile/Jenkinsfile');
    const podBefore = readWorkspaceFile('yamlfile/ci/build-pod.yaml');
    const expected = expectedFix(before, (path) => (path === 'ci/build-pod.yaml' ? podBefore : undefined));
    assert.deepEqual(
      expected.files.map((f) => f.path),
      ['ci/build-pod.yaml'],
    );

    const document = await openDocument('yamlfile/Jenkinsfile');
    const action = await migrationAction(document, "Migrate stage 'Build image' to Kaniko");
    const touched = action.edit!.entries().map(([uri]) => uri.path.split('/').slice(-3).join('/'));
    assert.deepEqual(touched, ['workspace/yamlfile/Jenkinsfile', 'yamlfile/ci/build-pod.yaml']);
    await applyAndSave(action.edit!);
    assert.equal(readWorkspaceFile('yamlfile/Jenkinsfile'), expected.text);
    assert.equal(readWorkspaceFile('yamlfile/ci/build-pod.yaml'), expected.files[0].after);
    assert.match(expected.files[0].after, /- name: kaniko\n/);
    assert.doesNotMatch(expected.files[0].after, /privileged|DOCKER_TLS_CERTDIR/);
    await waitForDiagnostics(document.uri, (all) => !ownDiagnostics(all).some((d) => DAEMON_RULES.includes(String(diagnosticCode(d)))));
  });
});
