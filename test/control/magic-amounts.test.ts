import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { DEMO_CLIENT_ID, demoMerchantPrivateKey } from '../support/keys.js';
import { signLikeAnSdk } from '../support/independent-verifier.js';
import type { NotificationReceiver } from '../support/notification-receiver.js';
import { payRequest, withSandboxAndReceiver, type TestSandbox } from '../support/sandbox-harness.js';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'magic-amounts.json'), 'utf8')) as { amounts: Array<{ amount: string }> };

function payOf(amount: string, overrides: Record<string, unknown> = {}) {
  const body = payRequest(overrides);
  body.paymentAmount.value = amount;
  body.order.orderAmount.value = amount;
  return body;
}

describe('magic amounts (fixtures/magic-amounts.json), no setup', () => {
  let sandbox: TestSandbox;
  let receiver: NotificationReceiver;
  withSandboxAndReceiver((s, r) => {
    sandbox = s;
    receiver = r;
  });

  const approve = (paymentId: string) => sandbox.control('POST', `/payments/${paymentId}/authorize`, { outcome: 'approve' });
  const advance = (ms: number) => sandbox.control('POST', '/clock/advance', { ms });
  const settle = () => sandbox.app.sandbox.outbox.settle();
  const receivedFor = (paymentId: string) => receiver.received.filter((n) => n.json?.paymentId === paymentId);
  const inquiry = async (paymentId: string) => (await sandbox.call('inquiryPayment', { paymentId })).body;

  it('the fixture lists exactly the amounts tested here', () => {
    expect(fixture.amounts.map((a) => a.amount)).toEqual(['11', '5005', '5051', '1414', '6006', '7005', '7002', '9009', '9999']);
  });

  it('11 → pay answers RISK_REJECT (F)', async () => {
    const pay = await sandbox.call('pay', payOf('11'));
    expect(pay.body.result).toMatchObject({ resultCode: 'RISK_REJECT', resultStatus: 'F' });
    expect(pay.body.paymentId).toBeUndefined();
    expect(pay.verified.ok).toBe(true);
  });

  it.each([
    ['5005', 'DO_NOT_HONOR'],
    ['5051', 'USER_BALANCE_NOT_ENOUGH'],
  ])('%s → the issuer declines with %s even when the buyer approves', async (amount, code) => {
    const pay = await sandbox.call('pay', payOf(amount, { paymentNotifyUrl: receiver.url }));
    const authorized = await approve(pay.body.paymentId);
    expect(authorized.body).toMatchObject({ status: 'FAIL', resultCode: code });
    expect(await inquiry(pay.body.paymentId)).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: code });
    await settle();
    expect(receivedFor(pay.body.paymentId).map((n) => n.json.result.resultCode)).toEqual([code]);
  });

  it('1414 → the buyer abandons at the issuer; the payment expires as ORDER_IS_CLOSED', async () => {
    const pay = await sandbox.call('pay', payOf('1414'));
    const after = await approve(pay.body.paymentId);
    expect(after.body.status).toBe('PROCESSING');
    expect(after.body.timeline.map((e: { type: string }) => e.type)).toContain('BUYER_ABANDONED');
    await advance(14 * 60_000);
    expect(await inquiry(pay.body.paymentId)).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'ORDER_IS_CLOSED' });
  });

  it('6006 → authorized, then the automatic capture fails with PROCESS_FAIL', async () => {
    const pay = await sandbox.call('pay', payOf('6006', { paymentNotifyUrl: receiver.url }));
    expect((await approve(pay.body.paymentId)).body.status).toBe('SUCCESS');
    await advance(1_000);
    await settle();
    const result = await inquiry(pay.body.paymentId);
    expect(result.paymentStatus).toBe('SUCCESS');
    expect(result.transactions).toEqual([expect.objectContaining({ transactionType: 'CAPTURE', transactionStatus: 'FAIL', transactionResult: expect.objectContaining({ resultCode: 'PROCESS_FAIL' }) })]);
    const capture = receivedFor(pay.body.paymentId).find((n) => n.json.notifyType === 'CAPTURE_RESULT');
    expect(capture?.json.result).toMatchObject({ resultCode: 'PROCESS_FAIL', resultStatus: 'F' });
  });

  it('7005 → notifications wait 5 minutes of virtual time', async () => {
    const pay = await sandbox.call('pay', payOf('7005', { paymentNotifyUrl: receiver.url }));
    await approve(pay.body.paymentId);
    await advance(299_000);
    await settle();
    expect(receivedFor(pay.body.paymentId)).toEqual([]);
    await advance(1_000);
    await settle();
    expect(receivedFor(pay.body.paymentId).map((n) => n.json.notifyType)).toEqual(['PAYMENT_RESULT']);
  });

  it('7002 → the first 2 deliveries fail; the 3rd, 12 minutes later, arrives', async () => {
    const pay = await sandbox.call('pay', payOf('7002', { paymentNotifyUrl: receiver.url }));
    await approve(pay.body.paymentId);
    await settle();
    await advance(2 * 60_000);
    await settle();
    expect(receivedFor(pay.body.paymentId)).toEqual([]);
    await advance(10 * 60_000);
    await settle();
    expect(receivedFor(pay.body.paymentId).map((n) => n.json.notifyType)).toContain('PAYMENT_RESULT');
    const detail = await sandbox.control('GET', `/payments/${pay.body.paymentId}`);
    const paymentResult = detail.body.notifications.find((n: { notifyType: string }) => n.notifyType === 'PAYMENT_RESULT');
    expect(paymentResult.deliveries.map((d: { ok: boolean }) => d.ok)).toEqual([false, false, true]);
  });

  it('9009 → UNKNOWN_EXCEPTION once per paymentRequestId, then the retry succeeds', async () => {
    const body = payOf('9009');
    const first = await sandbox.call('pay', body);
    expect(first.body.result).toMatchObject({ resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U' });
    const retry = await sandbox.call('pay', body);
    expect(retry.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect((await sandbox.call('pay', body)).body.paymentId).toBe(retry.body.paymentId);
    expect((await sandbox.call('pay', payOf('9009'))).body.result.resultCode).toBe('UNKNOWN_EXCEPTION');
  });

  it('9999 → pay never answers; the client times out', async () => {
    const path = '/ams/api/v1/payments/pay';
    const text = JSON.stringify(payOf('9999'));
    const time = String(Date.now());
    const call = request(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=UTF-8', 'client-id': DEMO_CLIENT_ID, 'request-time': time, signature: signLikeAnSdk({ path, clientId: DEMO_CLIENT_ID, time, body: text, privateKey: demoMerchantPrivateKey }) },
      body: text,
      headersTimeout: 300,
    });
    await expect(call).rejects.toMatchObject({ name: 'HeadersTimeoutError' });
  });

  it('scenario rules win over magic amounts', async () => {
    await sandbox.control('POST', '/scenarios', { match: { amount: '11' }, effect: { resultCode: 'PROCESS_FAIL' }, times: 1 });
    expect((await sandbox.call('pay', payOf('11'))).body.result.resultCode).toBe('PROCESS_FAIL');
    expect((await sandbox.call('pay', payOf('11'))).body.result.resultCode).toBe('RISK_REJECT');
  });
});
