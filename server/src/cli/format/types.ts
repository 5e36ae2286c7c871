import type { RuleDiagnostic } from '../../rules';

export interface Position {
  line: number;
  character: number;
}

/** A finding as the formats print it: plain data, so a `check` worker thread can send it as it is. */
export interface ReportedDiagnostic extends Pick<RuleDiagnostic, 'ruleId' | 'severity' | 'message'> {
  /** 0-based LSP positions (UTF-16 columns). */
  range: { start: Position; end: Position };
  /** The flagged text; only for the formats that print it (check.ts FORMATS_WITH_SNIPPETS). */
  snippet?: string;
}

export interface FileReport {
  file: string;
  diagnostics: ReportedDiagnostic[];
}
