/** The image the migration writes by default must not trip our own Kaniko image rules. */
import assert from 'node:assert/strict';
import { fixText } from '../../../server/src/fixes';
import { buildModel } from '../../../server/src/model';
import { runRules } from '../../../server/src/rules';
import { DEFAULT_SETTINGS } from '../../../server/src/shared/settings';
import { fixSettings, migrationFixtures, modelBuilder } from './helpers';

const IMAGE_RULES = ['kaniko-image-unmaintained', 'kaniko-no-shell', 'kaniko-keepalive'];

function imageFindings(text: string, readFile: (path: string) => string | undefined, kanikoImage: string) {
  return runRules(buildModel(text, { readFile }), { severities: {}, kanikoImage }).filter((d) => IMAGE_RULES.includes(d.ruleId));
}

describe('the default Kaniko image of the migration', () => {
  const fixtures = migrationFixtures().filter((f) => !f.blocked && f.settings.kanikoImage === DEFAULT_SETTINGS.kanikoImage);

  it('is used by most golden fixtures', () => assert.ok(fixtures.length >= 10, `${fixtures.length}`));

  for (const fixture of fixtures) {
    it(`${fixture.name}: migrated output has no image finding`, () => {
      const outcome = fixText(fixture.before, fixSettings(fixture.settings), modelBuilder(fixture.readFile));
      assert.ok(outcome.migrated.length > 0);
      // In the Jenkinsfile, or in the yamlFile pod the migration edited.
      const written = [outcome.text, ...outcome.files.map((f) => f.after)];
      assert.ok(
        written.some((text) => text.includes(DEFAULT_SETTINGS.kanikoImage)),
        'the default image is written',
      );
      const readAfter = (path: string) => outcome.files.find((f) => f.path === path)?.after ?? fixture.readFile(path);
      assert.deepEqual(
        imageFindings(outcome.text, readAfter, fixture.settings.kanikoImage).map((d) => `${d.ruleId}: ${d.message}`),
        [],
      );
    });
  }

  it('keeps an alpine or bootstrap image alive with sleep (they have no /busybox/cat)', () => {
    const fixture = migrationFixtures().find((f) => f.name === 'dind-sidecar')!;
    for (const kanikoImage of ['ghcr.io/osscontainertools/kaniko:v1.28.3-alpine', 'ghcr.io/osscontainertools/kaniko:v1.28.3-bootstrap']) {
      const settings = fixSettings({ ...fixture.settings, kanikoImage, kanikoKeepAlive: 'cat' });
      const outcome = fixText(fixture.before, settings, modelBuilder(fixture.readFile));
      assert.ok(outcome.migrated.length > 0, kanikoImage);
      assert.ok(!outcome.text.includes('/busybox/cat'), kanikoImage);
      assert.match(outcome.text, /- sleep\n\s*args:\n\s*- 99d/, kanikoImage);
      assert.deepEqual(
        imageFindings(outcome.text, fixture.readFile, kanikoImage).map((d) => d.message),
        [],
        kanikoImage,
      );
    }
  });
});
