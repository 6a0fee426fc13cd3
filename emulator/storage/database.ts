import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import { WalCheckpointer } from './wal-checkpointer.js';

export type SqliteDatabase = Database.Database;

/**
 * Opens the sandbox database: a file on disk in WAL mode (durable across a process crash:
 * committed pages are in the OS cache once a transaction returns), or ':memory:'.
 */
export function openDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // NORMAL syncs only at checkpoints: checkpoint every ~40 MB of WAL instead of every 4 MB, so
  // the fsync lands on one request in ten thousand pages, not one in a thousand (bench/pay)
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/**
 * Moves checkpoints off the event loop (wal-checkpointer.ts): a worker copies the WAL into the
 * file every 50 ms, and this connection checkpoints itself only past ~80 MB of WAL, when the
 * worker has fallen behind or is gone. Nothing to do for ':memory:'.
 */
export function startBackgroundCheckpoints(db: SqliteDatabase, file: string): WalCheckpointer | undefined {
  if (file === ':memory:') return undefined;
  db.pragma('wal_autocheckpoint = 20000');
  return WalCheckpointer.start(file);
}

export function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`The data file was written by a newer antom-sandbox (schema ${current}, this one knows ${MIGRATIONS.length}).`);
  }
  for (let version = current; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

export function readMeta(db: SqliteDatabase, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function writeMeta(db: SqliteDatabase, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
