/**
 * `npm run bench`: how much linting costs, against the targets of the benchmark issue, printed
 * as one table and written to bench/RESULTS.md with the machine, Node version and date.
 *
 * Options: --quick (fewer iterations, smaller peer run), --no-peer (skip npm-groovy-lint),
 * --peer-files N (Jenkinsfiles of the tree given to the peer; default 100),
 * --out DIR (compiled output to load; default out/).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { floorOf } from './floor.mjs';
import { fiveThousandLines, ofSize, writeTree } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const QUICK = flag('--quick');
const OUT = path.resolve(ROOT, option('--out', 'out'));
const PEER_FILES = Number(option('--peer-files', QUICK ? '20' : '100'));
const CACHE = path.join(ROOT, '.cache', 'bench');
const PEER_DIR = path.join(ROOT, '.cache', 'npm-groovy-lint');
const PEER_VERSION = '16.2.0';
const TREE_FILES = 1000;
/** A steady typist: one keystroke every 150 ms (about 80 words a minute). */
const KEYSTROKE_INTERVAL_MS = 150;
/** The CLI as the npm package ships it: the launcher (code cache) and the bundle (scripts/npm-package.mjs). */
const CLI_BIN = path.join(ROOT, 'dist', 'npm', 'bin', 'jenkinsfile-kaniko.js');

const require = createRequire(import.meta.url);
const load = (module) => require(path.join(OUT, 'server', 'src', module));
const { parse } = load('parser');
const { buildModel } = load('model');
const { runRules } = load('rules');
const service = load('service');
/** Parsed pod YAML is reused by text across analyses; cold figures clear it first. */
let clearYamlCache = () => undefined;
try {
  clearYamlCache = load('model/yaml').clearParsedYamlCache ?? clearYamlCache;
} catch {
  // an older build without the cache
}
let fixes;
try {
  fixes = load('fixes');
} catch {
  fixes = undefined;
}

// ---------------------------------------------------------------------------------------------
// measuring

const rows = [];
const details = [];
const notes = [];
const log = (line) => process.stderr.write(`bench: ${line}\n`);

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), min: sorted[0], n: sorted.length };
}

/** Runs `fn` `warmup` times, then up to `iterations` times within `budgetMs`; returns per-run ms. */
function time(fn, { iterations, warmup = Math.min(20, iterations), budgetMs = 20_000 }) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  const deadline = performance.now() + budgetMs;
  for (let i = 0; i < iterations && (i < 3 || performance.now() < deadline); i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

const ms = (value) =>
  Number.isNaN(value) ? 'n/a' : value < 10 ? `${value.toFixed(2)} ms` : value < 1000 ? `${value.toFixed(1)} ms` : `${(value / 1000).toFixed(2)} s`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Figures of the last RESULTS.md by measure, for the "Previous" column. */
const previousResults = new Map();
try {
  for (const line of fs.readFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), 'utf8').split('\n')) {
    const cells = line.split(' | ');
    if (line.startsWith('| ') && cells.length >= 4 && !line.startsWith('| Measure') && !line.startsWith('| ---'))
      previousResults.set(cells[0].slice(2), cells[1]);
  }
} catch {
  // the first run
}

/**
 * One table row: the figure, its target and whether it is met (undefined: no target). `was` names
 * the row of the previous results this one replaces, when its wording changed.
 */
function row(measure, result, target = '', met = undefined, was = undefined) {
  const previous = previousResults.get(measure) ?? (was ? previousResults.get(was) : undefined) ?? '';
  rows.push({ measure, result, previous, target, status: met === undefined ? '' : met ? 'met' : '**missed**' });
  log(`${measure}: ${result}${target ? ` (target ${target}: ${met ? 'met' : 'MISSED'})` : ''}`);
}

function lintOnce(text) {
  clearYamlCache();
  const parsed = parse(text);
  const model = buildModel(text, { parseResult: parsed });
  return runRules(model, { severities: {} });
}

function readAndLint(file) {
  return lintOnce(fs.readFileSync(file, 'utf8'));
}

function readAndFloor(file) {
  return floorOf(fs.readFileSync(file, 'utf8'));
}

// ---------------------------------------------------------------------------------------------
// inputs

function listFixtures(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listFixtures(full, out);
    else if (/\.jenkinsfile$/i.test(entry.name) || entry.name === 'Jenkinsfile') out.push(full);
  }
  return out;
}

fs.mkdirSync(CACHE, { recursive: true });
const seedFile = path.join(ROOT, 'test', 'fixtures', 'seed', 'before.Jenkinsfile');
const fixtureFiles = listFixtures(path.join(ROOT, 'test', 'fixtures'));
const bigFile = path.join(CACHE, 'five-thousand-lines.Jenkinsfile');
fs.writeFileSync(bigFile, fiveThousandLines());
const megaFile = path.join(CACHE, 'one-megabyte.Jenkinsfile');
fs.writeFileSync(megaFile, ofSize(1024 * 1024));
const treeDir = path.join(CACHE, 'tree');
const fixtureTexts = fixtureFiles.map((f) => fs.readFileSync(f, 'utf8'));
writeTree(treeDir, TREE_FILES, fixtureTexts);
const bigText = fs.readFileSync(bigFile, 'utf8');
const megaText = fs.readFileSync(megaFile, 'utf8');
const lines = (text) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

const loadStart = os.loadavg();
const started = new Date();

// ---------------------------------------------------------------------------------------------
// 1. in-process latency: read + parse + model + all rules, and the floor on the same file

function inProcess(name, file, iterations, target) {
  const ours = time(() => readAndLint(file), { iterations });
  const floor = time(() => readAndFloor(file), { iterations });
  const ratio = ours.median / floor.median;
  const met = target === undefined ? undefined : ours.median < target;
  row(`${name}: parse + model + all rules (median / p95)`, `${ms(ours.median)} / ${ms(ours.p95)}`, target === undefined ? '' : `< ${ms(target)}`, met);
  return { ours, floor, ratio };
}

log(`in-process latency (${fixtureFiles.length} fixtures, seed, 5,000 lines, 1 MB)`);
const seedResult = inProcess('seed (before.Jenkinsfile, ' + lines(fs.readFileSync(seedFile, 'utf8')) + ' lines)', seedFile, QUICK ? 200 : 1000, 2);
const bigResult = inProcess(`generated ${lines(bigText)} lines, 200 stages, 50 pods`, bigFile, QUICK ? 10 : 40, 50);
const megaResult = inProcess(`generated 1 MB (${(megaText.length / 1024).toFixed(0)} KB, ${lines(megaText)} lines)`, megaFile, QUICK ? 3 : 10, 1000);

// An edit, as the language server sees it: one character typed outside the pods, everything else
// (the pods' YAML) as before, so the YAML parsed for the previous version is reused.
for (const [name, text, target] of [
  [`generated ${lines(bigText)} lines`, bigText, 30],
  ['1 MB', megaText, undefined],
]) {
  const at = text.indexOf('stages {') + 'stages {'.length;
  let typed = 0;
  lintOnce(text);
  const edit = time(
    () => {
      const edited = text.slice(0, at) + ' '.repeat(1 + (typed++ % 2)) + text.slice(at);
      runRules(buildModel(edited), { severities: {} });
    },
    { iterations: QUICK ? 5 : 30 },
  );
  row(
    `${name}: re-check after a one-character edit outside the pods (in process, median / p95)`,
    `${ms(edit.median)} / ${ms(edit.p95)}`,
    target === undefined ? '' : `< ${ms(target)}`,
    target === undefined ? undefined : edit.median < target,
  );
}

// Where the time of the large files goes.
for (const [name, text] of [
  ['5,000 lines', bigText],
  ['1 MB', megaText],
]) {
  const parseTime = time(() => parse(text), { iterations: QUICK ? 3 : 10 }).median;
  const parsed = parse(text);
  const modelTime = time(
    () => {
      clearYamlCache();
      buildModel(text, { parseResult: parsed });
    },
    { iterations: QUICK ? 3 : 10 },
  ).median;
  const model = buildModel(text, { parseResult: parsed });
  const rulesTime = time(() => runRules(model, { severities: {} }), { iterations: QUICK ? 3 : 10 }).median;
  details.push(
    `- ${name}: parse ${ms(parseTime)}, model (includes the pod YAML) ${ms(modelTime)}, rules ${ms(rulesTime)}; ${runRules(model, { severities: {} }).length} findings.`,
  );
}

const fixtureRows = [];
let worstFixture = { median: 0, p95: 0, name: '' };
for (const file of fixtureFiles) {
  const name = path.relative(ROOT, file);
  const result = time(() => readAndLint(file), { iterations: QUICK ? 30 : 200 });
  const floor = time(() => readAndFloor(file), { iterations: QUICK ? 30 : 200 });
  fixtureRows.push(
    `| ${name} | ${lines(fs.readFileSync(file, 'utf8'))} | ${ms(result.median)} | ${ms(result.p95)} | ${ms(floor.median)} | ${(result.median / floor.median).toFixed(1)}× |`,
  );
  if (result.median > worstFixture.median) worstFixture = { ...result, name };
}
row(
  `each of ${fixtureFiles.length} fixtures: slowest median / its p95`,
  `${ms(worstFixture.median)} / ${ms(worstFixture.p95)} (${worstFixture.name.replace('test/fixtures/', '')})`,
  '< 2 ms (as the seed)',
  worstFixture.median < 2,
);

// ---------------------------------------------------------------------------------------------
// 2. migration

if (fixes) {
  const settings = {
    rules: {},
    kanikoImage: service.DEFAULT_SETTINGS.kanikoImage,
    kanikoKeepAlive: service.DEFAULT_SETTINGS.kanikoKeepAlive,
    configMapName: service.DEFAULT_SETTINGS.configMapName,
  };
  for (const [name, text, iterations] of [
    ['seed', fs.readFileSync(seedFile, 'utf8'), QUICK ? 50 : 300],
    [`${lines(bigText)} lines`, bigText, QUICK ? 2 : 8],
  ]) {
    const model = buildModel(text);
    const stages = fixes.findMigratableStages(model);
    const one = time(
      () => {
        const plan = fixes.planStageMigration(model, stages[0], settings);
        if (!fixes.isBlocked(plan)) fixes.applyEdits(text, plan.edits);
      },
      { iterations },
    );
    row(`migration, ${name}: plan + apply one stage (code action; model built)`, `${ms(one.median)} / ${ms(one.p95)}`);
    let outcome;
    const whole = time(() => (outcome = fixes.fixText(text, settings, (t) => buildModel(t))), {
      iterations: Math.max(2, Math.ceil(iterations / 4)),
      warmup: 1,
    });
    row(
      `migration, ${name}: whole file (\`fix\`: ${outcome.migrated.length} of ${stages.length} stages + safe fixes)`,
      `${ms(whole.median)} / ${ms(whole.p95)}`,
    );
  }
} else {
  row('migration', 'not measured: server/src/fixes is not built');
}

// ---------------------------------------------------------------------------------------------
// 3. CLI throughput over the tree, one process

function timed(command, commandArgs, options = {}) {
  const haveTime = fs.existsSync('/usr/bin/time');
  const start = performance.now();
  const result = haveTime
    ? spawnSync('/usr/bin/time', ['-v', command, ...commandArgs], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 1024 * 1024 * 1024,
        timeout: options.timeoutMs,
        env: options.env ?? process.env,
      })
    : spawnSync(command, commandArgs, {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 1024 * 1024 * 1024,
        timeout: options.timeoutMs,
        env: options.env ?? process.env,
      });
  const wallMs = performance.now() - start;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr ?? '');
  const user = /User time \(seconds\): ([\d.]+)/.exec(result.stderr ?? '');
  const system = /System time \(seconds\): ([\d.]+)/.exec(result.stderr ?? '');
  const cpuMs = user && system ? (Number(user[1]) + Number(system[1])) * 1000 : NaN;
  return {
    wallMs,
    cpuMs,
    peakRss: rss ? Number(rss[1]) * 1024 : undefined,
    status: result.status,
    signal: result.signal,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    error: result.error,
  };
}

// The CLI as users run it: the npm package's bin (launcher + bundle), its code cache in a folder of
// the bench's own, emptied first: the first run compiles and writes it, the runs after it read it.
spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'npm-package.mjs')], { cwd: ROOT, stdio: 'ignore' });
const cliCache = path.join(CACHE, 'xdg-cache');
fs.rmSync(cliCache, { recursive: true, force: true });
const cliEnv = { ...process.env, XDG_CACHE_HOME: cliCache };
const uncachedEnv = { ...cliEnv, JENKINSFILE_KANIKO_NO_COMPILE_CACHE: '1' };
const medianOf = (runs) => [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)];
log('CLI, one file: process start');
{
  const first = timed(process.execPath, [CLI_BIN, 'check', seedFile], { env: cliEnv });
  if (first.status !== 1) notes.push(`The one-file CLI run exited with ${first.status}: ${first.stderr.slice(0, 500)}`);
  // Interleaved, so a change in the machine's load hits every side alike.
  const bareRuns = [];
  const oneRuns = [];
  const uncachedRuns = [];
  for (let i = 0; i < (QUICK ? 5 : 21); i++) {
    bareRuns.push(timed(process.execPath, ['-e', '']));
    oneRuns.push(timed(process.execPath, [CLI_BIN, 'check', seedFile], { env: cliEnv }));
    uncachedRuns.push(timed(process.execPath, [CLI_BIN, 'check', seedFile], { env: uncachedEnv }));
  }
  const bare = medianOf(bareRuns);
  const one = medianOf(oneRuns);
  const uncached = medianOf(uncachedRuns);
  const ratio = one.wallMs / bare.wallMs;
  row(
    "CLI `check` of one file (the seed), whole process via the npm package's bin / `node -e ''` (median)",
    `${ratio.toFixed(2)}× (${ms(one.wallMs)} vs ${ms(bare.wallMs)})`,
    '≤ 1.3×',
    ratio <= 1.3,
    "CLI `check` of one file (the seed), whole process via the bundled CLI / `node -e ''` (median)",
  );
  row(
    "CLI `check` of one file, without the code cache (a first run, or JENKINSFILE_KANIKO_NO_COMPILE_CACHE=1) / `node -e ''` (median)",
    `${(uncached.wallMs / bare.wallMs).toFixed(2)}× (${ms(uncached.wallMs)})`,
  );
  row(
    "CLI `check` of one file: CPU time (user + sys) with / without the code cache / `node -e ''` (median)",
    `${ms(medianOf(oneRuns.map((r) => ({ wallMs: r.cpuMs }))).wallMs)} / ${ms(medianOf(uncachedRuns.map((r) => ({ wallMs: r.cpuMs }))).wallMs)} / ${ms(medianOf(bareRuns.map((r) => ({ wallMs: r.cpuMs }))).wallMs)}`,
  );
}

log(`CLI over ${TREE_FILES} Jenkinsfiles`);
// 11 rounds, not 3: the target is ±5% of the floor, and a round's ratio spreads by ±5–10% with the load.
// Each round runs the floor, ours on one thread and ours with --jobs auto (33 processes in all).
const cliRuns = QUICK ? 1 : 11;
/** Threads `check --jobs auto` uses on this machine for the tree: see cli/check.ts (the default is one). */
let filesPerThread = 200;
try {
  filesPerThread = require(path.join(OUT, 'server', 'src', 'cli', 'check.js')).MIN_FILES_PER_THREAD ?? filesPerThread;
} catch {
  // an older build
}
const cliThreads = Math.max(1, Math.min(os.availableParallelism(), Math.floor(TREE_FILES / filesPerThread)));
// Interleaved with the floor, run for run, for the same reason: the default (one thread) and --jobs auto.
const cliTreeRuns = [];
const threadedTreeRuns = [];
const floorTreeRuns = [];
for (let i = 0; i < cliRuns; i++) {
  cliTreeRuns.push(timed(process.execPath, [CLI_BIN, 'check', '--jobs', '1', '--format', 'json', treeDir], { env: cliEnv }));
  floorTreeRuns.push(timed(process.execPath, [path.join(ROOT, 'bench', 'floor.mjs'), treeDir]));
  threadedTreeRuns.push(timed(process.execPath, [CLI_BIN, 'check', '--jobs', 'auto', '--format', 'json', treeDir], { env: cliEnv }));
}
const cli = medianOf(cliTreeRuns);
const threaded = medianOf(threadedTreeRuns);
const cliReported = cli.status === 0 || cli.status === 1 ? JSON.parse(cli.stdout) : undefined;
const cliFiles = Array.isArray(cliReported) ? cliReported.length : Array.isArray(cliReported?.files) ? cliReported.files.length : TREE_FILES;
if (cli.status !== 0 && cli.status !== 1) notes.push(`The CLI run exited with ${cli.status}: ${cli.stderr.slice(0, 500)}`);
if (threaded.stdout !== cli.stdout) notes.push('`check --jobs auto` printed something else than the default run (one thread) over the tree.');
const filesPerSecond = (cliFiles / cli.wallMs) * 1000;
row(
  `CLI \`check\` over ${TREE_FILES} Jenkinsfiles, one process (one thread, the default): files/s`,
  `${filesPerSecond.toFixed(0)} files/s (\`--jobs auto\`, ${cliThreads} thread${cliThreads === 1 ? '' : 's'}: ${((cliFiles / threaded.wallMs) * 1000).toFixed(0)} files/s)`,
  '≥ 1,000 files/s',
  filesPerSecond >= 1000,
  `CLI \`check\` over ${TREE_FILES} Jenkinsfiles, one process: files/s`,
);
row(
  `CLI \`check\` over ${TREE_FILES} Jenkinsfiles: wall time, CPU time, peak RSS (default, one thread / \`--jobs auto\`)`,
  `${ms(cli.wallMs)}, ${ms(cli.cpuMs)}, ${cli.peakRss ? mb(cli.peakRss) : 'n/a'} / ${ms(threaded.wallMs)}, ${ms(threaded.cpuMs)}, ${threaded.peakRss ? mb(threaded.peakRss) : 'n/a'}`,
  '',
  undefined,
  `CLI \`check\` over ${TREE_FILES} Jenkinsfiles: wall time, CPU time, peak RSS`,
);
const floorCli = medianOf(floorTreeRuns);
const cliRatio = cli.wallMs / floorCli.wallMs;
// Each round's own ratio, so the row shows how far one run can stray from the medians' ratio.
const roundRatios = cliTreeRuns.map((run, i) => run.wallMs / floorTreeRuns[i].wallMs).sort((a, b) => a - b);
row(
  `floor: read the same ${TREE_FILES} files + parse their YAML (\`yaml\`), one process, one thread: wall time, CPU time, peak RSS`,
  `${ms(floorCli.wallMs)}, ${ms(floorCli.cpuMs)}, ${floorCli.peakRss ? mb(floorCli.peakRss) : 'n/a'}`,
  '',
  undefined,
  `floor: read the same ${TREE_FILES} files + parse their YAML (\`yaml\`), one process: wall time, CPU time, peak RSS`,
);
row(
  `our cost / floor: CLI over ${TREE_FILES} files (wall, process start included; one thread each; median of ${cliRuns} interleaved rounds)`,
  `${cliRatio.toFixed(2)}× (CPU time ${(cli.cpuMs / floorCli.cpuMs).toFixed(2)}×; one round's ratio ${roundRatios[0].toFixed(2)}–${roundRatios[roundRatios.length - 1].toFixed(2)}×)`,
  '≤ 1.25×',
  cliRatio <= 1.25,
  `our cost / floor: CLI over ${TREE_FILES} files (wall, process start included; one thread each)`,
);
row(
  `our cost / floor: CLI over ${TREE_FILES} files, \`--jobs auto\` (ours on ${cliThreads} thread${cliThreads === 1 ? '' : 's'}, the floor on one)`,
  `${(threaded.wallMs / floorCli.wallMs).toFixed(2)}× (CPU time ${(threaded.cpuMs / floorCli.cpuMs).toFixed(2)}×)`,
);
for (const [name, result] of [
  ['seed', seedResult],
  ['5,000 lines', bigResult],
  ['1 MB', megaResult],
]) {
  row(
    `our cost / floor: ${name}, in process (read + lint vs read + YAML)`,
    `${result.ratio.toFixed(1)}× (floor ${ms(result.floor.median)})`,
    '≤ 3×',
    result.ratio <= 3,
  );
}

// ---------------------------------------------------------------------------------------------
// 4. language server

async function languageServer() {
  const rpc = require('vscode-jsonrpc/node');
  const serverFile = path.join(OUT, 'server', 'src', 'server.js');
  if (!fs.existsSync(serverFile)) {
    row('language server', `not measured: ${path.relative(ROOT, serverFile)} is not built`);
    return;
  }
  // Started as the VS Code client starts it (server/src/shared/serverProcess.ts: a larger young generation).
  const { SERVER_EXEC_ARGV = [] } = (() => {
    try {
      return load('shared/serverProcess');
    } catch {
      return {};
    }
  })();
  const serverArgs = [...SERVER_EXEC_ARGV, serverFile, '--stdio'];
  const child = spawn(process.execPath, serverArgs, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const waiters = new Map();
  let publications = 0;
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    publications++;
    const waiter = waiters.get(params.uri);
    if (waiter && (waiter.version === undefined || params.version === undefined || params.version >= waiter.version)) {
      waiters.delete(params.uri);
      waiter.resolve(performance.now());
    }
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const published = (uri, version) => new Promise((resolve) => waiters.set(uri, { version, resolve }));
  // No pull capability: this server pushes diagnostics (after its adaptive pause).
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  connection.sendNotification('initialized', {});
  const pause = (msToWait) => new Promise((resolve) => setTimeout(resolve, Math.max(0, msToWait)));
  const oneKeystroke = (i, line) =>
    i % 2 === 0
      ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }
      : { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' };

  /** Keystroke → publishDiagnostics of that version, typing one key every KEYSTROKE_INTERVAL_MS. */
  async function typing(file, text, keystrokes) {
    const uri = pathToFileURL(file).href;
    let version = 1;
    let ready = published(uri, version);
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jenkinsfile', version, text } });
    await ready;
    const samples = [];
    const line = Math.floor(lines(text) / 2);
    for (let i = 0; i < keystrokes; i++) {
      version++;
      ready = published(uri, version);
      const sent = performance.now();
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [oneKeystroke(i, line)] });
      samples.push((await ready) - sent);
      await pause(KEYSTROKE_INTERVAL_MS - (performance.now() - sent));
    }
    return { uri, version, stats: stats(samples) };
  }

  const big = await typing(bigFile, bigText, QUICK ? 10 : 40);
  row(
    `LSP: keystroke → publishDiagnostics, ${lines(bigText)} lines, typing a key every ${KEYSTROKE_INTERVAL_MS} ms, end to end (median / p95)`,
    `${ms(big.stats.median)} / ${ms(big.stats.p95)}`,
    '≤ 50 ms',
    big.stats.median <= 50,
    `LSP: didChange → publishDiagnostics, ${lines(bigText)} lines, minus the 150 ms debounce (median / p95)`,
  );
  const small = await typing(seedFile, fs.readFileSync(seedFile, 'utf8'), QUICK ? 10 : 40);
  row(
    `LSP: keystroke → publishDiagnostics, seed (${lines(fs.readFileSync(seedFile, 'utf8'))} lines), same typing, end to end (median / p95)`,
    `${ms(small.stats.median)} / ${ms(small.stats.p95)}`,
    '≤ 20 ms',
    small.stats.median <= 20,
  );

  // A burst: 20 keys 20 ms apart (key repeat) on the 5,000-line file. Checks must not pile up:
  // count the publications during the burst, and time from the last key to the final diagnostics.
  // The target is that time: checks queued behind each other would delay it. (The count is no
  // target: handlers/diagnostics.ts checks an edit at once when the pause before it is longer than
  // two checks, so once a check of this file takes under 10 ms, each key of the burst gets one.)
  {
    const line = Math.floor(lines(bigText) / 2);
    let version = big.version;
    const before = publications;
    let ready;
    let lastSent = 0;
    for (let i = 0; i < 20; i++) {
      version++;
      ready = published(big.uri, version);
      lastSent = performance.now();
      connection.sendNotification('textDocument/didChange', { textDocument: { uri: big.uri, version }, contentChanges: [oneKeystroke(i, line)] });
      await pause(20);
    }
    const settled = (await ready) - lastSent;
    const checks = publications - before;
    row(
      `LSP: a burst of 20 keystrokes 20 ms apart, ${lines(bigText)} lines: checks run, last key → diagnostics`,
      `${checks} checks, ${ms(settled)}`,
      'last key → diagnostics ≤ 50 ms (no check queued)',
      settled <= 50,
    );
  }
  await connection.sendRequest('shutdown');
  connection.sendNotification('exit');
  await new Promise((resolve) => child.once('exit', resolve));
  connection.dispose();

  // Memory: a fresh server with 100 Jenkinsfiles of the tree open, once all are diagnosed.
  {
    const memChild = spawn(process.execPath, serverArgs, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    const mem = rpc.createMessageConnection(new rpc.StreamMessageReader(memChild.stdout), new rpc.StreamMessageWriter(memChild.stdin));
    const memWaiters = new Map();
    mem.onNotification('textDocument/publishDiagnostics', (params) => memWaiters.get(params.uri)?.());
    mem.onNotification('window/logMessage', () => undefined);
    mem.listen();
    await mem.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    mem.sendNotification('initialized', {});
    const treeFiles = fs
      .readdirSync(treeDir)
      .sort()
      .slice(0, 100)
      .map((folder) => path.join(treeDir, folder, 'Jenkinsfile'));
    const opened = treeFiles.map((file) => {
      const documentUri = pathToFileURL(file).href;
      const done = new Promise((resolve) => memWaiters.set(documentUri, resolve));
      mem.sendNotification('textDocument/didOpen', {
        textDocument: { uri: documentUri, languageId: 'jenkinsfile', version: 1, text: fs.readFileSync(file, 'utf8') },
      });
      return done;
    });
    await Promise.all(opened);
    const rss = processRss(memChild.pid);
    row(
      `LSP: server memory (RSS) with ${treeFiles.length} open Jenkinsfiles of the tree, all diagnosed`,
      rss ? mb(rss) : 'n/a (no /proc)',
      '≤ 100 MB',
      rss !== undefined && rss <= 100 * 1024 * 1024,
      'LSP: server memory (RSS) with 201 open documents',
    );
    await mem.sendRequest('shutdown');
    mem.sendNotification('exit');
    await new Promise((resolve) => memChild.once('exit', resolve));
    mem.dispose();
  }

  // Pull diagnostics: the same edit, answered without a debounce.
  const uri = big.uri;
  const edits = QUICK ? 8 : 30;
  const editLine = Math.floor(lines(bigText) / 2);
  const pullChild = spawn(process.execPath, serverArgs, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const pull = rpc.createMessageConnection(new rpc.StreamMessageReader(pullChild.stdout), new rpc.StreamMessageWriter(pullChild.stdin));
  pull.onRequest('workspace/configuration', (params) => params.items.map(() => null));
  pull.onRequest('client/registerCapability', () => null);
  pull.onNotification('window/logMessage', () => undefined);
  pull.listen();
  await pull.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } },
  });
  pull.sendNotification('initialized', {});
  let pullVersion = 1;
  pull.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jenkinsfile', version: pullVersion, text: bigText } });
  await pull.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  const pullSamples = [];
  for (let i = 0; i < edits; i++) {
    pullVersion++;
    const change =
      i % 2 === 0
        ? { range: { start: { line: editLine, character: 0 }, end: { line: editLine, character: 0 } }, text: ' ' }
        : { range: { start: { line: editLine, character: 0 }, end: { line: editLine, character: 1 } }, text: '' };
    const sent = performance.now();
    pull.sendNotification('textDocument/didChange', { textDocument: { uri, version: pullVersion }, contentChanges: [change] });
    await pull.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    pullSamples.push(performance.now() - sent);
  }
  const pulled = stats(pullSamples);
  row(
    `LSP: didChange → textDocument/diagnostic answer (pull, no debounce), ${lines(bigText)} lines`,
    `${ms(pulled.median)} / ${ms(pulled.p95)}`,
    '< 30 ms',
    pulled.median < 30,
  );
  await pull.sendRequest('shutdown');
  pull.sendNotification('exit');
  await new Promise((resolve) => pullChild.once('exit', resolve));
  pull.dispose();
}

function processRss(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return rss ? Number(rss[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

log('language server');
await languageServer();

// ---------------------------------------------------------------------------------------------
// 5. extension activation and .vsix size

log('extension');
const clientBundle = path.join(ROOT, 'dist', 'client.js');
if (fs.existsSync(clientBundle)) {
  const activations = [];
  for (let i = 0; i < (QUICK ? 3 : 10); i++) {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'activate-child.cjs'), clientBundle], { encoding: 'utf8' });
    try {
      activations.push(JSON.parse(result.stdout.trim().split('\n').pop()));
    } catch {
      notes.push(`Activation run failed: ${result.stderr.slice(0, 300)}`);
    }
  }
  const failed = activations.find((a) => a.error);
  if (failed) notes.push(`activate() threw with the stand-in vscode module: ${failed.error.split('\n')[0]}`);
  const req = stats(activations.map((a) => a.requireMs));
  const act = stats(activations.map((a) => a.activateMs));
  row(
    'extension: require(dist/client.js) + activate(), stand-in `vscode`, fresh process (median)',
    `${ms(req.median + act.median)} (require ${ms(req.median)}, activate ${ms(act.median)})`,
  );
} else {
  row('extension activation', 'not measured: dist/client.js is missing (npm run package)');
}
const vsix = path.join(ROOT, 'dist', 'jenkinsfile-kaniko-assistant.vsix');
if (fs.existsSync(vsix)) {
  const size = fs.statSync(vsix).size;
  row(
    `.vsix size (${path.relative(ROOT, vsix)}, built ${fs.statSync(vsix).mtime.toISOString().slice(0, 16).replace('T', ' ')})`,
    `${(size / 1024).toFixed(0)} KB`,
    '< 1 MB',
    size < 1024 * 1024,
  );
} else {
  row('.vsix size', 'not measured: run `npm run package` first', '< 1 MB');
}

// ---------------------------------------------------------------------------------------------
// 6. the peer: npm-groovy-lint (CodeNarc), same files, same way

function peer() {
  if (flag('--no-peer')) {
    row('peer npm-groovy-lint', 'skipped (--no-peer)');
    return;
  }
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    row('peer npm-groovy-lint (CodeNarc)', 'not measured: no Java on this machine (it needs a JRE)');
    return;
  }
  const javaVersion = (java.stderr.split('\n')[0] ?? '').trim();
  const bin = path.join(PEER_DIR, 'node_modules', '.bin', 'npm-groovy-lint');
  if (!fs.existsSync(bin)) {
    log(`installing npm-groovy-lint@${PEER_VERSION} into ${path.relative(ROOT, PEER_DIR)} (npm registry)`);
    fs.mkdirSync(PEER_DIR, { recursive: true });
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', PEER_DIR, `npm-groovy-lint@${PEER_VERSION}`], {
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (install.status !== 0 || !fs.existsSync(bin)) {
      row(
        'peer npm-groovy-lint (CodeNarc)',
        `not measured: could not install it from the npm registry (${(install.stderr || String(install.error)).split('\n').filter(Boolean).slice(-1)[0]})`,
      );
      return;
    }
  }
  const peerVersion = JSON.parse(fs.readFileSync(path.join(PEER_DIR, 'node_modules', 'npm-groovy-lint', 'package.json'), 'utf8')).version;
  notes.push(
    `Peer: npm-groovy-lint ${peerVersion} (CodeNarc, bundled JARs) on ${javaVersion}, run with \`--noserver\` (one JVM per run, as a CI job or a pre-commit hook would) and \`--output json\`.`,
  );
  // A peer subset of the tree, in its own folder so both tools see exactly the same files.
  const subset = path.join(CACHE, 'peer-tree');
  fs.rmSync(subset, { recursive: true, force: true });
  const folders = fs.readdirSync(treeDir).sort().slice(0, PEER_FILES);
  for (const folder of folders) fs.cpSync(path.join(treeDir, folder), path.join(subset, folder), { recursive: true });
  const single = (file) => {
    const dir = path.join(CACHE, `peer-${path.basename(file)}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(file, path.join(dir, 'Jenkinsfile'));
    return dir;
  };
  const cases = [
    ['seed', single(seedFile), 1],
    [`${lines(bigText)} lines`, single(bigFile), 1],
    [`${folders.length} Jenkinsfiles of the tree`, subset, folders.length],
  ];
  for (const [name, target, files] of cases) {
    log(`peer on ${name}`);
    const theirs = timed(bin, ['--noserver', '--output', 'json', '--failon', 'none', '--loglevel', 'error', target], { timeoutMs: 900_000 });
    const ours = timed(process.execPath, [path.join(ROOT, 'bin', 'jenkinsfile-kaniko.js'), 'check', '--format', 'json', target]);
    if (theirs.error || theirs.signal || (theirs.status !== 0 && theirs.status !== 1)) {
      const downloads = /https?:\/\/\S+/.exec(theirs.stderr + theirs.stdout);
      const why = theirs.signal
        ? `stopped after ${ms(theirs.wallMs)} (${theirs.signal})`
        : downloads
          ? `it tried to download ${downloads[0]}`
          : `exit ${theirs.status}: ${(theirs.stderr || theirs.stdout).split('\n').filter(Boolean).slice(-1)[0] ?? ''}`;
      row(`peer npm-groovy-lint on ${name}`, `not measured: ${why}`);
      continue;
    }
    let linted = files;
    try {
      linted = JSON.parse(theirs.stdout).summary?.totalFilesLinted ?? files;
    } catch {
      // keep the count we gave it
    }
    row(
      `peer npm-groovy-lint on ${name}: wall, peak RSS (ours)`,
      `${ms(theirs.wallMs)}, ${theirs.peakRss ? mb(theirs.peakRss) : 'n/a'} (ours ${ms(ours.wallMs)}, ${ours.peakRss ? mb(ours.peakRss) : 'n/a'}) → **${(theirs.wallMs / ours.wallMs).toFixed(0)}× our time**${linted !== files ? `; it linted ${linted} of ${files} files` : ''}`,
    );
  }
}
peer();

// ---------------------------------------------------------------------------------------------
// report

const loadEnd = os.loadavg();
const cpus = os.cpus();
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== '';
const header = [
  `- Date: ${started.toISOString().replace('T', ' ').slice(0, 16)} UTC${QUICK ? ' (--quick run)' : ''}`,
  `- Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.type()} ${os.release()}`,
  `- Node ${process.version}; commit ${commit}${dirty ? ' with uncommitted changes in the work tree' : ''}`,
  `- Load average (1 min) at start ${loadStart[0].toFixed(1)}, at end ${loadEnd[0].toFixed(1)} on ${cpus.length} CPUs: figures taken on a busy machine are high and noisy.`,
];
const table = [
  '| Measure | Result | Previous | Target | Status |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.measure} | ${r.result} | ${r.previous} | ${r.target} | ${r.status} |`),
].join('\n');
process.stdout.write(`\n${header.join('\n')}\n\n${table}\n`);

const handNotes = path.join(ROOT, 'bench', 'NOTES.md');
const markdown = `# Benchmark results

Written by \`npm run bench\` (bench/bench.mjs); do not edit by hand: the notes at the end come from bench/NOTES.md.

${header.join('\n')}

${table}

Median / p95 over repeated runs in one process after warm-up; in-process figures include reading the file.
"Floor" = read the same file(s) and parse the embedded pod YAML with \`yaml\` (bench/floor.mjs), nothing else.

## Details

${details.join('\n')}

### Each fixture

| Fixture | Lines | Median | p95 | Floor | Ratio |
| --- | --- | --- | --- | --- | --- |
${fixtureRows.join('\n')}

## How each figure is taken

- In process: \`parse\` → \`buildModel\` → \`runRules\` (every rule at its default severity) from out/, on the text read from disk each time,
  cold: the cache of parsed pod YAML is cleared before each run. The "re-check after an edit" rows keep it, as the server does.
- CLI: the npm package's bin as staged by scripts/npm-package.mjs (\`dist/npm/bin/jenkinsfile-kaniko.js\`: a launcher that
  runs the esbuild bundle with V8's code cache, kept in a folder of the bench's own; the first run writes it and is not counted).
  One file: \`check\` of the seed as a whole process against \`node -e ''\` and against the same bin with the cache turned off,
  interleaved, median of 21. Tree: \`check --format json <tree>\` over ${TREE_FILES} generated repositories (the fixtures, each
  copy numbered), one process, interleaved run for run with the floor, median of ${cliRuns} run(s) each; wall time, CPU time
  (user + sys, all threads) and peak RSS from \`/usr/bin/time -v\`. \`check\` runs on one thread by default; \`--jobs auto\` shares many files out among worker threads
  (one per CPU, at least ${filesPerThread} files each: ${cliThreads} here). The floor is one thread: for \`--jobs auto\` the
  wall-time ratio credits ours with the second core, the CPU-time ratio does not.
- Language server: \`node --max-semi-space-size=32 out/server/src/server.js --stdio\` (the V8 flags the VS Code client starts it with,
  server/src/shared/serverProcess.ts) driven with vscode-jsonrpc. Push: a key typed every
  ${KEYSTROKE_INTERVAL_MS} ms; time from sending \`didChange\` to the \`publishDiagnostics\` of that version, end to end, the server's adaptive
  pause included (it checks at once after a pause longer than two checks, else waits as long as a check takes). Burst: 20 keys 20 ms
  apart; publications counted. Pull: a second server whose client declares pull diagnostics; time from \`didChange\` to the answer of
  \`textDocument/diagnostic\`.
  Memory: VmRSS of a fresh server process after 100 Jenkinsfiles of the tree are open and diagnosed.
- Extension: \`require('dist/client.js')\` and \`activate()\` in a fresh Node process with a stand-in \`vscode\` module
  (bench/activate-child.cjs); no Jenkinsfile is open, so the server is not started. This is the extension's own cost, not the time the
  VS Code harness would report (which adds the extension host's work).
${notes.length ? '\n## Run notes\n\n' + notes.map((n) => `- ${n}`).join('\n') + '\n' : ''}
${fs.existsSync(handNotes) ? fs.readFileSync(handNotes, 'utf8') : ''}`;
fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), markdown);
log(`wrote ${path.relative(ROOT, path.join(ROOT, 'bench', 'RESULTS.md'))}`);
