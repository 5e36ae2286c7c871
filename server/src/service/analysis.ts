/**
 * One analysis per document version: parse → model → rules, cached so that diagnostics,
 * hover, symbols and code actions on the same version share the work.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildModel, type JenkinsModel } from '../model';
import { runRules, type RuleDiagnostic } from '../rules';
import type { Settings } from '../shared/settings';

export interface DocumentInput {
  uri: string;
  text: string;
  version?: number;
}

export interface Analysis {
  document: TextDocument;
  model: JenkinsModel;
}

export interface AnalysisHost {
  /**
   * Reads a `yamlFile` (or `readTrusted`/`readFile`) path relative to the repository root of the
   * Jenkinsfile at `uri`, as Jenkins does; undefined when absent or outside that root.
   */
  readYamlFile?(uri: string, relativePath: string): string | undefined;
  /** Where `readYamlFile` starts, in words for hovers ("the repository root `/x` (…)"). */
  yamlRoot?(uri: string): string | undefined;
  /**
   * Whether a YAML file in or below the Jenkinsfile's folder defines ConfigMap `name`;
   * undefined when that cannot be known (e.g. an unsaved or virtual document).
   */
  isConfigMapDefined?(uri: string, name: string): boolean | undefined;
  log?(message: string): void;
}

const MAX_CACHED = 256;

export class AnalysisCache {
  private readonly entries = new Map<string, { text: string; version?: number; analysis: Analysis }>();
  private readonly ruleResults = new WeakMap<JenkinsModel, { key: string; diagnostics: RuleDiagnostic[] }>();

  constructor(private readonly host: AnalysisHost = {}) {}

  analyze(input: DocumentInput): Analysis {
    const cached = this.entries.get(input.uri);
    if (cached && cached.text === input.text) {
      if (cached.version === input.version) return cached.analysis;
      // Same text, new version (undo back, a save): reuse the model, but versioned edits need the current version.
      const analysis = { document: TextDocument.create(input.uri, 'jenkinsfile', input.version ?? 0, input.text), model: cached.analysis.model };
      this.entries.set(input.uri, { text: input.text, version: input.version, analysis });
      return analysis;
    }
    const document = TextDocument.create(input.uri, 'jenkinsfile', input.version ?? 0, input.text);
    const host = this.host;
    let root: { value: string | undefined } | undefined;
    const model = buildModel(input.text, {
      readFile: host.readYamlFile ? (path) => host.readYamlFile!(input.uri, path) : undefined,
      // Looked up only when a `yamlFile` needs it: finding the repository root stats every folder up to `/`.
      get yamlRoot() {
        root ??= { value: host.yamlRoot?.(input.uri) };
        return root.value;
      },
    });
    const analysis = { document, model };
    this.entries.delete(input.uri);
    this.entries.set(input.uri, { text: input.text, version: input.version, analysis });
    if (this.entries.size > MAX_CACHED) this.entries.delete(this.entries.keys().next().value!);
    return analysis;
  }

  /** Rule results for an analysis under given settings, computed once per settings. */
  rules(analysis: Analysis, settings: Settings): RuleDiagnostic[] {
    const key = JSON.stringify([settings.rules, settings.kanikoImage]);
    const cached = this.ruleResults.get(analysis.model);
    if (cached && cached.key === key) return cached.diagnostics;
    const diagnostics = runRules(analysis.model, {
      severities: settings.rules,
      kanikoImage: settings.kanikoImage,
      onRuleError: (ruleId, error) => this.host.log?.(`Rule ${ruleId} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
    });
    this.ruleResults.set(analysis.model, { key, diagnostics });
    return diagnostics;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
