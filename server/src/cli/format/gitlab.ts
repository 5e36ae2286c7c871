import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Severity } from '../../rules';
import type { FileReport } from './types';

/** GitLab's scale is info, minor, major, critical, blocker; a broken build (error) ranks major. */
const GITLAB_SEVERITY: Record<Severity, 'info' | 'minor' | 'major'> = { error: 'major', warning: 'minor', information: 'info', hint: 'info' };

/** One issue of a GitLab code quality report: the Code Climate fields GitLab reads. */
export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major';
  location: { path: string; lines: { begin: number } };
}

/**
 * GitLab code quality (`artifacts: reports: codequality`): a JSON array of Code Climate issues.
 * Paths are relative to the working directory (the project root in a GitLab job), with `/`.
 * The fingerprint, which GitLab uses to tell a merge request's new findings from the target
 * branch's, hashes the path, the rule, the flagged text and how many times the same rule flagged
 * the same text before in that file, but not the line: lines added above a finding leave it as it was.
 */
export function formatGitlab(reports: FileReport[], cwd = process.cwd()): string {
  const issues: GitlabIssue[] = [];
  for (const report of reports) {
    const location = projectPath(report.file, cwd);
    const occurrences = new Map<string, number>();
    for (const d of report.diagnostics) {
      const what = `${d.ruleId}\u0000${d.snippet}`;
      const occurrence = occurrences.get(what) ?? 0;
      occurrences.set(what, occurrence + 1);
      issues.push({
        description: d.message,
        check_name: d.ruleId,
        fingerprint: createHash('sha256').update(`${location}\u0000${what}\u0000${occurrence}`).digest('hex'),
        severity: GITLAB_SEVERITY[d.severity],
        location: { path: location, lines: { begin: d.range.start.line + 1 } },
      });
    }
  }
  return JSON.stringify(issues, null, 2) + '\n';
}

function projectPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return (relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(cwd, file) : relative).split(path.sep).join('/');
}
