/**
 * One analysis per document version: parse → model → rules → migration plans, each computed
 * once and cached, so that diagnostics, hover, code actions, code lenses, fix-all and the
 * migration command on the same version share the work. Nothing else in the service runs the
 * rules or plans a migration.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
// Types only: `check` loads this module and must not load the fix code (the planner is passed in).
import type { MigrationPlan } from '../fixes';
import { buildModel, type BuildOptions, type JenkinsModel, type Stage } from '../model';
import { runRules, type RuleDiagnostic } from '../rules';
import type { Settings } from '../shared/settings';

export interface DocumentInput {
  uri: string;
  text: string;
  version?: number;
}

export interface Analysis {
  readonly document: TextDocument;
  readonly model: JenkinsModel;
  /** The rule findings under these settings (severities, suppressions applied), in document order. */
  findings(settings: Settings): RuleDiagnostic[];
  /** The migration plan of every candidate stage or pod, in document order. */
  migrationPlans(settings: Settings): Map<Stage, MigrationPlan>;
}

/** What the cache computes (rather than reuses); `AnalysisHost.onCompute` hears of each. */
export type AnalysisStep = 'model' | 'rules' | 'migration-plans';

export interface AnalysisHost {
  /**
   * Reads a `yamlFile` (or `readTrusted`/`readFile`) path relative to the repository root of the
   * Jenkinsfile at `uri`, as Jenkins does (the client's open buffer of the file when it has one);
   * undefined when absent or outside that root.
   */
  readYamlFile?(uri: string, relativePath: string): string | undefined;
  /** Where `readYamlFile` starts, in words for hovers ("the repository root `/x` (…)"). */
  yamlRoot?(uri: string): string | undefined;
  /**
   * A `yamlFile` path the migration may edit, found once: its real file inside the same root, with
   * the same confinement as `readYamlFile`, the client's open buffer of it (synced to the server)
   * and what it holds now (that buffer, else the disk; undefined when it cannot be read), or why it
   * must not be edited. The migration edits it only when that text is the one it planned from: an
   * open buffer's edit carries the buffer's version, so an editor never applies it to a buffer that
   * changed since.
   */
  podFile?(uri: string, relativePath: string): PodFile | { refused: string };
  /**
   * Whether a YAML file in or below the Jenkinsfile's folder defines ConfigMap `name`;
   * undefined when that cannot be known (e.g. an unsaved or virtual document).
   */
  isConfigMapDefined?(uri: string, name: string): boolean | undefined;
  log?(message: string): void;
  /** Called each time a step is computed rather than taken from the cache (for tests and tracing). */
  onCompute?(step: AnalysisStep, uri: string): void;
}

/**
 * Plans the migration of every candidate stage or pod of a model, in document order. Passed in
 * (the language service gives `planMigrations` from codeActions.ts) so that `check`, which lints
 * only, loads no fix code.
 */
export type MigrationPlanner = (model: JenkinsModel, settings: Settings) => Map<Stage, MigrationPlan>;

/** A file the client has open: its URI as the client names it, its text and version. */
export interface OpenFile {
  uri: string;
  text: string;
  version: number;
}

/** A `yamlFile` as a file to write: its real path and URI, or why it must not be written. */
export type YamlFileTarget = { path: string; uri: string } | { refused: string };

/** A `yamlFile` the migration may edit (see `AnalysisHost.podFile`). */
export interface PodFile {
  path: string;
  uri: string;
  /** The client's buffer of it, when open. */
  open?: OpenFile;
  /** Its text now: the open buffer's, else the disk's; undefined when it cannot be read. */
  text: string | undefined;
}

const MAX_CACHED = 256;

/** The settings the rules read. */
function rulesKey(settings: Settings): string {
  return JSON.stringify([settings.rules, settings.kanikoImage]);
}

/** The settings a migration plan reads: all but the rule severities and the code lens switch. */
function plansKey(settings: Settings): string {
  return JSON.stringify({ ...settings, rules: undefined, codeLens: undefined });
}

/**
 * What the model of the document at `uri` reads from the host. A class, not an object literal with a
 * getter: such a literal is made by a runtime call each time, once per file in a cold `check`.
 */
class HostReads implements BuildOptions {
  readonly readFile: ((relativePath: string) => string | undefined) | undefined;
  private root: { value: string | undefined } | undefined;

  constructor(
    private readonly host: AnalysisHost,
    private readonly uri: string,
  ) {
    this.readFile = host.readYamlFile ? (path) => host.readYamlFile!(uri, path) : undefined;
  }

  /** Looked up only when a `yamlFile` needs it: finding the repository root stats every folder up to `/`. */
  get yamlRoot(): string | undefined {
    this.root ??= { value: this.host.yamlRoot?.(this.uri) };
    return this.root.value;
  }
}

function buildModelOf(host: AnalysisHost, input: DocumentInput): JenkinsModel {
  host.onCompute?.('model', input.uri);
  return buildModel(input.text, new HostReads(host, input.uri));
}

function ruleFindings(host: AnalysisHost, uri: string, model: JenkinsModel, settings: Settings): RuleDiagnostic[] {
  host.onCompute?.('rules', uri);
  return runRules(model, {
    severities: settings.rules,
    kanikoImage: settings.kanikoImage,
    onRuleError: (ruleId, error) => host.log?.(`Rule ${ruleId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
}

/**
 * The findings of one text under `settings`, for `check`, which asks once per file: the model and
 * rules of `AnalysisCache.analyze(input).findings(settings)`, without a TextDocument, a cache entry
 * or the results kept for later requests.
 */
export function findingsOnce(host: AnalysisHost, input: DocumentInput, settings: Settings): RuleDiagnostic[] {
  return ruleFindings(host, input.uri, buildModelOf(host, input), settings);
}

/** What is derived from one model, per settings; shared by every version with the same text. */
class ModelResults {
  private findingsFor?: { key: string; findings: RuleDiagnostic[] };
  private readonly plans = new Map<string, Map<Stage, MigrationPlan>>();

  constructor(
    readonly uri: string,
    readonly model: JenkinsModel,
    private readonly host: AnalysisHost,
    private readonly planner: MigrationPlanner | undefined,
  ) {}

  findings(settings: Settings): RuleDiagnostic[] {
    const key = rulesKey(settings);
    if (this.findingsFor?.key === key) return this.findingsFor.findings;
    const findings = ruleFindings(this.host, this.uri, this.model, settings);
    this.findingsFor = { key, findings };
    return findings;
  }

  migrationPlans(settings: Settings): Map<Stage, MigrationPlan> {
    const key = plansKey(settings);
    let plans = this.plans.get(key);
    if (!plans) {
      if (!this.planner) throw new Error('this analysis cache was made without a migration planner');
      this.host.onCompute?.('migration-plans', this.uri);
      plans = this.planner(this.model, settings);
      this.plans.set(key, plans);
    }
    return plans;
  }
}

function analysisOf(document: TextDocument, results: ModelResults): Analysis {
  return {
    document,
    model: results.model,
    findings: (settings) => results.findings(settings),
    migrationPlans: (settings) => results.migrationPlans(settings),
  };
}

/** An analysis of a model built elsewhere (tests, one-off callers): same caching, not kept by any cache. */
export function createAnalysis(document: TextDocument, model: JenkinsModel, host: AnalysisHost = {}, planner?: MigrationPlanner): Analysis {
  return analysisOf(document, new ModelResults(document.uri, model, host, planner));
}

export class AnalysisCache {
  private readonly entries = new Map<string, { text: string; version?: number; results: ModelResults; analysis: Analysis }>();

  constructor(
    private readonly host: AnalysisHost = {},
    private readonly planner?: MigrationPlanner,
  ) {}

  analyze(input: DocumentInput): Analysis {
    const cached = this.entries.get(input.uri);
    if (cached && cached.text === input.text) {
      if (cached.version === input.version) return cached.analysis;
      // Same text, new version (undo back, a save): reuse the model and its results, but versioned edits need the current version.
      const analysis = analysisOf(TextDocument.create(input.uri, 'jenkinsfile', input.version ?? 0, input.text), cached.results);
      this.entries.set(input.uri, { ...cached, version: input.version, analysis });
      return analysis;
    }
    const document = TextDocument.create(input.uri, 'jenkinsfile', input.version ?? 0, input.text);
    const model = buildModelOf(this.host, input);
    const results = new ModelResults(input.uri, model, this.host, this.planner);
    const analysis = analysisOf(document, results);
    this.entries.delete(input.uri);
    this.entries.set(input.uri, { text: input.text, version: input.version, results, analysis });
    if (this.entries.size > MAX_CACHED) this.entries.delete(this.entries.keys().next().value!);
    return analysis;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
