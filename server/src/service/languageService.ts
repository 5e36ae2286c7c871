/**
 * The language service: everything the editor and the CLI ask of a Jenkinsfile, with no
 * transport. The LSP server and the CLI are thin callers of this class.
 */
import type {
  CodeAction,
  CodeActionContext,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Position,
  Range,
} from 'vscode-languageserver-types';
import { AnalysisCache, type Analysis, type AnalysisHost, type DocumentInput } from './analysis';
import { ecrConfigMap, type EcrConfigMapRequest } from './configMap';
import { registryCredentials, type RegistryCredentialsRequest } from './registryCredentials';
import { getConfigMapLenses } from './configMapLens';
import { fixDocument, getCodeActions, getCodeLenses, getMigrationEdit, planMigrations } from './codeActions';
import { getCompletions } from './completion';
import { toLspDiagnostic } from './diagnostics';
import { getFoldingRanges } from './folding';
import { getHover } from './hover';
import { getDocumentSymbols } from './symbols';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import type { GenerateEcrConfigMapResult, GenerateRegistryCredentialsResult } from '../shared/protocol';
import type { RuleDiagnostic } from '../rules';

export class JenkinsfileLanguageService {
  private readonly cache: AnalysisCache;

  constructor(readonly host: AnalysisHost = {}) {
    this.cache = new AnalysisCache(host, planMigrations);
  }

  analyze(document: DocumentInput): Analysis {
    return this.cache.analyze(document);
  }

  /** Rule results with Jenkinsfile offsets (the CLI's view). */
  findings(document: DocumentInput, settings: Settings = DEFAULT_SETTINGS): RuleDiagnostic[] {
    return this.analyze(document).findings(settings);
  }

  /** LSP diagnostics for a document. */
  diagnostics(document: DocumentInput, settings: Settings = DEFAULT_SETTINGS): Diagnostic[] {
    const analysis = this.analyze(document);
    return analysis.findings(settings).map((d) => toLspDiagnostic(analysis.document, d));
  }

  /** Quick fixes and refactorings for a range (migration to Kaniko, per-line fixes, fix-all). */
  codeActions(document: DocumentInput, range: Range, context: CodeActionContext, settings: Settings = DEFAULT_SETTINGS): CodeAction[] {
    return getCodeActions(this.analyze(document), range, context, settings, this.host);
  }

  /** The edit of `jenkinsfileKaniko.migrateToKaniko [uri, stageName]`, to send with `workspace/applyEdit`, or why not. */
  migrationEdit(document: DocumentInput, stageName: string | undefined, settings: Settings = DEFAULT_SETTINGS): ReturnType<typeof getMigrationEdit> {
    return getMigrationEdit(this.analyze(document), stageName, settings, this.host);
  }

  /** `jenkinsfile-kaniko fix`: every stage that can be migrated, then the safe per-line fixes. */
  fix(document: DocumentInput, settings: Settings = DEFAULT_SETTINGS, options: { editYamlFiles?: boolean } = {}): ReturnType<typeof fixDocument> {
    return fixDocument(this.analyze(document), settings, this.host, options);
  }

  /** Code lenses ("Migrate stage to Kaniko" above migratable stages) unless disabled in settings. */
  codeLenses(document: DocumentInput, settings: Settings = DEFAULT_SETTINGS): CodeLens[] {
    if (!settings.codeLens) return [];
    const analysis = this.analyze(document);
    return [...getCodeLenses(analysis, settings), ...getConfigMapLenses(analysis, this.host)];
  }

  /** Rule explanation on a finding, executor flag docs, a referenced container's image. */
  hover(document: DocumentInput, position: Position, settings: Settings = DEFAULT_SETTINGS): Hover | null {
    return getHover(this.analyze(document), position, this.findings(document, settings), settings);
  }

  /** Outline: pipeline → stages → agent pods → containers; scripted podTemplate/node/stage. */
  documentSymbols(document: DocumentInput): DocumentSymbol[] {
    return getDocumentSymbols(this.analyze(document));
  }

  /** Blocks, closures, multi-line strings, comments. */
  foldingRanges(document: DocumentInput): FoldingRange[] {
    return getFoldingRanges(this.analyze(document));
  }

  /** Kaniko executor flags in `sh` strings; container names in `container('…')` / `defaultContainer '…'`. */
  completion(document: DocumentInput, position: Position): CompletionList {
    return getCompletions(this.analyze(document), position);
  }

  /** The `docker-config` ConfigMap for the ECR registries a Jenkinsfile names (plus any given); throws `ConfigMapError`. */
  ecrConfigMap(request: EcrConfigMapRequest, settings: Settings = DEFAULT_SETTINGS): GenerateEcrConfigMapResult {
    return ecrConfigMap(request, settings);
  }

  /** The registry Secret (placeholders) for the registries other than ECR a Jenkinsfile uses (plus any given); throws `RegistrySecretError`. */
  registryCredentials(request: RegistryCredentialsRequest): GenerateRegistryCredentialsResult {
    return registryCredentials(request);
  }

  /** Drops cached work for a closed document. */
  forget(uri: string): void {
    this.cache.forget(uri);
  }
}
