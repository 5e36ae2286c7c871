/**
 * Rule contract. A rule reads the model and returns findings with Jenkinsfile offsets;
 * turning them into LSP diagnostics (severity overrides, suppressions, links) is the
 * runner's job, so every rule stays a small pure function.
 */
import type { JenkinsModel, Span } from '../model';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface RuleMeta {
  /** Stable id: the diagnostic `code`, the docs page name and the settings key. */
  id: string;
  defaultSeverity: Severity;
  /** Short title for SARIF and docs. */
  title: string;
  /** One-paragraph explanation used by hover and SARIF help. */
  description: string;
  /** How to fix it, in markdown. */
  fix: string;
}

export interface Finding extends Span {
  message: string;
  /** Payload the fixes read (never the message text). */
  data?: FindingData;
}

/** What a fix may need: the kind of problem and the spans concerned. Extend per rule. */
export interface FindingData {
  [key: string]: unknown;
}

export interface Rule {
  meta: RuleMeta;
  check(model: JenkinsModel, options: RuleOptions): Finding[];
}

/** Settings some rules read. */
export interface RuleOptions {
  kanikoImage: string;
}

export const DOCS_BASE_URL = 'https://github.com/jenkinsfile-kaniko/jenkinsfile-kaniko-assistant/blob/main/docs/rules/';
export const DIAGNOSTIC_SOURCE = 'jenkinsfile-kaniko';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
