export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  version: string;
}

/** Bad command-line usage: reported with the usage text, exit status 2. */
export class UsageError extends Error {}
