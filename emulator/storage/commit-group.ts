import Database from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';

/**
 * Group commit. A COMMIT costs more than the writes of a pay before it (every page a pay touches
 * is appended to the WAL again: 8 b-trees of `payments`, the timeline, their locks), and under
 * load many calls arrive in one turn of the event loop. So the first transaction of a turn opens
 * one SQLite transaction, each operation runs in a savepoint of it (rolled back alone when it
 * fails), and the whole group commits once, at the end of the turn (setImmediate).
 *
 * What makes that safe: nobody hears of a write before it is committed. Every HTTP reply and
 * every notification waits for `durable()` (app.ts, antom-api-plugin.ts, notification-outbox.ts),
 * so a `kill -9` loses only calls that were never answered. When the COMMIT fails (disk full,
 * read-only), the group is rolled back and every waiter hears the error: the Antom API answers
 * each of those calls UNKNOWN_EXCEPTION, as it did when each call committed on its own.
 */
export class CommitGroup {
  readonly #db: SqliteDatabase;
  readonly #inSavepoint: (work: () => unknown) => unknown;
  #open: { durable: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;
  #commits = 0;
  #operations = 0;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    // inside the open transaction, better-sqlite3's wrapper is a SAVEPOINT ... RELEASE
    this.#inSavepoint = db.transaction((work: () => unknown) => work());
  }

  /** Runs `work` atomically as part of this turn's group; its effects are durable once `durable()` resolves. */
  run<T>(work: () => T): T {
    if (!this.#open) {
      if (this.#db.inTransaction) return this.#inSavepoint(work) as T; // someone else's transaction: join it
      this.#db.exec('BEGIN');
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const durable = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // a rejection nobody awaits (a group of reads) is not an unhandled one
      durable.catch(() => undefined);
      this.#open = { durable, resolve, reject };
      setImmediate(() => this.commit());
    }
    this.#operations += 1;
    try {
      return this.#inSavepoint(work) as T;
    } catch (error) {
      // SQLite ends the whole transaction on some failures (SQLITE_FULL, SQLITE_IOERR): the group
      // is gone with it, and whoever waits for it hears this error
      if (this.#open && !this.#db.inTransaction) this.#settle(error);
      throw error;
    }
  }

  /** Resolves when everything written so far is committed (at once when nothing is pending). */
  durable(): Promise<void> {
    return this.#open?.durable ?? Promise.resolve();
  }

  /** Commits the open group now (end of the turn, and before the database closes). */
  commit(): void {
    if (!this.#open) return;
    if (!this.#db.inTransaction) {
      // a write outside run() (an outbox update, say) failed and SQLite rolled the group back with it
      return this.#settle(new Database.SqliteError('the transaction was rolled back before its COMMIT, after a failed write', 'SQLITE_ABORT'));
    }
    try {
      this.#db.exec('COMMIT');
      this.#commits += 1;
      this.#settle(undefined);
    } catch (error) {
      this.#settle(error);
    }
  }

  /** Ends the open group: committed (no error), or rolled back and every waiter told why. */
  #settle(error: unknown): void {
    const open = this.#open!;
    this.#open = undefined;
    if (error === undefined) return open.resolve();
    // SQLite may have rolled back already (SQLITE_FULL at COMMIT); otherwise it is done here
    if (this.#db.inTransaction) {
      try {
        this.#db.exec('ROLLBACK');
      } catch {
        // nothing more to undo
      }
    }
    open.reject(error);
  }

  /** Operations and COMMITs so far: how much grouping there was (test/api/answered-is-committed reads it). */
  get stats(): { commits: number; operations: number } {
    return { commits: this.#commits, operations: this.#operations };
  }
}
