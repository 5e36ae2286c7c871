import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findMigratableStages, fixText, isBlocked, planStageMigration } from '../../../server/src/fixes';
import { buildModel } from '../../../server/src/model';
import { fixSettings, fixturesDir, migrationFixtures, modelBuilder } from './helpers';

/** Issue #12's shapes (items 1–10, with the sub-cases it names) → the golden fixtures that show them. */
const SHAPES: Record<string, string[]> = {
  '1 the pod is the unit (no stage; stage in node in podTemplate)': ['pod-no-stage', 'push-later-stage', 'scripted-podtemplate', 'container-template-socket'],
  '2 closure on the next line': ['closure-next-line'],
  '2 closure inside the parentheses': ['closure-in-parens'],
  '2 build in a def method of the same file': ['build-method'],
  '3 push in a later sh': ['container-template-dind-sleep', 'dind-sidecar'],
  '3 push in a later stage': ['push-later-stage'],
  '3 push in post { success }': ['push-in-post'],
  '3 docker tag chain (in the script; in a later stage after a login)': ['shell-partial', 'tag-chain-stages'],
  '3 docker.build in one stage, .push() in another': ['pipeline-build-push-stages'],
  '3 the scripted push stage emptied: removed with the unused def (kept when it holds a comment of its own)': [
    'pipeline-build-push-stages',
    'tag-chain-stages',
    'push-stage-with-comment',
  ],
  '3 docker.image(name).push(tag)': ['image-push-tag', 'image-push-env-literal'],
  '3 the local image used before the push: refused': ['blocked-docker-run'],
  '4 daemon housekeeping and docker login/logout': ['housekeeping', 'multi-stage'],
  '5 registry + ":$BUILD_NUMBER"': ['pipeline-build-push-stages'],
  '5 "${REGISTRY}/${IMAGE}:${TAG}"': ['registry-acr', 'pipeline-ecr-credentials'],
  '5 def img = "${repo}:${tag}" then docker.build(img)': ['image-variable'],
  '5 env.IMAGE': ['env-image'],
  '5 withDockerRegistry(credentialsId: …, url: …)': ['withdockerregistry-named'],
  '5 withDockerRegistry([…])': ['withdockerregistry-list', 'several-builds-cleanup'],
  '6 yamlFile pod': ['yamlfile-dind'],
  '6 two stages whose agents read one yamlFile (or one YAML variable): one unit, one pod rewrite': ['yamlfile-shared-stages', 'yaml-literal-shared-stages'],
  '6 pods read from one file where no block holds them both: refused, naming the other stage': ['blocked-shared-podtemplates'],
  '1 podTemplate declared inside a stage': ['podtemplate-in-stage'],
  '3 a push under a condition the build does not share (when, if): refused': ['blocked-conditional-push'],
  '3 a push in a closure iteration (list.each { tag -> … }): refused': ['blocked-push-loop'],
  "6 yaml readTrusted('…')": ['yaml-readtrusted'],
  '7 the other containers of the pod': ['dind-sidecar', 'dind-env-leftovers'],
  "7 DOCKER_HOST in the podTemplate's own envVars (envVar, containerEnvVar)": ['podtemplate-env-docker-host', 'podtemplate-env-dind-sidecar'],
  '8 a build that ran in jnlp': ['jnlp-agent-yaml', 'jnlp-agent-container-template'],
  '9 several builds in one container (--cleanup)': ['several-builds-cleanup'],
  '10 --build-arg K, K=$V, --platform, --network=host, --no-cache, --pull, -q': ['build-flags', 'build-args', 'regcred'],
  '10 --cache-from with kanikoCache': ['cache-from-kaniko-cache'],
  '10 several platforms: refused': ['blocked-multi-platform'],
};
const REFUSED = new Set(['blocked-docker-run', 'blocked-multi-platform', 'blocked-shared-podtemplates', 'blocked-conditional-push', 'blocked-push-loop']);

describe('migration golden fixtures', () => {
  const fixtures = migrationFixtures();

  it('covers every source form the issue lists (at least 10 fixtures)', () => {
    assert.ok(fixtures.length >= 10, `only ${fixtures.length} fixtures`);
    for (const name of [
      'seed',
      'pipeline-ecr-credentials',
      'push-tags',
      'build-args',
      'shell-build-push',
      'yaml-variable',
      'scripted-podtemplate',
      'container-template-socket',
      'multi-stage',
      'regcred',
      'strip-indent',
      'blocked-docker-run',
    ]) {
      assert.ok(
        fixtures.some((f) => f.name === name),
        `missing fixture ${name}`,
      );
    }
  });

  it('has a golden for every shape of issue #12 (items 1–10), each one migrated or refused as the issue wants', () => {
    for (const [shape, names] of Object.entries(SHAPES)) {
      for (const name of names) {
        const fixture = fixtures.find((f) => f.name === name);
        assert.ok(fixture, `shape ${shape}: missing fixture ${name}`);
        // Only the refusals the issue asks for (several platforms, an image used before it is pushed, a pod file no one block holds, a conditional push) are blocked.
        assert.equal(fixture.blocked !== undefined, REFUSED.has(name), `shape ${shape}: ${name}`);
      }
    }
  });

  for (const fixture of fixtures) {
    describe(fixture.name, () => {
      it('fix turns before into after', () => {
        const outcome = fixText(fixture.before, fixSettings(fixture.settings), modelBuilder(fixture.readFile));
        assert.equal(outcome.error, undefined);
        assert.equal(outcome.text, fixture.after);
        // A yamlFile pod: its file as after/<path>, and no other file written.
        assert.deepEqual(
          outcome.files.map((f) => f.path),
          [...fixture.afterFiles.keys()],
        );
        for (const file of outcome.files) {
          assert.equal(file.before, fixture.readFile(file.path));
          assert.equal(file.after, fixture.afterFiles.get(file.path), file.path);
        }
      });

      if (fixture.blocked) {
        it('is blocked, with the reason', () => {
          const model = buildModel(fixture.before, { readFile: fixture.readFile });
          const plans = findMigratableStages(model).map((stage) => planStageMigration(model, stage, fixture.settings));
          assert.ok(plans.length > 0, 'the stage should still be a candidate');
          const reasons = plans.filter(isBlocked).map((p) => p.blocked);
          assert.ok(
            reasons.some((reason) => reason.includes(fixture.blocked!)),
            `expected a reason containing '${fixture.blocked}', got ${JSON.stringify(reasons)}`,
          );
          assert.equal(fixture.after, fixture.before);
        });
      } else {
        it('migrates a stage', () => {
          const outcome = fixText(fixture.before, fixSettings(fixture.settings), modelBuilder(fixture.readFile));
          assert.ok(outcome.migrated.length > 0, `skipped: ${JSON.stringify(outcome.skipped)}`);
          assert.deepEqual(outcome.skipped, []);
        });
      }
    });
  }
});

describe('containerTemplate pods that push without a Jenkins credential: one Secret in the notes', () => {
  for (const name of ['pod-no-stage', 'closure-in-parens']) {
    it(`${name}: summary, notes and next steps name only the Secret the pod mounts`, () => {
      const fixture = migrationFixtures().find((f) => f.name === name)!;
      assert.ok(fixture.after.includes('kaniko-docker-config'));
      const outcome = fixText(fixture.before, fixSettings(fixture.settings), modelBuilder(fixture.readFile));
      const said = outcome.migrated.flatMap((m) => [m.summary, ...m.notes, ...m.nextSteps]).join('\n');
      assert.match(said, /mounts the Secret 'kaniko-docker-config'/);
      assert.match(said, /kubectl create secret generic kaniko-docker-config --from-file=config\.json=/);
      assert.doesNotMatch(said, /regcred|docker-registry Secret '|jenkinsfile-kaniko credentials/);
    });
  }
});

describe('the seed becomes the article', () => {
  const seedDir = fixturesDir('migration/seed');
  const after = readFileSync(`${seedDir}/after.Jenkinsfile`, 'utf8');
  const before = readFileSync(`${fixturesDir('seed')}/before.Jenkinsfile`, 'utf8');
  const article = readFileSync(`${fixturesDir('seed')}/after-build-stage.groovy`, 'utf8');

  /** The Build stage's text, from `stage('Build')` to its closing `} //stage(build)`. */
  function buildStage(text: string): string {
    const start = text.indexOf("stage('Build')");
    const end = text.indexOf('} //stage(build)', start);
    return text.slice(start, end);
  }

  it('keeps everything outside the Build stage byte for byte', () => {
    const cut = (text: string) => text.slice(0, text.indexOf("stage('Build')")) + text.slice(text.indexOf('} //stage(build)'));
    assert.equal(cut(after), cut(before));
  });

  it("uses the article's image and keep-alive, the ConfigMap mount and the executor line", () => {
    const stage = buildStage(after);
    const model = buildModel(after);
    const pod = model.stages.find((s) => s.name === 'Build')!.pod!;
    const kaniko = pod.containers.find((c) => c.name === 'kaniko')!;
    assert.equal(kaniko.image, 'gcr.io/kaniko-project/executor:debug');
    assert.ok(article.includes(`image: ${kaniko.image}`));
    assert.deepEqual(kaniko.command, ['/busybox/cat']);
    assert.equal(kaniko.tty, true);
    assert.deepEqual(
      kaniko.volumeMounts.map((m) => [m.name, m.mountPath]),
      [['docker-config', '/kaniko/.docker']],
    );
    assert.deepEqual(
      pod.volumes.map((v) => [v.name, v.kind, v.configMapName]),
      [['docker-config', 'configMap', 'docker-config']],
    );
    assert.equal(pod.containers.length, 1);
    assert.ok(!pod.containers.some((c) => c.privileged));
    const executor = /sh "\/kaniko\/executor[^"]*"/.exec(stage)?.[0];
    assert.equal(executor, /sh "\/kaniko\/executor[^"]*"/.exec(article)?.[0]);
    // No AWS CLI, no login, no Docker Pipeline step is left in the stage.
    assert.doesNotMatch(stage, /awscli|get-login|withRegistry|docker\.build|push\(\)|apk /);
    // Every step runs in the Kaniko container, as the article's `defaultContainer 'builder'` does.
    assert.ok(model.steps.filter((s) => s.stage?.name === 'Build').every((s) => s.containerName === 'kaniko'));
  });
});

describe('stages whose agents read one pod file: the next steps', () => {
  it('name the stage whose pod now runs no step, and not the stage that builds', () => {
    const fixture = migrationFixtures().find((f) => f.name === 'yamlfile-shared-stages')!;
    const outcome = fixText(fixture.before, fixSettings(fixture.settings), modelBuilder(fixture.readFile));
    const steps = outcome.migrated.flatMap((m) => m.nextSteps);
    assert.ok(
      steps.includes(
        "Stage 'Push image' no longer runs any sh or docker step in its pod, yet still starts one (agent at line 43): remove the stage, or at least its pod.",
      ),
      steps.join('\n'),
    );
    assert.ok(!steps.some((step) => step.startsWith("Stage 'Build image'")), steps.join('\n'));
  });
});
