import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, findMigratableStages, fixText, isBlocked, planStageMigration, type MigrationPlan, type ReasonCode } from '../../../server/src/fixes';
import { buildModel } from '../../../server/src/model';
import { runRules } from '../../../server/src/rules';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/shared/settings';
import { groovyErrorsText, judgeGroovy } from '../../judges/groovy';
import { judgeShell, shellErrorsText } from '../../judges/shell';
import { fixSettings, fixturesDir, modelBuilder } from './helpers';

const DIND_POD = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: dind
    image: docker:dind
    securityContext:
      privileged: true
`;

/** A declarative pipeline whose stage 'Build' has `pod` as its agent and `steps` as its steps. */
function pipeline(steps: string, options: { pod?: string; defaultContainer?: string; quote?: string; extraStages?: string } = {}): string {
  const quote = options.quote ?? "'''";
  const defaultContainer =
    options.defaultContainer === undefined
      ? "\n          defaultContainer 'dind'"
      : options.defaultContainer
        ? `\n          defaultContainer '${options.defaultContainer}'`
        : '';
  return `pipeline {
  agent none
  stages {
    stage('Build') {
      agent {
        kubernetes {${defaultContainer}
          yaml ${quote}
${options.pod ?? DIND_POD}${quote}
        }
      }
      steps {
${steps
  .split('\n')
  .map((line) => (line ? `        ${line}` : line))
  .join('\n')}
      }
    }${options.extraStages ?? ''}
  }
}
`;
}

function plan(text: string, settings: Settings = DEFAULT_SETTINGS): MigrationPlan {
  const model = buildModel(text);
  const stage = findMigratableStages(model).find((s) => s.name === 'Build');
  assert.ok(stage, 'stage Build is not a candidate');
  return planStageMigration(model, stage, settings);
}

function migrate(text: string, settings: Settings = DEFAULT_SETTINGS): string {
  const result = plan(text, settings);
  if (isBlocked(result)) assert.fail(`blocked: ${result.blocked}`);
  const applied = applyEdits(text, result.edits);
  assert.ok(applied.ok);
  return applied.text;
}

/** The reason a migration is refused, after checking its stable code. */
function blockedReason(text: string, code: ReasonCode): string {
  const result = plan(text);
  assert.ok(isBlocked(result), 'expected the migration to be blocked');
  assert.equal(result.code, code, result.blocked);
  return result.blocked;
}

function executorLine(text: string): string | undefined {
  return /\/kaniko\/executor[^\n]*/.exec(text)?.[0];
}

describe('planStageMigration', () => {
  describe('blocks what it cannot migrate safely', () => {
    it('a pod declaration with Groovy syntax errors (an unclosed container list)', () => {
      const text = [
        'podTemplate(containers: [',
        "    containerTemplate(name: 'dind', image: 'docker:23-dind', privileged: true)",
        "  volumes: [emptyDirVolume(mountPath: '/var/lib/docker', memory: false)]) {",
        "  node(POD_LABEL) { stage('Build') { container('dind') {",
        "    sh 'docker build -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app . && docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app' } } } }",
      ].join('\n');
      assert.match(blockedReason(text, 'syntax-error'), /pod declaration has Groovy syntax errors/);
    });

    it('docker compose', () => {
      assert.match(
        blockedReason(pipeline("sh 'docker build -t r.example.com/a:1 .'\nsh 'docker compose up -d'\nsh 'docker push r.example.com/a:1'"), 'docker-compose'),
        /docker compose/,
      );
    });

    it('docker.image(…).inside', () => {
      const text = pipeline("script {\n  def img = docker.build('r.example.com/a:1')\n  docker.image('maven:3').inside { sh 'mvn test' }\n  img.push()\n}");
      assert.match(blockedReason(text, 'runs-container'), /inside/);
    });

    it('an image name it cannot split into repository and tag', () => {
      const text = pipeline("script {\n  def img = docker.build(imageName())\n  docker.withRegistry('https://r.example.com') { img.push('stable') }\n}");
      assert.match(blockedReason(text, 'expression-name'), /cannot tell the repository from the tag/);
    });

    it('an image variable used for more than pushing', () => {
      const text = pipeline('script {\n  def img = docker.build(\'r.example.com/a:1\')\n  img.push()\n  echo "built ${img.id}"\n}');
      assert.match(blockedReason(text, 'image-used'), /image variable 'img' is used for more than pushing/);
    });

    it('a push under a condition the build does not share: an if, a loop, a catch, post { failure }', () => {
      const ifPush = pipeline(
        "script {\n  sh 'docker build -t r.example.com/a:1 .'\n  if (env.BRANCH_NAME == 'main') {\n    sh 'docker push r.example.com/a:1'\n  }\n}",
      );
      assert.equal(
        blockedReason(ifPush, 'conditional-push'),
        'line 24: the push runs only under the if at line 23, and the build (line 22) does not; Kaniko pushes as it builds, so the push would run on every build',
      );
      const loop = pipeline("script {\n  sh 'docker build -t r.example.com/a:1 .'\n  for (t in ['1']) {\n    sh 'docker push r.example.com/a:1'\n  }\n}");
      assert.match(blockedReason(loop, 'conditional-push'), /under the loop at line 23/);
      const caught = pipeline(
        "script {\n  sh 'docker build -t r.example.com/a:1 .'\n  try {\n    echo 'x'\n  } catch (e) {\n    sh 'docker push r.example.com/a:1'\n  }\n}",
      );
      assert.match(blockedReason(caught, 'conditional-push'), /under the catch at line 25/);
      const onFailure = pipeline("sh 'docker build -t r.example.com/a:1 .'").replace(
        /\n {6}\}\n {4}\}/,
        "\n      }\n      post {\n        failure {\n          container('dind') {\n            sh 'docker push r.example.com/a:1'\n          }\n        }\n      }\n    }",
      );
      assert.match(blockedReason(onFailure, 'conditional-push'), /under post \{ failure \} at line \d+/);
      // Both under the same if: the executor runs only when it pushed before.
      const both = pipeline(
        "script {\n  if (env.BRANCH_NAME == 'main') {\n    sh 'docker build -t r.example.com/a:1 .'\n    sh 'docker push r.example.com/a:1'\n  }\n}",
      );
      assert.match(executorLine(migrate(both)) ?? '', /--destination=r\.example\.com\/a:1/);
    });

    it('a push under a switch, a do … while, a closure iteration or an unknown block step', () => {
      const build = "script {\n  def img = docker.build('r.example.com/a:1')\n";
      const switched = pipeline(`${build}  switch (env.BRANCH_NAME) {\n    case 'main':\n      img.push('latest')\n      break\n  }\n}`);
      assert.equal(
        blockedReason(switched, 'conditional-push'),
        'line 25: the push runs only under the switch at line 23, and the build (line 22) does not; Kaniko pushes as it builds, so the push would run on every build',
      );
      const doWhile = pipeline(`${build}  do { img.push('y') } while (false)\n}`);
      assert.equal(
        blockedReason(doWhile, 'conditional-push'),
        'line 23: the push runs only under the do … while loop at line 23, and the build (line 22) does not; Kaniko pushes as it builds, so the push would run on every build',
      );
      const each = pipeline(`${build}  ['latest', 'stable'].each { t -> img.push(t) }\n}`);
      assert.equal(
        blockedReason(each, 'conditional-push'),
        'line 23: the push runs only under the loop `each { … }` at line 23, and the build (line 22) does not; Kaniko pushes as it builds, so the push would run on every build',
      );
      const library = pipeline(`${build}  onlyOnRelease { img.push() }\n}`);
      assert.match(
        blockedReason(library, 'conditional-push'),
        /under the block of `onlyOnRelease` at line 23, which the migration does not know to run exactly once/,
      );
      // Wrappers that run their block once, whenever they run, leave the push where it was.
      for (const wrapper of ['retry(3)', "lock('registry')", "withEnv(['A=1'])", 'timeout(time: 5, unit: "MINUTES")']) {
        const wrapped = pipeline(`${build}  ${wrapper} { img.push('stable') }\n}`);
        assert.match(executorLine(migrate(wrapped)) ?? '', /--destination=r\.example\.com\/a:stable/, wrapper);
      }
      // The build in the same iteration: it runs as often as the push did.
      const both = pipeline("script {\n  ['a', 'b'].each { n ->\n    def img = docker.build(\"r.example.com/${n}:1\")\n    img.push()\n  }\n}");
      assert.match(executorLine(migrate(both)) ?? '', /--destination=r\.example\.com\/\$\{n\}:1/);
    });

    it('a push behind an approval the build is not behind: a stage input { } directive, an input step between them', () => {
      const skipped = (text: string) => {
        const outcome = fixText(text, fixSettings(), modelBuilder());
        assert.equal(outcome.text, text);
        assert.equal(outcome.skipped.length, 1);
        assert.equal(outcome.skipped[0].code, 'conditional-push');
        return outcome.skipped[0].reason;
      };
      const declarative = [
        'pipeline {',
        '  agent { kubernetes { yaml """',
        DIND_POD.trimEnd(),
        '""" } }',
        '  stages {',
        "    stage('Build') { steps { container('dind') { script { img = docker.build('r.example.com/a:1') } } } }",
        "    stage('Push') {",
        "      input { message 'Push to the registry?' }",
        "      steps { container('dind') { script { img.push() } } }",
        '    }',
        '  }',
        '}',
        '',
      ].join('\n');
      assert.equal(
        skipped(declarative),
        'line 16: the push waits for the input at line 15 (an approval), and the build (line 13) does not; Kaniko pushes as it builds, so the image would be pushed before anyone approves it',
      );
      const scripted = (between: string, before = '') =>
        [
          "podTemplate(containers: [containerTemplate(name: 'docker', image: 'docker:24-dind', ttyEnabled: true, privileged: true)]) {",
          '  node(POD_LABEL) {',
          before,
          "    stage('Build') { container('docker') { img = docker.build('r.example.com/a:1') } }",
          between,
          "    stage('Push') { container('docker') { img.push() } }",
          '  }',
          '}',
          '',
        ].join('\n');
      assert.match(
        skipped(scripted("    stage('Approve') { timeout(time: 1, unit: 'HOURS') { input 'Push?' } }")),
        /^line 6: the push waits for the input at line 5 \(an approval\)/,
      );
      // An approval before the build gates the push too: the executor still runs after it.
      const gatedBoth = fixText(scripted('', "    input message: 'Build and push?'"), fixSettings(), modelBuilder());
      assert.deepEqual(gatedBoth.skipped, []);
      assert.match(executorLine(gatedBoth.text) ?? '', /--destination=r\.example\.com\/a:1/);
    });

    it('a push of an image the stage does not build', () => {
      assert.match(blockedReason(pipeline("sh 'docker build -t a:1 .'\nsh 'docker push b:1'"), 'image-not-built-here'), /does not build/);
    });

    it('a command that the Kaniko debug image (busybox) does not have, in the container that becomes Kaniko', () => {
      const reason = blockedReason(pipeline("sh 'make test'\nsh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'"), 'busybox-command');
      assert.match(reason, /`make` would run in the Kaniko container/);
    });

    it('an AWS CLI use kept in the container that becomes Kaniko: names the use and its line, not the kept install', () => {
      const text = pipeline(
        [
          "sh 'apk add --no-cache aws-cli'",
          "sh 'aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com'",
          "sh 'docker build -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/a:1 .'",
          "sh 'docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/a:1'",
          "sh '''",
          '  echo deploying',
          '  aws --region eu-west-1 eks update-kubeconfig --name prod',
          "'''",
        ].join('\n'),
      );
      const line = text.split('\n').findIndex((l) => l.includes('eks update-kubeconfig')) + 1;
      const reason = blockedReason(text, 'busybox-command');
      assert.equal(
        reason,
        `line ${line} runs \`aws eks update-kubeconfig\`, which needs the AWS CLI; Kaniko's image has none: move that step to another container (one whose image has the AWS CLI)`,
      );
      assert.doesNotMatch(reason, /apk/);
    });

    it('an ECR password handed to kubectl in the container that becomes Kaniko', () => {
      const text = pipeline(
        [
          "sh 'docker build -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/a:1 .'",
          "sh 'docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/a:1'",
          'sh \'kubectl create secret docker-registry ecr --docker-password="$(aws ecr get-login-password)" --docker-server=123456789012.dkr.ecr.eu-west-1.amazonaws.com\'',
        ].join('\n'),
      );
      assert.match(blockedReason(text, 'busybox-command'), /^line \d+ runs `aws ecr get-login-password for kubectl create`, which needs the AWS CLI/);
    });

    it('a docker build piped into another command', () => {
      assert.match(
        blockedReason(pipeline("sh 'docker build -t r.example.com/a:1 . | tee build.log'\nsh 'docker push r.example.com/a:1'"), 'shell-form'),
        /piped/,
      );
    });

    it('docker build options without a Kaniko equivalent', () => {
      assert.match(
        blockedReason(pipeline("sh 'docker build --network build-net -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'"), 'build-option'),
        /--network/,
      );
    });

    it('several platforms in one docker build (Kaniko builds one per run)', () => {
      assert.match(
        blockedReason(
          pipeline("sh 'docker build --platform linux/amd64,linux/arm64 -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'"),
          'multi-platform',
        ),
        /several platforms.*one platform per run/,
      );
    });

    it('a container in flow style', () => {
      const pod = `spec:\n  containers:\n  - {name: dind, image: "docker:dind", securityContext: {privileged: true}}\n`;
      assert.match(
        blockedReason(pipeline("sh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'", { pod }), 'pod-layout'),
        /flow style/,
      );
    });

    it('a pod that already has a container named kaniko', () => {
      const pod = DIND_POD + `  - name: kaniko\n    image: gcr.io/kaniko-project/executor:debug\n    command: [/busybox/cat]\n    tty: true\n`;
      assert.match(
        blockedReason(pipeline("sh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'", { pod }), 'pod-layout'),
        /already has a container named 'kaniko'/,
      );
    });

    it('a docker step whose output is used', () => {
      const text = pipeline(
        "script {\n  def id = sh(script: 'docker build -q -t r.example.com/a:1 .', returnStdout: true)\n  sh 'docker push r.example.com/a:1'\n}",
      );
      assert.match(blockedReason(text, 'image-used'), /returnStdout/);
    });

    it('a registry URL or image name holding a character no image reference can (it would reach the shell line unquoted)', () => {
      for (const [url, bad] of [
        ['https://12345`id`.dkr.ecr.eu-west-1.amazonaws.com', '`'],
        ['https://r.example.com;touch x', ';'],
        ['https://r.exa mple.com', ' '],
      ]) {
        const text = pipeline(`script {\n  def img = docker.build('app:1')\n  docker.withRegistry('${url}') { img.push() }\n}`);
        assert.match(blockedReason(text, 'unsafe-destination'), new RegExp(`holds ${JSON.stringify(bad).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      }
      const name = pipeline("script {\n  def img = docker.build('r.example.com/app:$(id)')\n  img.push()\n}");
      assert.match(blockedReason(name, 'unsafe-destination'), /holds "\("/);
    });

    it('docker commands inside shell control flow', () => {
      const text = pipeline("sh '''\nif [ -n \"$PUSH\" ]; then docker push r.example.com/a:1; fi\n'''\nsh 'docker build -t r.example.com/a:1 .'");
      assert.match(blockedReason(text, 'shell-form'), /if\/for\/while/);
    });
  });

  describe('Docker Pipeline', () => {
    it('forms the registry host as the plugin does: host[:port], path dropped', () => {
      const text = pipeline(
        "script {\n  docker.withRegistry('https://r.example.com:8443/some/path/', 'creds') {\n    docker.build('team/app:1.0').push()\n  }\n}",
      );
      assert.match(executorLine(migrate(text))!, /--destination=r\.example\.com:8443\/team\/app:1\.0"$/);
    });

    it('pushes without withRegistry to the name as built', () => {
      assert.match(executorLine(migrate(pipeline("script {\n  docker.build('r.example.com/app').push()\n}")))!, /--destination=r\.example\.com\/app"$/);
    });

    it('resolves docker.image(name).push() to the image built under that name', () => {
      const text = pipeline("script {\n  docker.build('r.example.com/app:1')\n  docker.image('r.example.com/app:1').push()\n}");
      const after = migrate(text);
      assert.match(executorLine(after)!, /--destination=r\.example\.com\/app:1"$/);
      assert.doesNotMatch(after, /docker\./);
    });

    it('turns each build into its own executor', () => {
      const text = pipeline(
        "script {\n  docker.withRegistry('https://r.example.com') {\n    docker.build('api:1', '-f api/Dockerfile api').push()\n    docker.build('web:1', 'web').push()\n  }\n}",
      );
      const after = migrate(text);
      const lines = after.split('\n').filter((l) => l.includes('/kaniko/executor'));
      assert.equal(lines.length, 2);
      assert.match(lines[0], /--dockerfile `pwd`\/api\/Dockerfile --context `pwd`\/api --destination=r\.example\.com\/api:1/);
      assert.match(lines[1], /--dockerfile `pwd`\/web\/Dockerfile --context `pwd`\/web --destination=r\.example\.com\/web:1/);
    });

    it('builds with --no-push when nothing was pushed, and mounts no credentials', () => {
      const after = migrate(pipeline("script {\n  docker.build('app:test')\n}"));
      assert.match(executorLine(after)!, /--no-push"$/);
      assert.doesNotMatch(after, /\/kaniko\/\.docker/);
    });
  });

  describe('shell', () => {
    it('removes a login with its fallback (`|| exit 1`)', () => {
      const text = pipeline(
        "sh 'docker login -u u -p p r.example.com || exit 1'\nsh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'",
      );
      const after = migrate(text);
      assert.doesNotMatch(after, /exit 1|docker login/);
    });

    it('edits inside a script that keeps other commands, dropping the trailing push', () => {
      const text = pipeline("sh '''\n  echo start\n  docker build -t r.example.com/a:$BUILD_NUMBER .\n  docker push r.example.com/a:$BUILD_NUMBER\n'''");
      const after = migrate(text);
      assert.match(
        after,
        /sh '''\n\s+echo start\n\s+\/kaniko\/executor --dockerfile `pwd`\/Dockerfile --context `pwd` --destination=r\.example\.com\/a:\$BUILD_NUMBER\n\s*'''/,
      );
    });

    it('removes daemon housekeeping (docker version, info, images, pull, rmi, system prune, logout) with a note', () => {
      const model = buildModel(
        pipeline(
          "sh 'docker version'\nsh 'docker info && docker images'\nsh 'docker pull r.example.com/a:latest || true'\nsh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'\nsh 'docker rmi r.example.com/a:1'\nsh 'docker system prune -f'\nsh 'docker logout r.example.com'",
        ),
      );
      const plan = planStageMigration(model, findMigratableStages(model)[0], DEFAULT_SETTINGS);
      assert.ok(!isBlocked(plan), isBlocked(plan) ? plan.blocked : '');
      const after = applyEdits(model.text, plan.edits);
      assert.ok(after.ok);
      assert.doesNotMatch(after.text, /docker (version|info|images|pull|rmi|system|logout)/);
      assert.match(plan.notes.join('\n'), /Removed `docker version`, `docker info`, `docker images`, `docker pull`, `docker logout`: Kaniko has no daemon/);
    });

    it('drops --network=host with a note: the RUN steps already share the pod network', () => {
      const model = buildModel(pipeline("sh 'docker build --network=host -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'"));
      const plan = planStageMigration(model, findMigratableStages(model)[0], DEFAULT_SETTINGS);
      assert.ok(!isBlocked(plan), isBlocked(plan) ? plan.blocked : '');
      assert.match(plan.notes.join('\n'), /Dropped --network=host/);
      assert.ok(applyEdits(model.text, plan.edits).ok);
    });

    it("keeps a single-quoted script's quoting: shell variables stay unescaped", () => {
      const after = migrate(pipeline("sh 'docker build -t $REGISTRY/app:$BUILD_NUMBER .'\nsh 'docker push $REGISTRY/app:$BUILD_NUMBER'"));
      assert.match(after, /sh '\/kaniko\/executor --dockerfile `pwd`\/Dockerfile --context `pwd` --destination=\$REGISTRY\/app:\$BUILD_NUMBER'/);
    });

    it('keeps a GString a GString', () => {
      const after = migrate(pipeline('sh "docker build -t r.example.com/app:${env.BUILD_NUMBER} ."\nsh "docker push r.example.com/app:${env.BUILD_NUMBER}"'));
      assert.match(after, /sh "\/kaniko\/executor [^"\n]*--destination=r\.example\.com\/app:\$\{env\.BUILD_NUMBER\}"/);
    });

    it("drops --no-cache as Kaniko's default, not as an option without an equivalent", () => {
      const result = plan(pipeline("sh 'docker build --no-cache --pull -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'"));
      assert.ok(!isBlocked(result));
      assert.ok(
        result.notes.includes("Dropped --no-cache: building without a cache is Kaniko's default (--cache is off unless set)."),
        result.notes.join('\n'),
      );
      assert.ok(result.notes.includes('Dropped docker build options without a Kaniko equivalent: --pull.'), result.notes.join('\n'));
      assert.ok(!result.notes.some((n) => /without a Kaniko equivalent: .*--no-cache/.test(n)));
    });

    it('carries --build-arg, --target, --label and --platform over, and drops --pull and --no-cache', () => {
      const text = pipeline(
        "sh 'docker build --pull --no-cache --build-arg=A=1 --build-arg B --target=prod --label org.opencontainers.image.revision=$GIT_COMMIT --platform linux/arm64 -t r.example.com/a:1 -f ./docker/Dockerfile ./src'\nsh 'docker push r.example.com/a:1'",
      );
      assert.equal(
        executorLine(migrate(text)),
        "/kaniko/executor --dockerfile `pwd`/docker/Dockerfile --context `pwd`/src --destination=r.example.com/a:1 --build-arg A=1 --build-arg B --target prod --label org.opencontainers.image.revision=$GIT_COMMIT --custom-platform linux/arm64'",
      );
    });

    it('pushes every tag given with -t or docker tag, once each', () => {
      const text = pipeline(
        "sh 'docker build -t r.example.com/a:1 -t r.example.com/a:latest .'\nsh 'docker tag r.example.com/a:1 r.example.com/a:stable'\nsh 'docker push r.example.com/a:1 && docker push r.example.com/a:stable && docker push r.example.com/a:1'",
      );
      assert.match(executorLine(migrate(text))!, /--destination=r\.example\.com\/a:1 --destination=r\.example\.com\/a:stable'$/);
    });

    it('keeps the AWS CLI install when other commands of the stage still call aws', () => {
      const pod = DIND_POD + `  - name: aws\n    image: amazon/aws-cli\n    command: [cat]\n    tty: true\n`;
      const text = pipeline(
        "container('aws') {\n  sh 'pip install awscli'\n  sh 'aws s3 cp report.txt s3://bucket/'\n}\nsh 'docker build -t 123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1 .'\nsh 'docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1'",
        { pod },
      );
      const result = plan(text);
      assert.ok(!isBlocked(result));
      const after = applyEdits(text, result.edits);
      assert.ok(after.ok && after.text.includes("sh 'pip install awscli'"));
      assert.ok(result.notes.some((n) => /AWS CLI installs stay/.test(n)));
    });
  });

  describe('AWS CLI installer chain', () => {
    // #13 wrong rewrite 2: removing only `./aws/install` kept an `unzip` of a file no longer downloaded.
    it('removes the whole curl, unzip, ./aws/install and rm chain, whether joined by &&, ; or separate steps', () => {
      const steps = [
        "sh '''",
        '  curl -sSL "https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip" -o "awscliv2.zip"',
        '  unzip -q awscliv2.zip && sudo ./aws/install -i /usr/local/aws-cli -b /usr/local/bin --update; rm -rf aws awscliv2.zip',
        "\'\'\'",
        "sh 'wget -q https://awscli.amazonaws.com/awscli-exe-linux-aarch64.zip -O /tmp/awscli.zip && unzip -q /tmp/awscli.zip -d /tmp && /tmp/aws/install'",
        "sh 'rm -rf /tmp/aws /tmp/awscli.zip'",
        "sh 'docker build -t r.example.com/a:1 .'",
        "sh 'docker push r.example.com/a:1'",
      ].join('\n');
      const after = migrate(pipeline(steps));
      assert.doesNotMatch(after, /curl|wget|unzip|aws\/install|awscli|rm -rf/);
      assert.match(after, /\/kaniko\/executor/);
      const [verdict] = judgeGroovy([{ name: 'migrated', text: after }]);
      assert.ok(verdict.compiles, groovyErrorsText(verdict));
      assert.ok(verdict.sh.length > 0);
      for (const shell of judgeShell(verdict.sh.map((s, i) => ({ name: `sh ${i}`, script: s.text })))) assert.ok(shell.ok, shellErrorsText(shell));
    });
  });

  describe('a kept Docker client container (#12 item 7)', () => {
    const pod = `spec:
  volumes:
  - name: docker-run
    emptyDir: {}
  - name: cache
    emptyDir: {}
  containers:
  - name: docker
    image: docker:24
    command: [sleep]
    args: [99d]
    readinessProbe:
      exec:
        command: [sh, -c, "ls -S /var/run/docker.sock"]
    env:
    - name: DOCKER_HOST
      value: tcp://localhost:2375
    - name: DOCKER_TLS_VERIFY
      value: "0"
    - name: HELM_HOME
      value: /tmp/helm
    volumeMounts:
    - name: docker-run
      mountPath: /var/run
    - name: cache
      mountPath: /cache
  - name: dind
    image: docker:24-dind
    securityContext:
      privileged: true
    env:
    - name: DOCKER_TLS_CERTDIR
      value: ""
    volumeMounts:
    - name: docker-run
      mountPath: /var/run
`;

    it('loses DOCKER_HOST/DOCKER_TLS_* env, the socket probe and the shared /var/run mount, and keeps the rest', () => {
      const text = pipeline("sh 'helm lint chart'\nsh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'", {
        pod,
        defaultContainer: 'docker',
      });
      const result = plan(text);
      assert.ok(!isBlocked(result), isBlocked(result) ? result.blocked : '');
      const after = applyEdits(text, result.edits);
      assert.ok(after.ok);
      const model = buildModel(after.text);
      const client = model.pods[0].containers.find((c) => c.name === 'docker')!;
      const json = JSON.stringify((client.node as { toJSON(): unknown }).toJSON());
      assert.doesNotMatch(json, /DOCKER_HOST|DOCKER_TLS|docker\.sock|readinessProbe|docker-run/);
      assert.match(json, /HELM_HOME/);
      assert.deepEqual(
        client.volumeMounts.map((m) => m.name),
        ['cache'],
      );
      assert.deepEqual(
        model.pods[0].volumes.map((v) => v.name).filter((n) => n !== 'jenkins-docker-cfg'),
        ['cache'],
      );
      const kaniko = model.pods[0].containers.find((c) => c.name === 'kaniko')!;
      assert.doesNotMatch(JSON.stringify((kaniko.node as { toJSON(): unknown }).toJSON()), /DOCKER_/);
      assert.match(
        result.summary,
        /container 'docker' no longer points at the daemon \(removed its DOCKER_HOST, DOCKER_TLS_VERIFY env, readinessProbe, mount of 'docker-run'\)/,
      );
      assert.deepEqual(
        runRules(model, { severities: {}, kanikoImage: DEFAULT_SETTINGS.kanikoImage }).filter((f) => /dind|socket|daemon/.test(f.ruleId)),
        [],
      );
    });

    it('leaves no empty env: or volumeMounts: key when everything in them served the daemon', () => {
      const small = pod.replace(/    - name: HELM_HOME\n      value: \/tmp\/helm\n/, '').replace(/    - name: cache\n      mountPath: \/cache\n/, '');
      const after = migrate(
        pipeline("sh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'", { pod: small, defaultContainer: 'docker' }),
      );
      const yaml = after.slice(after.indexOf("yaml '''"), after.indexOf("'''\n", after.indexOf("yaml '''") + 8));
      assert.doesNotMatch(yaml, /^\s*(env|volumeMounts|volumes):\s*\n(?!\s*-)/m);
      assert.doesNotMatch(yaml, /DOCKER_HOST|docker\.sock|docker-run/);
    });
  });

  describe('--cache-from and the kanikoCache setting', () => {
    const steps = "sh 'docker build --cache-from r.example.com/a:latest -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'";

    it('off (the default): dropped, with a note naming the setting', () => {
      const result = plan(pipeline(steps));
      assert.ok(!isBlocked(result), isBlocked(result) ? result.blocked : '');
      const after = applyEdits(pipeline(steps), result.edits);
      assert.ok(after.ok);
      assert.doesNotMatch(executorLine(after.text)!, /cache/);
      assert.ok(
        result.notes.some((n) => /Dropped --cache-from r\.example\.com\/a:latest .*kanikoCache/.test(n)),
        result.notes.join('\n'),
      );
    });

    it("on: Kaniko's layer cache in <image repository>/cache (tag and digest dropped), never in the image repository itself", () => {
      const settings = { ...DEFAULT_SETTINGS, kanikoCache: true };
      assert.match(executorLine(migrate(pipeline(steps), settings))!, / --cache=true --cache-repo r\.example\.com\/a\/cache'?$/);
      const cached = plan(pipeline(steps), settings);
      assert.ok(!isBlocked(cached) && cached.notes.some((n) => /--cache-repo r\.example\.com\/a\/cache\).*the one Kaniko would infer/.test(n)));
      const digest =
        "sh 'docker build --cache-from=r.example.com:5000/team/a@sha256:" + 'ab'.repeat(32) + " -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'";
      assert.match(executorLine(migrate(pipeline(digest), settings))!, / --cache=true --cache-repo r\.example\.com:5000\/team\/a\/cache'?$/);
      const buildx =
        "sh 'docker build --cache-from type=registry,ref=r.example.com/a:buildcache,mode=max -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'";
      assert.match(executorLine(migrate(pipeline(buildx), settings))!, / --cache=true --cache-repo r\.example\.com\/a\/cache'?$/);
      const quoted = `sh '''docker build --cache-from "$IMAGE:latest" -t "$IMAGE:1" .'''\nsh 'docker push "$IMAGE:1"'`;
      assert.match(executorLine(migrate(pipeline(quoted), settings))!, / --cache=true --cache-repo "\$IMAGE\/cache"/);
    });

    it('on: a cache that is not in a registry is dropped with a note, and only one --cache-repo is written', () => {
      const settings = { ...DEFAULT_SETTINGS, kanikoCache: true };
      const local = "sh 'docker build --cache-from type=local,src=/tmp/cache -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'";
      const result = plan(pipeline(local), settings);
      assert.ok(!isBlocked(result) && result.notes.some((n) => /only a registry cache/.test(n)));
      assert.doesNotMatch(executorLine(migrate(pipeline(local), settings))!, /--cache/);
      const two =
        "sh 'docker build --cache-from r.example.com/a:latest --cache-from r.example.com/a:main -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'";
      assert.equal(executorLine(migrate(pipeline(two), settings))!.match(/--cache-repo/g)?.length, 1);
    });

    it('the result compiles and its script passes sh -n', () => {
      const after = migrate(pipeline(steps), { ...DEFAULT_SETTINGS, kanikoCache: true });
      const [verdict] = judgeGroovy([{ name: 'cache', text: after }]);
      assert.ok(verdict.compiles, groovyErrorsText(verdict));
      for (const shell of judgeShell(verdict.sh.map((s, i) => ({ name: `sh ${i}`, script: s.text })))) assert.ok(shell.ok, shellErrorsText(shell));
    });
  });

  describe('AWS CLI installs written with a path or through Python', () => {
    it('removes them as it removes pip install awscli and ./aws/install, and the result passes Groovy and sh -n', () => {
      const steps = [
        "sh '/usr/bin/pip3 install --user awscli'",
        "sh 'sudo -H python3 -m pip install --upgrade awscli'",
        "sh '''",
        '  /usr/bin/curl -sSL "https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip" -o awscliv2.zip',
        '  /usr/bin/unzip -q awscliv2.zip && /bin/bash ./aws/install && /bin/rm -rf aws awscliv2.zip',
        "'''",
        "sh '/sbin/apk add --no-cache aws-cli=2.15.14-r0'",
        "sh 'docker build -t r.example.com/a:1 .'",
        "sh 'docker push r.example.com/a:1'",
      ].join('\n');
      const result = plan(pipeline(steps));
      assert.ok(!isBlocked(result), isBlocked(result) ? result.blocked : '');
      // Each removed unit counts: pip3, python3 -m pip, curl, unzip, ./aws/install, rm and apk.
      assert.match(result.summary, /removed 7 AWS CLI installs/);
      const after = migrate(pipeline(steps));
      assert.doesNotMatch(after, /pip3? install|python3|curl|unzip|aws\/install|rm -rf|aws-cli/);
      assert.match(after, /\/kaniko\/executor/);
      const [verdict] = judgeGroovy([{ name: 'migrated', text: after }]);
      assert.ok(verdict.compiles, groovyErrorsText(verdict));
      for (const shell of judgeShell(verdict.sh.map((s, i) => ({ name: `sh ${i}`, script: s.text })))) assert.ok(shell.ok, shellErrorsText(shell));
    });

    it('keeps a pip install of awscli with other packages (scripts may import them), and says so', () => {
      const pod = DIND_POD + `  - name: py\n    image: python:3.12\n    command: [cat]\n    tty: true\n`;
      const text = pipeline(
        "container('py') {\n  sh './venv/bin/pip install awscli boto3 && ./venv/bin/python deploy.py'\n}\nsh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'",
        { pod },
      );
      const result = plan(text);
      assert.ok(!isBlocked(result), isBlocked(result) ? result.blocked : '');
      const after = applyEdits(text, result.edits);
      assert.ok(after.ok);
      assert.match(after.text, /sh '\.\/venv\/bin\/pip install awscli boto3 && \.\/venv\/bin\/python deploy\.py'/);
      assert.ok(
        result.notes.some((n) => /also installs `boto3`/.test(n)),
        result.notes.join('\n'),
      );
      assert.doesNotMatch(result.summary, /AWS CLI install/);
    });

    it('keeps what pip needs (apk add py-pip, python3) with such a kept install, on its own line or the same && line, and the script passes sh -n', () => {
      const pod = DIND_POD + `  - name: tools\n    image: alpine:3.19\n    command: [cat]\n    tty: true\n`;
      for (const script of [
        "sh 'apk add --no-cache py-pip && pip install awscli aws-sam-cli && sam build'",
        "sh 'apk add --update --no-cache python3 py3-pip curl'\n  sh 'python3 -m pip install --no-cache-dir --progress-bar off awscli boto3 && python3 deploy.py'",
      ]) {
        const text = pipeline(`container('tools') {\n  ${script}\n}\nsh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'`, { pod });
        const result = plan(text);
        assert.ok(!isBlocked(result), isBlocked(result) ? result.blocked : '');
        const after = applyEdits(text, result.edits);
        assert.ok(after.ok);
        for (const line of script.split('\n')) assert.ok(after.text.includes(line.trim()), after.text);
        // An option's value is no package: the note names only boto3 or aws-sam-cli.
        assert.ok(
          result.notes.some((n) => /also installs `(aws-sam-cli|boto3)`\W/.test(n) && !/`off`/.test(n)),
          result.notes.join('\n'),
        );
        assert.doesNotMatch(result.summary, /AWS CLI install/);
        const [verdict] = judgeGroovy([{ name: 'migrated', text: after.text }]);
        assert.ok(verdict.compiles, groovyErrorsText(verdict));
        for (const shell of judgeShell(verdict.sh.map((s, i) => ({ name: `sh ${i}`, script: s.text })))) assert.ok(shell.ok, shellErrorsText(shell));
      }
    });

    it('removes a pip install of awscli with only pip, setuptools, its dependencies or plugins besides, as before', () => {
      const steps = [
        "sh 'pip install --upgrade pip setuptools awscli awscli-plugin-endpoint'",
        "sh 'docker build -t r.example.com/a:1 .'",
        "sh 'docker push r.example.com/a:1'",
      ].join('\n');
      const result = plan(pipeline(steps));
      assert.ok(!isBlocked(result), isBlocked(result) ? result.blocked : '');
      assert.match(result.summary, /removed 1 AWS CLI install/);
    });

    it('refuses, naming the command, when such a kept install would run in the Kaniko container', () => {
      const reason = blockedReason(
        pipeline("sh '/usr/local/bin/pip3 install awscli -r requirements.txt'\nsh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'"),
        'busybox-command',
      );
      assert.match(reason, /\/usr\/local\/bin\/pip3/);
    });
  });

  describe('AWS CLI cleanup without an install', () => {
    it("keeps `unzip awscli*.zip` and `rm -rf aws` when the unit installs no AWS CLI (they are someone else's files)", () => {
      const steps = [
        "sh 'unzip -q awscliv2.zip -d vendor'",
        "sh 'rm -rf aws awscliv2.zip'",
        "sh 'docker build -t r.example.com/a:1 .'",
        "sh 'docker push r.example.com/a:1'",
      ].join('\n');
      const after = migrate(pipeline(steps));
      assert.match(after, /sh 'unzip -q awscliv2\.zip -d vendor'\n\s+sh 'rm -rf aws awscliv2\.zip'/);
      assert.match(after, /\/kaniko\/executor/);
    });

    it('removes them with the install they belong to, in another step of the same unit', () => {
      const steps = [
        "sh 'curl -sSLo awscliv2.zip https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip'",
        "sh 'unzip -q awscliv2.zip'",
        "sh './aws/install'",
        "sh 'rm -rf aws awscliv2.zip'",
        "sh 'docker build -t r.example.com/a:1 .'",
        "sh 'docker push r.example.com/a:1'",
      ].join('\n');
      assert.doesNotMatch(migrate(pipeline(steps)), /unzip|rm -rf|aws\/install|curl/);
    });
  });

  describe('AWS CLI prerequisites', () => {
    it('keep a package install that also brings a tool the stage still runs', () => {
      const pod = DIND_POD + `  - name: tools\n    image: alpine:3.20\n    command: [cat]\n    tty: true\n`;
      const text = pipeline(
        "container('tools') {\n  sh 'apk add make py-pip groff less'\n  sh 'pip install awscli'\n  sh 'make dist'\n}\nsh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'",
        { pod },
      );
      const result = plan(text);
      assert.ok(!isBlocked(result), isBlocked(result) ? result.blocked : '');
      const after = applyEdits(text, result.edits);
      assert.ok(after.ok);
      assert.match(after.text, /sh 'apk add make py-pip groff less'\n\s+sh 'make dist'/);
      assert.doesNotMatch(after.text, /pip install awscli/);
      assert.ok(result.notes.some((n) => /also provides make/.test(n)));
    });
  });

  describe('pod', () => {
    it('keeps the container alive with sleep when asked', () => {
      const after = migrate(pipeline("sh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'"), {
        ...DEFAULT_SETTINGS,
        kanikoKeepAlive: 'sleep',
      });
      assert.match(after, /command:\n {4}- sleep\n {4}args:\n {4}- 99d\n/);
      const container = buildModel(after).stages[0].pod!.containers[0];
      assert.deepEqual([container.command, container.args], [['sleep'], ['99d']]);
    });

    it('edits YAML in a one-line single-quoted literal with \\n escapes', () => {
      const text = `pipeline {
  agent {
    kubernetes {
      defaultContainer 'dind'
      yaml 'spec:\\n  containers:\\n  - name: dind\\n    image: docker:dind\\n    securityContext:\\n      privileged: true\\n'
    }
  }
  stages {
    stage('Build') {
      steps {
        sh 'docker build -t r.example.com/a:1 .'
        sh 'docker push r.example.com/a:1'
      }
    }
  }
}
`;
      const after = migrate(text);
      assert.match(
        after,
        /yaml 'spec:\\n {2}containers:\\n {2}- name: kaniko\\n {4}image: ghcr\.io\/osscontainertools\/kaniko:v1\.28\.3-debug\\n {4}command:\\n {4}- \/busybox\/cat\\n {4}tty: true\\n/,
      );
      const model = buildModel(after);
      assert.deepEqual(model.pods[0].yaml!.errors, []);
      assert.equal(model.pods[0].containers[0].name, 'kaniko');
      assert.equal(
        runRules(model, { severities: {}, kanikoImage: DEFAULT_SETTINGS.kanikoImage }).filter((d) => d.severity === 'warning' || d.severity === 'error').length,
        0,
      );
    });

    it('removes a first key written on the dash line without losing the dash', () => {
      const pod = `spec:\n  containers:\n  - securityContext:\n      privileged: true\n    name: dind\n    image: docker:dind\n`;
      const after = migrate(pipeline("sh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'", { pod }));
      assert.match(after, /containers:\n {2}- name: kaniko\n {4}image: /);
    });

    it('uses the file indentation for the container(…) wrapper (tabs)', () => {
      const text = [
        'pipeline {',
        '\tagent {',
        '\t\tkubernetes {',
        "\t\t\tyaml '''",
        'spec:',
        '  containers:',
        '  - name: docker',
        '    image: docker:cli',
        '    command: [cat]',
        '    tty: true',
        '    env:',
        '    - name: DOCKER_HOST',
        '      value: tcp://localhost:2375',
        '  - name: dind',
        '    image: docker:dind',
        '    securityContext:',
        '      privileged: true',
        "'''",
        '\t\t}',
        '\t}',
        '\tstages {',
        "\t\tstage('Build') {",
        '\t\t\tsteps {',
        "\t\t\t\tcontainer('docker') {",
        "\t\t\t\t\tsh 'git rev-parse HEAD > .sha'",
        "\t\t\t\t\tsh 'docker build -t r.example.com/a:1 .'",
        "\t\t\t\t\tsh 'docker push r.example.com/a:1'",
        '\t\t\t\t}',
        '\t\t\t}',
        '\t\t}',
        '\t}',
        '}',
        '',
      ].join('\n');
      const after = migrate(text);
      assert.match(after, /\n\t{5}container\('kaniko'\) \{\n\t{6}sh '\/kaniko\/executor [^\n]*'\n\t{5}\}\n\t{4}\}/);
    });

    it('gives the same result for CRLF files, with CRLF line breaks', () => {
      const text = pipeline("sh 'docker build -t r.example.com/a:1 .'\nsh 'docker push r.example.com/a:1'");
      const crlf = text.replace(/\n/g, '\r\n');
      const after = migrate(crlf);
      assert.equal(after.replace(/\r\n/g, '\n'), migrate(text));
      assert.ok(!/[^\r]\n/.test(after));
    });
  });

  it('lists blocked stages too, so the reason can be shown', () => {
    const model = buildModel(pipeline("sh 'docker run --rm alpine true'"));
    assert.deepEqual(
      findMigratableStages(model).map((s) => s.name),
      ['Build'],
    );
  });

  it('is reached by fix for every candidate stage, and reports skipped stages with their reason', () => {
    const text = pipeline("sh 'docker run --rm alpine true'");
    const outcome = fixText(text, fixSettings(), modelBuilder());
    assert.equal(outcome.text, text);
    assert.equal(outcome.skipped.length, 1);
    assert.match(outcome.skipped[0].reason, /docker run/);
  });
});

describe('containerTemplate pods pushing to a registry other than ECR', () => {
  const text = [
    'podTemplate(containers: [',
    "  containerTemplate(name: 'docker', image: 'docker:24', ttyEnabled: true, command: 'cat')",
    "], volumes: [hostPathVolume(hostPath: '/var/run/docker.sock', mountPath: '/var/run/docker.sock')]) {",
    '  node(POD_LABEL) {',
    "    stage('Image') {",
    "      container('docker') {",
    "        sh 'docker build -t ghcr.io/acme/app:$BUILD_NUMBER . && docker push ghcr.io/acme/app:$BUILD_NUMBER'",
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');

  it('mount a generic Secret holding config.json (secretVolume cannot project .dockerconfigjson), and say how to create it', () => {
    const outcome = fixText(text, fixSettings(DEFAULT_SETTINGS), modelBuilder());
    assert.deepEqual(outcome.skipped, []);
    assert.match(outcome.text, /volumes: \[secretVolume\(mountPath: '\/kaniko\/\.docker', secretName: 'kaniko-docker-config'\)\]/);
    assert.match(outcome.migrated[0].nextSteps.join('\n'), /kubectl create secret generic kaniko-docker-config --from-file=config\.json=/);
  });
});

describe('image names written as a string concatenation', () => {
  it('docker.build(registry + ":$BUILD_NUMBER") becomes one destination', () => {
    const text = pipeline(
      "script {\n  def image = docker.build(registry + \":$BUILD_NUMBER\")\n  docker.withRegistry('', 'hub') {\n    image.push()\n  }\n}",
    ).replace('pipeline {', "def registry = 'acme/app'\npipeline {");
    assert.match(migrate(text), /--destination=\$\{registry\}:\$\{BUILD_NUMBER\}"/);
  });
});

describe('a docker:dind image used as a client over the socket', () => {
  it('is migrated like any socket client when its command keeps it alive instead of running dockerd', () => {
    const text = [
      "podTemplate(label: 'b', containers: [containerTemplate(name: 'docker', image: 'docker:dind', ttyEnabled: true, command: 'cat')],",
      "  volumes: [hostPathVolume(hostPath: '/var/run/docker.sock', mountPath: '/var/run/docker.sock')]) {",
      "  node('b') {",
      "    stage('Image') {",
      "      container('docker') {",
      "        sh 'docker build -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1 . && docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'",
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const outcome = fixText(text, fixSettings(DEFAULT_SETTINGS), modelBuilder());
    assert.deepEqual(outcome.skipped, []);
    assert.doesNotMatch(outcome.text, /docker\.sock|docker:dind/);
  });
});

describe('what a pod unit leaves behind in scripted code (#12 leftovers)', () => {
  const scripted = (declaration: string, pushStage = "    stage('Push') {\n      container('docker') {\n        app.push()\n      }\n    }\n") =>
    `${declaration}\npodTemplate(containers: [\n  containerTemplate(name: 'docker', image: 'docker:24-dind', ttyEnabled: true, privileged: true)\n]) {\n  node(POD_LABEL) {\n    stage('Build') {\n      container('docker') {\n        app = docker.build('registry.example.com/a:1')\n      }\n    }\n${pushStage}  }\n}\n`;
  const run = (declaration: string, pushStage?: string) => {
    const text = scripted(declaration, pushStage);
    const outcome = fixText(text, fixSettings(DEFAULT_SETTINGS), modelBuilder());
    assert.deepEqual(outcome.skipped, []);
    return { text: outcome.text, said: outcome.migrated.flatMap((m) => [...m.notes, ...m.nextSteps]) };
  };

  it('an emptied scripted stage and the unused `def app` go; every other byte stays', () => {
    const { text, said } = run('def app');
    assert.equal(
      text,
      "podTemplate(containers: [\n  containerTemplate(name: 'kaniko', image: 'ghcr.io/osscontainertools/kaniko:v1.28.3-debug', ttyEnabled: true, command: '/busybox/cat')\n], volumes: [secretVolume(mountPath: '/kaniko/.docker', secretName: 'kaniko-docker-config')]) {\n  node(POD_LABEL) {\n    stage('Build') {\n      container('kaniko') {\n        sh \"/kaniko/executor --dockerfile `pwd`/Dockerfile --context `pwd` --destination=registry.example.com/a:1\"\n      }\n    }\n  }\n}\n",
    );
    assert.ok(said.includes("Removed the declaration of 'app' (line 1): nothing reads the image variable once Kaniko builds and pushes."), said.join('\n'));
  });

  it('a declaration that declares more, or a name still mentioned (a comment), stays; the first is named in the next steps', () => {
    const two = run('def app, other');
    assert.ok(two.text.startsWith('def app, other\n'));
    assert.ok(two.said.includes("The variable 'app' (line 1) is no longer used; remove its declaration when you like."), two.said.join('\n'));
    const mentioned = run('// app: the image built below\ndef app');
    assert.ok(mentioned.text.startsWith('// app: the image built below\ndef app\n'));
    assert.ok(!mentioned.said.some((s) => /'app'/.test(s)), mentioned.said.join('\n'));
  });

  it('a first-line declaration goes with the blank line after it; "$app" (a comment, a GString) and text the migration inserts are mentions that keep it', () => {
    assert.ok(run('def app\n').text.startsWith('podTemplate(containers: [\n'));
    const dollar = run('// $app: the image built below\ndef app');
    assert.ok(dollar.text.startsWith('// $app: the image built below\ndef app\n'), dollar.text);
    // The pod rewrite inserts `, volumes: [secretVolume(…)]`: the name is in the new text, so the declaration stays.
    const text = scripted('def volumes').replace(/\bapp\b/g, 'volumes');
    const outcome = fixText(text, fixSettings(DEFAULT_SETTINGS), modelBuilder());
    assert.deepEqual(outcome.skipped, []);
    assert.match(outcome.text, /\], volumes: \[secretVolume/);
    assert.ok(outcome.text.startsWith('def volumes\n'), outcome.text);
  });

  it('an emptied stage with a comment of its own just above it (or after it on its line) stays, and the next steps say so', () => {
    const above = run(
      'def app',
      "    // Publish to the registry (only on main, see the job config)\n    stage('Push') {\n      container('docker') {\n        app.push()\n      }\n    }\n",
    );
    assert.match(above.text, /\n {4}\/\/ Publish to the registry \(only on main, see the job config\)\n {4}stage\('Push'\) \{\n {4}\}\n/);
    assert.ok(
      above.said.includes(
        "Stage 'Push' (line 12) is empty now, kept for the comment written with it (line 11); remove both when the comment is no longer needed.",
      ),
      above.said.join('\n'),
    );
    const trailing = run('def app', "    stage('Push') { container('docker') { app.push() } }   // the registry prunes after 30 days\n");
    assert.match(trailing.text, /\n {4}stage\('Push'\) \{ {2}\} {3}\/\/ the registry prunes after 30 days\n/);
  });

  it('an emptied stage holding a comment of its own stays, and the next steps say it is empty', () => {
    const { text, said } = run(
      'def app',
      "    stage('Push') {\n      container('docker') {\n        app.push()\n      }\n      // pruned by the registry after 30 days\n    }\n",
    );
    assert.match(text, /\n {4}stage\('Push'\) \{\n {6}\/\/ pruned by the registry after 30 days\n {4}\}\n/);
    assert.ok(said.includes("Stage 'Push' (line 11) is empty now, kept for the comments it holds; remove it when they are no longer needed."), said.join('\n'));
  });
});

describe('docker.image(IMAGE).push(tag) with IMAGE an environment literal', () => {
  const text = (image: string) =>
    readFileSync(join(fixturesDir('migration'), 'image-push-env-literal', 'before.Jenkinsfile'), 'utf8').replace(
      "IMAGE = 'registry.example.com/shop/orders'",
      `IMAGE = '${image}'`,
    );

  it('a literal without a tag is the repository: the tag is appended to the variable', () => {
    const after = fixText(text('registry.example.com/shop/orders'), fixSettings(DEFAULT_SETTINGS), modelBuilder()).text;
    assert.match(executorLine(after) ?? '', / --destination=\$\{IMAGE\}:\$\{env\.BUILD_NUMBER\}"$/);
  });

  it('a literal with a tag: the push replaces that tag, as the Docker Pipeline plugin does (repository of the literal, the pushed tag)', () => {
    const outcome = fixText(text('registry.example.com/shop/orders:1.4'), fixSettings(DEFAULT_SETTINGS), modelBuilder());
    assert.deepEqual(outcome.skipped, []);
    const executor = executorLine(outcome.text) ?? '';
    assert.match(executor, / --destination=registry\.example\.com\/shop\/orders:\$\{env\.BUILD_NUMBER\}"$/);
    assert.doesNotMatch(executor, /orders:1\.4|\$\{IMAGE\}:/);
  });
});
