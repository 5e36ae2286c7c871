// Activation and language identification in a real VS Code: the file names a person uses for
// Jenkinsfiles get our language and our diagnostics, and so does a Jenkinsfile they keep in Groovy mode.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { JenkinsfileKanikoApi } from '../../../client/src/extension';
import { closeAllEditors, describeDiagnostics, getExtension, languageId, openDocument, ownDiagnostics, waitForDiagnostics } from './util';

/** Every file opened here is the seed Jenkinsfile (launch.ts writes them), which has several findings. */
async function expectServed(document: vscode.TextDocument): Promise<void> {
  const diagnostics = await waitForDiagnostics(document.uri, (all) => ownDiagnostics(all).length > 0);
  assert.ok(ownDiagnostics(diagnostics).length > 0, describeDiagnostics(diagnostics));
}

describe('activation', () => {
  after(closeAllEditors);

  it('starts no language server process while only build.gradle and Foo.groovy are open', async () => {
    // This workspace contains Jenkinsfiles, so the extension may be active already (workspaceContains):
    // activation is cheap; the server process is what must wait for a Jenkinsfile.
    const api = (await getExtension().activate()) as JenkinsfileKanikoApi;
    for (const file of ['gradle/build.gradle', 'gradle/Foo.groovy']) {
      const document = await openDocument(file);
      assert.equal(document.languageId, 'groovy', file);
    }
    // The client starts the server synchronously in its open-document listener, so by now it would say so.
    assert.equal(api.client.state, State.Stopped, 'the language client started for a Groovy file');
    assert.deepEqual(serverProcesses(getExtension().extensionPath), [], 'a language server process is running');
  });

  it('starts the server for a file named Jenkinsfile, which gets the jenkinsfile language', async () => {
    const document = await openDocument('Jenkinsfile');
    assert.equal(document.languageId, languageId);
    await expectServed(document);
    assert.equal(getExtension().isActive, true);
    assert.equal(serverProcesses(getExtension().extensionPath).length, 1, 'one language server process');
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
    const titles = (manifest.contributes?.commands ?? []).map(({ title, category }) => (category ? `${category}: ${title}` : title));
    assert.ok(titles.includes('Jenkinsfile Kaniko: Generate ECR ConfigMap'), `titles: ${titles.join(', ')}`);
  });
});

/** Command lines of running processes that are this extension's language server (`ps`, so nothing is assumed). */
function serverProcesses(extensionPath: string): string[] {
  const server = path.join(extensionPath, 'dist', 'server.js');
  return execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(server));
}
