import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, docsUrl, type Severity } from '../../rules';
import { fileUri } from '../../paths';
import type { FileReport } from './types';

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0, as GitHub code scanning and Jenkins Warnings NG read it. Columns are 1-based UTF-16 units. */
export function formatSarif(reports: FileReport[], toolVersion: string, cwd = process.cwd()): string {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.meta.id, index]));
  const root = path.resolve(cwd);
  const base = pathToFileURL(root.endsWith(path.sep) ? root : root + path.sep).href;
  const results = reports.flatMap((report) => {
    const uri = artifactUri(path.resolve(root, report.file), base);
    return report.diagnostics.map((d) => {
      const { start, end } = d.range;
      return {
        ruleId: d.ruleId,
        ruleIndex: ruleIndex.get(d.ruleId),
        level: SARIF_LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, ...(uri.startsWith('file:') ? {} : { uriBaseId: '%SRCROOT%' }) },
              region: {
                startLine: start.line + 1,
                startColumn: start.character + 1,
                endLine: end.line + 1,
                endColumn: end.character + 1,
                snippet: { text: d.snippet },
              },
            },
          },
        ],
      };
    });
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'jenkinsfile-kaniko',
            informationUri: 'https://github.com/jenkinsfile-kaniko/jenkinsfile-kaniko-assistant',
            version: toolVersion,
            rules: RULES.map((rule) => ({
              id: rule.meta.id,
              name: rule.meta.id.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase()),
              shortDescription: { text: rule.meta.title },
              fullDescription: { text: rule.meta.description },
              help: { text: `${rule.meta.description}\n\n${rule.meta.fix}`, markdown: `${rule.meta.description}\n\n${rule.meta.fix}` },
              helpUri: docsUrl(rule.meta.id),
              defaultConfiguration: { level: SARIF_LEVEL[rule.meta.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: base } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/**
 * A file's artifact URI: below the working directory (%SRCROOT%, whose file URL is `base`), the
 * rest of its file URL, a relative reference escaped as the URL is (a space, `#` or `%` in a name
 * would otherwise end or change the reference); elsewhere the file URL itself.
 */
function artifactUri(file: string, base: string): string {
  const href = fileUri(file);
  if (!href.startsWith(base)) return href;
  const relative = href.slice(base.length);
  // A colon in the first segment would read as a scheme (RFC 3986, section 4.2).
  return /^[^/]*:/.test(relative) ? `./${relative}` : relative;
}
