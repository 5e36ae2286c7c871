// Activation and language identification in a real VS Code: the file names a person uses for
// Jenkinsfiles get our language and our diagnostics, and so does a Jenkinsfile they keep in Groovy mode.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  closeAllEditors,
  describeDiagnostics,
  getExtension,
  languageId,
  openDocument,
  ownDiagnostics,
  waitForDiagnostics,
} from './util';

/** Every file opened here is the seed Jenkinsfile (launch.ts writes them), which has several findings. */
async function expectServed(document: vscode.TextDocument): Promise<void> {
  const diagnostics = await waitForDiagnostics(document.uri, (all) => ownDiagnostics(all).length > 0);
  assert.ok(ownDiagnostics(diagnostics).length > 0, describeDiagnostics(diagnostics));
}

describe('activation', () => {
  after(closeAllEditors);

  it('is not active before a Jenkinsfile is opened', () => {
    assert.equal(getExtension().isActive, false, 'the extension must activate only on Jenkinsfiles or its commands');
  });

  it('activates on a file named Jenkinsfile, which gets the jenkinsfile language', async () => {
    const document = await openDocument('Jenkinsfile');
    assert.equal(document.languageId, languageId);
    await expectServed(document);
    assert.equal(getExtension().isActive, true);
  });

  it('serves Jenkinsfile.prod as a jenkinsfile', async () => {
    const document = await openDocument('Jenkinsfile.prod');
    assert.equal(document.languageId, languageId);
    await expectServed(document);
  });

  it('serves x.jenkinsfile as a jenkinsfile', async () => {
    const document = await openDocument('ci/x.jenkinsfile');
    assert.equal(document.languageId, languageId);
    await expectServed(document);
  });

  it('serves a Jenkinsfile that the user keeps in Groovy mode', async () => {
    // The fixture workspace associates groovy-mode/Jenkinsfile with Groovy in .vscode/settings.json.
    const document = await openDocument('groovy-mode/Jenkinsfile');
    assert.equal(document.languageId, 'groovy');
    await expectServed(document);
  });

  it('registers every command its manifest contributes', async () => {
    const extension = getExtension();
    await extension.activate();
    const manifest = extension.packageJSON as { contributes?: { commands?: { command: string; title: string }[] } };
    const contributed = manifest.contributes?.commands ?? [];
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter(({ command }) => !registered.has(command)).map(({ command }) => command);
    assert.deepEqual(missing, [], 'contributed but not registered after activation');
  });

  it('contributes "Jenkinsfile Kaniko: Generate ECR ConfigMap" to the command palette', () => {
    const manifest = getExtension().packageJSON as {
      contributes?: { commands?: { command: string; title: string; category?: string }[] };
    };
    const titles = (manifest.contributes?.commands ?? []).map(({ title, category }) =>
      category ? `${category}: ${title}` : title,
    );
    assert.ok(titles.includes('Jenkinsfile Kaniko: Generate ECR ConfigMap'), `titles: ${titles.join(', ')}`);
  });
});
