/**
 * The whole-file fix behind `jenkinsfile-kaniko fix`: every stage the migration can take,
 * one at a time (each planned on a fresh model of the text so far, exactly as the editor's
 * code action would plan it), then the safe per-line fixes. Running it again changes nothing.
 */
import { lineNumberOf } from '../lines';
import type { JenkinsModel, Stage } from '../model';
import { offersCodeAction, runRules, type RuleDiagnostic, type SeveritySetting } from '../rules';
import { applyEdits } from './apply';
import { findMigratableStages, isBlocked, isPodUnit, planStageMigration, unitWord, type MigrationSettings, type ReasonCode } from './migration';
import { safeFixEdits } from './quickfixes';

export interface FixSettings extends MigrationSettings {
  /** Rule severities: a rule turned off gets no fixes. */
  rules: Readonly<Record<string, SeveritySetting>>;
}

export interface FixOutcome {
  text: string;
  /**
   * `kind`: a stage (`index` in `JenkinsModel.stages`) or a pod migrated as one unit (`index` in
   * `JenkinsModel.pods`), in the model the unit was planned on: migration adds or removes no pod,
   * but a pod unit removes a scripted stage it empties, which shifts the stage indexes after it.
   */
  migrated: Array<{ stage: string; kind: 'stage' | 'pod'; index: number; line: number; summary: string; notes: string[]; nextSteps: string[] }>;
  /** `lines`: the line ranges of the unit and of its pod's declaration, so that their findings are not reported twice. */
  skipped: Array<{ stage: string; kind: 'stage' | 'pod'; index: number; line: number; lines: Array<[number, number]>; code: ReasonCode; reason: string }>;
  /**
   * Findings of a Docker daemon build that remain in the result (rules that offer the migration),
   * by line: a build no unit reaches (a Docker agent, a step outside any pod) or one a skipped unit holds.
   */
  remaining: Array<{ ruleId: string; line: number; message: string }>;
  /** Other files the migrations edited (`yamlFile` pods), by the path the Jenkinsfile gives: their text before and after. */
  files: Array<{ path: string; before: string; after: string }>;
  /** Number of safe per-line fixes applied. */
  safeFixes: number;
  /** Set when edits could not be applied (a bug): the text is then what was reached before. */
  error?: string;
}

/** A candidate's identity across re-parses: what it is, its name, and which of that name it is. */
function unitKeys(candidates: Stage[]): string[] {
  const seen = new Map<string, number>();
  return candidates.map((stage) => {
    const base = `${unitWord(stage)}:${stage.name}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}#${n}`;
  });
}

/**
 * `build` makes the model of a Jenkinsfile text; `files` holds the other files (`yamlFile` pods)
 * as edited so far, which it must read instead of the disk, so that each plan sees the pod as the
 * earlier migrations left it (one map, read during the call: later migrations update it in place).
 * `findingsOf` may return the findings of a model already analysed (the language service's
 * cache), else the rules run here.
 */
export function fixText(
  text: string,
  settings: FixSettings,
  build: (text: string, files: ReadonlyMap<string, string>) => JenkinsModel,
  findingsOf: (model: JenkinsModel) => readonly RuleDiagnostic[] | undefined = () => undefined,
): FixOutcome {
  const outcome: FixOutcome = { text, migrated: [], skipped: [], remaining: [], files: [], safeFixes: 0 };
  // Each edited file's text before the first migration that edited it, and after the last one.
  const befores = new Map<string, string>();
  const afters = new Map<string, string>();
  // `outcome.files` is made from them once, on the way out, whichever way that is.
  const done = (): FixOutcome => {
    outcome.files = [...afters].map(([path, after]) => ({ path, before: befores.get(path)!, after }));
    return outcome;
  };
  let model = build(text, afters);
  const attempted = new Set<string>();
  // Each migration is planned on a fresh model of the text so far; candidates are found again by key.
  for (;;) {
    const candidates = findMigratableStages(model);
    const keys = unitKeys(candidates);
    const next = keys.findIndex((key) => !attempted.has(key));
    if (next < 0) break;
    attempted.add(keys[next]);
    const stage = candidates[next];
    const index = isPodUnit(stage) ? model.pods.indexOf(stage.pod!) : model.stages.indexOf(stage);
    const kind = unitWord(stage);
    const plan = planStageMigration(model, stage, settings);
    const line = lineNumberOf(model.text, stage.call.start);
    if (isBlocked(plan)) {
      const lines: Array<[number, number]> = [[line, lineNumberOf(model.text, stage.call.end)]];
      if (stage.pod) lines.push([lineNumberOf(model.text, stage.pod.call.start), lineNumberOf(model.text, stage.pod.call.end)]);
      outcome.skipped.push({ stage: stage.name, kind, index, line, lines, code: plan.code, reason: plan.blocked });
      continue;
    }
    const applied = applyEdits(model.text, plan.edits);
    if (!applied.ok) {
      outcome.error = `${kind} '${stage.name}': ${applied.error}`;
      return done();
    }
    const appliedFiles: Array<[string, string, string]> = [];
    for (const file of plan.files ?? []) {
      const result = applyEdits(file.text, file.edits);
      if (!result.ok) {
        outcome.error = `${kind} '${stage.name}', ${file.path}: ${result.error}`;
        return done();
      }
      appliedFiles.push([file.path, file.text, result.text]);
    }
    // All of a unit's files or none: a unit whose second file fails leaves the first as it was.
    for (const [path, before, after] of appliedFiles) {
      if (!befores.has(path)) befores.set(path, before);
      afters.set(path, after);
    }
    outcome.migrated.push({ stage: stage.name, kind, index, line, summary: plan.summary, notes: plan.notes, nextSteps: plan.nextSteps });
    outcome.text = applied.text;
    model = build(outcome.text, afters);
  }
  const findings = findingsOf(model) ?? runRules(model, { severities: settings.rules, kanikoImage: settings.kanikoImage });
  const edits = safeFixEdits(model, findings);
  if (edits.length > 0) {
    const applied = applyEdits(model.text, edits);
    if (!applied.ok) {
      outcome.error = `safe fixes: ${applied.error}`;
      return done();
    }
    outcome.text = applied.text;
    outcome.safeFixes = edits.length;
  }
  // What still builds through a Docker daemon: `fix` exits 1 for it, and never says "nothing to change".
  // Read from the findings of the text before the safe fixes (not analysed again): a finding a safe fix
  // edits is taken as fixed, and the others are moved past the edits before them.
  const shift = (offset: number) => edits.reduce((at, e) => (e.end <= offset ? at + e.newText.length - (e.end - e.start) : at), offset);
  outcome.remaining = findings
    .filter((finding) => offersCodeAction(finding.ruleId, 'migrate-to-kaniko'))
    .filter((finding) => !edits.some((e) => e.start < Math.max(finding.end, finding.start + 1) && finding.start < Math.max(e.end, e.start + 1)))
    .map((finding) => ({ ruleId: finding.ruleId, line: lineNumberOf(outcome.text, shift(finding.start)), message: finding.message }));
  return done();
}
