import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FileChecker, type CheckFileOptions } from '../../../server/src/cli/checkFile';
import { checkInThreads } from '../../../server/src/cli/checkThreads';
import { main } from '../../../server/src/cli/main';
import { DEFAULT_SETTINGS } from '../../../server/src/shared/settings';
import { CHECK_WORKER_FLAG, type CliIo } from '../../../server/src/cli/io';
import { RULES } from '../../../server/src/rules';

const SEED = fs.readFileSync(path.join(__dirname, '../../../../test/fixtures/seed/before.Jenkinsfile'), 'utf8');
const CLEAN = `pipeline {
  agent { kubernetes { yaml '''
spec:
  containers:
  - name: kaniko
    image: martizih/kaniko:v1.27.0-debug
    command: [/busybox/cat]
    tty: true
''' } }
  stages { stage('Build') { steps { container('kaniko') { sh '/kaniko/executor --context . --destination r.example.com/app:1' } } } }
}
`;

async function run(argv: string[], cwd: string, checkThreads?: CliIo['checkThreads']): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, version: '9.9.9', checkThreads };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('cli: jenkinsfile-kaniko check', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-check-'));
    fs.writeFileSync(path.join(dir, 'Jenkinsfile'), SEED);
    fs.mkdirSync(path.join(dir, 'ci'));
    fs.writeFileSync(path.join(dir, 'ci', 'release.Jenkinsfile'), CLEAN);
    fs.writeFileSync(path.join(dir, 'ci', 'Jenkinsfile.prod'), SEED);
    fs.writeFileSync(path.join(dir, 'ci', 'notes.txt'), SEED);
    fs.mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'x', 'Jenkinsfile'), SEED);
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints eslint-style output and exits 1 on warnings', async () => {
    const { code, stdout } = await run(['check', 'Jenkinsfile'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /^\nJenkinsfile\n/);
    assert.match(stdout, /\n {2}20:7 +warning +Container 'dind' runs Docker-in-Docker.* +dind-privileged\n/);
    assert.match(stdout, /✖ 7 problems \(0 errors, 4 warnings, 3 info\/hint\)/);
  });

  it('exits 0 with no output for a clean file', async () => {
    const { code, stdout } = await run(['check', 'ci/release.Jenkinsfile'], dir);
    assert.equal(code, 0);
    assert.equal(stdout, '');
  });

  it('searches directories for Jenkinsfile names, skipping node_modules', async () => {
    const { stdout } = await run(['check', '--format', 'json', '.'], dir);
    const files = (JSON.parse(stdout) as Array<{ file: string }>).map((r) => r.file);
    assert.deepEqual(files, ['Jenkinsfile', path.join('ci', 'Jenkinsfile.prod'), path.join('ci', 'release.Jenkinsfile')]);
  });

  it('prints JSON with 0-based LSP ranges', async () => {
    const { stdout } = await run(['check', '--format=json', 'Jenkinsfile'], dir);
    const [report] = JSON.parse(stdout) as Array<{
      file: string;
      diagnostics: Array<{
        rule: string;
        severity: string;
        message: string;
        range: { start: { line: number; character: number }; end: { line: number; character: number } };
      }>;
    }>;
    const dind = report.diagnostics.find((d) => d.rule === 'dind-privileged')!;
    assert.equal(dind.severity, 'warning');
    assert.deepEqual(dind.range, { start: { line: 19, character: 6 }, end: { line: 19, character: 22 } });
    const lines = SEED.split('\n');
    assert.equal(lines[19].slice(6, 22), 'privileged: true');
    assert.deepEqual(Object.keys(dind).sort(), ['message', 'range', 'rule', 'severity']);
  });

  it('prints SARIF 2.1.0 with rule metadata and help links', async () => {
    const { stdout, code } = await run(['check', '--format', 'sarif', 'Jenkinsfile'], dir);
    assert.equal(code, 1);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const driver = sarif.runs[0].tool.driver;
    assert.equal(driver.name, 'jenkinsfile-kaniko');
    assert.equal(driver.version, '9.9.9');
    assert.deepEqual(
      driver.rules.map((r: { id: string }) => r.id),
      RULES.map((r) => r.meta.id),
    );
    for (const rule of driver.rules) assert.match(rule.helpUri, /\/docs\/rules\/[\w-]+\.md$/);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'dind-privileged');
    assert.equal(result.level, 'warning');
    assert.equal(driver.rules[result.ruleIndex].id, 'dind-privileged');
    const location = result.locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uri, 'Jenkinsfile');
    assert.deepEqual([location.region.startLine, location.region.startColumn, location.region.endColumn], [20, 7, 23]);
    assert.equal(location.region.snippet.text, 'privileged: true');
  });

  it('SARIF artifact URIs are URI references that resolve to the files: escaped names, a colon in the first segment, a file outside the working directory', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-check-outside-'));
    try {
      const files = [
        path.join(dir, 'My Repo #1', 'Jenkinsfile'),
        path.join(dir, '100%', 'Jenkinsfile'),
        path.join(dir, 'a:b.jenkinsfile'),
        path.join(outside, 'Jenkinsfile'),
      ];
      for (const file of files) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, SEED);
      }
      const { stdout } = await run(['check', '--format', 'sarif', ...files], dir);
      const sarif = JSON.parse(stdout);
      const base: string = sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri;
      assert.equal(base, pathToFileURL(dir + path.sep).href);
      const resolved = new Map<string, string>();
      for (const result of sarif.runs[0].results) {
        const location = result.locations[0].physicalLocation.artifactLocation;
        const uri: string = location.uri;
        // Before: 'My Repo #1/Jenkinsfile', which reads as 'My Repo ' with a fragment.
        assert.doesNotMatch(uri, /[ #]/);
        resolved.set(uri, location.uriBaseId === '%SRCROOT%' ? new URL(uri, base).href : uri);
      }
      assert.deepEqual([...new Set(resolved.values())].sort(), files.map((file) => pathToFileURL(file).href).sort());
      assert.deepEqual(
        [...resolved.keys()].sort(),
        ['./a:b.jenkinsfile', '100%25/Jenkinsfile', 'My%20Repo%20%231/Jenkinsfile', pathToFileURL(files[3]).href].sort(),
      );
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  // GitLab code quality: the Code Climate subset GitLab reads (docs.gitlab.com/ci/testing/code_quality).
  interface GitlabIssue {
    description: string;
    check_name: string;
    fingerprint: string;
    severity: string;
    location: { path: string; lines: { begin: number } };
  }
  const gitlab = async (argv: string[]): Promise<{ code: number; issues: GitlabIssue[] }> => {
    const { code, stdout } = await run(['check', '--format', 'gitlab', ...argv], dir);
    const issues = JSON.parse(stdout) as GitlabIssue[];
    assert.ok(Array.isArray(issues));
    for (const issue of issues) {
      assert.deepEqual(Object.keys(issue).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
      assert.deepEqual(Object.keys(issue.location).sort(), ['lines', 'path']);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity), issue.severity);
      assert.ok(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1);
      assert.ok(
        RULES.some((r) => r.meta.id === issue.check_name),
        issue.check_name,
      );
      assert.ok(issue.description.length > 0);
      assert.doesNotMatch(issue.location.path, /^\/|\\/, 'relative, with /');
    }
    // GitLab keeps one issue per fingerprint: two findings must never share one.
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
    return { code, issues };
  };

  it('prints GitLab code quality issues with paths, lines and severities GitLab reads', async () => {
    const { code, issues } = await gitlab(['.']);
    assert.equal(code, 1);
    const dind = issues.filter((i) => i.check_name === 'dind-privileged');
    assert.deepEqual(
      dind.map((i) => i.location.path),
      ['Jenkinsfile', 'ci/Jenkinsfile.prod'],
    );
    assert.deepEqual(
      dind.map((i) => i.location.lines.begin),
      [20, 20],
    );
    assert.equal(SEED.split('\n')[19].trim(), 'privileged: true');
    assert.deepEqual(
      dind.map((i) => i.severity),
      ['minor', 'minor'],
      'a warning is minor',
    );
    assert.match(dind[0].description, /Docker-in-Docker/);
    assert.ok(
      issues.some((i) => i.severity === 'info'),
      'information and hints are info',
    );
    const errors = await gitlab(['--rule', 'dind-privileged=error', 'Jenkinsfile']);
    assert.equal(errors.issues.find((i) => i.check_name === 'dind-privileged')?.severity, 'major');
    assert.deepEqual(await gitlab(['ci/release.Jenkinsfile']), { code: 0, issues: [] });
  });

  it('keeps each GitLab fingerprint when lines above move, and tells repeated findings apart', async () => {
    const before = (await gitlab(['Jenkinsfile'])).issues;
    fs.writeFileSync(path.join(dir, 'Jenkinsfile'), `// a\n// b\n// c\n${SEED}`);
    const after = (await gitlab(['Jenkinsfile'])).issues;
    assert.deepEqual(
      after.map((i) => [i.fingerprint, i.location.lines.begin - 3]),
      before.map((i) => [i.fingerprint, i.location.lines.begin]),
    );
    // The same container twice: same rule, same text, two issues.
    const twice = SEED.replace(/(\n {2}- name: dind\n[\s\S]*?privileged: true\n)/, '$1$1');
    assert.notEqual(twice, SEED);
    fs.writeFileSync(path.join(dir, 'Jenkinsfile'), twice);
    const repeated = (await gitlab(['Jenkinsfile'])).issues.filter((i) => i.check_name === 'dind-privileged');
    assert.equal(repeated.length, 2);
    assert.notEqual(repeated[0].fingerprint, repeated[1].fingerprint);
    assert.equal(repeated[0].fingerprint, before.find((i) => i.check_name === 'dind-privileged')?.fingerprint);
    // The fingerprint hashes the flagged text itself (`check` keeps it for this format), not a stand-in.
    const expected = createHash('sha256').update('Jenkinsfile\u0000dind-privileged\u0000privileged: true\u00000').digest('hex');
    assert.equal(repeated[0].fingerprint, expected);
  });

  it('applies --rule severity overrides, including off', async () => {
    const { stdout } = await run(['check', '--format', 'json', '--rule', 'dind-privileged=error', '--rule', 'aws-cli-per-run-install=off', 'Jenkinsfile'], dir);
    const [report] = JSON.parse(stdout) as Array<{ diagnostics: Array<{ rule: string; severity: string }> }>;
    assert.equal(report.diagnostics.find((d) => d.rule === 'dind-privileged')?.severity, 'error');
    assert.equal(
      report.diagnostics.some((d) => d.rule === 'aws-cli-per-run-install'),
      false,
    );
  });

  it('exits 0 when only information diagnostics remain', async () => {
    const off = ['dind-privileged', 'aws-cli-per-run-install', 'ecr-get-login-removed'].flatMap((id) => ['--rule', `${id}=off`]);
    const { code, stdout } = await run(['check', ...off, 'Jenkinsfile'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /information/);
  });

  it('exits 2 with a message on bad usage and unreadable files', async () => {
    for (const argv of [
      ['check'],
      ['check', '--format', 'xml', 'Jenkinsfile'],
      ['check', '--rule', 'nope=off', 'Jenkinsfile'],
      ['check', '--rule', 'dind-privileged=loud', 'Jenkinsfile'],
      ['check', '--bogus', 'Jenkinsfile'],
      ['check', '--jobs', '0', 'Jenkinsfile'],
      ['check', '--jobs', 'many', 'Jenkinsfile'],
      ['frobnicate'],
    ]) {
      const { code, stderr } = await run(argv, dir);
      assert.equal(code, 2, argv.join(' '));
      assert.ok(stderr.length > 0, argv.join(' '));
    }
    const missing = await run(['check', 'Jenkinsfile', 'missing/Jenkinsfile'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read 'missing\/Jenkinsfile'/);
    assert.match(missing.stdout, /dind-privileged/, 'readable files are still reported');
  });

  /** Every fixture's text, in a fixed order: real shapes for the threads to share out. */
  const fixtureTexts = (): string[] => {
    const texts: string[] = [];
    const collect = (folder: string): void => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (entry.isDirectory()) collect(path.join(folder, entry.name));
        else if (/jenkinsfile$/i.test(entry.name)) texts.push(fs.readFileSync(path.join(folder, entry.name), 'utf8'));
      }
    };
    collect(path.join(__dirname, '../../../../test/fixtures'));
    return texts;
  };
  const threadOptions = { settings: { ...DEFAULT_SETTINGS, rules: {} }, maxFileBytes: 32 * 1024, snippets: false };
  const workerEntry = path.join(__dirname, '../../../server/src/cli/main.js');
  /** `count` Jenkinsfiles under dir/tree, one of them over 32k and one missing, as check jobs in file order. */
  const threadJobs = (count: number): Array<{ path: string; target: string; name: string }> => {
    const texts = fixtureTexts();
    assert.ok(texts.length > 40, `${texts.length} fixtures`);
    return Array.from({ length: count }, (_, i) => {
      const name = path.join('tree', `repo-${String(i).padStart(3, '0')}`, 'Jenkinsfile');
      const file = path.join(dir, name);
      if (i !== 7) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, i === 20 ? `${texts[0]}\n${'/'.repeat(40 * 1024)}\n` : texts[i % texts.length]);
      }
      return { path: file, target: file, name };
    });
  };

  it('gives the same output and exit status on worker threads (--jobs) as on one thread, in file order', async function () {
    this.timeout(60000);
    threadJobs(60);
    const argv = ['check', '--format', 'json', '--max-file-size', '32k', 'tree'];
    const one = await run([...argv, '--jobs', '1'], dir);
    const three = await run([...argv, '--jobs=3'], dir);
    // The same, with every file checked by the two worker threads: this thread could otherwise
    // check them all before a worker has started, and prove nothing about the workers.
    let checkedByWorkers: number | undefined;
    const workersOnly = await run([...argv, '--jobs=3'], dir, { mainThreadHelps: false, checkedByWorkers: (count) => (checkedByWorkers = count) });
    assert.equal(checkedByWorkers, 59, 'every file found (repo-007 does not exist), by the workers');
    assert.equal(one.code, 2);
    assert.match(one.stderr, /cannot read 'tree\/repo-020\/Jenkinsfile': \d+ bytes, more than the limit/);
    assert.equal((JSON.parse(one.stdout) as unknown[]).length, 58, 'every file but the one over the limit (repo-007 does not exist)');
    assert.deepEqual(three, one);
    assert.deepEqual(workersOnly, one);
    const clean = await run(['check', '--format', 'json', '-j', '2', 'ci/release.Jenkinsfile', 'Jenkinsfile'], dir);
    assert.equal(clean.code, 1);
    assert.deepEqual(
      (JSON.parse(clean.stdout) as Array<{ file: string }>).map((r) => r.file),
      [path.join('ci', 'release.Jenkinsfile'), 'Jenkinsfile'],
    );
  });

  it('keeps the flagged text of each finding only when the format prints it (SARIF, GitLab)', () => {
    const jobs = threadJobs(12).filter((_, i) => i !== 7);
    const plain = new FileChecker(threadOptions);
    const withSnippets = new FileChecker({ ...threadOptions, snippets: true });
    let findings = 0;
    for (const job of jobs) {
      const without = plain.check(job);
      const withText = withSnippets.check(job);
      const text = fs.readFileSync(job.target, 'utf8');
      const lines = text.split('\n');
      const offsetOf = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((sum, line) => sum + line.length + 1, 0) + p.character;
      assert.ok(without.report && withText.report, job.name);
      for (const [i, d] of withText.report.diagnostics.entries()) {
        assert.equal(d.snippet, text.slice(offsetOf(d.range.start), offsetOf(d.range.end)), `${job.name} ${d.ruleId}`);
        assert.deepEqual(without.report.diagnostics[i], { ...d, snippet: undefined });
        findings++;
      }
      assert.equal(without.report.diagnostics.length, withText.report.diagnostics.length);
    }
    assert.ok(findings > 10, `${findings} findings`);
  });

  it('worker threads check every file, in file order, when the main thread leaves it to them', async function () {
    this.timeout(60000);
    // More files than two workers take in one batch each (8 files a batch), so each comes back for more.
    const files = threadJobs(60);
    const { outcomes, checkedByWorkers } = await checkInThreads(files, 3, threadOptions, workerEntry, false);
    assert.equal(checkedByWorkers, files.length);
    const checker = new FileChecker(threadOptions);
    assert.deepEqual(
      outcomes,
      files.map((file) => checker.check(file)),
    );
    assert.match(outcomes[7].error ?? '', /cannot read 'tree\/repo-007\/Jenkinsfile'/);
    assert.match(outcomes[20].error ?? '', /more than the limit/);
  });

  it('a worker thread that cannot start is a lost worker: the others finish, and are terminated', async function () {
    this.timeout(60000);
    const files = threadJobs(30);
    const started: Worker[] = [];
    let calls = 0;
    const startWorker = (entry: string, options: CheckFileOptions): Worker => {
      if (++calls === 2) throw new Error('out of threads');
      const worker = new Worker(entry, { argv: [CHECK_WORKER_FLAG], workerData: options, stdout: false, stderr: false });
      started.push(worker);
      return worker;
    };
    const { outcomes, checkedByWorkers } = await checkInThreads(files, 4, threadOptions, workerEntry, false, startWorker);
    assert.equal(started.length, 2, 'the third worker starts after the second fails');
    assert.equal(checkedByWorkers, files.length);
    const checker = new FileChecker(threadOptions);
    assert.deepEqual(
      outcomes,
      files.map((file) => checker.check(file)),
    );
    // A worker that has exited has no thread id left: none is left running to keep the process alive.
    for (const worker of started) assert.equal(worker.threadId, -1);
  });

  it('checks on the main thread alone when no worker thread can start', async () => {
    const files = threadJobs(12);
    const noWorker = (): Worker => {
      throw new Error('out of threads');
    };
    const { outcomes, checkedByWorkers } = await checkInThreads(files, 3, threadOptions, workerEntry, false, noWorker);
    assert.equal(checkedByWorkers, 0);
    const checker = new FileChecker(threadOptions);
    assert.deepEqual(
      outcomes,
      files.map((file) => checker.check(file)),
    );
  });

  it('prints help and version', async () => {
    assert.match((await run(['--help'], dir)).stdout, /Usage: jenkinsfile-kaniko <command>/);
    assert.match((await run(['check', '--help'], dir)).stdout, /--format stylish\|json\|sarif\|gitlab/);
    assert.match((await run(['check', '--help'], dir)).stdout, /at most 64/);
    assert.equal((await run(['--version'], dir)).stdout, '9.9.9\n');
  });
});

describe('pre-commit hook', () => {
  const hooks = fs.readFileSync(path.join(__dirname, '../../../../.pre-commit-hooks.yaml'), 'utf8');
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as { bin: Record<string, string> };

  it('runs the packaged check command', () => {
    const entry = /^\s*entry:\s*(\S+)\s+check\s*$/m.exec(hooks);
    assert.ok(entry, 'entry line');
    assert.ok(manifest.bin[entry[1]], `bin ${entry[1]} exists`);
    assert.match(hooks, /^\s*language:\s*node\s*$/m);
  });

  it('matches Jenkinsfile names only', () => {
    const files = new RegExp(/^\s*files:\s*(.+)$/m.exec(hooks)![1].trim());
    for (const name of ['Jenkinsfile', 'ci/Jenkinsfile', 'Jenkinsfile.prod', 'a/b/release.Jenkinsfile', 'x.jenkinsfile']) assert.ok(files.test(name), name);
    for (const name of ['Jenkinsfile/x.txt', 'README.md', 'src/Jenkinsfile.groovy/x', 'MyJenkinsfile']) assert.equal(files.test(name), false, name);
  });
});
