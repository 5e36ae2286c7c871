import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../server/src/cli/main';
import { fixText } from '../../../server/src/fixes';
import { fixSettings, migrationFixtures, modelBuilder } from '../fixes/helpers';

const fixtures = migrationFixtures();
const seed = fixtures.find((f) => f.name === 'seed')!;
const blocked = fixtures.find((f) => f.name === 'blocked-docker-run')!;

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['fix', ...argv], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, version: '0.0.0' });
  return { code, stdout, stderr };
}

describe('cli: jenkinsfile-kaniko fix', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jk-fix-'));
    writeFileSync(join(dir, 'Jenkinsfile'), seed.before);
    writeFileSync(join(dir, 'blocked.Jenkinsfile'), blocked.before);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rewrites the file in place and reports what it migrated on stderr', async () => {
    const { code, stdout, stderr } = await run(dir, '--kaniko-image', 'gcr.io/kaniko-project/executor:debug', 'Jenkinsfile');
    assert.equal(code, 0);
    assert.equal(stdout, '');
    assert.equal(readFileSync(join(dir, 'Jenkinsfile'), 'utf8'), seed.after);
    assert.match(stderr, /^Jenkinsfile:7: migrated stage 'Build' to Kaniko\. Stage 'Build' builds with Kaniko: container 'dind' becomes 'kaniko'/);
    assert.match(stderr, /\nJenkinsfile: next steps:\n  - Create the ConfigMap 'docker-config'/);
  });

  it('--stdout prints the result of one file and writes nothing', async () => {
    const { code, stdout } = await run(dir, '--stdout', '--kaniko-image=gcr.io/kaniko-project/executor:debug', 'Jenkinsfile');
    assert.equal(code, 0);
    assert.equal(stdout, seed.after);
    assert.equal(readFileSync(join(dir, 'Jenkinsfile'), 'utf8'), seed.before);
  });

  it('--diff prints a unified diff and writes nothing', async () => {
    const { code, stdout } = await run(dir, '--diff', 'Jenkinsfile');
    assert.equal(code, 0);
    assert.match(stdout, /^--- a\/Jenkinsfile\n\+\+\+ b\/Jenkinsfile\n@@ -8,\d+ \+8,\d+ @@\n/);
    assert.match(stdout, /^-\s+image: docker:18\.05-dind$/m);
    assert.match(stdout, /^\+\s+image: ghcr\.io\/osscontainertools\/kaniko:v1\.28\.3-debug$/m);
    assert.equal(readFileSync(join(dir, 'Jenkinsfile'), 'utf8'), seed.before);
  });

  it('reports skipped stages with their reason, leaves them alone and exits 1', async () => {
    const { code, stderr } = await run(dir, 'blocked.Jenkinsfile');
    assert.equal(code, 1);
    assert.match(stderr, /^blocked\.Jenkinsfile:\d+: skipped stage 'Build' \[runs-container\]: line \d+: `docker run` needs the Docker daemon/m);
    assert.equal(readFileSync(join(dir, 'blocked.Jenkinsfile'), 'utf8'), blocked.before);
  });

  it('searches directories, and a second run changes nothing', async () => {
    const first = await run(dir, '.');
    assert.equal(first.code, 1);
    const second = await run(dir, '.');
    assert.equal(second.code, 1);
    assert.doesNotMatch(second.stderr, /migrated/);
    assert.match(second.stderr, /skipped stage 'Build'/);
    const clean = join(dir, 'clean');
    cpSync(join(dir, 'Jenkinsfile'), join(clean, 'Jenkinsfile'), { recursive: true });
    const third = await run(clean, 'Jenkinsfile');
    assert.deepEqual([third.code, third.stderr], [0, 'Jenkinsfile: nothing to change\n']);
  });

  it('makes the same edits as the editor path', async () => {
    for (const fixture of fixtures.filter((f) => !f.readFile('ci/build-pod.yaml'))) {
      writeFileSync(join(dir, 'f.Jenkinsfile'), fixture.before);
      const args = [
        '--kaniko-image',
        fixture.settings.kanikoImage,
        '--keep-alive',
        fixture.settings.kanikoKeepAlive,
        '--registry-credentials',
        fixture.settings.registryCredentials,
      ];
      if (fixture.settings.serviceAccountName) args.push('--service-account', fixture.settings.serviceAccountName);
      if (fixture.settings.awsRoleArn) args.push('--role-arn', fixture.settings.awsRoleArn);
      if (fixture.settings.kanikoCache) args.push('--kaniko-cache');
      const { stdout } = await run(dir, '--stdout', ...args, 'f.Jenkinsfile');
      assert.equal(stdout, fixText(fixture.before, fixSettings(fixture.settings), modelBuilder()).text, fixture.name);
    }
  });

  it('--kaniko-cache turns --cache-from into the Kaniko layer cache; without it the option is dropped with a note', async () => {
    const text = seed.before.replace(/docker\.build\(([^)]*)\)/, (call, args: string) => `docker.build(${args}, "--cache-from ${'$'}{env.IMAGE}:latest .")`);
    assert.notEqual(text, seed.before);
    writeFileSync(join(dir, 'Jenkinsfile'), text);
    const off = await run(dir, '--stdout', 'Jenkinsfile');
    assert.equal(off.code, 0, off.stderr);
    assert.doesNotMatch(off.stdout, /--cache/);
    assert.match(off.stderr, /note: Dropped --cache-from .*kanikoCache/);
    const on = await run(dir, '--stdout', '--kaniko-cache', 'Jenkinsfile');
    assert.equal(on.code, 0, on.stderr);
    assert.match(on.stdout, /--cache=true --cache-repo \$\{env\.IMAGE\}\/cache/);
  });

  it('--stdout, which prints only the Jenkinsfile, skips a yamlFile pod and says why', async () => {
    const fixture = fixtures.find((f) => f.name === 'yamlfile-dind')!;
    cpSync(fixture.dir, join(dir, 'yf'), { recursive: true });
    const { code, stdout, stderr } = await run(join(dir, 'yf'), '--stdout', 'before.Jenkinsfile');
    assert.equal(code, 1);
    assert.equal(stdout, fixture.before);
    assert.match(stderr, /skipped stage 'Build' \[yamlfile\]: the pod is defined in ci\/build-pod\.yaml \(yamlFile\), which the migration edits too/);
    assert.equal(readFileSync(join(dir, 'yf', 'ci', 'build-pod.yaml'), 'utf8'), fixture.readFile('ci/build-pod.yaml'));
  });

  it('rejects bad usage with exit status 2', async () => {
    for (const argv of [
      [],
      ['--stdout', '--diff', 'Jenkinsfile'],
      ['--stdout', 'Jenkinsfile', 'blocked.Jenkinsfile'],
      ['--keep-alive', 'forever', 'Jenkinsfile'],
      ['--kaniko-image', 'not an image', 'Jenkinsfile'],
      ['--bogus', 'Jenkinsfile'],
    ]) {
      const { code, stderr } = await run(dir, ...argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(stderr, /Usage: jenkinsfile-kaniko fix/);
    }
    const missing = await run(dir, 'nope.Jenkinsfile');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read 'nope\.Jenkinsfile'/);
  });

  it('prints its usage with --help', async () => {
    const { code, stdout } = await run(dir, '--help');
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: jenkinsfile-kaniko fix \[--stdout \| --diff\]/);
  });
});
