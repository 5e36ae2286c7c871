/**
 * Golden migrations of pushes to registries other than ECR: the Jenkins credential is carried
 * over, never interpolated by Groovy, and the result is what Groovy 2.4 and a POSIX shell accept.
 */
import assert from 'node:assert/strict';
import { fixText } from '../../../server/src/fixes';
import { CONFIG_JSON_PATH } from '../../../server/src/registry';
import { groovyErrorsText, judgeGroovy } from '../../judges/groovy';
import { judgeShell, shellErrorsText } from '../../judges/shell';
import { credentialVariables, interpolatedSecrets } from '../registry/secrets';
import { fixSettings, migrationFixtures, modelBuilder } from './helpers';

const KEPT: Record<string, { credential: string; key: string }> = {
  'registry-dockerhub': { credential: 'dockerhub-acme', key: 'https://index.docker.io/v1/' },
  'registry-ghcr': { credential: 'github-packages', key: 'ghcr.io' },
  'registry-gar': { credential: 'gar-json-key', key: 'europe-west1-docker.pkg.dev' },
  'registry-acr': { credential: 'acr-service-principal', key: 'acmeprod.azurecr.io' },
  'registry-harbor': { credential: 'harbor-robot', key: 'harbor.acme.internal' },
  regcred: { credential: 'harbor', key: 'harbor.internal.example.org' },
  'push-tags': { credential: 'registry-creds', key: 'registry.example.com:5000' },
};

describe('migration: registry credentials', () => {
  const fixtures = migrationFixtures();
  const byName = new Map(fixtures.map((f) => [f.name, f]));
  const notesOf = (name: string) => {
    const f = byName.get(name)!;
    return fixText(f.before, fixSettings(f.settings), modelBuilder(f.readFile)).migrated.flatMap((m) => [...m.notes, ...m.nextSteps]);
  };

  for (const [name, expected] of Object.entries(KEPT)) {
    it(`${name}: keeps the Jenkins credential '${expected.credential}' and writes the ${expected.key} entry`, () => {
      const after = byName.get(name)!.after;
      assert.match(after, new RegExp(`usernamePassword\\(credentialsId: '${expected.credential}'`));
      assert.ok(after.includes(`'${expected.key}' "$auth" > ${CONFIG_JSON_PATH}`), after);
      assert.ok(!after.includes('regcred'), 'no Secret mounted');
      assert.match(notesOf(name).join('\n'), new RegExp(`Jenkins credential '${expected.credential}'`));
    });
  }

  it('no golden interpolates a credential variable in a GString', () => {
    for (const fixture of fixtures) {
      for (const text of [fixture.after]) {
        const variables = credentialVariables(text);
        assert.deepEqual(interpolatedSecrets(text, variables), [], fixture.name);
      }
    }
    // The check catches the mistake it is for: the shape real pipelines write before migration.
    const leaky = `withCredentials([usernamePassword(credentialsId: 'hub', usernameVariable: 'USER', passwordVariable: 'PASS')]) {\n  sh "echo \${PASS} | docker login -u $USER --password-stdin"\n}\n`;
    assert.deepEqual(interpolatedSecrets(leaky, credentialVariables(leaky)), ['${PASS}', '$USER']);
  });

  it('ECR Public: the ConfigMap, and a note on what the Amazon ECR plugin credential becomes', () => {
    const after = byName.get('registry-ecr-public')!.after;
    assert.match(after, /configMap:\n\s+name: docker-config/);
    assert.match(after, /--destination=public\.ecr\.aws\/acme\/cli:/);
    assert.match(notesOf('registry-ecr-public').join('\n'), /'ecr:us-east-1:aws-publisher' \(Amazon ECR plugin\) is not used any more/);
  });

  it('registryCredentials: secret mounts regcred and says how to create it', () => {
    const after = byName.get('registry-secret-setting')!.after;
    assert.match(after, /name: regcred/);
    assert.ok(!after.includes('withCredentials'));
    assert.match(notesOf('registry-secret-setting').join('\n'), /jenkinsfile-kaniko credentials --from/);
  });

  it('Groovy 2.4 compiles every registry golden, and busybox sh and dash accept the scripts that write config.json', function () {
    this.timeout(180_000);
    const names = [...Object.keys(KEPT), 'registry-ecr-public', 'registry-secret-setting'];
    const verdicts = judgeGroovy(names.map((name) => ({ name, text: byName.get(name)!.after })));
    const scripts: Array<{ name: string; script: string }> = [];
    for (const verdict of verdicts) {
      assert.ok(verdict.compiles, groovyErrorsText(verdict));
      for (const sh of verdict.sh) if (sh.text.includes(CONFIG_JSON_PATH)) scripts.push({ name: verdict.name, script: sh.text });
    }
    assert.equal(scripts.length, Object.keys(KEPT).length);
    for (const verdict of judgeShell(scripts)) assert.ok(verdict.ok, shellErrorsText(verdict));
  });
});
