/**
 * Which files are Jenkinsfiles: one rule for the CLI (`check <dir>`, `fix <dir>`), the language
 * server and the VS Code manifest. Pure, no imports, so the client bundle can take it.
 *
 * A file is a Jenkinsfile when its name is
 *   - `Jenkinsfile` followed by anything, in any letter case (`Jenkinsfile`, `JenkinsFile`,
 *     `Jenkinsfile_k8s`, `Jenkinsfile-PreCommit`, `JenkinsfileNightly`, `Jenkinsfile.release`),
 *     unless the suffix is a known non-pipeline extension (`.md`, `.txt`, `.bak`, … below);
 *   - `*.jenkinsfile`, any letter case;
 *   - any file in a `Jenkinsfile.d/` folder (at any depth) or directly in a `jenkins/` folder,
 *     unless its extension is a non-pipeline one.
 * A `*.groovy` file is a Jenkinsfile when its content is a pipeline (`pipeline {`, `podTemplate`,
 * `node {` or `node(`): `check <dir>` lints those too unless told not to (`--no-groovy`).
 */

/** Extensions of files that sit next to Jenkinsfiles and are not pipelines. */
const NOT_PIPELINE_EXTENSIONS = new Set([
  'md',
  'markdown',
  'txt',
  'rst',
  'adoc',
  'asciidoc',
  'html',
  'htm',
  'pdf',
  'bak',
  'orig',
  'rej',
  'old',
  'swp',
  'swo',
  'tmp',
  'temp',
  'log',
  'diff',
  'patch',
  'json',
  'yaml',
  'yml',
  'xml',
  'toml',
  'ini',
  'cfg',
  'conf',
  'properties',
  'env',
  'lock',
  'sh',
  'bash',
  'ps1',
  'bat',
  'cmd',
  'py',
  'rb',
  'js',
  'ts',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'ico',
]);

/** What follows the last slash or backslash (no split of the whole path: `check` asks this of every file it walks). */
function baseName(filePath: string): string {
  return filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1);
}

function parentFolders(filePath: string): string[] {
  const parts = filePath.split(/[\\/]/);
  return parts.slice(0, -1);
}

function hasNonPipelineExtension(name: string): boolean {
  if (name.endsWith('~')) return true; // editor backups
  const dot = name.lastIndexOf('.');
  return dot > 0 && NOT_PIPELINE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** Whether a file is a Jenkinsfile by its name and folder alone (see the module comment). */
export function isJenkinsfilePath(filePath: string): boolean {
  const name = baseName(filePath);
  return name !== '' && !hasNonPipelineExtension(name) && hasJenkinsfileName(filePath);
}

/**
 * The name and folder part of the rule, before non-pipeline extensions are left out: what the
 * manifest's patterns match (`Jenkinsfile.md` too), so the editor opened it as a Jenkinsfile.
 */
export function hasJenkinsfileName(filePath: string): boolean {
  const lower = baseName(filePath).toLowerCase();
  if (lower.startsWith('jenkinsfile')) return true;
  if (lower.endsWith('.jenkinsfile')) return true;
  const folders = parentFolders(filePath);
  if (folders.some((f) => f.toLowerCase() === 'jenkinsfile.d')) return true;
  return folders.length > 0 && folders[folders.length - 1].toLowerCase() === 'jenkins';
}

/** A `.groovy` file, which is a Jenkinsfile when its content is a pipeline (`looksLikePipeline`). */
export function isGroovyPath(filePath: string): boolean {
  return /\.groovy$/i.test(baseName(filePath));
}

/**
 * The content is a pipeline: a `pipeline {` block, a `podTemplate`, or a `node {` / `node(`
 * block, outside comments. Shared-library steps (`vars/*.groovy`) and `jenkins/*.groovy`
 * pipelines pass; Gradle scripts, Groovy classes and Spock specs do not.
 */
export function looksLikePipeline(text: string): boolean {
  return /(^|[^\w.$])(pipeline\s*\{|podTemplate\s*[({]|node\s*[({])/.test(withoutComments(text));
}

/** The text with `//` and `/* *\/` comments blanked, in one linear pass (`://` in URLs is kept). */
function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      out += ' ';
    } else if (text[i] === '/' && text[i + 1] === '/' && text[i - 1] !== ':') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else {
      out += text[i++];
    }
  }
  return out;
}

/**
 * The same rule as VS Code `filenamePatterns` for the `jenkinsfile` language (package.json;
 * the manifest test checks they agree). Globs cannot leave out `Jenkinsfile.md` and the other
 * non-pipeline suffixes, so the client checks `isJenkinsfilePath` before serving a document.
 */
export const JENKINSFILE_FILENAMES: readonly string[] = ['Jenkinsfile', 'JenkinsFile', 'jenkinsfile'];
export const JENKINSFILE_FILENAME_PATTERNS: readonly string[] = [
  'Jenkinsfile*',
  'JenkinsFile*',
  'jenkinsfile*',
  '*.jenkinsfile',
  '*.Jenkinsfile',
  '**/Jenkinsfile.d/**',
  '**/jenkins/*.groovy',
];
