import * as vscode from 'vscode';
import { ExecuteCommandRequest, ResponseError, State, type LanguageClient } from 'vscode-languageclient/node';
import {
  COMMANDS,
  SETTINGS_SECTION,
  type GenerateEcrConfigMapArgs,
  type GenerateEcrConfigMapErrorData,
  type GenerateEcrConfigMapResult,
} from '../../../server/src/shared/protocol';
import { jenkinsfileDocumentSelector } from '../documentSelector';

const TITLE = 'Generate ECR ConfigMap';
export const COPY_KUBECTL_APPLY = 'Copy kubectl apply command';
export const REPLACE_FILE = 'Replace';

/** The prompts' part of the server command's argument; `namespace: ''` / `roleArn: ''` mean none. */
type PromptArgs = Pick<GenerateEcrConfigMapArgs, 'uri' | 'registries' | 'credsStore' | 'name' | 'namespace' | 'roleArn'>;

/**
 * "Jenkinsfile Kaniko: Generate ECR ConfigMap". Optional argument: a `vscode.Uri` (explorer)
 * or `{ uri?, registries?, credsStore?, name?, namespace?, roleArn? }` (code lens, tests); every
 * field given there is not asked for (`namespace: ''` / `roleArn: ''` mean none).
 * The prompts are VS Code's; the ConfigMap and every check of the answers come from the
 * language server (`jenkinsfileKaniko.generateEcrConfigMap` with `output: 'result'`), the same
 * code the CLI and other editors use. Resolves to the written file, or undefined when nothing was written.
 */
export function registerGenerateConfigMap(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.generateEcrConfigMap, async (...args: unknown[]) => {
      try {
        return await generateConfigMap(new ConfigMapServer(client), args);
      } catch (error) {
        client.error('Generating the ECR ConfigMap failed', error, 'force');
        return undefined;
      }
    }),
  );
}

/** The server's ConfigMap command, nothing written (`output: 'result'`). */
class ConfigMapServer {
  constructor(private readonly client: LanguageClient) {}

  async generate(args: GenerateEcrConfigMapArgs): Promise<GenerateEcrConfigMapResult> {
    // The command may run before any Jenkinsfile was opened, so before the server started.
    if (this.client.state !== State.Running) await this.client.start();
    return (await this.client.sendRequest(ExecuteCommandRequest.type, {
      command: COMMANDS.generateEcrConfigMap,
      arguments: [{ ...args, output: 'result' }],
    })) as GenerateEcrConfigMapResult;
  }

  /** The server's problems with `args` (empty when it would generate), or a thrown error for anything else. */
  async problems(args: GenerateEcrConfigMapArgs): Promise<GenerateEcrConfigMapErrorData['problems']> {
    try {
      await this.generate(args);
      return [];
    } catch (error) {
      const data = error instanceof ResponseError ? (error.data as Partial<GenerateEcrConfigMapErrorData> | undefined) : undefined;
      if (Array.isArray(data?.problems)) return data.problems;
      throw error;
    }
  }

  /** An InputBox `validateInput`: the server's message for `code` when `args(value)` is generated. */
  validator(code: string, args: (value: string) => GenerateEcrConfigMapArgs): (value: string) => Promise<string | undefined> {
    return async (value) => {
      if (value.trim() === '') return undefined;
      return (await this.problems(args(value.trim()))).find((p) => p.code === code)?.message;
    };
  }
}

async function generateConfigMap(server: ConfigMapServer, rawArgs: unknown[]): Promise<vscode.Uri | undefined> {
  const args = readPromptArgs(rawArgs[0]);
  if (typeof args === 'string') {
    void vscode.window.showErrorMessage(`${TITLE}: ${args}`);
    return undefined;
  }

  const jenkinsfile = await findJenkinsfile(args.uri);
  const directory = targetDirectory(jenkinsfile);
  if (directory === undefined) {
    void vscode.window.showErrorMessage(`${TITLE}: open a saved Jenkinsfile (the ConfigMap is written next to it) or a workspace folder.`);
    return undefined;
  }
  const uri = jenkinsfile?.uri.toString();
  const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION, jenkinsfile?.uri ?? directory);

  // Every prompt below returns undefined on Escape: stop there, before anything is written.
  const inferred = uri === undefined ? [] : await inferredRegistries(server, uri);
  const registries = [...(args.registries ?? [])];
  if (inferred.length + registries.length === 0) {
    const registry = await askRegistry(server, jenkinsfile !== undefined);
    if (registry === undefined) return undefined;
    registries.push(registry);
  }

  const credsStore = args.credsStore ?? (await askCredsStore([...inferred, ...registries]));
  if (credsStore === undefined) return undefined;

  const name = args.name ?? (await askName(server, settings.get<string>('configMapName') ?? ''));
  if (name === undefined) return undefined;

  const namespace =
    args.namespace ??
    (await askOptional(
      'Namespace for the ConfigMap (leave empty for none)',
      'jenkins',
      server.validator('invalid-namespace', (value) => ({ credsStore: true, namespace: value })),
    ));
  if (namespace === undefined) return undefined;

  const roleArn =
    args.roleArn ??
    (await askOptional(
      'IAM role ARN for IRSA: also writes a ServiceAccount annotated with it (leave empty to skip)',
      'arn:aws:iam::123456789012:role/kaniko-push',
      server.validator('invalid-role-arn', (value) => ({ credsStore: true, roleArn: value })),
    ));
  if (roleArn === undefined) return undefined;

  let result: GenerateEcrConfigMapResult;
  try {
    result = await server.generate({
      uri: inferred.length > 0 ? uri : undefined,
      registries,
      credsStore,
      name,
      namespace: namespace === '' ? undefined : namespace,
      roleArn: roleArn === '' ? undefined : roleArn,
    });
  } catch (error) {
    if (!(error instanceof ResponseError)) throw error;
    void vscode.window.showErrorMessage(`${TITLE}: ${error.message}`);
    return undefined;
  }

  const target = vscode.Uri.joinPath(directory, result.fileName);
  if ((await exists(target)) && !(await confirmReplace(result.fileName))) return undefined;
  await vscode.workspace.fs.writeFile(target, Buffer.from(result.yaml, 'utf8'));
  await vscode.window.showTextDocument(target, { preview: false });
  // Not awaited: the command is done once the file is written; the notification may stay open.
  void offerKubectlApply(target, result.fileName, result.warnings);
  return target;
}

/** The command's argument: a `vscode.Uri` (explorer), an object (code lens, tests), or nothing; a string says what is wrong. */
function readPromptArgs(raw: unknown): PromptArgs | string {
  if (raw === undefined || raw === null) return {};
  if (raw instanceof vscode.Uri) return { uri: raw.toString() };
  if (typeof raw !== 'object' || Array.isArray(raw)) return 'expected a file or { uri?, registries?, credsStore?, name?, namespace?, roleArn? }';
  const input = raw as Record<string, unknown>;
  const out: PromptArgs = {};
  for (const field of ['uri', 'name', 'namespace', 'roleArn'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') return `"${field}" must be a string`;
    out[field] = value;
  }
  if (input.registries !== undefined) {
    if (!Array.isArray(input.registries) || !input.registries.every((r) => typeof r === 'string')) return '"registries" must be an array of strings';
    out.registries = input.registries as string[];
  }
  if (input.credsStore !== undefined) {
    if (typeof input.credsStore !== 'boolean') return '"credsStore" must be true or false';
    out.credsStore = input.credsStore;
  }
  return out;
}

/** The ECR registries the Jenkinsfile names, as the server reads them (none is not an error here). */
async function inferredRegistries(server: ConfigMapServer, uri: string): Promise<string[]> {
  try {
    return (await server.generate({ uri, credsStore: true })).inferred;
  } catch (error) {
    const problems = error instanceof ResponseError ? (error.data as Partial<GenerateEcrConfigMapErrorData> | undefined)?.problems : undefined;
    if (problems?.some((p) => p.code === 'no-registry')) return [];
    throw error;
  }
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

function askRegistry(server: ConfigMapServer, hadJenkinsfile: boolean): Thenable<string | undefined> {
  const check = server.validator('not-ecr', (value) => ({ registries: [value] }));
  return vscode.window
    .showInputBox({
      title: TITLE,
      prompt: hadJenkinsfile ? 'No ECR registry found in this Jenkinsfile. Which registry does Kaniko push to?' : 'Which ECR registry does Kaniko push to?',
      placeHolder: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? 'Enter an ECR registry host.' : check(value)),
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

function askName(server: ConfigMapServer, defaultName: string): Thenable<string | undefined> {
  const check = server.validator('invalid-name', (value) => ({ credsStore: true, name: value }));
  return vscode.window
    .showInputBox({
      title: TITLE,
      prompt: 'ConfigMap name (mounted at /kaniko/.docker)',
      value: defaultName,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? 'Enter a ConfigMap name.' : check(value)),
    })
    .then((value) => value?.trim());
}

/** An InputBox where empty means "none"; resolves to '' for that, undefined on Escape. */
function askOptional(prompt: string, placeHolder: string, validate: (value: string) => Promise<string | undefined>): Thenable<string | undefined> {
  return vscode.window
    .showInputBox({
      title: TITLE,
      prompt,
      placeHolder,
      ignoreFocusOut: true,
      validateInput: (value) => validate(value),
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
