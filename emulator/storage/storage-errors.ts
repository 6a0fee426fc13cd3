import Database from 'better-sqlite3';

/**
 * SQLite failures that say the data file cannot take a write right now (full disk, read-only,
 * I/O error, locked), as one sentence. SQLite rolls the failed transaction back, so nothing of
 * the call is stored: the Antom API answers UNKNOWN_EXCEPTION (U: retry or inquire) and the
 * control API a 503, both with this sentence, instead of a stack trace per request.
 */
const PROBLEMS: ReadonlyArray<[RegExp, string]> = [
  [/^SQLITE_FULL/, 'the disk holding the data file is full'],
  [/^SQLITE_READONLY/, 'the data file or its folder is read-only'],
  [/^SQLITE_IOERR/, 'the data file could not be read or written (I/O error)'],
  [/^SQLITE_CANTOPEN/, 'the data file cannot be opened'],
  [/^SQLITE_(BUSY|LOCKED)/, 'the data file is locked by another process'],
  [/^SQLITE_(CORRUPT|NOTADB)/, 'the data file is damaged'],
  [/^SQLITE_ABORT/, 'a failed write rolled back the transaction it belonged to'],
];

export class StorageUnavailable {
  constructor(
    readonly sqliteCode: string,
    readonly problem: string,
  ) {}

  get sentence(): string {
    return `The sandbox could not store this call: ${this.problem} (${this.sqliteCode}). Nothing of it was stored; retry once the data file can be written.`;
  }
}

/** The storage problem behind an error thrown by better-sqlite3, or undefined for any other error. */
export function storageProblemOf(error: unknown): StorageUnavailable | undefined {
  if (!(error instanceof Database.SqliteError)) return undefined;
  const match = PROBLEMS.find(([pattern]) => pattern.test(error.code));
  return match ? new StorageUnavailable(error.code, match[1]) : undefined;
}
