// "Jenkinsfile Kaniko: Generate ECR ConfigMap" run as a command in VS Code: the registry inferred
// from the Jenkinsfile, the file written next to it, and nothing written when a prompt is cancelled.
// (The e2e walkthrough answers the prompts by keyboard and checks the overwrite confirmation.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { answerPromptsWith, closeAllEditors, openDocument, workspacePath, workspaceUri } from './util';

const COMMAND = 'jenkinsfileKaniko.generateEcrConfigMap';

describe('Generate ECR ConfigMap command', () => {
  afterEach(closeAllEditors);

  it('writes kaniko-docker-config.yaml next to the Jenkinsfile for the registry it finds there', async () => {
    const jenkinsfile = await openDocument('Jenkinsfile');
    const target = workspacePath('kaniko-docker-config.yaml');
    assert.equal(fs.existsSync(target), false);
    // Everything but the registry given, so no prompt: the registry must come from the Jenkinsfile.
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND, {
      uri: jenkinsfile.uri.toString(),
      credsStore: false,
      name: 'docker-config',
      namespace: '',
      roleArn: '',
    });
    assert.equal(written?.toString(), workspaceUri('kaniko-docker-config.yaml').toString());
    const yaml = fs.readFileSync(target, 'utf8');
    assert.match(yaml, /kind: ConfigMap/);
    assert.match(yaml, /name: docker-config/);
    assert.match(yaml, /"credHelpers"/);
    assert.match(yaml, /"AWSACCOUNT\.dkr\.ecr\.eu-west-1\.amazonaws\.com": "ecr-login"/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, target, 'the new file is opened');
  });

  it('writes nothing when its first prompt is cancelled', async () => {
    const jenkinsfile = await openDocument('ci/x.jenkinsfile');
    const target = workspacePath('ci/kaniko-docker-config.yaml');
    assert.equal(fs.existsSync(target), false);
    const running = vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND, { uri: jenkinsfile.uri.toString() });
    const written = await answerPromptsWith(running, 'workbench.action.closeQuickOpen');
    assert.equal(written, undefined);
    assert.equal(fs.existsSync(target), false);
  });

  it('writes the file when each prompt is answered with its default', async () => {
    const jenkinsfile = await openDocument('groovy-mode/Jenkinsfile');
    const target = workspacePath('groovy-mode/kaniko-docker-config.yaml');
    const running = vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND, { uri: jenkinsfile.uri.toString() });
    const written = await answerPromptsWith(running, 'workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(written?.fsPath, target);
    // Defaults: credHelpers for the inferred registry, the configured name, no namespace, no role.
    const yaml = fs.readFileSync(target, 'utf8');
    assert.match(yaml, /name: docker-config/);
    assert.match(yaml, /"credHelpers"/);
    // The comment may mention a ServiceAccount (to say none is needed); no such object is written.
    assert.doesNotMatch(yaml, /^\s*namespace:|^kind: ServiceAccount/m);
  });
});
