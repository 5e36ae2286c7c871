/** What the server announces in `initialize`, given what the client can do. */
import { CodeActionKind, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver/node';
import { DIAGNOSTIC_SOURCE } from '../rules';
import { FIX_ALL_KIND } from '../shared/protocol';
import type { ClientFeatures } from './clientFeatures';
import type { Encoding } from './positions';

export const SERVER_NAME = 'jenkinsfile-kaniko-language-server';

export function initializeResult(features: ClientFeatures, encoding: Encoding, commands: readonly string[], version: string | undefined): InitializeResult {
  const result: InitializeResult = {
    capabilities: {
      positionEncoding: encoding,
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      documentSymbolProvider: { label: 'Jenkinsfile' },
      foldingRangeProvider: true,
      completionProvider: { triggerCharacters: ['-', "'", '"'], resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND], resolveProvider: false },
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: [...commands] },
    },
    serverInfo: { name: SERVER_NAME, version },
  };
  if (features.pullDiagnostics) {
    result.capabilities.diagnosticProvider = { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: false, workspaceDiagnostics: false };
  }
  return result;
}
