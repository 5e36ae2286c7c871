import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { clearParsedYamlCache } from '../model/yaml';
import { RULES_BY_ID, type SeveritySetting } from '../rules';
// The analysis cache and the Node host, not the whole language service: `check` loads no code-action,
// hover or fix code (bench/RESULTS.md: start-up is a large part of a one-file run).
import { AnalysisCache } from '../service/analysis';
import { createNodeHost } from '../service/node-host';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import { maxFileSize, scanArgs } from './args';
import { DEFAULT_MAX_FILE_BYTES, readTextFile } from './fileio';
import { collectFiles } from './files';
import { formatJson } from './format/json';
import type * as GitlabFormat from './format/gitlab';
import type * as SarifFormat from './format/sarif';
import { formatStylish } from './format/stylish';
import type { FileReport } from './format/types';
import type { CliIo } from './io';
import { UsageError } from './io';

export const CHECK_USAGE = `Usage: jenkinsfile-kaniko check [--format stylish|json|sarif|gitlab] [--rule <id>=off|error|warning|information|hint]… [--max-file-size <bytes>] [--no-groovy] <file|dir>…

Lints Jenkinsfiles. Directories are searched for Jenkinsfile* (any letter case, e.g. Jenkinsfile_k8s,
JenkinsFile, Jenkinsfile.release; not .md, .txt, .bak and other non-pipeline suffixes), *.jenkinsfile,
files in a Jenkinsfile.d/ folder or directly in a jenkins/ folder, and *.groovy files whose content
is a pipeline (pipeline {, podTemplate, node { or node(); --no-groovy leaves those out.
Only regular files are read, up to --max-file-size (default 10M; k and M suffixes).
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
const SEVERITIES = new Set(['off', 'error', 'warning', 'information', 'hint']);

interface CheckOptions {
  format: Format;
  /** Lint `*.groovy` pipelines found in directories. */
  groovy: boolean;
  settings: Settings;
  targets: string[];
  maxFileBytes: number;
}

function parseCheckArgs(argv: string[]): CheckOptions {
  const options: CheckOptions = {
    format: 'stylish',
    groovy: true,
    settings: { ...DEFAULT_SETTINGS, rules: {} },
    targets: [],
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
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
    } else return false;
    return true;
  });
  if (options.targets.length === 0) throw new UsageError('no files or directories given');
  return options;
}

export function runCheck(argv: string[], io: CliIo): number {
  const options = parseCheckArgs(argv);
  const { files, missing } = collectFiles(
    options.targets.map((t) => path.resolve(io.cwd, t)),
    { groovy: options.groovy },
  );
  let unreadable = missing.length > 0;
  for (const target of missing) io.stderr(`jenkinsfile-kaniko: cannot read '${path.relative(io.cwd, target) || target}': no such file or directory\n`);
  const analyses = new AnalysisCache(createNodeHost());
  const reports: FileReport[] = [];
  for (const { path: file, target } of files) {
    let text: string;
    try {
      text = readTextFile(target, options.maxFileBytes).text;
    } catch (error) {
      io.stderr(`jenkinsfile-kaniko: cannot read '${path.relative(io.cwd, file) || file}': ${error instanceof Error ? error.message : String(error)}\n`);
      unreadable = true;
      continue;
    }
    const uri = pathToFileURL(file).href;
    const analysis = analyses.analyze({ uri, text });
    const { document } = analysis;
    // Only what the formats print is kept: the model (syntax trees, parsed YAML) of a file is
    // garbage as soon as its findings are known, and a large live heap makes every collection slower.
    const diagnostics = analysis.findings(options.settings).map(({ ruleId, severity, message, start, end }) => ({ ruleId, severity, message, start, end }));
    analyses.forget(uri);
    clearParsedYamlCache();
    reports.push({ file: path.relative(io.cwd, file) || file, text, diagnostics, positionAt: (offset) => document.positionAt(offset) });
  }
  io.stdout(FORMATS[options.format]()(reports, io));
  if (unreadable) return 2;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning')) ? 1 : 0;
}
