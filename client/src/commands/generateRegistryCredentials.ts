import * as vscode from 'vscode';
import { ExecuteCommandRequest, ResponseError, State, type LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, type GenerateRegistryCredentialsArgs, type GenerateRegistryCredentialsResult } from '../../../server/src/shared/protocol';
import { jenkinsfileDocumentSelector } from '../documentSelector';
import { COPY_KUBECTL_APPLY, kubectlApplyCommand, REPLACE_FILE } from './generateConfigMap';

const TITLE = 'Generate Registry Credentials';

/**
 * "Jenkinsfile Kaniko: Generate Registry Credentials": the `kubernetes.io/dockerconfigjson`
 * Secret (placeholder values only) for every registry other than ECR the Jenkinsfile pushes to.
 * Optional argument: a `vscode.Uri` or `{ uri?, registries?, name?, namespace? }`. The Secret and
 * every check come from the language server (`output: 'result'`), as for the ECR ConfigMap.
 */
export function registerGenerateRegistryCredentials(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.generateRegistryCredentials, async (...args: unknown[]) => {
      try {
        return await generate(client, args[0]);
      } catch (error) {
        client.error('Generating the registry credentials failed', error, 'force');
        return undefined;
      }
    }),
  );
}

async function request(client: LanguageClient, args: GenerateRegistryCredentialsArgs): Promise<GenerateRegistryCredentialsResult> {
  if (client.state !== State.Running) await client.start();
  return (await client.sendRequest(ExecuteCommandRequest.type, {
    command: COMMANDS.generateRegistryCredentials,
    arguments: [{ ...args, output: 'result' }],
  })) as GenerateRegistryCredentialsResult;
}

/** The server's message for these arguments, or undefined when it would generate. */
async function problem(client: LanguageClient, args: GenerateRegistryCredentialsArgs): Promise<string | undefined> {
  try {
    await request(client, args);
    return undefined;
  } catch (error) {
    if (error instanceof ResponseError) return error.message;
    throw error;
  }
}

async function generate(client: LanguageClient, raw: unknown): Promise<vscode.Uri | undefined> {
  const given: GenerateRegistryCredentialsArgs =
    raw instanceof vscode.Uri
      ? { uri: raw.toString() }
      : typeof raw === 'object' && raw !== null && !Array.isArray(raw)
        ? (raw as GenerateRegistryCredentialsArgs)
        : {};
  const active = vscode.window.activeTextEditor?.document;
  const jenkinsfile =
    given.uri !== undefined
      ? await vscode.workspace.openTextDocument(vscode.Uri.parse(given.uri))
      : active !== undefined && vscode.languages.match(jenkinsfileDocumentSelector(), active) > 0
        ? active
        : undefined;
  const directory =
    jenkinsfile !== undefined && !jenkinsfile.isUntitled ? vscode.Uri.joinPath(jenkinsfile.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  if (directory === undefined) {
    void vscode.window.showErrorMessage(`${TITLE}: open a saved Jenkinsfile (the Secret is written next to it) or a workspace folder.`);
    return undefined;
  }
  const uri = jenkinsfile?.uri.toString();
  const registries = [...(given.registries ?? [])];
  // The same inference as the CLI: the Jenkinsfile's pushes and logins; ask only when there are none.
  const found = uri === undefined ? undefined : await problem(client, { uri });
  const useFile = uri !== undefined && found === undefined;
  if (!useFile && registries.length === 0) {
    const registry = await vscode.window.showInputBox({
      title: TITLE,
      prompt: uri === undefined ? 'Which registry does Kaniko push to?' : 'No registry push found in this Jenkinsfile. Which registry does Kaniko push to?',
      placeHolder: 'ghcr.io, docker.io, europe-west1-docker.pkg.dev, myregistry.azurecr.io, harbor.example.com',
      ignoreFocusOut: true,
      validateInput: async (value) => (value.trim() === '' ? 'Enter a registry host or image.' : problem(client, { registries: [value.trim()] })),
    });
    if (registry === undefined) return undefined;
    registries.push(registry.trim());
  }
  const name =
    given.name ??
    (await vscode.window.showInputBox({
      title: TITLE,
      prompt: 'Secret name (mounted at /kaniko/.docker)',
      value: 'regcred',
      ignoreFocusOut: true,
      validateInput: async (value) => (value.trim() === '' ? 'Enter a Secret name.' : problem(client, { registries: ['ghcr.io'], name: value.trim() })),
    }));
  if (name === undefined) return undefined;
  const namespace =
    given.namespace ??
    (await vscode.window.showInputBox({
      title: TITLE,
      prompt: 'Namespace for the Secret (leave empty for none)',
      placeHolder: 'jenkins',
      ignoreFocusOut: true,
      validateInput: async (value) => (value.trim() === '' ? undefined : problem(client, { registries: ['ghcr.io'], namespace: value.trim() })),
    }));
  if (namespace === undefined) return undefined;

  let result: GenerateRegistryCredentialsResult;
  try {
    result = await request(client, {
      uri: useFile ? uri : undefined,
      registries,
      name: name.trim(),
      namespace: namespace.trim() === '' ? undefined : namespace.trim(),
    });
  } catch (error) {
    if (!(error instanceof ResponseError)) throw error;
    void vscode.window.showErrorMessage(`${TITLE}: ${error.message}`);
    return undefined;
  }
  const target = vscode.Uri.joinPath(directory, result.fileName);
  let exists = true;
  try {
    await vscode.workspace.fs.stat(target);
  } catch {
    exists = false;
  }
  if (exists) {
    const choice = await vscode.window.showWarningMessage(
      `${result.fileName} already exists. Replace it?`,
      { modal: true, detail: 'The generated Secret overwrites the whole file.' },
      REPLACE_FILE,
    );
    if (choice !== REPLACE_FILE) return undefined;
  }
  await vscode.workspace.fs.writeFile(target, Buffer.from(result.yaml, 'utf8'));
  await vscode.window.showTextDocument(target, { preview: false });
  const message = [`Wrote ${result.fileName}: fill in the <placeholders> (never commit real secrets), then apply it.`, ...result.warnings].join(' ');
  void vscode.window.showInformationMessage(message, COPY_KUBECTL_APPLY).then(async (choice) => {
    if (choice === COPY_KUBECTL_APPLY) await vscode.env.clipboard.writeText(kubectlApplyCommand(vscode.workspace.asRelativePath(target, false)));
  });
  return target;
}
