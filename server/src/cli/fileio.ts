/**
 * How the CLI reads Jenkinsfiles: only regular files, at most a size cap. Writes are in
 * writeFile.ts (kept apart so that `check` loads no write code).
 */
import * as fs from 'node:fs';
import { decodeBytes, encodeText, isLosslessUtf8Decoding } from '../bytes';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** A file that cannot be read or written; the message says why, for after the file's name. */
export class FileError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    EFBIG: 'file too large for the file-size limit',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    ELOOP: 'too many symbolic links',
  };
  if (code && reasons[code]) return `${reasons[code]} (${code})`;
  return code ?? (error instanceof Error ? error.message : String(error));
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

export interface FileText {
  /** The bytes as read. */
  bytes: Buffer;
  /** Their text; bytes that are not UTF-8 are carried losslessly (see text.ts). */
  text: string;
  utf8: boolean;
  /** Permission bits and owner, kept by the write. */
  mode: number;
  uid: number;
  gid: number;
}

/** The tail read of `readAll` (the one that finds the end) goes to one shared buffer. */
const SCRATCH_BYTES = 64 * 1024;
let scratch: Buffer | undefined;

/**
 * `readFileSync`'s options for `readText`, made once: given as the string `'utf8'`, Node copies its
 * default options object into a new one on every call (~9 K instructions a file in a cold `check`).
 */
const AS_UTF8 = { encoding: 'utf8' } as const;

/** Files up to this size are read by `readText` in one call into Node; larger ones by `readAll`, in pieces of at most 1 MiB. */
const READ_AS_UTF8_BYTES = 1024 * 1024;

/**
 * Reads a regular file of at most `maxBytes`. Opened without blocking (a FIFO would wait for a
 * writer forever) and checked with fstat on the open descriptor, so what is read is what was checked.
 */
export function readTextFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): FileText {
  return withRegularFile(file, maxBytes, (fd, stat) => {
    const bytes = readAll(fd, stat.size, maxBytes);
    const { text, utf8 } = decodedText(bytes);
    return { bytes, text, utf8, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
  });
}

/**
 * `readTextFile(file, maxBytes).text`, for `check`, which keeps only the text: the same checks, then
 * the file is read to its end and decoded in one call into Node's C++ (`readFileSync(fd, { encoding: 'utf8' })`; a
 * cold pass over 1,000 files spent a third less than reading into a buffer and decoding it in JS).
 * That decoding turns bytes that are not UTF-8 into U+FFFD, so a text that may hide such bytes is
 * read again from the start as bytes and decoded losslessly (see `isLosslessUtf8Decoding`). A file
 * that grew past the cap since fstat is refused after that read (so such a file is held in memory
 * whole before it is refused). Node reads to the end this way from 20.5 on (its C++ readFileUtf8);
 * 20.0–20.4 read only the size that its own fstat gives. A regular file of size 0 may still
 * hold bytes (procfs, sysfs) and a large one is read into one buffer: both as readTextFile reads
 * them, the cap checked on every read.
 */
export function readText(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): string {
  return withRegularFile(file, maxBytes, (fd, stat) => {
    if (stat.size > 0 && stat.size <= READ_AS_UTF8_BYTES) {
      const text = fs.readFileSync(fd, AS_UTF8);
      if (isLosslessUtf8Decoding(text)) {
        // Grew past the cap since fstat (a UTF-16 unit is at most 3 bytes; the text is valid UTF-8, so byteLength is what was read).
        if (text.length > maxBytes / 3 && Buffer.byteLength(text, 'utf8') > maxBytes) throw tooBig(maxBytes);
        return text;
      }
    }
    return decodedText(readAll(fd, stat.size, maxBytes)).text;
  });
}

/** Opens `file` without blocking, checks with fstat that it is a regular file of at most `maxBytes`, and reads it with `read`. */
function withRegularFile<T>(file: string, maxBytes: number, read: (fd: number, stat: fs.Stats) => T): T {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    throw new FileError(describeError(error), (error as NodeJS.ErrnoException).code);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new FileError(`${kindOf(stat)}, not a regular file`, 'ENOTREG');
    if (stat.size > maxBytes) throw new FileError(`${stat.size} bytes, more than the limit of ${maxBytes} (--max-file-size)`, 'ETOOBIG');
    return read(fd, stat);
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(describeError(error), (error as NodeJS.ErrnoException).code);
  } finally {
    fs.closeSync(fd);
  }
}

function tooBig(maxBytes: number): FileError {
  return new FileError(`more than the limit of ${maxBytes} bytes (--max-file-size)`, 'ETOOBIG');
}

/**
 * An open file's bytes, read from its start whatever was read before (positional reads). Read until
 * the end, not just fstat's `size` (the file may grow meanwhile), and never past the cap. `size` is
 * read into buffers of that size; the reads past it (at least the one that finds the end) go to the
 * shared scratch buffer, so a small file costs one allocation, not two of 64 KB.
 */
function readAll(fd: number, size: number, maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const left = size - total;
    const into = left > 0 ? Buffer.allocUnsafe(Math.min(left, 1024 * 1024)) : (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES));
    const read = fs.readSync(fd, into, 0, into.length, total);
    if (read === 0) break;
    total += read;
    if (total > maxBytes) throw tooBig(maxBytes);
    chunks.push(into === scratch ? Buffer.from(into.subarray(0, read)) : into.subarray(0, read));
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

function decodedText(bytes: Buffer): { text: string; utf8: boolean } {
  const decoded = decodeBytes(bytes);
  // The promise to the user: untouched bytes come back identical. Check it before any edit.
  if (!decoded.utf8 && !encodeText(decoded.text).equals(bytes)) throw new FileError('its bytes cannot be carried through an edit unchanged', 'EENCODING');
  return decoded;
}

/** `--max-file-size`: bytes, or with a `k`/`m` suffix (KiB, MiB). */
export function parseByteSize(value: string): number | undefined {
  const match = /^(\d{1,12})([km]?)i?b?$/i.exec(value.trim());
  if (!match) return undefined;
  const unit = match[2].toLowerCase() === 'm' ? 1024 * 1024 : match[2].toLowerCase() === 'k' ? 1024 : 1;
  const bytes = Number(match[1]) * unit;
  return bytes > 0 ? bytes : undefined;
}
