import * as os from 'node:os';
import * as path from 'node:path';
import { RULES_BY_ID, type SeveritySetting } from '../rules';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import { maxFileSize, scanArgs } from './args';
import { FileChecker, type CheckJob, type CheckOutcome } from './checkFile';
import type * as CheckThreads from './checkThreads';
import { DEFAULT_MAX_FILE_BYTES } from './fileio';
import { relativeNamer } from '../paths';
import { collectFiles } from './files';
import { formatJson } from './format/json';
import type * as GitlabFormat from './format/gitlab';
import type * as SarifFormat from './format/sarif';
import { formatStylish } from './format/stylish';
import type { FileReport } from './format/types';
import type { CliIo } from './io';
import { UsageError } from './io';

/**
 * With `--jobs auto`, a thread per this many files. A worker thread costs 0.3–0.7 s of CPU before it
 * pays (its own start, and its own compiling and optimising of the same code), about what 200–300
 * files cost to check; fewer files per thread would only burn CPU (bench/NOTES.md).
 */
export const MIN_FILES_PER_THREAD = 200;
/** At most this many threads, whatever --jobs asks: each worker holds its own copy of the engine in memory. */
export const MAX_JOBS = 64;

export const CHECK_USAGE = `Usage: jenkinsfile-kaniko check [--format stylish|json|sarif|gitlab] [--rule <id>=off|error|warning|information|hint]… [--max-file-size <bytes>] [--jobs <n>|auto] [--no-groovy] <file|dir>…

Lints Jenkinsfiles. Directories are searched for Jenkinsfile* (any letter case, e.g. Jenkinsfile_k8s,
JenkinsFile, Jenkinsfile.release; not .md, .txt, .bak and other non-pipeline suffixes), *.jenkinsfile,
files in a Jenkinsfile.d/ folder or directly in a jenkins/ folder, and *.groovy files whose content
is a pipeline (pipeline {, podTemplate, node { or node(); --no-groovy leaves those out.
Only regular files are read, up to --max-file-size (default 10M; k and M suffixes).
--jobs (or --concurrency) checks on that many threads (default 1; at most ${MAX_JOBS}); auto uses one per
CPU for many files (${MIN_FILES_PER_THREAD} or more per thread) and one for a few. The output is the same either way.
Formats: stylish (eslint's, for people), json (0-based LSP ranges), sarif (SARIF 2.1.0: GitHub code
scanning, Jenkins Warnings NG), gitlab (GitLab code quality: artifacts:reports:codequality).
Exit status: 1 when any error or warning is reported, 0 otherwise, 2 on bad usage or an unreadable file.`;

type Format = 'stylish' | 'json' | 'sarif' | 'gitlab';

/** Each format's writer; SARIF and GitLab are loaded only when asked for (the latter loads node:crypto). */
const FORMATS: Record<Format, () => (reports: FileReport[], io: CliIo) => string> = {
  stylish: () => (reports) => formatStylish(reports),
  json: () => (reports) => formatJson(reports),
  sarif: () => {
    const { formatSarif } = require('./format/sarif') as typeof SarifFormat;
    return (reports, io) => formatSarif(reports, io.version, io.cwd);
  },
  gitlab: () => {
    const { formatGitlab } = require('./format/gitlab') as typeof GitlabFormat;
    return (reports, io) => formatGitlab(reports, io.cwd);
  },
};
/** The formats that print each finding's flagged text: `check` keeps it only for them (see CheckFileOptions.snippets). */
const FORMATS_WITH_SNIPPETS: ReadonlySet<Format> = new Set<Format>(['sarif', 'gitlab']);
const SEVERITIES = new Set(['off', 'error', 'warning', 'information', 'hint']);

interface CheckOptions {
  format: Format;
  /** Lint `*.groovy` pipelines found in directories. */
  groovy: boolean;
  settings: Settings;
  targets: string[];
  maxFileBytes: number;
  /** Threads to check on; undefined: auto. */
  jobs: number | undefined;
}

function parseCheckArgs(argv: string[]): CheckOptions {
  const options: CheckOptions = {
    format: 'stylish',
    groovy: true,
    settings: { ...DEFAULT_SETTINGS, rules: {} },
    targets: [],
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    // One thread unless asked: on 2 CPUs, 2 threads were slower than one over 1,000 files (bench/NOTES.md).
    jobs: 1,
  };
  options.targets = scanArgs(argv, (flag, value) => {
    if (flag === '--format' || flag === '-f') {
      const format = value();
      if (!Object.hasOwn(FORMATS, format)) throw new UsageError(`unknown format '${format}' (use stylish, json, sarif or gitlab)`);
      options.format = format as Format;
    } else if (flag === '--rule') {
      const spec = value();
      const match = /^([\w-]+)=([\w]+)$/.exec(spec);
      if (!match) throw new UsageError(`--rule takes <id>=<severity>, got '${spec}'`);
      if (!RULES_BY_ID.has(match[1])) throw new UsageError(`unknown rule '${match[1]}' (known: ${[...RULES_BY_ID.keys()].join(', ')})`);
      if (!SEVERITIES.has(match[2])) throw new UsageError(`unknown severity '${match[2]}' (use off, error, warning, information or hint)`);
      options.settings.rules[match[1]] = match[2] as SeveritySetting;
    } else if (flag === '--no-groovy') {
      options.groovy = false;
    } else if (flag === '--max-file-size') {
      options.maxFileBytes = maxFileSize(value());
    } else if (flag === '--jobs' || flag === '-j' || flag === '--concurrency') {
      const jobs = value();
      if (jobs === 'auto') options.jobs = undefined;
      else if (/^[1-9]\d{0,3}$/.test(jobs)) options.jobs = Math.min(Number(jobs), MAX_JOBS);
      else throw new UsageError(`${flag} takes a number of threads (1 or more) or auto, got '${jobs}'`);
    } else return false;
    return true;
  });
  if (options.targets.length === 0) throw new UsageError('no files or directories given');
  return options;
}

/** Threads for `count` files: as asked, else one per CPU with at least MIN_FILES_PER_THREAD files each. */
function threadsFor(count: number, jobs: number | undefined): number {
  const wanted = jobs ?? Math.min(os.availableParallelism(), Math.floor(count / MIN_FILES_PER_THREAD));
  return Math.max(1, Math.min(wanted, count));
}

/**
 * The file a worker thread starts from: the one this process started from (the bin, or the npm
 * package's launcher, which loads the bundle), else, called in process (tests), main.js beside this module in out/.
 */
function workerEntry(io: CliIo): string {
  return io.entryFile ?? (path.basename(__filename) === 'check.js' ? path.join(__dirname, 'main.js') : __filename);
}

export async function runCheck(argv: string[], io: CliIo): Promise<number> {
  const options = parseCheckArgs(argv);
  const { files, missing } = collectFiles(
    options.targets.map((t) => path.resolve(io.cwd, t)),
    { groovy: options.groovy },
  );
  let unreadable = missing.length > 0;
  const named = relativeNamer(io.cwd);
  for (const target of missing) io.stderr(`jenkinsfile-kaniko: cannot read '${named(target)}': no such file or directory\n`);
  const jobs: CheckJob[] = files.map(({ path: file, target }) => ({ path: file, target, name: named(file) }));
  const fileOptions = { settings: options.settings, maxFileBytes: options.maxFileBytes, snippets: FORMATS_WITH_SNIPPETS.has(options.format) };
  const threads = threadsFor(jobs.length, options.jobs);
  let outcomes: CheckOutcome[];
  if (threads > 1) {
    const { checkInThreads } = require('./checkThreads') as typeof CheckThreads;
    const threaded = await checkInThreads(jobs, threads, fileOptions, workerEntry(io), io.checkThreads?.mainThreadHelps ?? true);
    io.checkThreads?.checkedByWorkers?.(threaded.checkedByWorkers);
    outcomes = threaded.outcomes;
  } else {
    const checker = new FileChecker(fileOptions);
    outcomes = jobs.map((job) => checker.check(job));
  }
  const reports: FileReport[] = [];
  for (const outcome of outcomes) {
    if (outcome.report) reports.push(outcome.report);
    else {
      io.stderr(outcome.error);
      unreadable = true;
    }
  }
  io.stdout(FORMATS[options.format]()(reports, io));
  if (unreadable) return 2;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning')) ? 1 : 0;
}
