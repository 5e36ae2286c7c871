export interface CliIo {
  stdout(text: string): void;
  /** Raw bytes for standard output (a file that is not UTF-8, printed as its own bytes); text otherwise. */
  stdoutBytes?(bytes: Uint8Array): void;
  stderr(text: string): void;
  cwd: string;
  version: string;
}

/** Bad command-line usage: reported with the usage text, exit status 2. */
export class UsageError extends Error {}
