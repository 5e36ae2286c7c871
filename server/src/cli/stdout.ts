/**
 * Standard output and error without `process.stdout`/`process.stderr` where that changes nothing:
 * creating those streams loads Node's stream and net modules, 5–10 ms of a one-file `check` when
 * stdout is a pipe (bench/NOTES.md). To a pipe, socket or file the bytes go with `fs.writeSync`, as
 * Node's own stream writes them there; a terminal (colours, the Windows console's encoding) and
 * anything unusual (a full non-blocking pipe) are left to the streams, which behave as they
 * always have; a reader that has gone ends the output quietly.
 *
 * Both go through here so that they keep their order: with `2>&1` both are one pipe, and a
 * stream's write to a pipe is asynchronous on macOS (and wherever the pipe is full), so a
 * synchronous stdout could overtake an earlier stderr line.
 */
import * as fs from 'node:fs';

/** Per fd (1, 2): whether it takes `fs.writeSync`; asked once. */
const direct: Array<boolean | undefined> = [];

/** Whether `fd` is a pipe, socket or regular file (never a terminal). */
function writesDirectly(fd: 1 | 2): boolean {
  let known = direct[fd];
  if (known === undefined) {
    try {
      const stat = fs.fstatSync(fd);
      known = stat.isFIFO() || stat.isSocket() || stat.isFile();
    } catch {
      known = false;
    }
    direct[fd] = known;
  }
  return known;
}

/**
 * Per fd: its reader has gone (EPIPE, as in `check . | head`). What is written after that is dropped,
 * as `git log | head` does, instead of an unhandled 'error' event crashing the run with a stack trace.
 */
const readerGone: boolean[] = [];

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

function streamOf(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (stream.listenerCount('error') === 0) {
    stream.on('error', (error) => {
      if (!isBrokenPipe(error)) throw error;
      readerGone[fd] = true;
    });
  }
  return stream;
}

function write(fd: 1 | 2, data: string | Uint8Array): void {
  if (readerGone[fd]) return;
  if (writesDirectly(fd)) {
    let bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      while (bytes.length > 0) bytes = bytes.subarray(fs.writeSync(fd, bytes));
      return;
    } catch (error) {
      if (isBrokenPipe(error)) {
        readerGone[fd] = true;
        return;
      }
      // EAGAIN…: what is left goes through the stream, which waits as before. Both fds switch, so
      // that neither overtakes what the other's stream still holds (they may be one pipe).
      direct[1] = direct[2] = false;
      data = bytes;
    }
  }
  streamOf(fd).write(data);
}

export function writeStdout(data: string | Uint8Array): void {
  write(1, data);
}

export function writeStderr(data: string | Uint8Array): void {
  write(2, data);
}

/** Whether stdout is a terminal; a pipe or a file is known not to be one without creating process.stdout. */
export function stdoutIsTerminal(): boolean {
  return !writesDirectly(1) && process.stdout.isTTY === true;
}
