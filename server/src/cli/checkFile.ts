/**
 * One file of `check`: read, analyse, keep only what the formats print. Used by the main thread
 * and by each worker thread of `check --jobs` alike, so both give the same reports.
 */
import { positionsWithoutCr } from '../lines';
import { clearParsedYamlCache } from '../model/yaml';
import { fileUri } from '../paths';
import { AnalysisCache } from '../service/analysis';
import { createNodeHost } from '../service/node-host';
import type { Settings } from '../shared/settings';
import { readText } from './fileio';
import type { FileReport } from './format/types';

export interface CheckFileOptions {
  settings: Settings;
  maxFileBytes: number;
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
  private readonly analyses = new AnalysisCache(createNodeHost());

  constructor(private readonly options: CheckFileOptions) {}

  check(job: CheckJob): CheckOutcome {
    let text: string;
    try {
      text = readText(job.target, this.options.maxFileBytes);
    } catch (error) {
      return { error: `jenkinsfile-kaniko: cannot read '${job.name}': ${error instanceof Error ? error.message : String(error)}\n` };
    }
    const uri = fileUri(job.path);
    const analysis = this.analyses.analyze({ uri, text });
    const { document } = analysis;
    const positionAt = positionsWithoutCr(text) ?? ((offset: number) => document.positionAt(offset));
    // Only what the formats print is kept: the model (syntax trees, parsed YAML) of a file is
    // garbage as soon as its findings are known, and a large live heap makes every collection slower.
    const diagnostics = analysis.findings(this.options.settings).map(({ ruleId, severity, message, start, end }) => ({
      ruleId,
      severity,
      message,
      range: { start: positionAt(start), end: positionAt(end) },
      snippet: text.slice(start, end),
    }));
    this.analyses.forget(uri);
    clearParsedYamlCache();
    return { report: { file: job.name, diagnostics } };
  }
}
