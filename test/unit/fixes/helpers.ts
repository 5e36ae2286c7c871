/** Shared by the migration tests: fixtures, settings, and applying LSP edits back to text. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { FixSettings } from '../../../server/src/fixes';
import { buildModel, type JenkinsModel } from '../../../server/src/model';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/shared/settings';

/** test/fixtures/<sub>, found by walking up from the compiled test. */
export function fixturesDir(sub: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'fixtures', sub);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`test/fixtures/${sub} not found above ${__dirname}`);
  }
}

export interface MigrationFixture {
  name: string;
  dir: string;
  before: string;
  after: string;
  settings: Settings;
  /** Substring of the reason when the fixture's stage must stay as it is. */
  blocked?: string;
  readFile: (path: string) => string | undefined;
  /** The other files the migration must write (`yamlFile` pods): `after/<path>`, by path. */
  afterFiles: Map<string, string>;
}

/**
 * Golden fixtures whose before.Jenkinsfile is a file of test/fixtures/seed, read from there: the
 * seed has one home, and its folder here holds only what is the migration's own.
 */
const BEFORE_FROM_SEED: Record<string, string> = { seed: 'before.Jenkinsfile' };

export function migrationFixtures(): MigrationFixture[] {
  const root = fixturesDir('migration');
  return readdirSync(root)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined);
      const extra = read('settings.json');
      return {
        name,
        dir,
        before: beforeOf(name, read('before.Jenkinsfile')),
        after: read('after.Jenkinsfile')!,
        settings: { ...DEFAULT_SETTINGS, rules: {}, ...(extra ? (JSON.parse(extra) as Partial<Settings>) : {}) },
        blocked: read('blocked.txt')?.trim(),
        readFile: (path: string) => read(path),
        afterFiles: filesUnder(join(dir, 'after')),
      };
    });
}

/** Every file below `dir` (none when it does not exist), by its path relative to `dir` with `/`. */
function filesUnder(dir: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) for (const [path, text] of filesUnder(full, `${prefix}${entry.name}/`)) files.set(path, text);
    else files.set(`${prefix}${entry.name}`, readFileSync(full, 'utf8'));
  }
  return files;
}

function beforeOf(name: string, committed: string | undefined): string {
  const seedFile = BEFORE_FROM_SEED[name];
  if (!seedFile) return committed!;
  if (committed !== undefined) throw new Error(`test/fixtures/migration/${name}/before.Jenkinsfile: remove it, the test reads test/fixtures/seed/${seedFile}`);
  return readFileSync(join(fixturesDir('seed'), seedFile), 'utf8');
}

/**
 * The rules engineer's corpus (test/fixtures/engine/*.Jenkinsfile) and the seed Jenkinsfile, which
 * that corpus covers from test/fixtures/seed; names are relative to test/fixtures/engine.
 */
export function engineFixtures(): Array<{ name: string; text: string }> {
  let root: string;
  try {
    root = fixturesDir('engine');
  } catch {
    return [];
  }
  return [
    ...readdirSync(root)
      .filter((name) => /jenkinsfile$/i.test(name))
      .map((name) => ({ name, text: readFileSync(join(root, name), 'utf8') })),
    { name: '../seed/before.Jenkinsfile', text: readFileSync(join(fixturesDir('seed'), 'before.Jenkinsfile'), 'utf8') },
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function fixSettings(settings: Settings = DEFAULT_SETTINGS): FixSettings {
  return { ...settings, rules: settings.rules ?? {} };
}

/** Models as `fix` builds them: files it edited so far (`yamlFile` pods) come from `files`, the rest from `readFile`. */
export function modelBuilder(readFile?: (path: string) => string | undefined): (text: string, files?: ReadonlyMap<string, string>) => JenkinsModel {
  return (text, files) => buildModel(text, { readFile: (path) => files?.get(path) ?? readFile?.(path) });
}

/** Applies the edits of a WorkspaceEdit for `uri` (documentChanges or changes) to `text`, checking the version. */
export function applyWorkspaceEdit(text: string, uri: string, version: number, edit: WorkspaceEdit): string {
  const document = TextDocument.create(uri, 'jenkinsfile', version, text);
  const edits: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    const textEdit = change as TextDocumentEdit;
    if (textEdit.textDocument.uri !== uri) throw new Error(`edit for another document: ${textEdit.textDocument.uri}`);
    if (textEdit.textDocument.version !== version) throw new Error(`edit for version ${textEdit.textDocument.version}, document is ${version}`);
    for (const e of textEdit.edits) {
      if (!('newText' in e)) throw new Error('snippet edits are not expected');
      edits.push(e);
    }
  }
  for (const change of edit.changes?.[uri] ?? []) edits.push(change);
  return TextDocument.applyEdits(document, edits);
}

/**
 * A declarative pipeline whose pod runs a privileged `docker:dind` container, with `steps` (lines,
 * already indented) in the Build stage's `container('docker') { }` and `podSpec` (lines) before
 * the pod's `containers:`.
 */
export function dindStagePipeline(steps: string, podSpec = ''): string {
  return `pipeline {
  agent {
    kubernetes {
      yaml '''
apiVersion: v1
kind: Pod
spec:
${podSpec}  containers:
  - name: docker
    image: docker:dind
    securityContext:
      privileged: true
'''
    }
  }
  stages {
    stage('Build') {
      steps {
        container('docker') {
${steps}
        }
      }
    }
  }
}
`;
}
