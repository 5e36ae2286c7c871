/**
 * How the CLI writes Jenkinsfiles: atomically (temporary file in the same folder, fsync, rename),
 * so a full disk, a file-size limit or a crash leaves either the old file or the new one, never a cut one.
 */
import * as fs from 'node:fs';
import { writeFileAtomic } from '../atomicWrite';
import { describeError, FileError, type FileText } from './fileio';
import { encodeText } from '../bytes';

/**
 * Replaces `file` with `text` atomically (see atomicWrite.ts), keeping the original's mode and owner.
 * A file without write permission is refused, although the rename alone would replace it.
 */
export function writeTextFileAtomic(file: string, text: string, original: Pick<FileText, 'mode' | 'uid' | 'gid'>): void {
  let bytes: Buffer;
  try {
    bytes = encodeText(text);
  } catch (error) {
    throw new FileError(error instanceof Error ? error.message : String(error), 'EENCODING');
  }
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch (error) {
    throw new FileError(describeError(error), (error as NodeJS.ErrnoException).code);
  }
  try {
    writeFileAtomic(file, bytes, original);
  } catch (error) {
    throw new FileError(describeError(error), (error as NodeJS.ErrnoException).code);
  }
}
