/**
 * Standard output without `process.stdout` where that changes nothing: creating that stream loads
 * Node's stream and net modules, 5–10 ms of a one-file `check` when stdout is a pipe (bench/NOTES.md).
 * To a pipe, socket or file the bytes go with `fs.writeSync`, as Node's own stream writes them
 * there; a terminal (colours, the Windows console's encoding) and anything unusual (a full
 * non-blocking pipe, a closed reader) are left to `process.stdout`, which behaves as it always has.
 */
import * as fs from 'node:fs';

let direct: boolean | undefined;

/** Whether fd 1 is a pipe, socket or regular file (never a terminal); asked once. */
function writesDirectly(): boolean {
  if (direct === undefined) {
    try {
      const stat = fs.fstatSync(1);
      direct = stat.isFIFO() || stat.isSocket() || stat.isFile();
    } catch {
      direct = false;
    }
  }
  return direct;
}

export function writeStdout(data: string | Uint8Array): void {
  if (writesDirectly()) {
    let bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      while (bytes.length > 0) bytes = bytes.subarray(fs.writeSync(1, bytes));
      return;
    } catch {
      // EAGAIN, EPIPE…: what is left goes through process.stdout, which waits or reports as before.
      direct = false;
      data = bytes;
    }
  }
  process.stdout.write(data);
}

/** Whether stdout is a terminal; a pipe or a file is known not to be one without creating process.stdout. */
export function stdoutIsTerminal(): boolean {
  return !writesDirectly() && process.stdout.isTTY === true;
}
