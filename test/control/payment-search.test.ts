import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../emulator/storage/database.js';
import { PaymentStore } from '../../emulator/storage/payment-store.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

describe('GET /_sandbox/api/payments: search and filters', () => {
  let sandbox: TestSandbox;
  const made: Array<{ paymentId: string; paymentRequestId: string; referenceOrderId: string }> = [];
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    for (let i = 0; i < 3; i += 1) {
      const request = payRequest();
      request.order.referenceOrderId = `SHOP-${i}-${request.paymentRequestId}`;
      const pay = await sandbox.call('pay', request);
      made.push({ paymentId: pay.body.paymentId, paymentRequestId: request.paymentRequestId, referenceOrderId: request.order.referenceOrderId });
    }
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const ids = (body: { payments: Array<{ paymentId: string }> }) => body.payments.map((p) => p.paymentId);

  it('q finds a payment by each of its three ids, exactly', async () => {
    const target = made[1]!;
    for (const q of [target.paymentId, target.paymentRequestId, target.referenceOrderId]) {
      const found = await sandbox.control('GET', `/payments?q=${encodeURIComponent(q)}`);
      expect(found.status, q).toBe(200);
      expect(ids(found.body), q).toEqual([target.paymentId]);
    }
  });

  it('q matches a prefix, newest first; a prefix of nothing finds nothing', async () => {
    const found = await sandbox.control('GET', '/payments?q=SHOP-');
    expect(ids(found.body)).toEqual(made.map((m) => m.paymentId).reverse());
    expect(ids((await sandbox.control('GET', `/payments?q=${encodeURIComponent(made[2]!.referenceOrderId.slice(0, 8))}`)).body)).toEqual([made[2]!.paymentId]);
    expect(ids((await sandbox.control('GET', '/payments?q=HOP-')).body)).toEqual([]);
    // LIKE wildcards are plain characters here
    expect(ids((await sandbox.control('GET', '/payments?q=%25')).body)).toEqual([]);
  });

  it('filters by status, client and creation time (ISO or epoch ms) together with q', async () => {
    await sandbox.control('POST', `/payments/${made[0]!.paymentId}/authorize`, { outcome: 'approve' });
    expect(ids((await sandbox.control('GET', '/payments?q=SHOP-&status=SUCCESS')).body)).toEqual([made[0]!.paymentId]);
    expect(ids((await sandbox.control('GET', '/payments?q=SHOP-&clientId=OTHER')).body)).toEqual([]);
    const detail = await sandbox.control('GET', `/payments/${made[0]!.paymentId}`);
    const createdAt = Date.parse(detail.body.createdAt);
    const iso = new Date(createdAt + 3_600_000).toISOString();
    expect((await sandbox.control('GET', `/payments?q=SHOP-&from=${encodeURIComponent(iso)}`)).body.payments).toEqual([]);
    expect(ids((await sandbox.control('GET', `/payments?q=SHOP-&from=${createdAt - 1}&to=${encodeURIComponent(iso)}&limit=10`)).body)).toHaveLength(3);
    expect(ids((await sandbox.control('GET', `/payments?q=SHOP-&to=${createdAt - 60_000}`)).body)).toEqual([]);
  });

  it('bad parameters answer 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['from=yesterday', 'from'],
      ['to=2026-13-45T99', 'to'],
      ['status=WON', 'status'],
      ['limit=0', 'limit'],
      [`q=${'x'.repeat(129)}`, 'q'],
    ];
    for (const [query, field] of cases) {
      const answer = await sandbox.control('GET', `/payments?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code).toBe('BAD_REQUEST');
      expect(answer.body.error.message, query).toMatch(new RegExp(`^${field}:`));
    }
  });
});

describe('the payment search SQL', () => {
  it('uses an index for each id column (no full scan of payments)', () => {
    const db = openDatabase(':memory:');
    const store = new PaymentStore(db);
    let captured = '';
    const prepare = db.prepare.bind(db);
    (db as { prepare: typeof db.prepare }).prepare = ((sql: string) => {
      captured = sql;
      return prepare(sql);
    }) as typeof db.prepare;
    store.list({ q: 'abc' });
    const plan = (prepare(`EXPLAIN QUERY PLAN ${captured}`).all('abc', 'abc\u{10ffff}', 'abc', 'abc\u{10ffff}', 'abc', 'abc\u{10ffff}', 100) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan).toContain('payments_request_id');
    expect(plan).toContain('payments_reference_order');
    expect(plan).not.toMatch(/SCAN payments\b(?! USING)/);
    db.close();
  });
});
