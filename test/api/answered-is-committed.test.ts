import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

/**
 * Group commit (storage/commit-group.ts) holds every answer until its COMMIT: a second connection
 * to the data file, the view of a sandbox restarted after `kill -9`, must hold each payment the
 * moment its answer arrives, even when many pays share one COMMIT.
 */
describe('an answered pay is committed when its answer arrives', () => {
  let dir: string;
  let sandbox: TestSandbox;
  let reader: Database.Database;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'antom-answered-'));
    sandbox = await startTestSandbox({ data: join(dir, 'sandbox.db') });
    reader = new Database(join(dir, 'sandbox.db'), { readonly: true });
  });
  afterAll(async () => {
    reader?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('60 pays at once: each is in the file, read by another connection, as its answer comes in', async () => {
    const stored = reader.prepare('SELECT status FROM payments WHERE payment_id = ?').pluck();
    const before = sandbox.app.sandbox.commits.stats;
    const seen = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        sandbox.call('pay', payRequest({ paymentRequestId: `ANSWERED-${Date.now()}-${i}` })).then((answer) => {
          expect(answer.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
          // synchronously, before anything else runs here
          return stored.get(answer.body.paymentId);
        }),
      ),
    );
    expect(seen).toEqual(Array(60).fill('PROCESSING'));
    const after = sandbox.app.sandbox.commits.stats;
    // they did share COMMITs: fewer commits than pays
    expect(after.operations - before.operations).toBeGreaterThanOrEqual(60);
    expect(after.commits - before.commits).toBeLessThan(60);
  });
});
