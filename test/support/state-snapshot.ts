import { createHash } from 'node:crypto';
import type { SandboxApp } from '../../emulator/index.js';

/** A digest of everything stored about payments, to prove a rejected request changed nothing. */
export function stateDigest(app: SandboxApp): string {
  const hash = createHash('sha256');
  for (const table of ['payments', 'transactions', 'payment_events', 'notifications', 'notification_attempts', 'merchants']) {
    const rows = app.sandbox.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
    hash.update(`${table}:${JSON.stringify(rows)}\n`);
  }
  return hash.digest('hex');
}
