// "Jenkinsfile Kaniko: Generate Registry Credentials" run as a command in VS Code: the registries
// pushed to in the Jenkinsfile, the Secret written next to it with placeholders only, and nothing
// written when a prompt is cancelled.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { answerPromptsWith, closeAllEditors, getExtension, openDocument, workspacePath, workspaceUri } from './util';

const COMMAND = 'jenkinsfileKaniko.generateRegistryCredentials';
const FOLDER = 'registry-credentials';
const FILE = 'kaniko-registry-credentials.yaml';

describe('Generate Registry Credentials command', () => {
  afterEach(async () => {
    await closeAllEditors();
    fs.rmSync(workspacePath(`${FOLDER}/${FILE}`), { force: true });
  });

  it('is registered, and contributed to the command palette as "Jenkinsfile Kaniko: Generate Registry Credentials"', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes(COMMAND));
    const manifest = getExtension().packageJSON as { contributes?: { commands?: { command: string; title: string; category?: string }[] } };
    const contributed = (manifest.contributes?.commands ?? []).find((c) => c.command === COMMAND);
    assert.equal(contributed && `${contributed.category}: ${contributed.title}`, 'Jenkinsfile Kaniko: Generate Registry Credentials');
  });

  it('writes the Secret for every registry the Jenkinsfile pushes to, next to it, with placeholders only', async () => {
    const jenkinsfile = await openDocument(`${FOLDER}/Jenkinsfile`);
    const target = workspacePath(`${FOLDER}/${FILE}`);
    assert.equal(fs.existsSync(target), false);
    // Name and namespace given, so no prompt: the registries must come from the Jenkinsfile.
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND, {
      uri: jenkinsfile.uri.toString(),
      name: 'regcred',
      namespace: 'ci',
    });
    assert.equal(written?.toString(), workspaceUri(`${FOLDER}/${FILE}`).toString());
    const yaml = fs.readFileSync(target, 'utf8');
    assert.match(yaml, /^kind: Secret$/m);
    assert.match(yaml, /^type: kubernetes\.io\/dockerconfigjson$/m);
    assert.match(yaml, /^ {2}name: regcred$/m);
    assert.match(yaml, /^ {2}namespace: ci$/m);
    const json = /\.dockerconfigjson: \|-?\n((?: {4}.*\n?)+)/.exec(yaml);
    assert.ok(json, yaml);
    const config = JSON.parse(json[1]) as { auths: Record<string, { username: string; password: string }> };
    assert.deepEqual(Object.keys(config.auths).sort(), ['ghcr.io', 'https://index.docker.io/v1/']);
    for (const entry of Object.values(config.auths)) {
      assert.match(entry.username, /^<.+>$/);
      assert.match(entry.password, /^<.+>$/);
    }
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, target, 'the new file is opened');
  });

  it('writes nothing when its first prompt is cancelled', async () => {
    const jenkinsfile = await openDocument(`${FOLDER}/Jenkinsfile`);
    const running = vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND, { uri: jenkinsfile.uri.toString() });
    assert.equal(await answerPromptsWith(running, 'workbench.action.closeQuickOpen'), undefined);
    assert.equal(fs.existsSync(workspacePath(`${FOLDER}/${FILE}`)), false);
  });

  it('writes the Secret regcred without a namespace when each prompt is answered with its default', async () => {
    const jenkinsfile = await openDocument(`${FOLDER}/Jenkinsfile`);
    const running = vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND, { uri: jenkinsfile.uri.toString() });
    const written = await answerPromptsWith(running, 'workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(written?.fsPath, workspacePath(`${FOLDER}/${FILE}`));
    const yaml = fs.readFileSync(written.fsPath, 'utf8');
    assert.match(yaml, /^ {2}name: regcred$/m);
    assert.doesNotMatch(yaml, /^ {2}namespace:/m);
    assert.match(yaml, /"ghcr\.io"/);
  });
});
