/** Paths compared as folders (the one "is this inside that folder" of the server and the CLI), and named relative to a folder or as file URIs. */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Whether `target` lies below `folder` (both absolute; resolve real paths first where a symbolic
 * link could lead out). The folder itself counts only with `orSame`. A name that merely starts
 * with dots (`..data/pod.yaml`) is inside.
 */
export function isInsideFolder(folder: string, target: string, orSame = false): boolean {
  const fromFolder = path.relative(folder, target);
  if (fromFolder === '') return orSame;
  return fromFolder !== '..' && !fromFolder.startsWith(`..${path.sep}`) && !path.isAbsolute(fromFolder);
}

/**
 * A POSIX path that is absolute, normalized (no empty, `.` or `..` segment, no trailing `/`) and
 * made only of characters a file URL's path carries as they are (letters, digits, `.`, `_`, `-`; Node escapes `~`).
 */
const PLAIN_POSIX_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._-]+)+$/;

/** Whether `file` is an absolute, normalized POSIX path of plain characters (PLAIN_POSIX_PATH), on a POSIX system. */
export function isPlainPath(file: string): boolean {
  return path.sep === '/' && PLAIN_POSIX_PATH.test(file);
}

/**
 * `path.dirname(path.resolve(file))`: for a plain path (see isPlainPath) its text up to the last `/`,
 * without Node's walk over every character (cold code in a one-shot `check`).
 */
export function folderOf(file: string): string {
  return isPlainPath(file) ? file.slice(0, file.lastIndexOf('/')) || '/' : path.dirname(path.resolve(file));
}

/** A relative POSIX path of plain characters: no empty, `.` or `..` segment, no trailing `/`. */
const PLAIN_RELATIVE_PATH = /^(?!\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._-]+)*$/;

/**
 * `path.resolve(folder, relative)`: for a plain `folder` and a plain relative path, the two joined by
 * `/` (what Node's normalising walk gives for them); anything else through Node.
 */
export function resolveIn(folder: string, relative: string): string {
  if (isPlainPath(folder) && PLAIN_RELATIVE_PATH.test(relative)) return `${folder}/${relative}`;
  if (folder === '/' && path.sep === '/' && PLAIN_RELATIVE_PATH.test(relative)) return `/${relative}`;
  return path.resolve(folder, relative);
}

/**
 * `pathToFileURL(file).href`. `check` names every file it reads by URI; Node's conversion (URL
 * object, path resolution, escaping) costs more than reading a small file, so a plain path (most
 * are) is simply prefixed: for those Node gives exactly `file://` + the path. Anything else is
 * left to Node.
 */
export function fileUri(file: string): string {
  return isPlainPath(file) ? `file://${file}` : pathToFileURL(file).href;
}

/** `fileURLToPath(uri)`, with the same shortcut back for what `fileUri` made by prefixing; throws as Node does. */
export function fileUriPath(uri: string): string {
  if (path.sep === '/' && uri.startsWith('file:///') && PLAIN_POSIX_PATH.test(uri.slice(7))) return uri.slice(7);
  return fileURLToPath(uri);
}

/** The local path of a `file:` URI; undefined for any other URI, or one that names no local path here. */
export function localPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileUriPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * `path.relative(from, file) || file` for many files (what `check` shows for each): a path's
 * relative form is its folder's plus its name whenever `from` is not at or below it, so each folder
 * is worked out once rather than both paths resolved and split again for every file. Anything
 * else (not an absolute, normalized POSIX path) is left to `path.relative`.
 */
export function relativeNamer(from: string): (file: string) => string {
  if (path.sep !== '/') return (file) => path.relative(from, file) || file;
  const base = path.resolve(from);
  const folders = new Map<string, string | null>();
  // The relative path of an absolute, normalized `file`; null for any other.
  const relativeOf = (file: string): string | null => {
    if (file === '/' || base === file || base.startsWith(`${file}/`)) return path.relative(base, file);
    const slash = file.lastIndexOf('/');
    const name = file.slice(slash + 1);
    if (slash < 0 || file[0] !== '/' || name === '' || name === '.' || name === '..') return null;
    const parent = slash === 0 ? '/' : file.slice(0, slash);
    let folder = folders.get(parent);
    if (folder === undefined) folders.set(parent, (folder = relativeOf(parent)));
    if (folder === null) return null;
    return folder === '' ? name : `${folder}/${name}`;
  };
  return (file) => (relativeOf(file) ?? path.relative(base, file)) || file;
}
