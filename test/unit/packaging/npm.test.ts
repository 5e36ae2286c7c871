// The npm package as a user gets it: `npm pack`, installed into an empty folder (offline: the
// package has no dependencies), both bins run from there. Nothing of the checkout is reachable.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient, fileUri } from '../../protocol/client';
import { repoRoot } from './repo';

const root = repoRoot();
const SEED = readFileSync(join(root, 'test/fixtures/seed/before.Jenkinsfile'), 'utf8');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

// Slow: bundles with esbuild, packs and installs with npm (a few seconds).
describe('npm package jenkinsfile-kaniko', function () {
  this.timeout(180_000);

  let folder: string;
  let bin: (name: string) => string;
  let packed: { name: string; dependencies?: unknown; files?: string[]; engines?: { node?: string }; private?: boolean };

  before(() => {
    const tarball = execFileSync(process.execPath, [join(root, 'scripts/npm-package.mjs'), '--pack'], { cwd: root, encoding: 'utf8' }).trim();
    folder = mkdtempSync(join(tmpdir(), 'jka-npm-'));
    // An empty folder of the user's, outside the checkout; --offline proves nothing is fetched.
    const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: folder, encoding: 'utf8' });
    assert.equal(install.status, 0, `npm install failed:\n${install.stdout}\n${install.stderr}`);
    bin = (name) => join(folder, 'node_modules', '.bin', name);
    packed = JSON.parse(readFileSync(join(folder, 'node_modules', 'jenkinsfile-kaniko', 'package.json'), 'utf8'));
  });

  after(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('is publishable, with no dependencies, a files allow-list and engines', () => {
    assert.equal(packed.name, 'jenkinsfile-kaniko');
    assert.notEqual(packed.private, true);
    assert.equal(packed.dependencies, undefined);
    assert.ok(Array.isArray(packed.files) && packed.files.length > 0);
    assert.equal(packed.engines?.node, '>=20');
  });

  it('runs jenkinsfile-kaniko: --version, and check on a Jenkinsfile', () => {
    const env = { ...process.env, XDG_CACHE_HOME: join(folder, 'cache') };
    assert.equal(execFileSync(bin('jenkinsfile-kaniko'), ['--version'], { cwd: folder, encoding: 'utf8', env }).trim(), version);
    writeFileSync(join(folder, 'Jenkinsfile'), SEED);
    const check = spawnSync(bin('jenkinsfile-kaniko'), ['check', '--format', 'json', 'Jenkinsfile'], { cwd: folder, encoding: 'utf8', env });
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /dind-privileged/);
  });

  it("keeps the CLI's V8 code cache in the user's cache folder, and runs the same without it or with a broken one", () => {
    writeFileSync(join(folder, 'Jenkinsfile'), SEED);
    const cache = join(folder, 'code-cache');
    const run = (extra: Record<string, string> = {}) => {
      const result = spawnSync(bin('jenkinsfile-kaniko'), ['check', '--format', 'json', 'Jenkinsfile'], {
        cwd: folder,
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: cache, ...extra },
      });
      assert.equal(result.status, 1, result.stderr);
      assert.equal(result.stderr, '');
      return result.stdout;
    };
    const cacheFiles = () => (existsSync(join(cache, 'jenkinsfile-kaniko')) ? readdirSync(join(cache, 'jenkinsfile-kaniko')) : []);
    const expected = run({ JENKINSFILE_KANIKO_NO_COMPILE_CACHE: '1' });
    assert.match(expected, /dind-privileged/);
    assert.deepEqual(cacheFiles(), [], 'turned off: nothing written');
    assert.equal(run(), expected, 'first run: compiles and writes the cache');
    const [file] = cacheFiles();
    // Keyed by the bundle's hash, the Node version and the command: another bundle never reads this
    // one's code, and another command's run does not decide what `check` finds compiled.
    assert.match(file ?? '', new RegExp(`^cli-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}-check\\.v8cache$`));
    const written = statSync(join(cache, 'jenkinsfile-kaniko', file));
    assert.ok(written.size > 10_000);
    assert.equal(written.mode & 0o777, 0o600);
    assert.equal(run(), expected, 'from the cache');
    assert.equal(statSync(join(cache, 'jenkinsfile-kaniko', file)).mtimeMs, written.mtimeMs, 'an accepted cache is not written again');
    writeFileSync(join(cache, 'jenkinsfile-kaniko', file), 'not V8 code');
    assert.equal(run(), expected, 'a broken cache is rejected by V8 and compiled anew');
    assert.ok(statSync(join(cache, 'jenkinsfile-kaniko', file)).size > 10_000, 'and rewritten');
    assert.deepEqual(cacheFiles(), [file], 'no temporary file left');
  });

  it('check --jobs: each worker thread reads the check code cache and sets up no write of its own', () => {
    const cache = join(folder, 'worker-cache');
    const log = join(folder, 'cache-access.log');
    const preload = join(folder, 'cache-access.cjs');
    // Loaded into every thread (NODE_OPTIONS' --require reaches worker threads too): logs which code
    // cache each thread reads, and which thread registers an exit handler (the launcher's cache write).
    writeFileSync(
      preload,
      `const fs = require('node:fs');
const { threadId } = require('node:worker_threads');
const note = (what) => fs.appendFileSync(${JSON.stringify(log)}, threadId + ' ' + what + '\\n');
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (String(file).endsWith('.v8cache')) note('reads ' + String(file).replace(/^.*-([a-z]+)\\.v8cache$/, '$1'));
  return readFileSync.call(this, file, ...rest);
};
const once = process.once;
process.once = function (event, ...rest) {
  if (event === 'exit') note('writes at exit');
  return once.call(this, event, ...rest);
};
`,
    );
    // Enough files that the workers get batches: a worker still starting when the main thread has
    // checked everything is ended before it reads anything (under load, with 3 files, one was).
    const files = Array.from({ length: 48 }, (_, i) => `p${i}.Jenkinsfile`);
    for (const name of files) writeFileSync(join(folder, name), SEED);
    const check = () => {
      const result = spawnSync(bin('jenkinsfile-kaniko'), ['check', '--jobs', '3', ...files], {
        cwd: folder,
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: cache, NODE_OPTIONS: `--require ${JSON.stringify(preload)}` },
      });
      assert.equal(result.status, 1, result.stderr);
      assert.equal(result.stdout.match(/dind-privileged/g)?.length, files.length);
      const lines = readFileSync(log, 'utf8').trim().split('\n').sort();
      rmSync(log);
      // Each worker thread that started (1 and 2; at least one did) read check's cache, nothing else.
      const workers = lines.filter((line) => !line.startsWith('0 '));
      assert.ok(workers.length > 0, 'a worker thread ran');
      for (const line of workers) assert.match(line, /^[12] reads check$/);
      return lines.filter((line) => line.startsWith('0 '));
    };
    // No cache yet: every thread compiles; only the main thread (0) writes what it compiled.
    assert.deepEqual(check(), ['0 reads check', '0 writes at exit']);
    // From the cache the main thread wrote: the workers read that same one.
    assert.deepEqual(check(), ['0 reads check']);
    assert.deepEqual(
      readdirSync(join(cache, 'jenkinsfile-kaniko')).map((name) => name.replace(/^cli-[0-9a-f]{16}-[^-]+-[^-]+-/, '')),
      ['check.v8cache'],
      'no other cache and no temporary file',
    );
  });

  it('runs jenkinsfile-kaniko-language-server: --version, and diagnostics over stdio by default', async () => {
    assert.equal(execFileSync(bin('jenkinsfile-kaniko-language-server'), ['--version'], { encoding: 'utf8' }).trim(), version);
    const client = await TestClient.start({ command: { file: bin('jenkinsfile-kaniko-language-server'), args: [] } });
    try {
      assert.equal(client.initializeResult.serverInfo?.version, version);
      const uri = fileUri(join(folder, 'Jenkinsfile'));
      await client.open(uri, SEED);
      const published = await client.diagnosticsFor(uri, 1);
      assert.ok(published.diagnostics.some((d) => d.code === 'dind-privileged'));
      assert.equal(await client.stop(), 0);
    } finally {
      client.kill();
    }
  });
});
