// WAL frames (4 KB pages) written per pay, counted by SQLite itself, alone and in groups of 9 (what
// group commit reaches at 50 connections). Deterministic: no timing, so it shows what a schema or id
// change does to the bytes every pay costs (each frame is two pwrites, a checksum, and later a copy
// into the data file by the checkpointer), which the noisy req/s of this VM cannot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, fmt, mainIfDirect, payBody, requireBuild } from './lib/common.mjs';

async function framesPerPay(group, { warm = 20_000, measured = 9_000 } = {}) {
  requireBuild();
  const { buildSandbox } = await import(join(ROOT, 'dist', 'emulator', 'app.js'));
  const dir = mkdtempSync(join(tmpdir(), 'antom-bench-wal-'));
  const app = await buildSandbox({ data: join(dir, 'sandbox.db'), logLevel: 'error' });
  try {
    await app.ready();
    const { payments, db } = app.sandbox;
    db.pragma('wal_autocheckpoint = 0');
    let next = 0;
    // one explicit transaction per group, as the group commit holds one per event-loop turn
    const pay = (count) => {
      for (let done = 0; done < count; done += group) {
        db.transaction(() => {
          for (let j = 0; j < group; j += 1) payments.pay('SANDBOX_DEMO_MERCHANT', JSON.parse(payBody(`WAL-FRAMES-${String(next++).padStart(8, '0')}`)));
        })();
      }
    };
    pay(warm); // b-trees a few levels deep, as in a data file in use
    db.pragma('wal_checkpoint(TRUNCATE)');
    pay(measured);
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
    return log / measured;
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run() {
  const alone = await framesPerPay(1);
  const grouped = await framesPerPay(9);
  return `wal-frames: ${fmt(alone, 2)} WAL frames per pay committed alone, ${fmt(grouped, 2)} in groups of 9 (4 KB each)`;
}

await mainIfDirect(import.meta.url, run);
