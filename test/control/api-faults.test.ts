import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_ID, demoMerchantPrivateKey } from '../support/keys.js';
import { signLikeAnSdk } from '../support/independent-verifier.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

/** A signed pay sent with undici and a client-side timeout, as a merchant's HTTP client would. */
async function rawPay(url: string, body: unknown, timeoutMs: number) {
  const path = '/ams/api/v1/payments/pay';
  const text = JSON.stringify(body);
  const time = String(Date.now());
  return request(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'client-id': DEMO_CLIENT_ID,
      'request-time': time,
      signature: signLikeAnSdk({ path, clientId: DEMO_CLIENT_ID, time, body: text, privateKey: demoMerchantPrivateKey }),
    },
    body: text,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}

describe('API-level scenario effects, seen by a real HTTP client', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(async () => {
    await sandbox.control('DELETE', '/scenarios');
  });

  const addRule = async (rule: unknown) => {
    const created = await sandbox.control('POST', '/scenarios', rule);
    expect(created.status).toBe(201);
    return created.body;
  };

  it('latencyMs delays the answer by at least that long', async () => {
    await addRule({ match: { api: 'inquiryPayment' }, effect: { latencyMs: 400 }, times: 1 });
    const pay = await sandbox.call('pay', payRequest());
    const started = performance.now();
    const slow = await sandbox.call('inquiryPayment', { paymentId: pay.body.paymentId });
    const slowMs = performance.now() - started;
    expect(slow.body.paymentStatus).toBe('PROCESSING');
    expect(slow.verified.ok).toBe(true);
    expect(slowMs).toBeGreaterThanOrEqual(390);
    const again = performance.now();
    await sandbox.call('inquiryPayment', { paymentId: pay.body.paymentId });
    expect(performance.now() - again).toBeLessThan(390);
  });

  it('noAnswer: the client times out, nothing is created, and the rule counts the use', async () => {
    const rule = await addRule({ match: { api: 'pay' }, effect: { noAnswer: true }, times: 1 });
    expect(rule).toMatchObject({ id: expect.any(String), remaining: 1, used: 0 });
    const body = payRequest();
    await expect(rawPay(sandbox.url, body, 400)).rejects.toMatchObject({ name: 'HeadersTimeoutError' });
    const listed = await sandbox.control('GET', '/scenarios');
    expect(listed.body.rules[0]).toMatchObject({ id: rule.id, remaining: 0, used: 1 });
    // the retry with the same paymentRequestId works: the unanswered call did nothing
    const retry = await sandbox.call('pay', body);
    expect(retry.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });

  it.each([500, 502, 503])('httpStatus %i reaches the client as that status', async (status) => {
    await addRule({ match: { api: 'pay' }, effect: { httpStatus: status }, times: 1 });
    const failed = await sandbox.call('pay', payRequest());
    expect(failed.status).toBe(status);
    expect(failed.body.result.resultStatus).toBe('U');
    const next = await sandbox.call('pay', payRequest());
    expect(next.status).toBe(200);
  });

  it('dropConnection: the client sees the socket close with no answer', async () => {
    await addRule({ match: { api: 'pay' }, effect: { dropConnection: true }, times: 1 });
    const error = await rawPay(sandbox.url, payRequest(), 5_000).then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );
    expect(error).toBeDefined();
    expect(error!.name).toBe('SocketError');
    expect(error!.code).toBe('UND_ERR_SOCKET');
  });

  it('resultCode answers that code with its catalogue status, signed, at HTTP 200', async () => {
    await addRule({ match: { api: 'pay', amount: '46000' }, effect: { resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT' } });
    const limited = await sandbox.call('pay', payRequest());
    expect(limited.status).toBe(200);
    expect(limited.body.result).toMatchObject({ resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT', resultStatus: 'U' });
    expect(limited.verified.ok).toBe(true);
    // the rule matches on amount: another amount is untouched
    const other = payRequest();
    other.paymentAmount.value = other.order.orderAmount.value = '47000';
    expect((await sandbox.call('pay', other)).body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });

  it('badSignature: the response is well-formed but its signature fails the SDK-like verifier', async () => {
    await addRule({ match: { api: 'pay' }, effect: { badSignature: true }, times: 1 });
    const bad = await sandbox.call('pay', payRequest());
    expect(bad.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(String(bad.headers.signature)).toMatch(/^algorithm=RSA256,keyVersion=1,signature=/);
    expect(bad.verified.ok).toBe(false);
    expect((await sandbox.call('pay', payRequest())).verified.ok).toBe(true);
  });

  it('matches on client id, request id pattern and reference order id pattern', async () => {
    await addRule({ match: { clientId: 'SOMEONE_ELSE' }, effect: { resultCode: 'ACCESS_DENIED' } });
    await addRule({ match: { paymentRequestId: '^FLAKY-' }, effect: { resultCode: 'PROCESS_FAIL' } });
    await addRule({ match: { referenceOrderId: '-RISKY$' }, effect: { resultCode: 'RISK_REJECT' } });
    expect((await sandbox.call('pay', payRequest())).body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect((await sandbox.call('pay', payRequest({ paymentRequestId: 'FLAKY-1' }))).body.result.resultCode).toBe('PROCESS_FAIL');
    const risky = payRequest();
    risky.order.referenceOrderId = 'ORDER-RISKY';
    expect((await sandbox.call('pay', risky)).body.result.resultCode).toBe('RISK_REJECT');
  });

  it('a rule on another API matches on the named payment (amount, brand)', async () => {
    const pay = await sandbox.call('pay', payRequest({ paymentMethod: { paymentMethodType: 'CARD', selectedCardBrand: 'SAMSUNG', requireIssuerAuthentication: true } }));
    await addRule({ match: { api: 'cancel', cardBrand: 'SAMSUNG', amount: '46000' }, effect: { resultCode: 'UNKNOWN_EXCEPTION' }, times: 1 });
    const cancel = await sandbox.call('cancel', { paymentId: pay.body.paymentId });
    expect(cancel.body.result).toMatchObject({ resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U' });
    expect((await sandbox.call('cancel', { paymentId: pay.body.paymentId })).body.result.resultCode).toBe('SUCCESS');
  });

  it('bad rules get a 400 naming the field; unknown ids a 404', async () => {
    const bad = await sandbox.control('POST', '/scenarios', { effect: { httpStatus: 418 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^effect\.httpStatus/);
    expect((await sandbox.control('DELETE', '/scenarios/nope')).status).toBe(404);
    const rule = await addRule({ effect: { latencyMs: 1 } });
    expect((await sandbox.control('DELETE', `/scenarios/${rule.id}`)).status).toBe(200);
    expect((await sandbox.control('GET', '/scenarios')).body.rules).toEqual([]);
  });
});

describe('noAnswer does not leak', () => {
  it('closing the sandbox ends the unanswered call at once', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.control('POST', '/scenarios', { effect: { noAnswer: true } });
    const pending = rawPay(sandbox.url, payRequest(), 30_000).then(
      () => 'answered',
      (e: Error) => e.name,
    );
    // wait until the journal shows the call was received and left unanswered
    for (let i = 0; i < 200 && (await sandbox.control('GET', '/requests')).body.size === 0; i += 1) await new Promise((r) => setImmediate(r));
    const started = performance.now();
    await sandbox.close();
    expect(await pending).toBe('SocketError');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
