/** What the client said it can do in `initialize`, read once into plain flags. */
import type { ClientCapabilities, InitializeParams } from 'vscode-languageserver/node';

export interface ClientFeatures {
  /** `workspace/configuration`: settings per document; otherwise initializationOptions and didChangeConfiguration. */
  configurationRequests: boolean;
  configurationDynamicRegistration: boolean;
  /** `workspace/didChangeWatchedFiles` registered by the server (pod files changing on disk). */
  watchedFilesDynamicRegistration: boolean;
  /** A client that can pull diagnostics gets them only that way; every other client gets them pushed. */
  pullDiagnostics: boolean;
  diagnosticsRefresh: boolean;
  codeLensRefresh: boolean;
  applyEdit: boolean;
  /** Versioned `documentChanges`; others get plain `changes` without annotations. */
  documentChanges: boolean;
  /** `CreateFile` in a workspace edit. */
  createFiles: boolean;
  showDocument: boolean;
  /** Folders the client opened, for commands run without a document. */
  workspaceFolders: string[];
}

export function readClientFeatures(params: InitializeParams): ClientFeatures {
  const capabilities: ClientCapabilities = params.capabilities ?? {};
  const workspace = capabilities.workspace;
  const documentChanges = workspace?.workspaceEdit?.documentChanges === true;
  const folders = Array.isArray(params.workspaceFolders) ? params.workspaceFolders.map((f) => f?.uri).filter((u): u is string => typeof u === 'string') : [];
  if (folders.length === 0 && typeof params.rootUri === 'string') folders.push(params.rootUri);
  return {
    configurationRequests: workspace?.configuration === true,
    configurationDynamicRegistration: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesDynamicRegistration: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    pullDiagnostics: capabilities.textDocument?.diagnostic !== undefined,
    diagnosticsRefresh: workspace?.diagnostics?.refreshSupport === true,
    codeLensRefresh: workspace?.codeLens?.refreshSupport === true,
    applyEdit: workspace?.applyEdit === true,
    documentChanges,
    createFiles: documentChanges && (workspace?.workspaceEdit?.resourceOperations ?? []).includes('create'),
    showDocument: capabilities.window?.showDocument?.support === true,
    workspaceFolders: folders,
  };
}
