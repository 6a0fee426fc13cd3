import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';
import { stateDigest } from '../support/state-snapshot.js';

/** Limits that keep a misbehaving client from exhausting the sandbox. */
describe('body size limit and bounded journal', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ journalLimit: 50 });
  });
  afterAll(() => sandbox.close());

  it('a 20 MB body to an Antom API → HTTP 413 with a signed PARAM_ILLEGAL naming the limit; nothing stored, the sandbox carries on', async () => {
    const before = stateDigest(sandbox.app);
    const huge = JSON.stringify(payRequest({ order: { orderDescription: 'x'.repeat(20 * 1024 * 1024) } }));
    const response = await sandbox.call('pay', undefined, { rawBody: huge });
    expect(response.status).toBe(413);
    expect(response.verified).toEqual({ ok: true });
    expect(response.body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: expect.stringContaining('1048576 byte limit') });
    expect(stateDigest(sandbox.app)).toBe(before);
    expect((await sandbox.call('pay', payRequest())).body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });

  it('a 20 MB body to the control API → HTTP 413 JSON, not a 5xx', async () => {
    const response = await request(`${sandbox.url}/_sandbox/api/merchants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'BIG', publicKey: 'x'.repeat(20 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect((await response.body.json()) as object).toMatchObject({ error: { code: 'FST_ERR_CTP_BODY_TOO_LARGE' } });
    expect((await sandbox.control('GET', '/merchants')).body.merchants.map((m: { clientId: string }) => m.clientId)).not.toContain('BIG');
  });

  it('the journal keeps at most --journal-limit entries however many calls come, each body clipped at 64 KB', async () => {
    const big = 'y'.repeat(500 * 1024);
    for (let i = 0; i < 120; i += 1) await sandbox.call('inquiryPayment', { paymentId: `NOPE-${i}`, padding: i % 10 === 0 ? big : undefined });
    const journal = (await sandbox.control('GET', '/requests?limit=1000')).body;
    expect(journal).toMatchObject({ limit: 50, size: 50 });
    expect(journal.requests).toHaveLength(50);
    expect(JSON.parse(journal.requests[0].requestBody).paymentId).toBe('NOPE-119');
    for (const entry of journal.requests as Array<{ requestBody: string }>) expect(entry.requestBody.length).toBeLessThanOrEqual(64 * 1024 + 40);
    expect(journal.requests.some((e: { requestBody: string }) => e.requestBody.endsWith(`(${JSON.stringify({ paymentId: 'NOPE-110', padding: big }).length} chars)`))).toBe(true);
  });
});
