import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
// The generator is pure TypeScript; calling it here (bundled into the client) works before
// the language server is up, and for files the server does not serve.
import {
  ConfigMapError,
  DEFAULT_CONFIGMAP_FILE,
  DEFAULT_CONFIGMAP_NAME,
  generateEcrConfigMap,
  inferEcrRegistries,
  readGenerateEcrConfigMapCommandArgs,
  validateConfigMapName,
  validateEcrRegistry,
  validateNamespace,
  validateRoleArn,
  type GenerateEcrConfigMapCommandArgs,
  type GeneratedEcrConfigMap,
} from '../../../server/src/configmap';
import { jenkinsfileDocumentSelector } from '../documentSelector';
import { COMMANDS } from './ids';

const SETTINGS_SECTION = 'jenkinsfileKaniko';
const TITLE = 'Generate ECR ConfigMap';
export const COPY_KUBECTL_APPLY = 'Copy kubectl apply command';
export const REPLACE_FILE = 'Replace';

/**
 * "Jenkinsfile Kaniko: Generate ECR ConfigMap". Optional argument: a `vscode.Uri` (explorer)
 * or `{ uri?, registries?, credsStore?, name?, namespace?, roleArn? }` (code lens, tests); every
 * field given there is not asked for (`namespace: ''` / `roleArn: ''` mean none).
 * Resolves to the written file, or undefined when nothing was written.
 */
export function registerGenerateConfigMap(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.generateEcrConfigMap, async (...args: unknown[]) => {
      try {
        return await generateConfigMap(args);
      } catch (error) {
        client.error('Generating the ECR ConfigMap failed', error, 'force');
        return undefined;
      }
    }),
  );
}

async function generateConfigMap(rawArgs: unknown[]): Promise<vscode.Uri | undefined> {
  let args: GenerateEcrConfigMapCommandArgs;
  try {
    args = rawArgs[0] instanceof vscode.Uri ? { uri: rawArgs[0].toString() } : readGenerateEcrConfigMapCommandArgs(rawArgs);
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    return undefined;
  }

  const jenkinsfile = await findJenkinsfile(args.uri);
  const directory = targetDirectory(jenkinsfile);
  if (directory === undefined) {
    void vscode.window.showErrorMessage(
      `${TITLE}: open a saved Jenkinsfile (the ConfigMap is written next to it) or a workspace folder.`,
    );
    return undefined;
  }
  const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION, jenkinsfile?.uri ?? directory);

  // Every prompt below returns undefined on Escape: stop there, before anything is written.
  const inferred = jenkinsfile ? inferEcrRegistries(jenkinsfile.getText(), jenkinsfile.uri.toString()) : [];
  const registries = [...inferred.map((r) => r.host), ...(args.registries ?? [])];
  if (registries.length === 0) {
    const registry = await askRegistry(jenkinsfile !== undefined);
    if (registry === undefined) return undefined;
    registries.push(registry);
  }

  const credsStore = args.credsStore ?? (await askCredsStore(registries));
  if (credsStore === undefined) return undefined;

  const name = args.name ?? (await askName(configuredName(settings)));
  if (name === undefined) return undefined;

  const namespace = args.namespace ?? (await askOptional('Namespace for the ConfigMap (leave empty for none)', 'jenkins', validateNamespace));
  if (namespace === undefined) return undefined;

  const roleArn =
    args.roleArn ??
    (await askOptional(
      'IAM role ARN for IRSA: also writes a ServiceAccount annotated with it (leave empty to skip)',
      'arn:aws:iam::123456789012:role/kaniko-push',
      validateRoleArn,
    ));
  if (roleArn === undefined) return undefined;

  const fileName = configuredFileName(settings);
  let result: GeneratedEcrConfigMap;
  try {
    result = generateEcrConfigMap({
      registries,
      credsStore,
      name,
      namespace: namespace === '' ? undefined : namespace,
      roleArn: roleArn === '' ? undefined : roleArn,
      fileName,
    });
  } catch (error) {
    if (!(error instanceof ConfigMapError)) throw error;
    void vscode.window.showErrorMessage(`${TITLE}: ${error.message}`);
    return undefined;
  }

  const target = vscode.Uri.joinPath(directory, fileName);
  if ((await exists(target)) && !(await confirmReplace(fileName))) return undefined;
  await vscode.workspace.fs.writeFile(target, Buffer.from(result.yaml, 'utf8'));
  await vscode.window.showTextDocument(target, { preview: false });
  // Not awaited: the command is done once the file is written; the notification may stay open.
  void offerKubectlApply(target, fileName, result.warnings);
  return target;
}

async function findJenkinsfile(uri: string | undefined): Promise<vscode.TextDocument | undefined> {
  if (uri !== undefined) return vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const active = vscode.window.activeTextEditor?.document;
  if (active !== undefined && vscode.languages.match(jenkinsfileDocumentSelector(), active) > 0) return active;
  return undefined;
}

/** Next to the Jenkinsfile; for an unsaved one (or none), the first workspace folder. */
function targetDirectory(jenkinsfile: vscode.TextDocument | undefined): vscode.Uri | undefined {
  if (jenkinsfile !== undefined && !jenkinsfile.isUntitled) return vscode.Uri.joinPath(jenkinsfile.uri, '..');
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

function configuredName(settings: vscode.WorkspaceConfiguration): string {
  const value = settings.get<string>('configMapName');
  return typeof value === 'string' && validateConfigMapName(value) === undefined ? value : DEFAULT_CONFIGMAP_NAME;
}

/** Only a plain file name: the file always goes next to the Jenkinsfile. */
function configuredFileName(settings: vscode.WorkspaceConfiguration): string {
  const value = settings.get<string>('configMapFile');
  return typeof value === 'string' && value.trim() !== '' && !/[\\/]/.test(value) ? value.trim() : DEFAULT_CONFIGMAP_FILE;
}

function askRegistry(hadJenkinsfile: boolean): Thenable<string | undefined> {
  return vscode.window
    .showInputBox({
      title: TITLE,
      prompt: hadJenkinsfile
        ? 'No ECR registry found in this Jenkinsfile. Which registry does Kaniko push to?'
        : 'Which ECR registry does Kaniko push to?',
      placeHolder: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? 'Enter an ECR registry host.' : validateEcrRegistry(value.trim())),
    })
    .then((value) => value?.trim());
}

interface ModeItem extends vscode.QuickPickItem {
  credsStore: boolean;
}

async function askCredsStore(registries: string[]): Promise<boolean | undefined> {
  const items: ModeItem[] = [
    {
      label: 'credHelpers',
      description: 'recommended',
      detail: `Only ${registries.join(', ')} use the ECR helper; Docker Hub pulls keep working.`,
      credsStore: false,
    },
    {
      label: 'credsStore',
      detail: 'Every registry uses the ECR helper, as in the original kaniko.yml.',
      credsStore: true,
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: TITLE,
    placeHolder: 'How should Kaniko pick the ECR credential helper?',
    ignoreFocusOut: true,
  });
  return picked?.credsStore;
}

function askName(defaultName: string): Thenable<string | undefined> {
  return vscode.window
    .showInputBox({
      title: TITLE,
      prompt: 'ConfigMap name (mounted at /kaniko/.docker)',
      value: defaultName,
      ignoreFocusOut: true,
      validateInput: (value) => validateConfigMapName(value.trim()),
    })
    .then((value) => value?.trim());
}

/** An InputBox where empty means "none"; resolves to '' for that, undefined on Escape. */
function askOptional(prompt: string, placeHolder: string, validate: (value: string) => string | undefined): Thenable<string | undefined> {
  return vscode.window
    .showInputBox({
      title: TITLE,
      prompt,
      placeHolder,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? undefined : validate(value.trim())),
    })
    .then((value) => value?.trim());
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function confirmReplace(fileName: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `${fileName} already exists. Replace it?`,
    { modal: true, detail: 'The generated ConfigMap overwrites the whole file.' },
    REPLACE_FILE,
  );
  return choice === REPLACE_FILE;
}

/** `kubectl apply -f <path>`, the path relative to the workspace and quoted for a POSIX shell when needed. */
export function kubectlApplyCommand(path: string): string {
  const quoted = /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
  return `kubectl apply -f ${quoted}`;
}

async function offerKubectlApply(target: vscode.Uri, fileName: string, warnings: string[]): Promise<void> {
  const message = [`Wrote ${fileName}.`, ...warnings.map((w) => `${w}.`)].join(' ');
  const choice =
    warnings.length > 0
      ? await vscode.window.showWarningMessage(message, COPY_KUBECTL_APPLY)
      : await vscode.window.showInformationMessage(message, COPY_KUBECTL_APPLY);
  if (choice === COPY_KUBECTL_APPLY) {
    await vscode.env.clipboard.writeText(kubectlApplyCommand(vscode.workspace.asRelativePath(target, false)));
  }
}
