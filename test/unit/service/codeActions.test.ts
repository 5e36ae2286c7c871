import * as assert from 'node:assert/strict';
import type { CodeActionContext, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-types';
import { fixText } from '../../../server/src/fixes';
import { JenkinsfileLanguageService } from '../../../server/src/service';
import { FIX_ALL_KIND, MIGRATE_COMMAND, MIGRATION_ANNOTATION, migrationStatusAt } from '../../../server/src/service/codeActions';
import { DEFAULT_SETTINGS } from '../../../server/src/shared/settings';
import { applyWorkspaceEdit, fixSettings, migrationFixtures, modelBuilder } from '../fixes/helpers';

const seed = migrationFixtures().find((f) => f.name === 'seed')!;
const blocked = migrationFixtures().find((f) => f.name === 'blocked-docker-run')!;
const uri = 'file:///repo/Jenkinsfile';

function positionOf(text: string, needle: string) {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

function setup(text: string, version = 3) {
  const service = new JenkinsfileLanguageService();
  const document = { uri, text, version };
  const diagnostics = service.diagnostics(document, seed.settings);
  const actions = (context: Partial<CodeActionContext>, at = { line: 0, character: 0 }) =>
    service.codeActions(document, { start: at, end: at }, { diagnostics: [], ...context }, seed.settings);
  return { service, document, diagnostics, actions };
}

describe('code actions', () => {
  it('offers the migration as the preferred quick fix on dind-privileged, with a versioned edit that applies in one step (annotated, no confirmation)', () => {
    const { diagnostics, actions } = setup(seed.before);
    const dind = diagnostics.find((d) => d.code === 'dind-privileged')!;
    const migrate = actions({ diagnostics: [dind] }, dind.range.start).find((a) => a.title === "Migrate stage 'Build' to Kaniko");
    assert.ok(migrate);
    assert.equal(migrate.kind, 'quickfix');
    assert.equal(migrate.isPreferred, true);
    assert.deepEqual(migrate.diagnostics, [dind]);
    const change = migrate.edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri, version: 3 });
    assert.ok(change.edits.every((e) => 'annotationId' in e && e.annotationId === MIGRATION_ANNOTATION));
    const annotation = migrate.edit!.changeAnnotations![MIGRATION_ANNOTATION];
    // needsConfirmation would open the refactor preview with every edit unticked (issue #17, trap 1).
    assert.equal(annotation.needsConfirmation, false);
    assert.equal(annotation.label, "Migrate stage 'Build' to Kaniko");
    assert.match(annotation.description!, /builds with Kaniko/);
    assert.equal(applyWorkspaceEdit(seed.before, uri, 3, migrate.edit!), seed.after);
  });

  for (const rule of ['docker-daemon-build', 'aws-cli-per-run-install']) {
    it(`offers the same migration on ${rule}`, () => {
      const { diagnostics, actions } = setup(seed.before);
      const found = diagnostics.filter((d) => d.code === rule);
      assert.ok(found.length > 0);
      const migrate = actions({ diagnostics: found }, found[0].range.start).find((a) => a.title === "Migrate stage 'Build' to Kaniko");
      assert.ok(migrate);
      assert.equal(applyWorkspaceEdit(seed.before, uri, 3, migrate.edit!), seed.after);
    });
  }

  it('offers the migration once for several diagnostics of the stage', () => {
    const { diagnostics, actions } = setup(seed.before);
    const migrations = actions({ diagnostics }).filter((a) => a.title.startsWith('Migrate stage'));
    assert.equal(migrations.length, 1);
    assert.ok(migrations[0].diagnostics!.length > 1);
  });

  it('offers it as refactor.rewrite anywhere in the stage, and not outside', () => {
    const { actions } = setup(seed.before);
    const inside = actions({ only: ['refactor'] }, positionOf(seed.before, 'customImage.push()'));
    assert.deepEqual(
      inside.map((a) => [a.title, a.kind]),
      [["Migrate stage 'Build' to Kaniko", 'refactor.rewrite']],
    );
    assert.deepEqual(actions({ only: ['refactor'] }, { line: 0, character: 0 }), []);
  });

  it('offers per-line fixes next to the migration', () => {
    const { diagnostics, actions } = setup(seed.before);
    const getLogin = diagnostics.find((d) => d.code === 'ecr-get-login-removed')!;
    const titles = actions({ diagnostics: [getLogin], only: ['quickfix'] }, getLogin.range.start).map((a) => a.title);
    assert.deepEqual(titles, [
      "Use 'aws ecr get-login-password | docker login' for AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com",
      'Disable ecr-get-login-removed for this line',
      'Disable ecr-get-login-removed for this file',
    ]);
  });

  it('offers no migration for a blocked stage, but still the per-line fixes, and says why', () => {
    const { service, document, diagnostics, actions } = setup(blocked.before);
    const all = actions({ diagnostics });
    assert.ok(!all.some((a) => a.title.startsWith('Migrate stage')));
    assert.ok(all.some((a) => a.title.startsWith('Disable')));
    assert.deepEqual(actions({ only: ['refactor'] }, positionOf(blocked.before, 'docker run')), []);
    const status = migrationStatusAt(service.analyze(document), blocked.before.indexOf('docker run'), DEFAULT_SETTINGS);
    assert.match(status!.blocked!, /docker run/);
  });

  it('applies the safe fixes as source.fixAll.jenkinsfile-kaniko, only when asked for', () => {
    const text =
      "node {\n  stage('Login') {\n    sh '$(aws ecr get-login --no-include-email --region eu-west-1)'\n    sh 'docker pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'\n  }\n}\n";
    const { actions } = setup(text);
    assert.ok(!actions({}).some((a) => a.kind === FIX_ALL_KIND));
    for (const only of [['source.fixAll'], [FIX_ALL_KIND], ['source']]) {
      const fixAll = actions({ only });
      assert.deepEqual(
        fixAll.map((a) => a.kind),
        [FIX_ALL_KIND],
      );
      assert.equal(applyWorkspaceEdit(text, uri, 3, fixAll[0].edit!), fixText(text, fixSettings(), modelBuilder()).text);
    }
  });

  it('uses the current document version even when the text did not change', () => {
    const service = new JenkinsfileLanguageService();
    service.analyze({ uri, text: seed.before, version: 1 });
    const actions = service.codeActions(
      { uri, text: seed.before, version: 7 },
      { start: positionOf(seed.before, 'docker.build'), end: positionOf(seed.before, 'docker.build') },
      { diagnostics: [], only: ['refactor'] },
      seed.settings,
    );
    assert.equal((actions[0].edit!.documentChanges![0] as TextDocumentEdit).textDocument.version, 7);
  });
});

describe('code lens and the migrate command', () => {
  it('puts a lens above each stage that can be migrated, running jenkinsfileKaniko.migrateToKaniko [uri, stage]', () => {
    const service = new JenkinsfileLanguageService();
    const lenses = service.codeLenses({ uri, text: seed.before, version: 1 }, seed.settings);
    assert.deepEqual(lenses, [
      {
        range: { start: positionOf(seed.before, "stage('Build')"), end: positionOf(seed.before, "stage('Build')") },
        command: { title: "Migrate stage 'Build' to Kaniko", command: MIGRATE_COMMAND, arguments: [uri, 'Build'] },
      },
    ]);
    assert.deepEqual(service.codeLenses({ uri, text: seed.before, version: 1 }, { ...seed.settings, codeLens: false }), []);
    assert.deepEqual(service.codeLenses({ uri, text: blocked.before, version: 1 }), []);
  });

  it('gives the command the same edit as the code action', () => {
    const service = new JenkinsfileLanguageService();
    const result = service.migrationEdit({ uri, text: seed.before, version: 4 }, 'Build', seed.settings);
    assert.ok('edit' in result);
    assert.equal(result.label, "Migrate stage 'Build' to Kaniko");
    assert.equal(applyWorkspaceEdit(seed.before, uri, 4, result.edit), seed.after);
    const missing = service.migrationEdit({ uri, text: seed.before, version: 4 }, 'Deploy', seed.settings);
    assert.deepEqual(missing, { blocked: "no stage 'Deploy' builds with a Docker daemon" });
    const refused = service.migrationEdit({ uri, text: blocked.before, version: 1 }, 'Build');
    assert.ok('blocked' in refused && /docker run/.test(refused.blocked));
  });
});

describe('diagnostics stay consistent with the actions', () => {
  it('ignores stale diagnostics whose range no longer matches a finding', () => {
    const { actions } = setup(seed.before);
    const stale: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, message: 'old', code: 'dind-privileged' };
    assert.deepEqual(actions({ diagnostics: [stale], only: ['quickfix'] }), []);
  });
});
