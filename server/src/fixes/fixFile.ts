/**
 * The whole-file fix behind `jenkinsfile-kaniko fix`: every stage the migration can take,
 * one at a time (each planned on a fresh model of the text so far, exactly as the editor's
 * code action would plan it), then the safe per-line fixes. Running it again changes nothing.
 */
import type { JenkinsModel } from '../model';
import { runRules, type SeveritySetting } from '../rules';
import { applyEdits } from './apply';
import { findMigratableStages, isBlocked, planStageMigration, type MigrationSettings } from './migration';
import { safeFixEdits } from './quickfixes';

export interface FixSettings extends MigrationSettings {
  /** Rule severities: a rule turned off gets no fixes. */
  rules: Readonly<Record<string, SeveritySetting>>;
}

export interface FixOutcome {
  text: string;
  /** `index` is the stage's position in `JenkinsModel.stages` (the migration never adds or removes stages). */
  migrated: Array<{ stage: string; index: number; line: number; summary: string; notes: string[] }>;
  skipped: Array<{ stage: string; index: number; line: number; reason: string }>;
  /** Number of safe per-line fixes applied. */
  safeFixes: number;
  /** Set when edits could not be applied (a bug): the text is then what was reached before. */
  error?: string;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The safe per-line fix edits of a model, as `source.fixAll` applies them. */
export function fixAllEdits(model: JenkinsModel, settings: FixSettings) {
  const findings = runRules(model, { severities: settings.rules, kanikoImage: settings.kanikoImage });
  return safeFixEdits(model, findings);
}

export function fixText(text: string, settings: FixSettings, build: (text: string) => JenkinsModel): FixOutcome {
  const outcome: FixOutcome = { text, migrated: [], skipped: [], safeFixes: 0 };
  let model = build(text);
  const candidates = findMigratableStages(model).map((stage) => model.stages.indexOf(stage));
  for (const index of candidates) {
    const stage = model.stages[index];
    if (!stage || !findMigratableStages(model).includes(stage)) continue;
    const plan = planStageMigration(model, stage, settings);
    const line = lineOf(model.text, stage.call.start);
    if (isBlocked(plan)) {
      outcome.skipped.push({ stage: stage.name, index, line, reason: plan.blocked });
      continue;
    }
    const applied = applyEdits(model.text, plan.edits);
    if (!applied.ok) {
      outcome.error = `stage '${stage.name}': ${applied.error}`;
      return outcome;
    }
    outcome.migrated.push({ stage: stage.name, index, line, summary: plan.summary, notes: plan.notes });
    outcome.text = applied.text;
    model = build(outcome.text);
    if (model.stages.length <= index) break;
  }
  const edits = fixAllEdits(model, settings);
  if (edits.length > 0) {
    const applied = applyEdits(model.text, edits);
    if (!applied.ok) {
      outcome.error = `safe fixes: ${applied.error}`;
      return outcome;
    }
    outcome.text = applied.text;
    outcome.safeFixes = edits.length;
  }
  return outcome;
}
