/** The fuzzing corpus: every Jenkinsfile and Groovy fixture in test/fixtures. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Repository root: the nearest folder above the compiled test that holds our package.json (any outDir works). */
export const REPO_ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      if ((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'jenkinsfile-kaniko-assistant') return dir;
    } catch {
      // not here; keep going up
    }
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '../../../..');
  }
}
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const SEED_FILE = path.join(FIXTURES, 'seed', 'before.Jenkinsfile');

export interface CorpusFile {
  /** Path relative to the repository root. */
  name: string;
  text: string;
}

function collect(directory: string, out: string[]): void {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) collect(full, out);
    else if (/(^Jenkinsfile|\.jenkinsfile|\.groovy)$/i.test(entry.name)) out.push(full);
  }
}

export function loadCorpus(): CorpusFile[] {
  const files: string[] = [];
  // The seed's files first, wherever else copies of them sit, so a text found twice keeps the
  // seed's name (the repeated ones are dropped below); names, not this order, decide which
  // fixture each mutant starts from (fuzzer.ts, fixtureOf).
  collect(path.dirname(SEED_FILE), files);
  collect(FIXTURES, files);
  const seen = new Set<string>();
  const corpus: CorpusFile[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    // Several areas copy the seed; fuzzing the same text twice adds nothing.
    if (seen.has(text)) continue;
    seen.add(text);
    corpus.push({ name: path.relative(REPO_ROOT, file), text });
  }
  return corpus;
}
