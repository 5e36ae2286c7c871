/**
 * Code actions and code lenses: the migration to Kaniko (quick fix on the daemon findings,
 * refactoring anywhere in such a stage, code lens above it) and the per-line quick fixes,
 * as LSP objects built from the pure edits in ../fixes.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  AnnotatedTextEdit,
  CodeAction,
  CodeActionContext,
  CodeLens,
  Diagnostic,
  Range,
  TextDocumentEdit,
  TextEdit as LspTextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import {
  findMigratableStages,
  fixText,
  isBlocked,
  isPodUnit,
  unitWord,
  planStageMigration,
  quickFixesFor,
  safeFixEdits,
  type BlockedMigration,
  type FixOutcome,
  type MigrationPlan,
  type ReasonCode,
  type StageMigration,
  type TextEdit,
} from '../fixes';
import { buildModel, type JenkinsModel, type Stage } from '../model';
import { offersCodeAction, type RuleDiagnostic } from '../rules';
import type { Analysis, AnalysisHost } from './analysis';
import { toLspDiagnostic, type DiagnosticData } from './diagnostics';
import type { Settings } from '../shared/settings';

import { COMMANDS, FIX_ALL_KIND, MIGRATION_ANNOTATION } from '../shared/protocol';

/** Command of the code lens; arguments `[uri: string, stageName: string]`. */
export const MIGRATE_COMMAND = COMMANDS.migrateToKaniko;
export { FIX_ALL_KIND, MIGRATION_ANNOTATION };

/** The migration plan of every candidate stage or pod, in document order (the analysis cache calls it once per model and settings). */
export function planMigrations(model: JenkinsModel, settings: Settings): Map<Stage, MigrationPlan> {
  return new Map(findMigratableStages(model).map((stage) => [stage, planStageMigration(model, stage, settings)]));
}

/** Whether a finding offers "Migrate stage to Kaniko" as its quick fix (its rule's `meta.codeActions` say so). */
export function offersMigration(finding: RuleDiagnostic): boolean {
  return offersCodeAction(finding.ruleId, 'migrate-to-kaniko');
}

// -- edits ------------------------------------------------------------------------------------------

function lspEdits(document: TextDocument, edits: readonly TextEdit[], annotationId?: string): Array<LspTextEdit | AnnotatedTextEdit> {
  return edits.map((edit) => {
    const range = { start: document.positionAt(edit.start), end: document.positionAt(edit.end) };
    return annotationId ? { range, newText: edit.newText, annotationId } : { range, newText: edit.newText };
  });
}

/**
 * A versioned edit of one document; with a label, a change annotation that names and describes
 * the edits in VS Code's refactor preview. It does not ask for confirmation: an edit that needs
 * confirmation opens the preview with every edit unticked, so "Apply" there would change nothing;
 * the preview stays one keystroke away (Ctrl+Enter in the code action list).
 */
export function workspaceEdit(document: TextDocument, edits: readonly TextEdit[], confirm?: { label: string; description: string }): WorkspaceEdit {
  const change: TextDocumentEdit = {
    textDocument: { uri: document.uri, version: document.version },
    edits: lspEdits(document, edits, confirm ? MIGRATION_ANNOTATION : undefined),
  };
  const edit: WorkspaceEdit = { documentChanges: [change] };
  if (confirm) edit.changeAnnotations = { [MIGRATION_ANNOTATION]: { label: confirm.label, needsConfirmation: false, description: confirm.description } };
  return edit;
}

export function migrationTitle(stage: Stage): string {
  return `Migrate ${unitWord(stage)} '${stage.name}' to Kaniko`;
}

/** The refactor preview's words for a migration: what became what, the notes, then what the user must do next. */
export function migrationDescription(plan: Pick<StageMigration, 'summary' | 'notes' | 'nextSteps'>): string {
  const lines = [plan.summary, ...plan.notes];
  if (plan.nextSteps.length > 0) lines.push('Next steps:', ...plan.nextSteps.map((step) => `- ${step}`));
  return lines.join('\n');
}

/**
 * The whole migration as one WorkspaceEdit: the Jenkinsfile, and the pod's `yamlFile` when the pod
 * lives there (found where it was read, with the same confinement), each under its own change
 * annotation so that the preview names the file and the part. Undefined with the reason when the
 * pod file cannot be edited from here.
 */
export function migrationWorkspaceEdit(analysis: Analysis, plan: StageMigration, label: string, host: AnalysisHost = {}): WorkspaceEdit | { blocked: string } {
  const description = migrationDescription(plan);
  const files = plan.files ?? [];
  const jenkinsfileLabel = files.length > 0 ? `${label}: the Jenkinsfile (steps and container names)` : label;
  const edit = workspaceEdit(analysis.document, plan.edits, { label: jenkinsfileLabel, description });
  const plannedTexts = new Map<string, string>();
  if (files.length > 0) editBases.set(edit, plannedTexts);
  for (const file of files) {
    const found = host.podFile?.(analysis.document.uri, file.path) ?? { refused: 'this editor gives the server no file system to write it' };
    if ('refused' in found) return { blocked: `the pod is in ${file.path}, which cannot be edited from here: ${found.refused}` };
    const id = `${MIGRATION_ANNOTATION}:${file.path}`;
    // Offsets planned from other text would land on the wrong bytes. Open in the editor: planned from
    // its buffer (readYamlFile reads it), so the edit is for that version and the editor refuses it if
    // the buffer changed since; one that differs already (changed while this was computed) is refused
    // here. Not open: any version (null), so the editor applies the offsets to whatever the disk holds
    // then, and the analysis may be older than the disk (a checkout, a save from elsewhere not yet
    // reported).
    if (found.text !== file.text) {
      return {
        blocked: found.open
          ? `${file.path} is open in the editor with text other than the migration was planned from (it changed meanwhile); ask for the migration again`
          : `${file.path} changed on disk since planned (the migration was planned from other text); ask for the migration again`,
      };
    }
    const uri = found.open?.uri ?? found.uri;
    edit.documentChanges!.push({
      textDocument: { uri, version: found.open?.version ?? null },
      edits: lspEdits(TextDocument.create(uri, 'yaml', 0, file.text), file.edits, id),
    });
    plannedTexts.set(uri, file.text);
    edit.changeAnnotations![id] = {
      label: `${label}: the pod in ${file.path} (yamlFile)`,
      needsConfirmation: false,
      description: `The pod's containers and volumes in ${file.path}, read from the repository root as Jenkins reads it. This file may be shared: other Jenkinsfiles (or branches) that name it as their yamlFile get the migrated pod too; migrate them as well, or give this pipeline its own copy.`,
    };
  }
  return edit;
}

/** The text of each other file (`yamlFile` pod) a migration edit was planned on, by the URI the edit names. */
const editBases = new WeakMap<WorkspaceEdit, ReadonlyMap<string, string>>();

/**
 * The text the offsets of `edit` for the file at `uri` were computed on, when the edit is a
 * migration's and `uri` one of its pod files: what the host read and found still on disk (or in the
 * open buffer) when the edit was made, so a caller converting its columns needs no read of its own.
 */
export function plannedText(edit: WorkspaceEdit, uri: string): string | undefined {
  return editBases.get(edit)?.get(uri);
}

function migrationAction(
  analysis: Analysis,
  stage: Stage,
  plan: MigrationPlan,
  kind: string,
  host: AnalysisHost,
  diagnostics?: Diagnostic[],
): CodeAction | undefined {
  if (isBlocked(plan)) return undefined;
  const title = migrationTitle(stage);
  const edit = migrationWorkspaceEdit(analysis, plan, title, host);
  // A pod file the server cannot reach: the action is shown, greyed out, with the reason.
  if ('blocked' in edit) return { title, kind, disabled: { reason: edit.blocked } };
  const action: CodeAction = { title, kind, edit };
  if (diagnostics && diagnostics.length > 0) {
    action.diagnostics = diagnostics;
    action.isPreferred = true;
  }
  return action;
}

// -- requests -----------------------------------------------------------------------------------------

function wants(context: CodeActionContext, kind: string): boolean {
  if (!context.only || context.only.length === 0) return !kind.startsWith('source');
  return context.only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
}

/**
 * The fresh finding a diagnostic the client sends back stands for. Never by exact range alone:
 * clients echo diagnostics in their own column units (Neovim 0.7 sends byte columns). In turn:
 * the rule and span in the diagnostic's `data` (offsets, the same in every encoding); the rule
 * and the range read as UTF-16; then the rule's finding on the same lines nearest to it.
 */
function findingFor(analysis: Analysis, findings: readonly RuleDiagnostic[], diagnostic: Diagnostic): RuleDiagnostic | undefined {
  const ruleId = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
  if (!ruleId) return undefined;
  const index = findingIndex(findings);
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (data && data.ruleId === ruleId && typeof data.start === 'number' && typeof data.end === 'number') {
    const byData = index.get(`${ruleId}:${data.start}:${data.end}`);
    if (byData) return byData;
  }
  const document = analysis.document;
  const start = document.offsetAt(diagnostic.range.start);
  const end = document.offsetAt(diagnostic.range.end);
  const exact = index.get(`${ruleId}:${start}:${end}`);
  if (exact) return exact;
  let nearest: RuleDiagnostic | undefined;
  let distance = Infinity;
  for (const finding of findings) {
    if (finding.ruleId !== ruleId) continue;
    const from = document.positionAt(finding.start);
    const to = document.positionAt(finding.end);
    if (from.line !== diagnostic.range.start.line || to.line !== diagnostic.range.end.line) continue;
    const gap = Math.abs(from.character - diagnostic.range.start.character);
    if (gap < distance) [nearest, distance] = [finding, gap];
  }
  return nearest;
}

/** Findings whose span touches the requested range, for clients that send no diagnostics with the request. */
function findingsInRange(analysis: Analysis, findings: readonly RuleDiagnostic[], range: Range): RuleDiagnostic[] {
  const start = analysis.document.offsetAt(range.start);
  const end = analysis.document.offsetAt(range.end);
  return findings.filter((finding) => finding.start <= end && start <= finding.end);
}

/** Findings by rule and span, built once per findings list: a request may carry thousands of diagnostics. */
const findingIndexes = new WeakMap<readonly RuleDiagnostic[], Map<string, RuleDiagnostic>>();

function findingIndex(findings: readonly RuleDiagnostic[]): Map<string, RuleDiagnostic> {
  let index = findingIndexes.get(findings);
  if (!index) {
    index = new Map();
    for (const finding of findings) {
      const key = `${finding.ruleId}:${finding.start}:${finding.end}`;
      if (!index.has(key)) index.set(key, finding);
    }
    findingIndexes.set(findings, index);
  }
  return index;
}

/** The candidate stages a finding belongs to: by its pod, else the innermost stage around it. */
function stagesForFinding(candidates: Stage[], finding: RuleDiagnostic): Stage[] {
  const data: object | undefined = finding.data;
  const podId = data && 'podId' in data && typeof data.podId === 'number' ? data.podId : undefined;
  if (podId !== undefined) {
    const byPod = candidates.filter((stage) => {
      // A unit of several pods read from one source answers for each of them.
      const pods = isPodUnit(stage) && stage.pods ? stage.pods : [stage.pod];
      for (const first of pods) for (let pod = first; pod; pod = pod.parent) if (pod.id === podId) return true;
      return false;
    });
    if (byPod.length > 0) return byPod;
  }
  const around = candidates.filter((stage) => stage.call.start <= finding.start && finding.start < stage.call.end);
  return around.length > 0 ? [around[around.length - 1]] : [];
}

export function getCodeActions(analysis: Analysis, range: Range, context: CodeActionContext, settings: Settings, host: AnalysisHost = {}): CodeAction[] {
  const model = analysis.model;
  const actions: CodeAction[] = [];
  const planned = analysis.migrationPlans(settings);
  const candidates = [...planned.keys()];
  const findings = analysis.findings(settings);
  const offered = new Set<Stage>();

  if (wants(context, 'quickfix')) {
    // The migration, once per stage, carrying every diagnostic it answers.
    const byStage = new Map<Stage, Diagnostic[]>();
    const lineFixes: CodeAction[] = [];
    const echoed = context.diagnostics ?? [];
    const pairs: Array<[RuleDiagnostic, Diagnostic]> =
      echoed.length > 0
        ? echoed.flatMap((diagnostic): Array<[RuleDiagnostic, Diagnostic]> => {
            const finding = findingFor(analysis, findings, diagnostic);
            return finding ? [[finding, diagnostic]] : [];
          })
        : findingsInRange(analysis, findings, range).map((finding) => [finding, toLspDiagnostic(analysis.document, finding)]);
    for (const [finding, diagnostic] of pairs) {
      if (offersMigration(finding)) {
        for (const stage of stagesForFinding(candidates, finding)) byStage.set(stage, [...(byStage.get(stage) ?? []), diagnostic]);
      }
      for (const fix of quickFixesFor(model, finding)) {
        lineFixes.push({ title: fix.title, kind: 'quickfix', diagnostics: [diagnostic], edit: workspaceEdit(analysis.document, fix.edits) });
      }
    }
    for (const [stage, diagnostics] of byStage) {
      const action = migrationAction(analysis, stage, planned.get(stage)!, 'quickfix', host, diagnostics);
      if (action) {
        actions.push(action);
        offered.add(stage);
      }
    }
    actions.push(...lineFixes);
  }

  if (wants(context, 'refactor.rewrite')) {
    const start = analysis.document.offsetAt(range.start);
    for (const stage of candidates) {
      if (offered.has(stage) || !(stage.call.start <= start && start <= stage.call.end)) continue;
      // Only the innermost candidate around the cursor.
      if (
        candidates.some(
          (other) =>
            other !== stage && other.call.start > stage.call.start && other.call.end <= stage.call.end && other.call.start <= start && start <= other.call.end,
        )
      )
        continue;
      const action = migrationAction(analysis, stage, planned.get(stage)!, 'refactor.rewrite', host);
      if (action) actions.push(action);
    }
  }

  if (context.only && wants(context, FIX_ALL_KIND)) {
    const edits = safeFixEdits(model, findings);
    if (edits.length > 0)
      actions.push({ title: 'Fix all safe Jenkinsfile Kaniko problems', kind: FIX_ALL_KIND, edit: workspaceEdit(analysis.document, edits) });
  }
  return actions;
}

export function getCodeLenses(analysis: Analysis, settings: Settings): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const [stage, plan] of analysis.migrationPlans(settings)) {
    if (isBlocked(plan)) continue;
    const position = analysis.document.positionAt(stage.call.start);
    lenses.push({
      range: { start: position, end: position },
      command: { title: migrationTitle(stage), command: MIGRATE_COMMAND, arguments: [analysis.document.uri, stage.name] },
    });
  }
  return lenses;
}

/**
 * What `jenkinsfileKaniko.migrateToKaniko [uri, stageName]` applies (through `workspace/applyEdit`):
 * the first candidate stage of that name that can be migrated; without a name, the first one.
 */
export function getMigrationEdit(
  analysis: Analysis,
  stageName: string | undefined,
  settings: Settings,
  host: AnalysisHost = {},
): { label: string; edit: WorkspaceEdit; summary: string; notes: string[]; nextSteps: string[] } | { blocked: string } {
  const plansByStage = [...analysis.migrationPlans(settings)].filter(([stage]) => stageName === undefined || stage.name === stageName);
  if (plansByStage.length === 0)
    return { blocked: stageName === undefined ? 'no stage builds with a Docker daemon' : `no stage '${stageName}' builds with a Docker daemon` };
  const ready = plansByStage.find(([, plan]) => !isBlocked(plan));
  if (!ready) {
    const [stage, plan] = plansByStage[0];
    const refusal = plan as BlockedMigration;
    return { blocked: `${unitWord(stage)} '${stage.name}' cannot be migrated [${refusal.code}]: ${refusal.blocked}` };
  }
  const [stage, plan] = ready as [Stage, Exclude<MigrationPlan, { blocked: string }>];
  const label = migrationTitle(stage);
  const edit = migrationWorkspaceEdit(analysis, plan, label, host);
  if ('blocked' in edit) return { blocked: `${unitWord(stage)} '${stage.name}' cannot be migrated: ${edit.blocked}` };
  return { label, edit, summary: plan.summary, notes: plan.notes, nextSteps: plan.nextSteps };
}

/** For hover: the migration state of the candidate stage around an offset (why it is blocked, or what it would do). */
export function migrationStatusAt(
  analysis: Analysis,
  offset: number,
  settings: Settings,
): { stage: string; kind: 'stage' | 'pod'; code?: ReasonCode; blocked?: string; summary?: string } | undefined {
  let found: [Stage, MigrationPlan] | undefined;
  for (const entry of analysis.migrationPlans(settings)) {
    const [stage] = entry;
    if (stage.call.start <= offset && offset < stage.call.end) found = entry;
  }
  // A pod's YAML may sit outside the stage (a variable): match the pod's literal too.
  if (!found) {
    for (const entry of analysis.migrationPlans(settings)) {
      const literal = entry[0].pod?.yaml?.literal;
      if (literal && literal.start <= offset && offset < literal.end) found = entry;
    }
  }
  if (!found) return undefined;
  const [stage, plan] = found;
  const kind = unitWord(stage);
  return isBlocked(plan) ? { stage: stage.name, kind, code: plan.code, blocked: plan.blocked } : { stage: stage.name, kind, summary: plan.summary };
}

/**
 * `jenkinsfile-kaniko fix` on one document: the same plans and safe fixes as the editor, applied in
 * turn. The document's own text is the analysis's (its model and findings are not computed again);
 * each text after a migration gets a fresh model, reading the `yamlFile` pods as edited so far.
 */
export function fixDocument(analysis: Analysis, settings: Settings, host: AnalysisHost = {}, options: { editYamlFiles?: boolean } = {}): FixOutcome {
  const { model, document } = analysis;
  const readFile = host.readYamlFile ? (path: string) => host.readYamlFile!(document.uri, path) : undefined;
  return fixText(
    model.text,
    { ...settings, editYamlFiles: options.editYamlFiles },
    (text, files) => (text === model.text && files.size === 0 ? model : buildModel(text, { readFile: (path) => files.get(path) ?? readFile?.(path) })),
    (built) => (built === model ? analysis.findings(settings) : undefined),
  );
}
