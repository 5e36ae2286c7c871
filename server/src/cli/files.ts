import * as fs from 'node:fs';
import * as path from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** `Jenkinsfile`, `Jenkinsfile.*`, `*.jenkinsfile`, `*.Jenkinsfile`. */
export function isJenkinsfileName(name: string): boolean {
  return name === 'Jenkinsfile' || name.startsWith('Jenkinsfile.') || /\.jenkinsfile$/i.test(name);
}

/** Files named on the command line, with directories searched for Jenkinsfiles (sorted, for stable output). */
export function collectFiles(targets: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const target of targets) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      missing.push(target);
      continue;
    }
    if (stat.isDirectory()) walk(target, files);
    else files.push(target);
  }
  return { files, missing };
}

function walk(directory: string, files: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, files);
    } else if (entry.isFile() && isJenkinsfileName(entry.name)) {
      files.push(full);
    }
  }
}
