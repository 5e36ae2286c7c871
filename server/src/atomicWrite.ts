/**
 * Replaces or creates a file atomically: a temporary file next to it (same file system, so the
 * rename is atomic), written in full, given its mode (and, as root, its owner), fsynced, then
 * renamed over the target and the folder fsynced. On any failure the target is untouched and the
 * temporary file removed, so a full disk, a file-size limit or a crash leaves the old file or the
 * new one, never a cut one. Used by the CLI's `fix` and by the server's ConfigMap command.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface AtomicWriteOptions {
  /** Permission bits of the result; default 0644 (a new file), or pass the original's. */
  mode?: number;
  /** Owner to keep when running as root (a file written by root for another user stays theirs). */
  uid?: number;
  gid?: number;
}

export function writeFileAtomic(file: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): void {
  const folder = path.dirname(file);
  const temporary = path.join(folder, `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fchmodSync(fd, (options.mode ?? 0o644) & 0o7777);
    if (process.getuid?.() === 0 && options.uid !== undefined && options.gid !== undefined && (options.uid !== 0 || options.gid !== 0))
      fs.fchownSync(fd, options.uid, options.gid);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temporary, file);
  } catch (error) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already failing; removing the temporary file is what matters.
      }
    }
    try {
      fs.unlinkSync(temporary);
    } catch {
      // Never created.
    }
    throw error;
  }
  // The rename is durable once the folder is synced; a folder that cannot be fsynced (some file systems) is no error.
  try {
    const folderFd = fs.openSync(folder, fs.constants.O_RDONLY);
    try {
      fs.fsyncSync(folderFd);
    } finally {
      fs.closeSync(folderFd);
    }
  } catch {
    // Best effort.
  }
}
