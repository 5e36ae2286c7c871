/**
 * One file of `check`: read, analyse, keep only what the formats print. Used by the main thread
 * and by each worker thread of `check --jobs` alike, so both give the same reports.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { positionsWithoutCr } from '../lines';
import { clearParsedYamlCache } from '../model/yaml';
import { fileUri } from '../paths';
import { findingsOnce } from '../service/analysis';
import { createNodeHost } from '../service/node-host';
import type { Settings } from '../shared/settings';
import { readText } from './fileio';
import type { FileReport } from './format/types';

export interface CheckFileOptions {
  settings: Settings;
  maxFileBytes: number;
  /**
   * Keep each finding's flagged text (`snippet`): only for the formats that print it. A slice of a
   * file's text keeps the whole text alive until the output is written. Required, so that no caller
   * forgets it: GitLab's fingerprints hash the snippet.
   */
  snippets: boolean;
}

/** A file to check: where to read it, and its name in the report (relative to the working directory). */
export interface CheckJob {
  path: string;
  target: string;
  name: string;
}

/** A file's report, or why it could not be read (the whole message, for standard error). */
export type CheckOutcome = { report: FileReport; error?: undefined } | { error: string; report?: undefined };

export class FileChecker {
  private readonly host = createNodeHost();

  constructor(private readonly options: CheckFileOptions) {}

  check(job: CheckJob): CheckOutcome {
    let text: string;
    try {
      text = readText(job.target, this.options.maxFileBytes);
    } catch (error) {
      return { error: `jenkinsfile-kaniko: cannot read '${job.name}': ${error instanceof Error ? error.message : String(error)}\n` };
    }
    const uri = fileUri(job.path);
    // Each file is analysed once: no cache entry, and no TextDocument unless a `\r` needs its positions.
    const findings = findingsOnce(this.host, { uri, text }, this.options.settings);
    const positionAt = positionsWithoutCr(text) ?? documentPositions(uri, text);
    // Only what the formats print is kept: the model (syntax trees, parsed YAML) of a file is
    // garbage as soon as its findings are known, and a large live heap makes every collection slower.
    const diagnostics = findings.map(({ ruleId, severity, message, start, end }) => ({
      ruleId,
      severity,
      message,
      range: { start: positionAt(start), end: positionAt(end) },
      snippet: this.options.snippets ? text.slice(start, end) : undefined,
    }));
    clearParsedYamlCache();
    return { report: { file: job.name, diagnostics } };
  }
}

/** LSP positions of a text with `\r` (line ends `\r\n` and lone `\r` too), as the language server computes them. */
function documentPositions(uri: string, text: string): (offset: number) => { line: number; character: number } {
  const document = TextDocument.create(uri, 'jenkinsfile', 0, text);
  return (offset) => document.positionAt(offset);
}
