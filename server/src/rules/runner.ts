/**
 * Runs every enabled rule over a model, applies severity settings and inline suppressions.
 * A rule that throws is isolated: its findings are lost, the others still report.
 */
import { lineIndexOf, lineStarts } from '../lines';
import type { JenkinsModel } from '../model';
import { RULES, type RuleData, type RuleId } from './registry';
import type { Finding, RuleOptions, Severity, SeveritySetting } from './types';

/** A finding with its rule and severity; `data` is typed by `ruleId` (a discriminated union). */
export type RuleDiagnostic = { [Id in RuleId]: RuleDiagnosticOf<Id> }[RuleId];
export type RuleDiagnosticOf<Id extends RuleId> = Finding<RuleData<Id>> & { ruleId: Id; severity: Severity };

/** The diagnostics of one rule, with that rule's data type. */
export function diagnosticsOf<Id extends RuleId>(diagnostics: readonly RuleDiagnostic[], ruleId: Id): Array<RuleDiagnosticOf<Id>> {
  return diagnostics.filter((d): d is RuleDiagnosticOf<Id> & RuleDiagnostic => d.ruleId === ruleId);
}

export interface RunOptions extends RuleOptions {
  /** Per-rule severity overrides; absent rules use their default. */
  severities: Readonly<Record<string, SeveritySetting>>;
  /** Called when a rule throws, for logging. */
  onRuleError?: (ruleId: string, error: unknown) => void;
}

// One separator character, then the list: `\s+[\w\s,-]*` let both quantifiers take the same blanks
// and backtracked quadratically over a long run of them (40 KB: 4 s). These are linear.
export const FILE_DIRECTIVE = /^\s*jenkinsfile-kaniko-disable(?:\s([\w\s,-]*))?$/;
export const NEXT_LINE_DIRECTIVE = /^\s*jenkinsfile-kaniko-disable-next-line(?:\s([\w\s,-]*))?$/;
/** The `#` form, for pod YAML and shell scripts inside string literals (global, multiline). */
export const HASH_NEXT_LINE_DIRECTIVE = /^[ \t]*#[ \t]*jenkinsfile-kaniko-disable-next-line(?:[ \t]([\w \t,-]*))?\r?$/gm;

interface Suppressions {
  file: Set<string> | 'all';
  /** 0-based line → rule ids (or all) suppressed on that line. */
  lines: Map<number, Set<string> | 'all'>;
}

function ruleIds(list: string | undefined): Set<string> | 'all' {
  const ids = (list ?? '').split(/[\s,]+/).filter(Boolean);
  return ids.length === 0 ? 'all' : new Set(ids);
}

function merge(current: Set<string> | 'all' | undefined, next: Set<string> | 'all'): Set<string> | 'all' {
  if (current === 'all' || next === 'all') return 'all';
  return new Set([...(current ?? []), ...next]);
}

/** Every directive holds this word: a file without it has no suppressions (most files), and no line needs counting. */
const DIRECTIVE_WORD = 'jenkinsfile-kaniko-disable';

function collectSuppressions(model: JenkinsModel, starts: number[]): Suppressions {
  const result: Suppressions = { file: new Set(), lines: new Map() };
  for (const comment of model.parse.comments) {
    if (comment.kind !== 'line') continue;
    const nextLine = NEXT_LINE_DIRECTIVE.exec(comment.text);
    if (nextLine) {
      const line = lineIndexOf(starts, comment.start) + 1;
      result.lines.set(line, merge(result.lines.get(line), ruleIds(nextLine[1])));
      continue;
    }
    const file = FILE_DIRECTIVE.exec(comment.text);
    if (file) result.file = merge(result.file, ruleIds(file[1]));
  }
  // Pod YAML and shell scripts live inside string literals, where a `//` line would become part
  // of the YAML or script; there the `#` comment of that language carries the directive.
  for (const match of model.text.matchAll(HASH_NEXT_LINE_DIRECTIVE)) {
    const line = lineIndexOf(starts, match.index!) + 1;
    result.lines.set(line, merge(result.lines.get(line), ruleIds(match[1])));
  }
  return result;
}

function suppressed(set: Set<string> | 'all' | undefined, ruleId: string): boolean {
  return set === 'all' || (set !== undefined && set.has(ruleId));
}

export function runRules(model: JenkinsModel, options: RunOptions): RuleDiagnostic[] {
  const starts = model.text.includes(DIRECTIVE_WORD) ? lineStarts(model.text) : undefined;
  // Most files have no directive: then nothing is suppressed, and no rule id is looked up in a set.
  const suppressions = starts ? collectSuppressions(model, starts) : undefined;
  const severities = options.severities;
  const diagnostics: RuleDiagnostic[] = [];
  // Indexed loops: this runs cold for most of a one-shot `check`, where for-of costs an iterator per loop (and most rules find nothing).
  for (let r = 0; r < RULES.length; r++) {
    const rule = RULES[r];
    const meta = rule.meta;
    const id = meta.id;
    const setting = severities[id] ?? meta.defaultSeverity;
    if (setting === 'off' || (suppressions !== undefined && suppressed(suppressions.file, id))) continue;
    let findings: Finding[];
    try {
      findings = rule.check(model, options);
    } catch (error) {
      options.onRuleError?.(id, error);
      continue;
    }
    for (let f = 0; f < findings.length; f++) {
      const finding = findings[f];
      if (suppressions !== undefined && suppressed(suppressions.lines.get(lineIndexOf(starts!, finding.start)), id)) continue;
      diagnostics.push(diagnosticOf(finding, id, setting));
    }
  }
  // Rule ids are lower-case kebab-case, which code-unit order sorts as localeCompare did (and much cheaper).
  return diagnostics.sort((a, b) => a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

/**
 * A finding with its rule and severity: the finding's own fields (a span, the message and the data,
 * which a finding may lack) in one literal rather than `{ ...finding, ruleId, severity }`. The rules'
 * findings come in many hidden classes, so the spread's copy missed its cache for every diagnostic
 * (~5,000 instructions each in a cold `check`: ~10 M over the bench's 1,000 files).
 */
export function diagnosticOf(finding: Finding, ruleId: RuleId, severity: Severity): RuleDiagnostic {
  // `finding` came from the rule `ruleId`, so its data is that rule's: the pairing the union describes.
  if (finding.data === undefined) return { start: finding.start, end: finding.end, message: finding.message, ruleId, severity } as RuleDiagnostic;
  return { start: finding.start, end: finding.end, message: finding.message, data: finding.data, ruleId, severity } as RuleDiagnostic;
}
