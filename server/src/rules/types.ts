/**
 * Rule contract. A rule reads the model and returns findings with Jenkinsfile offsets;
 * turning them into LSP diagnostics (severity overrides, suppressions, links) is the
 * runner's job, so every rule stays a small pure function.
 *
 * The rule→fix contract is typed: each rule declares its `data` type and the code actions its
 * findings offer (`meta.codeActions`); `defineRule` checks that the data carries what each of
 * those actions reads (`CodeActionData`). The service and the fixes derive everything from that
 * metadata and never test a rule id.
 */
import type { JenkinsModel, Span } from '../model';

/** What a finding's payload can be: plain data the fixes read (never the message text). */
export type FindingData = object;

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

/**
 * The code actions a finding can offer besides the two suppression comments every finding has,
 * with the `data` fields each reads from the finding. A new kind needs its fix in
 * `fixes/quickfixes.ts QUICK_FIXES` (the compiler asks for it).
 */
export interface CodeActionData {
  /** "Migrate stage to Kaniko" on the stage around the finding's span, or on the pod `podId` when the data has one. */
  'migrate-to-kaniko': FindingData;
  /** Remove an AWS CLI install from the `sh` step that starts at `stepStart`; not offered when the script still needs the CLI (`neededFor`). */
  'remove-aws-cli-install': { stepStart: number; neededFor?: string };
  /** `aws ecr get-login` → `get-login-password`, in the `sh` step that starts at `stepStart`. */
  'ecr-get-login-password': { stepStart: number; region?: string };
}
export type CodeActionKind = keyof CodeActionData;
/** The per-line quick fixes: every code action but the migration. */
export type QuickFixAction = Exclude<CodeActionKind, 'migrate-to-kaniko'>;

/** The code actions whose data needs a rule's data `D` meets. */
export type CodeActionsFor<D> = { [K in CodeActionKind]: [D] extends [CodeActionData[K]] ? K : never }[CodeActionKind];

export interface RuleMeta<Id extends string = string, Action extends CodeActionKind = CodeActionKind> {
  /** Stable id: the diagnostic `code`, the docs page name and the settings key. */
  id: Id;
  defaultSeverity: Severity;
  /** Short title for SARIF and docs. */
  title: string;
  /** One-paragraph explanation used by hover and SARIF help. */
  description: string;
  /** How to fix it, in markdown. */
  fix: string;
  /** The code actions this rule's findings offer (`[]`: only the suppression comments). */
  codeActions: readonly Action[];
}

export interface Finding<D extends FindingData = FindingData> extends Span {
  message: string;
  /** Payload the fixes read (never the message text). */
  data?: D;
}

export interface Rule<Id extends string = string, D extends FindingData = FindingData> {
  meta: RuleMeta<Id>;
  check(model: JenkinsModel, options: RuleOptions): Array<Finding<D>>;
}

/**
 * How every rule is written: `export interface FooData {…}` and
 * `export const foo = defineRule<FooData>()({ meta: { id: 'foo', …, codeActions: [] }, check(model) {…} })`.
 * The id stays a literal type (so the registry derives `RuleId`), and each action in
 * `codeActions` must be one the data supports.
 */
export function defineRule<D extends FindingData>() {
  return <const Id extends string>(rule: {
    meta: RuleMeta<Id, CodeActionsFor<D>>;
    check(model: JenkinsModel, options: RuleOptions): Array<Finding<D>>;
  }): Rule<Id, D> => rule;
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
