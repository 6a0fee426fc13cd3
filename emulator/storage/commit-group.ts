import Database from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';

/**
 * Group commit. A COMMIT costs more than the writes of a pay before it (every page a pay touches
 * is appended to the WAL again: 8 b-trees of `payments`, the timeline, their locks), and under
 * load many calls arrive in one turn of the event loop. So the first transaction of a turn opens
 * one SQLite transaction, each operation runs in a savepoint of it (rolled back alone when it
 * fails), and the whole group commits once, at the end of the turn (setImmediate).
 *
 * What makes that safe: nobody hears of a write before it is committed. Every HTTP reply waits
 * for `durableSince()` (app.ts, antom-api-plugin.ts), every notification and every live-stream
 * event for `durable()` (notification-outbox.ts, payment-service.ts), so a `kill -9` loses only
 * calls that were never answered. When the COMMIT fails (disk full,
 * read-only), the group is rolled back and every waiter hears the error: the Antom API answers
 * each of those calls UNKNOWN_EXCEPTION, as it did when each call committed on its own.
 *
 * A reply may be computed after its group has already ended (a page that renders across a turn):
 * such a caller takes a `mark()` when its call starts and asks `durableSince(mark)`, which also
 * fails when a group that ended since then failed, instead of resolving because nothing is open.
 */
export class CommitGroup {
  readonly #db: SqliteDatabase;
  readonly #inSavepoint: (work: () => unknown) => unknown;
  #open: { seq: number; durable: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;
  /** groups opened so far; a group's seq is its place in that count */
  #opened = 0;
  /** the last group that failed: any failure since a mark shows here, the latest having the highest seq */
  #lastFailure: { seq: number; error: unknown } | undefined;
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
      this.#opened += 1;
      this.#open = { seq: this.#opened, durable, resolve, reject };
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

  /** Where a call starts: every write it makes from now on lands in a group whose seq is at least this. */
  mark(): number {
    return this.#open?.seq ?? this.#opened + 1;
  }

  /**
   * Resolves when whatever was written since `mark` is committed; rejects when a group since the
   * mark failed, even one that ended before this was asked (a storage failure while a call was in
   * flight is that call's failure too: it is told UNKNOWN_EXCEPTION, never a rolled-back success).
   */
  durableSince(mark: number): Promise<void> {
    if (this.#lastFailure && this.#lastFailure.seq >= mark) return Promise.reject(this.#lastFailure.error);
    if (this.#open && this.#open.seq >= mark) return this.#open.durable;
    return Promise.resolve();
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
    this.#lastFailure = { seq: open.seq, error };
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
