import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../server/src/cli/main';
import { POD, yamlFilePipeline } from './sharedPod';

/** #12 "Quality of what is written": what `fix` reports per pipeline, and its exit status. */

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['fix', ...argv], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, version: '0.0.0' });
  return { code, stdout, stderr };
}

describe('cli: fix reports, per pipeline, what was migrated, skipped and left, and what to do next', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jk-fix-report-'));
    // The repository root that yamlFile paths are read from.
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'ci'));
    mkdirSync(join(dir, 'release'));
    writeFileSync(join(dir, 'ci', 'build-pod.yaml'), POD);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the next steps once per pipeline, naming the command that writes the ConfigMap', async () => {
    writeFileSync(join(dir, 'Jenkinsfile'), yamlFilePipeline('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:$BUILD_NUMBER'));
    const { code, stderr } = await run(dir, 'Jenkinsfile');
    assert.equal(code, 0, stderr);
    assert.match(
      stderr,
      /^Jenkinsfile:9: migrated stage 'Build' to Kaniko\. Stage 'Build' builds with Kaniko: the pod in ci\/build-pod\.yaml \(yamlFile\) is edited too; container 'dind' becomes 'kaniko'/,
    );
    const next = stderr.slice(stderr.indexOf('Jenkinsfile: next steps:\n'));
    assert.match(next, /^Jenkinsfile: next steps:\n {2}- ci\/build-pod\.yaml is a file of its own/);
    assert.match(next, /\n {2}- Create the ConfigMap 'docker-config' \(jenkinsfile-kaniko configmap, or the "Generate ECR ConfigMap" command\)/);
    assert.doesNotMatch(stderr, /nothing to change/);
  });

  it('a Docker build that no stage or pod reaches (a Docker agent on the socket): reported with its line, exit 1, never "nothing to change"', async () => {
    const text = `pipeline {
  agent {
    docker {
      image 'docker:24-cli'
      args '-v /var/run/docker.sock:/var/run/docker.sock'
    }
  }
  stages {
    stage('Image') {
      steps {
        sh 'docker build -t registry.example.com/tools/lint:1 .'
      }
    }
  }
}
`;
    writeFileSync(join(dir, 'Jenkinsfile'), text);
    const { code, stderr } = await run(dir, 'Jenkinsfile');
    assert.equal(code, 1);
    assert.match(stderr, /^Jenkinsfile:5: not migrated \[docker-socket-mount\]: The Docker agent mounts the host's Docker socket/m);
    assert.doesNotMatch(stderr, /nothing to change/);
    assert.equal(readFileSync(join(dir, 'Jenkinsfile'), 'utf8'), text);
  });

  for (const order of [
    ['Jenkinsfile', 'Jenkinsfile.release'],
    ['Jenkinsfile.release', 'Jenkinsfile'],
  ]) {
    it(`a Jenkinsfile and a symbolic link to it (${order.join(', then ')}): fixed once, not two readers of its pod file, and the second name says so`, async () => {
      writeFileSync(join(dir, 'Jenkinsfile'), yamlFilePipeline('registry.example.com/app:1'));
      symlinkSync('Jenkinsfile', join(dir, 'Jenkinsfile.release'));
      const { code, stderr } = await run(dir, ...order);
      assert.equal(code, 0, stderr);
      const [first, second] = order;
      assert.match(stderr, new RegExp(`^${first}:9: migrated stage 'Build' to Kaniko`));
      assert.equal(stderr.match(/migrated stage/g)?.length, 1);
      // Before: "ci/build-pod.yaml is also the yamlFile of <the other name> … its report follows", and no such report came.
      assert.doesNotMatch(stderr, /is also the yamlFile of/);
      assert.match(stderr, new RegExp(`\\n${second}: the same file as ${first} \\(one is a symbolic link to the other\\): fixed once, as ${first}\\n$`));
      assert.doesNotMatch(readFileSync(join(dir, 'ci', 'build-pod.yaml'), 'utf8'), /dind/);
    });
  }

  it('"nothing to change" and exit 0 only for a file with no Docker build at all', async () => {
    writeFileSync(
      join(dir, 'Jenkinsfile'),
      "pipeline {\n  agent any\n  stages {\n    stage('Test') {\n      steps {\n        sh 'make test'\n      }\n    }\n  }\n}\n",
    );
    assert.deepEqual(await run(dir, 'Jenkinsfile'), { code: 0, stdout: '', stderr: 'Jenkinsfile: nothing to change\n' });
  });

  it('a skipped unit: its own findings are not repeated, and the exit status is 1', async () => {
    writeFileSync(
      join(dir, 'Jenkinsfile'),
      yamlFilePipeline('registry.example.com/app:1').replace(
        "sh 'docker push",
        "sh 'docker run --rm registry.example.com/app:1 make test'\n        sh 'docker push",
      ),
    );
    const { code, stderr } = await run(dir, 'Jenkinsfile');
    assert.equal(code, 1);
    assert.match(stderr, /^Jenkinsfile:9: skipped stage 'Build' \[runs-container\]/m);
    assert.doesNotMatch(stderr, /not migrated|nothing to change/);
  });

  describe('a yamlFile that other Jenkinsfiles of the run read too', () => {
    it('names them in the next steps, migrates them on the same pod, and writes the pod file once', async () => {
      writeFileSync(join(dir, 'Jenkinsfile'), yamlFilePipeline('registry.example.com/app:$BUILD_NUMBER'));
      writeFileSync(join(dir, 'release', 'Jenkinsfile'), yamlFilePipeline('registry.example.com/app-release:$BUILD_NUMBER'));
      const { code, stderr } = await run(dir, '.');
      assert.equal(code, 0, stderr);
      assert.match(
        stderr,
        /\n {2}- ci\/build-pod\.yaml is also the yamlFile of release\/Jenkinsfile, which gets the migrated pod too \(no Docker daemon any more\): its report follows in this run/,
      );
      assert.match(stderr, /\nrelease\/Jenkinsfile:9: migrated stage 'Build' to Kaniko\./);
      assert.match(
        stderr,
        /\n {2}note: ci\/build-pod\.yaml is the pod file Jenkinsfile was migrated with in this run; this pipeline needs the same pod, so it is written once\.\n/,
      );
      const pod = readFileSync(join(dir, 'ci', 'build-pod.yaml'), 'utf8');
      assert.match(pod, /- name: kaniko\n/);
      assert.equal(pod.match(/- name: kaniko/g)!.length, 1);
      for (const file of ['Jenkinsfile', join('release', 'Jenkinsfile')]) {
        const text = readFileSync(join(dir, file), 'utf8');
        assert.match(text, /defaultContainer 'kaniko'/, file);
        assert.match(text, /\/kaniko\/executor /, file);
      }
      const again = await run(dir, '.');
      assert.deepEqual([again.code, again.stderr], [0, 'Jenkinsfile: nothing to change\nrelease/Jenkinsfile: nothing to change\n']);
    });

    it('--diff shows the shared pod file once', async () => {
      writeFileSync(join(dir, 'Jenkinsfile'), yamlFilePipeline('registry.example.com/app:$BUILD_NUMBER'));
      writeFileSync(join(dir, 'release', 'Jenkinsfile'), yamlFilePipeline('registry.example.com/app-release:$BUILD_NUMBER'));
      const { code, stdout } = await run(dir, '--diff', '.');
      assert.equal(code, 0);
      assert.equal(stdout.match(/^--- a\/ci\/build-pod\.yaml$/gm)!.length, 1);
      assert.equal(readFileSync(join(dir, 'ci', 'build-pod.yaml'), 'utf8'), POD);
    });

    it('writes neither pipeline nor the shared pod when they need different pods (exit 2), and says so', async () => {
      const main = yamlFilePipeline('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:$BUILD_NUMBER');
      writeFileSync(join(dir, 'Jenkinsfile'), main);
      const release = yamlFilePipeline('quay.io/acme/app:$BUILD_NUMBER');
      writeFileSync(join(dir, 'release', 'Jenkinsfile'), release);
      const { code, stderr } = await run(dir, '.');
      assert.equal(code, 2, stderr);
      assert.match(stderr, /^release\/Jenkinsfile: error: not written: ci\/build-pod\.yaml is also the yamlFile of Jenkinsfile, which needs a different pod/m);
      assert.match(stderr, /^Jenkinsfile: error: not written: ci\/build-pod\.yaml is also the yamlFile of release\/Jenkinsfile, which needs a different pod/m);
      assert.doesNotMatch(stderr, /migrated stage/);
      assert.equal(readFileSync(join(dir, 'Jenkinsfile'), 'utf8'), main);
      assert.equal(readFileSync(join(dir, 'release', 'Jenkinsfile'), 'utf8'), release);
      assert.equal(readFileSync(join(dir, 'ci', 'build-pod.yaml'), 'utf8'), POD);
    });

    it('--diff: pipelines that need different pods get the error and no diff printed as if valid', async () => {
      writeFileSync(join(dir, 'Jenkinsfile'), yamlFilePipeline('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:$BUILD_NUMBER'));
      writeFileSync(join(dir, 'release', 'Jenkinsfile'), yamlFilePipeline('quay.io/acme/app:$BUILD_NUMBER'));
      const { code, stdout, stderr } = await run(dir, '--diff', '.');
      assert.equal(code, 2, stderr);
      assert.match(stderr, /^release\/Jenkinsfile: error: not written: ci\/build-pod\.yaml is also the yamlFile of Jenkinsfile, which needs a different pod/m);
      assert.doesNotMatch(stdout, /build-pod\.yaml/);
      assert.equal(stdout, '');
    });

    for (const skippedFirst of [true, false])
      it(`leaves the shared pod alone when another reader is skipped (${skippedFirst ? 'before' : 'after'} the one that migrates): exit 1, naming it`, async () => {
        const migrates = yamlFilePipeline('registry.example.com/app:$BUILD_NUMBER');
        // docker run needs the daemon: that stage is skipped, and it would lose its daemon with the pod.
        const skipped = yamlFilePipeline('registry.example.com/tool:1').replace(
          "sh 'docker push",
          "sh 'docker run --rm registry.example.com/tool:1 make test'\n        sh 'docker push",
        );
        const [root, release] = skippedFirst ? [skipped, migrates] : [migrates, skipped];
        writeFileSync(join(dir, 'Jenkinsfile'), root);
        writeFileSync(join(dir, 'release', 'Jenkinsfile'), release);
        for (const mode of [[], ['--diff']]) {
          const { code, stdout, stderr } = await run(dir, ...mode, '.');
          assert.equal(code, 1, stderr);
          const [migrator, reader] = skippedFirst ? ['release/Jenkinsfile', 'Jenkinsfile'] : ['Jenkinsfile', 'release/Jenkinsfile'];
          assert.ok(
            stderr.includes(
              `${migrator}: skipped: not written: ci/build-pod.yaml is also the yamlFile of ${reader}, which is not migrated to Kaniko in this run`,
            ),
            stderr,
          );
          assert.match(stderr, /skipped stage 'Build' \[runs-container\]/);
          assert.doesNotMatch(stderr, /migrated stage|report follows/);
          assert.doesNotMatch(stdout, /build-pod\.yaml/);
          assert.equal(readFileSync(join(dir, 'ci', 'build-pod.yaml'), 'utf8'), POD);
          assert.equal(readFileSync(join(dir, 'Jenkinsfile'), 'utf8'), root);
          assert.equal(readFileSync(join(dir, 'release', 'Jenkinsfile'), 'utf8'), release);
        }
      });
  });
});
