/**
 * The language service: everything the editor and the CLI ask of a Jenkinsfile, with no
 * transport. The LSP server and the CLI are thin callers of this class.
 */
import type { CodeAction, CodeActionContext, CodeLens, Diagnostic, Range } from 'vscode-languageserver-types';
import { AnalysisCache, type Analysis, type AnalysisHost, type DocumentInput } from './analysis';
import { getCodeActions, getCodeLenses } from './codeActions';
import { toLspDiagnostic } from './diagnostics';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import type { RuleDiagnostic } from '../rules';

export class JenkinsfileLanguageService {
  private readonly cache: AnalysisCache;

  constructor(readonly host: AnalysisHost = {}) {
    this.cache = new AnalysisCache(host);
  }

  analyze(document: DocumentInput): Analysis {
    return this.cache.analyze(document);
  }

  /** Rule results with Jenkinsfile offsets (the CLI's view). */
  findings(document: DocumentInput, settings: Settings = DEFAULT_SETTINGS): RuleDiagnostic[] {
    return this.cache.rules(this.analyze(document), settings);
  }

  /** LSP diagnostics for a document. */
  diagnostics(document: DocumentInput, settings: Settings = DEFAULT_SETTINGS): Diagnostic[] {
    const analysis = this.analyze(document);
    return this.cache.rules(analysis, settings).map((d) => toLspDiagnostic(analysis.document, d));
  }

  /** Quick fixes and refactorings for a range (migration to Kaniko, per-line fixes, fix-all). */
  codeActions(document: DocumentInput, range: Range, context: CodeActionContext, settings: Settings = DEFAULT_SETTINGS): CodeAction[] {
    return getCodeActions(this.analyze(document), range, context, settings);
  }

  /** Code lenses ("Migrate stage to Kaniko" above migratable stages) unless disabled in settings. */
  codeLenses(document: DocumentInput, settings: Settings = DEFAULT_SETTINGS): CodeLens[] {
    return settings.codeLens ? getCodeLenses(this.analyze(document), settings) : [];
  }

  /** Drops cached work for a closed document. */
  forget(uri: string): void {
    this.cache.forget(uri);
  }
}
