export interface CliIo {
  stdout(text: string): void;
  /** Raw bytes for standard output (a file that is not UTF-8, printed as its own bytes); text otherwise. */
  stdoutBytes?(bytes: Uint8Array): void;
  stderr(text: string): void;
  cwd: string;
  version: string;
  /** The file this process was started from (the bin or launcher): worker threads of `check --jobs` start from it too. */
  entryFile?: string;
  /**
   * Tests only: `mainThreadHelps: false` leaves the files of `check --jobs` to the worker threads
   * (unless they fail), and `checkedByWorkers` hears how many they checked, so that a test proves
   * workers ran however fast this thread is.
   */
  checkThreads?: { mainThreadHelps?: boolean; checkedByWorkers?(count: number): void };
}

/** Bad command-line usage: reported with the usage text, exit status 2. */
export class UsageError extends Error {}

/** The first argument that makes the CLI's entry file serve as a worker thread of `check --jobs` (cli/checkThreads.ts); not for people. */
export const CHECK_WORKER_FLAG = '--internal-check-worker';
