/**
 * The client/server contract: what the VS Code client, the language server and other editors'
 * configurations agree on. Pure data and types, no imports, so the client bundle can take it
 * without pulling in the engine (the way vscode-eslint keeps a `shared/` folder).
 */
import type { WorkspaceEdit } from 'vscode-languageserver-types';

/** The settings section (`jenkinsfileKaniko.*`), also the prefix of `jenkinsfileKaniko.trace.server`. */
export const SETTINGS_SECTION = 'jenkinsfileKaniko';

/**
 * Command ids. Every one is contributed in package.json (the manifest test checks both lists);
 * `SERVER_COMMANDS` are also executed by the server through `workspace/executeCommand`, so
 * editors other than VS Code get them.
 */
export const COMMANDS = {
  generateEcrConfigMap: 'jenkinsfileKaniko.generateEcrConfigMap',
  generateRegistryCredentials: 'jenkinsfileKaniko.generateRegistryCredentials',
  migrateToKaniko: 'jenkinsfileKaniko.migrateToKaniko',
  restartServer: 'jenkinsfileKaniko.restartServer',
  /** Opens the walkthrough's example Jenkinsfile as an unsaved document. */
  openExample: 'jenkinsfileKaniko.openExample',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Commands the server executes (the VS Code client wraps them in prompts and previews). */
export const SERVER_COMMANDS: readonly CommandId[] = [COMMANDS.generateEcrConfigMap, COMMANDS.generateRegistryCredentials, COMMANDS.migrateToKaniko];

/** Code action kind of "Fix all safe Jenkinsfile Kaniko problems" (for `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.jenkinsfile-kaniko';

/** Change annotation id grouping the edits of one migration in the refactor preview. */
export const MIGRATION_ANNOTATION = 'jenkinsfile-kaniko.migrateToKaniko';

/** `jenkinsfileKaniko.migrateToKaniko` arguments: `[uri, stageName?]` (the code lens's). */
export type MigrateCommandArgs = [uri: string, stageName?: string | null];

/** What `jenkinsfileKaniko.migrateToKaniko` answers; `edit` only when the client cannot apply edits itself. */
export interface MigrateCommandResult {
  applied: boolean;
  summary: string;
  notes: string[];
  /** What the user must do next (create the ConfigMap or Secret, remove a container kept for now, …). */
  nextSteps: string[];
  edit?: WorkspaceEdit;
}

/**
 * The one argument of `jenkinsfileKaniko.generateEcrConfigMap`. Every field is optional: the
 * server takes the registries the Jenkinsfile at `uri` names, the name and file from settings.
 */
export interface GenerateEcrConfigMapArgs {
  /** Jenkinsfile whose ECR registries are used; the file is written next to it. */
  uri?: string;
  registries?: string[];
  /** `{"credsStore": "ecr-login"}` for every registry instead of per-registry `credHelpers`. */
  credsStore?: boolean;
  name?: string;
  namespace?: string;
  /** IAM role: for IRSA a ServiceAccount annotated with it is generated too; for EKS Pod Identity it goes into the association command. */
  roleArn?: string;
  /** `irsa` (default with a role), `pod-identity` (ServiceAccount without annotation + association command), `node` (instance role). */
  identity?: 'irsa' | 'pod-identity' | 'node';
  /** EKS cluster named in the pod identity association command. */
  clusterName?: string;
  serviceAccountName?: string;
  fileName?: string;
  /**
   * `file` (the default, for every editor): the server creates the file next to the Jenkinsfile
   * with `workspace/applyEdit` when the client can create files, else opens or reports the YAML.
   * `result`: nothing is written; the answer carries the YAML (the VS Code client writes it after asking).
   */
  output?: 'file' | 'result';
}

/** The answer of `jenkinsfileKaniko.generateEcrConfigMap`. */
export interface GenerateEcrConfigMapResult {
  yaml: string;
  /** Things the user should know, e.g. an unusual registry host. */
  warnings: string[];
  /** The ECR registries the ConfigMap covers, those found in the Jenkinsfile first. */
  registries: string[];
  /** Hosts found in the Jenkinsfile itself. */
  inferred: string[];
  fileName: string;
  /** ServiceAccount the Kaniko pod must run as (`serviceAccountName`), when one is generated. */
  serviceAccountName?: string;
  /** Commands to run next (`kubectl apply -f …`, `aws eks create-pod-identity-association …`). */
  nextSteps?: string[];
  /** Where the file was created (`output: 'file'` and the client created it). */
  createdUri?: string;
}

/**
 * The one argument of `jenkinsfileKaniko.generateRegistryCredentials`: a `kubernetes.io/dockerconfigjson`
 * Secret (placeholder values) for every registry other than ECR the Jenkinsfile pushes to or logs in to.
 */
export interface GenerateRegistryCredentialsArgs {
  uri?: string;
  /** Hosts, `https://` URLs or image references, added to those of the Jenkinsfile. */
  registries?: string[];
  /** Secret name; default `regcred`. */
  name?: string;
  namespace?: string;
  fileName?: string;
  /** As for the ConfigMap: `file` creates the file next to the Jenkinsfile, `result` only answers. */
  output?: 'file' | 'result';
}

export interface GenerateRegistryCredentialsResult {
  yaml: string;
  warnings: string[];
  /** Registries with an `auths` entry (config.json keys), those of the Jenkinsfile first. */
  registries: string[];
  /** ECR hosts sent to the ecr-login helper through `credHelpers`. */
  ecrHosts: string[];
  /** Registries found in the Jenkinsfile itself (config.json keys). */
  inferred: string[];
  fileName: string;
  nextSteps: string[];
  createdUri?: string;
}

/** The `data` of a `jenkinsfileKaniko.generateEcrConfigMap` error: each problem with a stable code. */
export interface GenerateEcrConfigMapErrorData {
  problems: Array<{ code: string; message: string }>;
}
