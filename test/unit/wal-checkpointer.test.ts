import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, startBackgroundCheckpoints, writeMeta, type SqliteDatabase } from '../../emulator/storage/database.js';
import { WalCheckpointer, type CheckpointResult } from '../../emulator/storage/wal-checkpointer.js';

const PAGE = 4096;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'antom-checkpointer-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'sandbox.db');
}

/** About `pages` pages of WAL, in one transaction, on this connection. */
function writePages(db: SqliteDatabase, pages: number): void {
  db.transaction(() => {
    for (let i = 0; i < pages; i += 1) writeMeta(db, `filler-${i}`, 'x'.repeat(PAGE - 200));
  })();
}

describe('the WAL checkpointer (storage/wal-checkpointer.ts)', () => {
  it('copies the WAL into the data file from its own thread, long before the main connection would', async () => {
    const file = dataFile();
    const db = openDatabase(file);
    cleanups.push(() => {
      db.close();
    });
    const fileBefore = statSync(file).size;
    writePages(db, 600);
    // the main connection's threshold (20,000 pages once the worker runs) is far away: it has not copied
    expect(db.pragma('wal_autocheckpoint = 20000', { simple: true })).toBe(20_000);
    expect(statSync(file).size).toBe(fileBefore);

    const copied = new Promise<CheckpointResult>((resolve) => {
      const checkpointer = WalCheckpointer.start(file, {
        intervalMs: 5,
        onCheckpoint: (result) => {
          if (result.log > 0 && result.checkpointed === result.log) resolve(result);
        },
      });
      cleanups.push(() => checkpointer.close());
    });
    const result = await copied;
    expect(result.log).toBeGreaterThanOrEqual(600);
    // the pages are in the data file itself now, written by the worker's connection
    expect(statSync(file).size).toBeGreaterThanOrEqual(fileBefore + 600 * PAGE);
  });

  it('is closed before the main connection, which then removes the WAL as a last connection does', async () => {
    const file = dataFile();
    const db = openDatabase(file);
    const checkpointer = startBackgroundCheckpoints(db, file)!;
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(20_000);
    writePages(db, 50);
    expect(existsSync(`${file}-wal`)).toBe(true);
    await checkpointer.close();
    db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = openDatabase(file);
    cleanups.push(() => {
      reopened.close();
    });
    expect(reopened.prepare("SELECT COUNT(*) AS n FROM meta WHERE key LIKE 'filler-%'").get()).toEqual({ n: 50 });
  });

  it('costs nothing where there is no file to checkpoint', async () => {
    const db = openDatabase(':memory:');
    cleanups.push(() => {
      db.close();
    });
    expect(startBackgroundCheckpoints(db, ':memory:')).toBeUndefined();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    // a file it cannot open: the worker stays idle and still closes
    const missing = WalCheckpointer.start(join(tmpdir(), 'antom-no-such-dir', 'none.db'), { onCheckpoint: () => expect.fail('no checkpoint without a file') });
    await expect(missing.close()).resolves.toBeUndefined();
  });
});
