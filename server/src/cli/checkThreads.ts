/**
 * `check --jobs N`: the files shared out among N threads (this one and N − 1 worker threads, like
 * ESLint's --concurrency), in small batches taken from one queue, so a slow file holds up no one.
 * Every outcome is stored at its file's index: the output is the same, in the same order, as with
 * one thread. A worker thread is this same CLI (its entry file, started with CHECK_WORKER_FLAG) running
 * `serveCheckWorker`; it loads only our own code from a fixed path, never code from its input.
 * A worker that fails leaves its batch to this thread, so a crash loses no file.
 */
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { FileChecker, type CheckFileOptions, type CheckJob, type CheckOutcome } from './checkFile';
import { CHECK_WORKER_FLAG } from './io';
/** Files a thread takes at a time: big enough that messages cost nothing, small enough to even out. */
const BATCH = 8;

interface Batch {
  from: number;
  jobs: CheckJob[];
}

interface BatchDone {
  from: number;
  outcomes: CheckOutcome[];
}

/** Starts one worker thread: this CLI's entry file, in its worker mode. */
function startCheckWorker(entry: string, options: CheckFileOptions): Worker {
  return new Worker(entry, { argv: [CHECK_WORKER_FLAG], workerData: options, stdout: false, stderr: false });
}

/**
 * Checks `jobs` on `threads` threads; resolves with one outcome per job, in order, and how many
 * the workers checked. `mainThreadHelps: false` (tests) leaves the files to the workers unless they fail;
 * `startWorker` (tests) starts one worker thread.
 */
export async function checkInThreads(
  jobs: CheckJob[],
  threads: number,
  options: CheckFileOptions,
  entry: string,
  mainThreadHelps = true,
  startWorker: (entry: string, options: CheckFileOptions) => Worker = startCheckWorker,
): Promise<{ outcomes: CheckOutcome[]; checkedByWorkers: number }> {
  const outcomes = new Array<CheckOutcome>(jobs.length);
  const checker = new FileChecker(options);
  let checkedByWorkers = 0;
  let next = 0;
  /** Batches whose worker failed, for this thread. */
  const orphans: Batch[] = [];
  const take = (): Batch | undefined => {
    if (orphans.length > 0) return orphans.pop();
    if (next >= jobs.length) return undefined;
    const from = next;
    next = Math.min(jobs.length, next + BATCH);
    return { from, jobs: jobs.slice(from, next) };
  };
  const store = ({ from, outcomes: done }: BatchDone): void => done.forEach((outcome, i) => (outcomes[from + i] = outcome));
  const checkHere = (batch: Batch): void => store(checkBatch(checker, batch));

  /** Feeds `worker` batches until none are left; resolves then, or when it fails (its batch goes back to this thread). */
  const serve = (worker: Worker): Promise<void> =>
    new Promise<void>((resolve) => {
      let current: Batch | undefined;
      const send = (): void => {
        current = take();
        if (current) worker.postMessage(current);
        else resolve();
      };
      worker.on('message', (message: BatchDone) => {
        store(message);
        checkedByWorkers += message.outcomes.length;
        send();
      });
      const lost = (): void => {
        if (current) orphans.push(current);
        current = undefined;
        resolve();
      };
      worker.on('error', lost);
      worker.on('exit', lost);
      send();
    });

  const workers: Worker[] = [];
  const workersDone: Array<Promise<void>> = [];
  try {
    // Inside the try: when starting a worker throws, the ones already started (and sent a batch)
    // are still terminated below, or they would keep the process alive for ever.
    for (let i = 1; i < threads; i++) {
      let worker: Worker;
      try {
        worker = startWorker(entry, options);
      } catch {
        // A worker that cannot start is a lost worker: it took no batch, the others and this thread share them.
        continue;
      }
      workers.push(worker);
      workersDone.push(serve(worker));
    }
    for (let batch = mainThreadHelps ? take() : undefined; batch; batch = take()) {
      checkHere(batch);
      // Lets the workers' results in, and hands them their next batch.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(workersDone);
    for (let batch = take(); batch; batch = take()) checkHere(batch);
  } finally {
    // Also when a check throws here: live workers would keep the process from ever exiting.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return { outcomes, checkedByWorkers };
}

/** The worker side: checks each batch it is sent and sends the outcomes back. Resolves when the main thread lets go. */
export function serveCheckWorker(): Promise<number> {
  const port = parentPort;
  if (!port) return Promise.reject(new Error(`${CHECK_WORKER_FLAG} is for the worker threads of 'check --jobs'`));
  const checker = new FileChecker(workerData as CheckFileOptions);
  return new Promise((resolve) => {
    port.on('message', (batch: Batch) => port.postMessage(checkBatch(checker, batch)));
    port.on('close', () => resolve(0));
  });
}

/** One batch checked on this thread, by the main thread or a worker alike. */
function checkBatch(checker: FileChecker, { from, jobs }: Batch): BatchDone {
  return { from, outcomes: jobs.map((job) => checker.check(job)) };
}
