import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitGroup } from '../../emulator/storage/commit-group.js';
import { openDatabase, type SqliteDatabase } from '../../emulator/storage/database.js';
import { storageProblemOf } from '../../emulator/storage/storage-errors.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A WAL data file with a second connection that sees only what is committed. */
function twoConnections(): { db: SqliteDatabase; other: SqliteDatabase; group: CommitGroup; count: () => number } {
  const dir = mkdtempSync(join(tmpdir(), 'antom-commit-group-'));
  const db = openDatabase(join(dir, 'sandbox.db'));
  db.exec(`
    CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
  `);
  const other = new Database(join(dir, 'sandbox.db'), { readonly: true });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => db.close(), () => other.close());
  const group = new CommitGroup(db);
  const count = () => (other.prepare('SELECT COUNT(*) AS n FROM parent').get() as { n: number }).n;
  return { db, other, group, count };
}

const insert = (db: SqliteDatabase, id: number) => db.prepare('INSERT INTO parent (id) VALUES (?)').run(id);

describe('group commit (storage/commit-group.ts)', () => {
  it('commits the operations of one turn together, once, at its end; nothing is visible before durable() resolves', async () => {
    const { db, group, count } = twoConnections();
    for (let id = 1; id <= 5; id += 1) group.run(() => insert(db, id));
    expect(db.inTransaction).toBe(true);
    expect(count()).toBe(0);
    await group.durable();
    expect(count()).toBe(5);
    expect(db.inTransaction).toBe(false);
    expect(group.stats).toEqual({ commits: 1, operations: 5 });
    // the next turn is a group of its own
    group.run(() => insert(db, 6));
    await group.durable();
    expect(count()).toBe(6);
    expect(group.stats).toEqual({ commits: 2, operations: 6 });
  });

  it('undoes a failing operation alone: the rest of its group commits', async () => {
    const { db, group, count } = twoConnections();
    group.run(() => insert(db, 1));
    expect(() =>
      group.run(() => {
        insert(db, 2);
        insert(db, 1); // a duplicate: this operation fails, and its first insert goes with it
      }),
    ).toThrow(/UNIQUE/);
    group.run(() => insert(db, 3));
    await group.durable();
    expect(count()).toBe(2);
    expect(db.prepare('SELECT id FROM parent ORDER BY id').pluck().all()).toEqual([1, 3]);
  });

  it('when the COMMIT fails, every waiter hears why, nothing of the group is stored, and the next group works', async () => {
    const { db, group, count } = twoConnections();
    group.run(() => insert(db, 1));
    // checked only at COMMIT: the whole group fails there, as on a full disk
    group.run(() => db.prepare('INSERT INTO child (id, parent_id) VALUES (1, 999)').run());
    const waiters = [group.durable(), group.durable()];
    for (const waiter of waiters) await expect(waiter).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(db.inTransaction).toBe(false);
    expect(count()).toBe(0);
    group.run(() => insert(db, 2));
    await expect(group.durable()).resolves.toBeUndefined();
    expect(count()).toBe(1);
  });

  it('joins a transaction someone else opened instead of committing it, and commit() flushes at once (before a close)', async () => {
    const { db, group, count } = twoConnections();
    db.transaction(() => {
      group.run(() => insert(db, 1));
      expect(count()).toBe(0);
    })();
    expect(count()).toBe(1);
    expect(group.stats.commits).toBe(0);
    group.run(() => insert(db, 2));
    group.commit();
    expect(count()).toBe(2);
    await expect(group.durable()).resolves.toBeUndefined();
  });
});

describe('durableSince: a call whose group ended before it asked', () => {
  it('still hears that its group failed; a call that started after the failure does not', async () => {
    const { db, group, count } = twoConnections();
    const mark = group.mark();
    group.run(() => insert(db, 1));
    group.run(() => db.prepare('INSERT INTO child (id, parent_id) VALUES (1, 999)').run());
    // the group ends (fails) before this call asks: a page that rendered across a turn, say
    group.commit();
    await expect(group.durable()).resolves.toBeUndefined(); // nothing open: durable() alone would say "stored"
    await expect(group.durableSince(mark)).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(count()).toBe(0);

    const later = group.mark();
    group.run(() => insert(db, 2));
    await expect(group.durableSince(later)).resolves.toBeUndefined();
    expect(count()).toBe(1);
    // the failure stays the first call's: asking again still rejects, the later call still resolves
    await expect(group.durableSince(mark)).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    await expect(group.durableSince(later)).resolves.toBeUndefined();
  });

  it('a mark taken while a group is open waits for that group', async () => {
    const { db, group, count } = twoConnections();
    group.run(() => insert(db, 1));
    const mark = group.mark();
    const waiting = group.durableSince(mark);
    expect(count()).toBe(0);
    await waiting;
    expect(count()).toBe(1);
  });
});

describe('group commit when SQLite ends the transaction itself', () => {
  it('fails the group with the error that ended it; later operations commit on their own', async () => {
    const { db, group, count } = twoConnections();
    group.run(() => insert(db, 1));
    const waiter = group.durable();
    // what SQLITE_FULL does mid-statement: the whole transaction is rolled back under the group
    const ended = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(() =>
      group.run(() => {
        db.exec('ROLLBACK');
        throw ended;
      }),
    ).toThrow(ended);
    await expect(waiter).rejects.toBe(ended);
    expect(db.inTransaction).toBe(false);
    // a write outside run() that ends the transaction: the COMMIT has nothing to commit, and says so
    group.run(() => insert(db, 7));
    const abandoned = group.durable();
    db.exec('ROLLBACK');
    group.commit();
    const error = await abandoned.catch((e: unknown) => e);
    expect(storageProblemOf(error)?.sentence).toMatch(/could not store this call: a failed write rolled back the transaction it belonged to \(SQLITE_ABORT\)/);
    group.run(() => insert(db, 2));
    await group.durable();
    expect(db.prepare('SELECT id FROM parent').pluck().all()).toEqual([2]);
    expect(count()).toBe(1);
  });
});
