import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestJournal } from '../../emulator/services/request-journal.js';
import { demoMerchantPublicPem } from '../support/keys.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

describe('the request journal', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ journalLimit: 5 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('a failed signature shows the exact text the sandbox expected to be signed, and which key', async () => {
    const text = JSON.stringify(payRequest());
    const forged = await sandbox.call('pay', undefined, {
      rawBody: text,
      time: '1700000000000',
      headers: { signature: 'algorithm=RSA256,keyVersion=1,signature=AAAA' },
    });
    expect(forged.body.result.resultCode).toBe('INVALID_SIGNATURE');
    const journal = await sandbox.control('GET', '/requests?verdict=INVALID');
    const [entry] = journal.body.requests;
    expect(entry).toMatchObject({
      method: 'POST',
      path: '/ams/api/v1/payments/pay',
      api: 'pay',
      clientId: 'SANDBOX_DEMO_MERCHANT',
      verdict: 'INVALID',
      expectedSignedText: `POST /ams/api/v1/payments/pay\nSANDBOX_DEMO_MERCHANT.1700000000000.${text}`,
      requestBody: text,
      resultCode: 'INVALID_SIGNATURE',
      httpStatus: 200,
    });
    expect(entry.key.pem.replace(/\s/g, '')).toBe(demoMerchantPublicPem.replace(/\s/g, ''));
    expect(entry.key.fingerprint).toMatch(/^SHA256:[0-9a-f]{64}$/);
    expect(entry.requestHeaders['request-time']).toBe('1700000000000');
    expect(JSON.parse(entry.responseBody).result.resultCode).toBe('INVALID_SIGNATURE');
  });

  it('a good call is journaled VALID with both bodies, and no expected text', async () => {
    const pay = await sandbox.call('pay', payRequest());
    const [entry] = (await sandbox.control('GET', '/requests?limit=1')).body.requests;
    expect(entry).toMatchObject({ verdict: 'VALID', expectedSignedText: null, key: null, resultCode: 'PAYMENT_IN_PROCESS' });
    expect(JSON.parse(entry.responseBody).paymentId).toBe(pay.body.paymentId);
  });

  it('keeps at most --journal-limit entries, dropping the oldest', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const request = payRequest();
      ids.push(request.paymentRequestId);
      await sandbox.call('pay', request);
    }
    const journal = await sandbox.control('GET', '/requests');
    expect(journal.body).toMatchObject({ limit: 5, size: 5 });
    const kept = journal.body.requests.map((e: { requestBody: string }) => JSON.parse(e.requestBody).paymentRequestId);
    expect(kept).toEqual(ids.slice(-5).reverse());
  });

  it('reset empties it', async () => {
    expect((await sandbox.control('POST', '/reset')).status).toBe(200);
    expect((await sandbox.control('GET', '/requests')).body.requests).toEqual([]);
  });

  it('the bound holds for many entries (unit)', () => {
    const journal = new RequestJournal(1000);
    const base = { at: '', method: 'POST', path: '/', api: 'pay', clientId: 'c', verdict: 'VALID', expectedSignedText: null, key: null, requestHeaders: {}, httpStatus: 200, responseBody: '', resultCode: null, fault: null, durationMs: 1 };
    for (let i = 0; i < 5_000; i += 1) journal.add({ ...base, requestBody: String(i) });
    expect(journal.size).toBe(1000);
    const all = journal.list();
    expect(all).toHaveLength(1000);
    expect(all[0]!.requestBody).toBe('4999');
    expect(all.at(-1)!.requestBody).toBe('4000');
  });
});
