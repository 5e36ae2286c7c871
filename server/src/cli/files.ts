import * as fs from 'node:fs';
import * as path from 'node:path';
import { isGroovyPath, isJenkinsfilePath, looksLikePipeline } from '../shared/jenkinsfiles';
import { isInsideFolder } from '../paths';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export interface CollectOptions {
  /** Also take `*.groovy` regular files whose content is a pipeline (see shared/jenkinsfiles). */
  groovy: boolean;
}

export interface FoundFile {
  /** The path as named or found: what messages show. */
  path: string;
  /** Where reads and writes go: the real path behind a symbolic link, else `path`. */
  target: string;
  /**
   * Why the file must not be written, when it is a symbolic link whose target lies outside the
   * folder tree given (the directory searched, or the folder of a file named directly).
   */
  notWritable?: string;
}

/** A file reached through a symbolic link: written through only while its target stays under `root`. */
function throughLink(file: string, root: string): FoundFile {
  let target: string;
  let realRoot: string;
  try {
    target = fs.realpathSync(file);
    realRoot = fs.realpathSync(root);
  } catch {
    return { path: file, target: file, notWritable: 'a symbolic link that leads nowhere' };
  }
  if (isInsideFolder(realRoot, target)) return { path: file, target };
  return { path: file, target, notWritable: `a symbolic link to ${target}, outside ${root}` };
}

/**
 * Files named on the command line, with directories searched for Jenkinsfiles (sorted, for stable
 * output). Symbolic links to directories inside a search are not followed (no loops).
 */
export function collectFiles(targets: string[], options: CollectOptions = { groovy: true }): { files: FoundFile[]; missing: string[] } {
  const files: FoundFile[] = [];
  const missing: string[] = [];
  for (const target of targets) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      missing.push(target);
      continue;
    }
    if (stat.isDirectory()) walk(target, target, files, options, path.normalize(target));
    else if (isSymbolicLink(target)) files.push(throughLink(target, path.dirname(target)));
    else files.push({ path: target, target });
  }
  return { files, missing };
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * `path.join(directory, name)` for a normalized `directory` and an entry name from readdir (never
 * empty, `.`, `..` or holding a separator): the same string without normalizing it all again per entry.
 */
function entryPath(directory: string, name: string): string {
  if (directory === '.') return name;
  return directory.endsWith(path.sep) ? directory + name : directory + path.sep + name;
}

/**
 * `Jenkinsfile` itself, which isJenkinsfilePath takes whatever its folder: most files a search finds
 * are named so, and the full rule (two base-name cuts, a case fold) runs cold in a one-shot `check`.
 */
export function isPlainJenkinsfile(name: string): boolean {
  return name === 'Jenkinsfile';
}

/**
 * Directories are searched by the rule of shared/jenkinsfiles: by name, and `.groovy` regular files
 * by content. Entries are named below `normalized`, `directory` normalized (see entryPath).
 */
function walk(directory: string, root: string, files: FoundFile[], options: CollectOptions, normalized = directory): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = entryPath(normalized, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, root, files, options);
    } else if (
      entry.isFile() &&
      (isPlainJenkinsfile(entry.name) || isJenkinsfilePath(full) || (options.groovy && isGroovyPath(full) && isGroovyPipeline(full)))
    ) {
      files.push({ path: full, target: full });
    } else if (entry.isSymbolicLink() && isJenkinsfilePath(full)) {
      let stat: fs.Stats | undefined;
      try {
        stat = fs.statSync(full);
      } catch {
        stat = undefined;
      }
      if (!stat?.isDirectory()) files.push(throughLink(full, root));
    } else if (!entry.isFile() && isJenkinsfilePath(full)) {
      // A FIFO, socket or device with a Jenkinsfile's name: reported by the reader, never read.
      files.push({ path: full, target: full });
    }
  }
}

/** Enough of a `.groovy` file to see whether it is a pipeline (the start holds `pipeline {` or `node`). */
const GROOVY_SNIFF_BYTES = 1 << 20;

/** One buffer for every sniff (reads are synchronous), not a zero-filled megabyte per file. */
let sniffBuffer: Buffer | undefined;

function isGroovyPipeline(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buffer = (sniffBuffer ??= Buffer.allocUnsafe(GROOVY_SNIFF_BYTES));
    const length = fs.readSync(fd, buffer, 0, GROOVY_SNIFF_BYTES, 0);
    return looksLikePipeline(buffer.subarray(0, length).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
