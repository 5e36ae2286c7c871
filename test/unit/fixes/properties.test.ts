/**
 * Properties of the migration over every golden fixture and the rules engineer's corpus:
 * the result parses, the migrated stages are free of the daemon findings and of Kaniko
 * warnings, nothing outside the migration changes, `fix` is idempotent, and the editor's
 * code actions produce exactly the text `fix` produces.
 */
import * as assert from 'node:assert/strict';
import { findMigratableStages, fixText, isBlocked, isPodUnit, planStageMigration, podUnitFor, unitWord, type StageMigration } from '../../../server/src/fixes';
import { buildModel, type JenkinsModel, type Pod, type Stage } from '../../../server/src/model';
import { runRules } from '../../../server/src/rules';
import { JenkinsfileLanguageService } from '../../../server/src/service';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/shared/settings';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentEdit, TextEdit as LspTextEdit } from 'vscode-languageserver-types';
import { lineStartOf, nextLineStart } from '../../../server/src/fixes/text';
import { applyWorkspaceEdit, engineFixtures, fixSettings, migrationFixtures, modelBuilder } from './helpers';

const DAEMON_RULES = new Set(['dind-privileged', 'docker-socket-mount', 'aws-cli-per-run-install', 'ecr-get-login-removed', 'docker-daemon-build']);

interface Case {
  name: string;
  text: string;
  settings: Settings;
  readFile?: (path: string) => string | undefined;
  /** Golden fixtures that migrate fully must end with no daemon finding anywhere. */
  wholeFileClean: boolean;
}

const cases: Case[] = [
  ...migrationFixtures().map((f) => ({ name: `migration/${f.name}`, text: f.before, settings: f.settings, readFile: f.readFile, wholeFileClean: !f.blocked })),
  ...engineFixtures().map((f) => ({ name: `engine/${f.name}`, text: f.text, settings: { ...DEFAULT_SETTINGS, rules: {} }, wholeFileClean: false })),
];

type Span = { start: number; end: number };
const within = (inner: Span, outer: Span) => outer.start <= inner.start && inner.end <= outer.end;

/** Where a stage's migration may write: the stage, its pod (wherever the pod's YAML lives) and references to its containers. */
function allowedSpans(model: JenkinsModel, stage: Stage): Span[] {
  const spans: Span[] = [{ start: stage.call.start, end: stage.call.end }];
  const pods = new Set<Pod>();
  for (let pod = stage.pod; pod; pod = pod.parent) pods.add(pod);
  for (const pod of [...pods]) {
    const literal = pod.yaml?.literal;
    if (literal) for (const other of model.pods) if (other.yaml?.literal === literal) pods.add(other);
  }
  for (const pod of pods) {
    spans.push({ start: pod.call.start, end: pod.call.end });
    if (pod.yaml?.literal) spans.push({ start: pod.yaml.literal.start, end: pod.yaml.literal.end });
  }
  for (const ref of model.containerRefs) if (ref.pod && pods.has(ref.pod)) spans.push(ref.span);
  // The declaration of an image variable nothing reads any more (`def dockerImage`): a whole top-level line of its own.
  for (const statement of model.parse.program.body) {
    if (statement.type !== 'VariableDeclaration' || statement.declarations.length !== 1) continue;
    const init = statement.declarations[0].init;
    if (init && init.type !== 'NullLiteral' && init.type !== 'StringLiteral') continue;
    const start = lineStartOf(model.text, statement.start);
    const end = nextLineStart(model.text, statement.end);
    // On the file's first line, with the blank line after it (or the file would start with one).
    spans.push({ start, end: start === 0 ? end + (/^[ \t]*\r?\n/.exec(model.text.slice(end))?.[0].length ?? 0) : end });
  }
  return spans;
}

function podSpans(stage: Stage): Span[] {
  const spans: Span[] = [];
  for (let pod = stage.pod; pod; pod = pod.parent) {
    spans.push({ start: pod.call.start, end: pod.call.end });
    if (pod.yaml?.literal) spans.push({ start: pod.yaml.literal.start, end: pod.yaml.literal.end });
  }
  return spans;
}

/**
 * The stage or pod unit a fix outcome entry names, in a model of the text before or after. A pod
 * unit may remove a scripted stage it empties, which shifts the stage indexes after it: a stage is
 * found by its name when that name is unique.
 */
function unitOf(model: JenkinsModel, entry: { kind: 'stage' | 'pod'; index: number; stage: string }): Stage {
  if (entry.kind === 'pod') return podUnitFor(model, model.pods[entry.index])!;
  const named = model.stages.filter((stage) => stage.name === entry.stage);
  return named.length === 1 ? named[0] : model.stages[entry.index];
}

/** The same stage in another model of the file: the one of the same name and rank among stages of that name. */
function counterpart(from: JenkinsModel, to: JenkinsModel, stage: Stage): Stage | undefined {
  const rank = from.stages.filter((s) => s.name === stage.name).indexOf(stage);
  return to.stages.filter((s) => s.name === stage.name)[rank];
}

function textOf(text: string, span: Span | undefined): string | undefined {
  return span ? text.slice(span.start, span.end) : undefined;
}

describe('migration properties', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const build = modelBuilder(c.readFile);
      const before = build(c.text);
      const outcome = fixText(c.text, fixSettings(c.settings), build);
      // The yamlFile pods as the migration left them.
      const written = new Map(outcome.files.map((f) => [f.path, f.after]));
      const after = build(outcome.text, written);

      it('applies without error and the result parses', () => {
        assert.equal(outcome.error, undefined);
        if (before.parse.errors.length === 0) assert.deepEqual(after.parse.errors, []);
        else assert.ok(after.parse.errors.length <= before.parse.errors.length);
        // Stages go only when a pod unit empties a scripted stage entirely; none is added.
        const removed = before.stages.filter((stage) => !counterpart(before, after, stage));
        const units = outcome.migrated.filter((m) => m.kind === 'pod').map((m) => unitOf(before, m));
        for (const stage of removed) {
          assert.equal(stage.parentBlock, 'scripted', `stage '${stage.name}' removed`);
          assert.ok(
            units.some((unit) => within(stage.call, unit.call)),
            `stage '${stage.name}' removed outside a migrated pod unit`,
          );
        }
        assert.equal(after.stages.length, before.stages.length - removed.length);
      });

      it('leaves no daemon finding and no Kaniko warning in the migrated stages', () => {
        const findings = runRules(after, { severities: c.settings.rules, kanikoImage: c.settings.kanikoImage });
        for (const migrated of outcome.migrated) {
          const stage = unitOf(after, migrated);
          const spans = [{ start: stage.call.start, end: stage.call.end }, ...podSpans(stage)];
          for (const finding of findings) {
            if (!spans.some((span) => within(finding, span))) continue;
            assert.ok(!DAEMON_RULES.has(finding.ruleId), `${finding.ruleId} left in stage '${stage.name}': ${outcome.text.slice(finding.start, finding.end)}`);
            assert.ok(
              !(finding.ruleId.startsWith('kaniko-') && (finding.severity === 'warning' || finding.severity === 'error')),
              `${finding.ruleId} (${finding.severity}) in stage '${stage.name}': ${finding.message}`,
            );
          }
        }
        if (c.wholeFileClean) {
          const left = findings.filter(
            (f) => DAEMON_RULES.has(f.ruleId) || (f.ruleId.startsWith('kaniko-') && (f.severity === 'warning' || f.severity === 'error')),
          );
          assert.deepEqual(
            left.map((f) => `${f.ruleId}: ${outcome.text.slice(f.start, f.end)}`),
            [],
          );
        }
      });

      it('edits only the stage, its pod and references to its containers', () => {
        for (const stage of findMigratableStages(before)) {
          const plan = planStageMigration(before, stage, c.settings);
          if (isBlocked(plan)) continue;
          const allowed = allowedSpans(before, stage);
          for (const edit of plan.edits) {
            assert.ok(
              allowed.some((span) => within(edit, span)),
              `edit outside stage '${stage.name}': ${JSON.stringify(c.text.slice(edit.start, edit.end))} → ${JSON.stringify(edit.newText)}`,
            );
          }
        }
      });

      it('keeps every other stage byte for byte', () => {
        const migrated = outcome.migrated.map((m) => unitOf(before, m));
        const touched = (stage: Stage) =>
          migrated.some(
            (m) => (stage.call.start <= m.call.start && m.call.end <= stage.call.end) || (m.call.start <= stage.call.start && stage.call.end <= m.call.end),
          );
        // Safe per-line fixes may rewrite an ECR login elsewhere: those stages are compared without it.
        if (outcome.safeFixes > 0) return;
        before.stages.forEach((stage) => {
          if (touched(stage)) return;
          assert.equal(textOf(outcome.text, counterpart(before, after, stage)?.call), textOf(c.text, stage.call), `stage '${stage.name}' changed`);
        });
      });

      it('keeps the YAML of every container and volume the migration does not own', () => {
        for (const migrated of outcome.migrated) {
          const oldStage = unitOf(before, migrated);
          const newStage = unitOf(after, migrated);
          const oldPod = oldStage.pod!;
          const newPod = newStage.pod!;
          const plan = planStageMigration(before, oldStage, c.settings) as StageMigration;
          if (oldPod.yaml?.from === 'yamlFile') {
            // The pod is in its own file: compare there, by the YAML nodes' ranges.
            const file = plan.files?.find((f) => f.path === oldPod.yaml!.file);
            assert.ok(file, `no edits of ${oldPod.yaml.file}`);
            const range = (node: unknown): Span | undefined => {
              const r = (node as { range?: [number, number, number] } | undefined)?.range;
              return r ? { start: r[0], end: r[1] } : undefined;
            };
            const untouched = (span: Span | undefined) => span !== undefined && !file.edits.some((e) => e.start < span.end && span.start < e.end);
            for (const [olds, news] of [
              [oldPod.containers, newPod.containers],
              [oldPod.volumes, newPod.volumes],
            ] as const) {
              for (const item of olds) {
                if (!untouched(range(item.node))) continue;
                const twin = (news as ReadonlyArray<{ name?: string; node: unknown }>).find((x) => x.name === item.name);
                assert.equal(textOf(written.get(file.path)!, range(twin?.node)), textOf(file.text, range(item.node)), `'${item.name}' changed in ${file.path}`);
              }
            }
            continue;
          }
          const changed = (span: Span | undefined) => !span || plan.edits.some((e) => e.start < span.end && span.start < e.end);
          for (const container of oldPod.containers) {
            if (changed(container.span)) continue;
            const twin = newPod.containers.find((x) => x.name === container.name);
            assert.equal(textOf(outcome.text, twin?.span), textOf(c.text, container.span), `container '${container.name}' changed`);
          }
          for (const volume of oldPod.volumes) {
            if (changed(volume.span)) continue;
            const twin = newPod.volumes.find((x) => x.name === volume.name && x.kind === volume.kind);
            assert.equal(textOf(outcome.text, twin?.span), textOf(c.text, volume.span), `volume '${volume.name}' changed`);
          }
        }
      });

      it('changes nothing when run again', () => {
        const again = fixText(outcome.text, fixSettings(c.settings), (text, files) => build(text, new Map([...written, ...files])));
        assert.equal(again.text, outcome.text);
        assert.deepEqual(again.migrated, []);
        assert.equal(again.safeFixes, 0);
      });

      it('gives the same text through the code actions as through fix', () => {
        const uri = `file:///work/${c.name.replace(/\W/g, '_')}/Jenkinsfile`;
        // The pod files (yamlFile) as the applied edits leave them, under URIs of their own.
        const podFiles = new Map<string, string>();
        const podUri = (path: string) => `file:///work/${c.name.replace(/\W/g, '_')}/${path}`;
        const service = new JenkinsfileLanguageService({
          readYamlFile: (_uri, path) => podFiles.get(path) ?? c.readFile?.(path),
          podFile: (_uri, path) => ({ path, uri: podUri(path), text: podFiles.get(path) ?? c.readFile?.(path) }),
        });
        let text = c.text;
        let version = 1;
        for (const candidate of findMigratableStages(before)) {
          const analysis = service.analyze({ uri, text, version });
          const stage = isPodUnit(candidate)
            ? podUnitFor(analysis.model, analysis.model.pods[before.pods.indexOf(candidate.pod!)])!
            : counterpart(before, analysis.model, candidate)!;
          const position = analysis.document.positionAt(stage.call.start);
          const actions = service.codeActions(
            { uri, text, version },
            { start: position, end: position },
            { diagnostics: [], only: ['refactor.rewrite'] },
            c.settings,
          );
          const action = actions.find((a) => a.title === `Migrate ${unitWord(stage)} '${stage.name}' to Kaniko`);
          if (!action) continue;
          const changes = (action.edit!.documentChanges ?? []) as TextDocumentEdit[];
          text = applyWorkspaceEdit(text, uri, version, { ...action.edit!, documentChanges: changes.filter((change) => change.textDocument.uri === uri) });
          for (const change of changes.filter((other) => other.textDocument.uri !== uri)) {
            const path = change.textDocument.uri.slice(podUri('').length);
            const before = podFiles.get(path) ?? c.readFile!(path)!;
            podFiles.set(
              path,
              TextDocument.applyEdits(
                TextDocument.create(change.textDocument.uri, 'yaml', 0, before),
                change.edits.filter((e): e is LspTextEdit => 'newText' in e),
              ),
            );
          }
          version++;
        }
        const actions = service.codeActions(
          { uri, text, version },
          { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          { diagnostics: [], only: ['source.fixAll'] },
          c.settings,
        );
        for (const action of actions) text = applyWorkspaceEdit(text, uri, version, action.edit!);
        assert.equal(text, outcome.text);
        assert.deepEqual(new Map([...podFiles].sort()), new Map([...written].sort()));
      });
    });
  }
});

describe('migration properties: models', () => {
  it('builds every case without throwing', () => {
    for (const c of cases) assert.doesNotThrow(() => buildModel(c.text, { readFile: c.readFile }), c.name);
  });
});
