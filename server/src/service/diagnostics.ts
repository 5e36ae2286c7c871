import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, docsUrl, type RuleDiagnostic, type Severity } from '../rules';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The `data` every diagnostic carries: the rule's payload plus what a fix needs to find it again. */
export interface DiagnosticData {
  ruleId: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export function toLspDiagnostic(document: TextDocument, diagnostic: RuleDiagnostic): Diagnostic {
  return {
    range: { start: document.positionAt(diagnostic.start), end: document.positionAt(diagnostic.end) },
    severity: LSP_SEVERITY[diagnostic.severity],
    source: DIAGNOSTIC_SOURCE,
    code: diagnostic.ruleId,
    codeDescription: { href: docsUrl(diagnostic.ruleId) },
    message: diagnostic.message,
    data: { ...diagnostic.data, ruleId: diagnostic.ruleId, start: diagnostic.start, end: diagnostic.end } satisfies DiagnosticData,
  };
}
