import type { FileReport } from './types';

/** `[{"file", "diagnostics": [{"rule", "severity", "message", "range"}]}]` with 0-based LSP positions. */
export function formatJson(reports: FileReport[]): string {
  const out = reports.map((report) => ({
    file: report.file,
    diagnostics: report.diagnostics.map((d) => ({
      rule: d.ruleId,
      severity: d.severity,
      message: d.message,
      range: d.range,
    })),
  }));
  return JSON.stringify(out, null, 2) + '\n';
}
