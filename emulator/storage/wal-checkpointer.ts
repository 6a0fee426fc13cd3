import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What one `PRAGMA wal_checkpoint(PASSIVE)` reported: frames in the WAL, and how many are in the data file. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface WalCheckpointerOptions {
  /** how often the worker copies the WAL into the data file */
  intervalMs?: number;
  /** hears every checkpoint (tests); without it the worker sends nothing back */
  onCheckpoint?: (result: CheckpointResult) => void;
}

/**
 * The main connection's automatic checkpoint runs inside whichever commit crosses the threshold,
 * on the event loop: it copies tens of megabytes and fsyncs, and every request in flight waits
 * (bench/pay: p99 at 3.5 × p50 with it, 2.2 × without). This worker's own connection does that
 * copying between commits instead; PASSIVE never blocks the writer. The main connection keeps a
 * high automatic threshold as a backstop (database.ts): when the copying cannot keep up, the WAL
 * still restarts. CommonJS source run with `eval`, so the bundle needs no second entry point.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('synchronous = NORMAL');
} catch {
  // unreadable, read-only or gone: the main connection's own checkpoints remain
}
const timer = db && setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    if (workerData.report) parentPort.postMessage(result);
  } catch {
    // a full disk or an I/O error: the next tick tries again, the backstop stays
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db?.close();
  parentPort.close();
});
`;

export class WalCheckpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;

  private constructor(file: string, options: WalCheckpointerOptions) {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file,
        betterSqlite3: createRequire(import.meta.url).resolve('better-sqlite3'),
        intervalMs: options.intervalMs ?? 50,
        report: options.onCheckpoint !== undefined,
      },
      // a small heap: the worker only runs one statement
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    if (options.onCheckpoint) this.#worker.on('message', options.onCheckpoint);
    this.#worker.on('error', () => {
      // nothing to tell: without the worker, the main connection checkpoints as before
    });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    // it must never keep the process alive
    this.#worker.unref();
  }

  /** Starts checkpointing `file` (a WAL-mode SQLite file already opened by the caller). */
  static start(file: string, options: WalCheckpointerOptions = {}): WalCheckpointer {
    return new WalCheckpointer(file, options);
  }

  /** Closes the worker's connection before the main one, which then removes the WAL. */
  async close(): Promise<void> {
    // held until it has closed its connection, or the process could end before the main one closes
    this.#worker.ref();
    this.#worker.postMessage('close');
    await this.#exited;
  }
}
