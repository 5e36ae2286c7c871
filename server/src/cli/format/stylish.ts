import { stdoutIsTerminal } from '../stdout';
import type { FileReport } from './types';

const useColor = (): boolean => !process.env.NO_COLOR && stdoutIsTerminal();

function paint(code: number, text: string, color: boolean): string {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** eslint's "stylish": a block per file, `line:col  severity  message  rule`, then a total. */
export function formatStylish(reports: FileReport[], color = useColor()): string {
  let out = '';
  let errors = 0;
  let warnings = 0;
  let others = 0;
  for (const report of reports) {
    if (report.diagnostics.length === 0) continue;
    out += `\n${paint(4, report.file, color)}\n`;
    const rows = report.diagnostics.map((d) => {
      const position = d.range.start;
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else others++;
      return [`${position.line + 1}:${position.character + 1}`, d.severity, d.message, d.ruleId];
    });
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
    for (const [where, severity, message, rule] of rows) {
      const severityColor = severity === 'error' ? 31 : severity === 'warning' ? 33 : 36;
      out += `  ${paint(2, where.padEnd(widths[0]), color)}  ${paint(severityColor, severity.padEnd(widths[1]), color)}  ${message}  ${paint(2, rule, color)}\n`;
    }
  }
  const total = errors + warnings + others;
  if (total === 0) return '';
  const summary = `${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${others ? `, ${others} info/hint` : ''})`;
  out += `\n${paint(errors > 0 ? 31 : 33, '✖ ' + summary, color)}\n`;
  return out;
}
