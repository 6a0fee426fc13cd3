import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../emulator/storage/database.js';

describe('the data file', () => {
  it('is opened in WAL mode, synchronous NORMAL, with rare checkpoints and in-memory temp storage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'antom-pragmas-'));
    const db = openDatabase(join(dir, 'sandbox.db'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL: durable across a process crash
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
      expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
