/** Paths compared as folders: the one "is this inside that folder" of the server and the CLI. */
import * as path from 'node:path';

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
