import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxPublicKey } from '../support/keys.js';
import { verifyLikeAnSdk } from '../support/independent-verifier.js';
import { startReceiver, type NotificationReceiver } from '../support/notification-receiver.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

describe('lifecycle scenario effects: authorization, capture, notifications', () => {
  let sandbox: TestSandbox;
  let receiver: NotificationReceiver;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    receiver = await startReceiver('/antom/notify');
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });
  beforeEach(async () => {
    await sandbox.control('DELETE', '/scenarios');
  });

  const rule = async (body: unknown) => expect((await sandbox.control('POST', '/scenarios', body)).status).toBe(201);
  const advance = (ms: number) => sandbox.control('POST', '/clock/advance', { ms });
  const settle = () => sandbox.app.sandbox.outbox.settle();
  const newPayment = async (overrides: Record<string, unknown> = {}) => (await sandbox.call('pay', payRequest({ paymentNotifyUrl: receiver.url, ...overrides }))).body.paymentId as string;
  const authorize = (paymentId: string, outcome = 'approve') => sandbox.control('POST', `/payments/${paymentId}/authorize`, { outcome });
  const receivedFor = (paymentId: string) => receiver.received.filter((n) => n.json?.paymentId === paymentId);
  const typesFor = (paymentId: string) => receivedFor(paymentId).map((n) => n.json.notifyType);
  /** waits until the receiver holds `count` notifications of this payment (a readiness signal, no sleep) */
  const arrived = async (paymentId: string, count: number) => {
    while (receivedFor(paymentId).length < count) await receiver.waitFor(receiver.received.length + 1);
    return typesFor(paymentId);
  };

  it('authorization: decline with a code, whatever the buyer chose', async () => {
    await rule({ match: { cardBrand: 'KOOKMIN' }, effect: { authorization: { outcome: 'decline', resultCode: 'CARD_NOT_SUPPORTED' } } });
    const paymentId = await newPayment({ paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: true, selectedCardBrand: 'KB' } } });
    expect((await authorize(paymentId)).body).toMatchObject({ status: 'FAIL', resultCode: 'CARD_NOT_SUPPORTED' });
    // another brand is untouched
    expect((await authorize(await newPayment())).body.status).toBe('SUCCESS');
  });

  it('authorization: approve overrides a buyer decline; abandon leaves it PROCESSING', async () => {
    await rule({ effect: { authorization: { outcome: 'approve' } }, times: 1 });
    await rule({ effect: { authorization: { outcome: 'abandon' } }, times: 1 });
    expect((await authorize(await newPayment(), 'decline')).body.status).toBe('SUCCESS');
    expect((await authorize(await newPayment())).body.status).toBe('PROCESSING');
    expect((await authorize(await newPayment())).body.status).toBe('SUCCESS');
  });

  it('capture: fail with a code after a delay, decided once (the delay is not repeated)', async () => {
    await rule({ effect: { capture: { outcome: 'fail', resultCode: 'AUTH_EXPIRED', delayMs: 60_000 } } });
    const paymentId = await newPayment();
    await authorize(paymentId);
    await advance(1_000);
    expect((await sandbox.call('inquiryPayment', { paymentId })).body.transactions ?? []).toEqual([]);
    await advance(60_000);
    const inquiry = (await sandbox.call('inquiryPayment', { paymentId })).body;
    expect(inquiry.transactions).toEqual([expect.objectContaining({ transactionType: 'CAPTURE', transactionStatus: 'FAIL', transactionResult: expect.objectContaining({ resultCode: 'AUTH_EXPIRED' }) })]);
  });

  it('capture: success after a delay', async () => {
    await rule({ effect: { capture: { outcome: 'success', delayMs: 30_000 } }, times: 1 });
    const paymentId = await newPayment();
    await authorize(paymentId);
    await advance(29_000);
    expect((await sandbox.call('inquiryPayment', { paymentId })).body.transactions ?? []).toEqual([]);
    await advance(2_000);
    expect((await sandbox.call('inquiryPayment', { paymentId })).body.transactions[0]).toMatchObject({ transactionType: 'CAPTURE', transactionStatus: 'SUCCESS' });
  });

  it('notification drop: never sent, marked FAILED', async () => {
    await rule({ effect: { notification: { drop: true } } });
    const paymentId = await newPayment();
    await authorize(paymentId);
    await advance(1_000);
    await settle();
    expect(receivedFor(paymentId)).toEqual([]);
    const detail = await sandbox.control('GET', `/payments/${paymentId}`);
    expect(detail.body.notifications.map((n: { status: string }) => n.status)).toEqual(['FAILED', 'FAILED']);
  });

  it('notification duplicate: each notification arrives twice', async () => {
    await rule({ effect: { notification: { duplicate: true } } });
    const paymentId = await newPayment();
    await authorize(paymentId);
    await advance(1_000);
    expect(await arrived(paymentId, 4)).toEqual(['PAYMENT_RESULT', 'PAYMENT_RESULT', 'CAPTURE_RESULT', 'CAPTURE_RESULT']);
  });

  it('notification delayMs: held on the virtual clock', async () => {
    await rule({ effect: { notification: { delayMs: 120_000 } }, times: 1 });
    const paymentId = await newPayment();
    await authorize(paymentId);
    await settle();
    expect(receivedFor(paymentId)).toEqual([]);
    await advance(120_000);
    expect(await arrived(paymentId, 2)).toEqual(['PAYMENT_RESULT', 'CAPTURE_RESULT']);
  });

  it('notification failFirst: the first N attempts fail, then the retry schedule delivers', async () => {
    await rule({ effect: { notification: { failFirst: 1 } }, times: 1 });
    const paymentId = await newPayment();
    await authorize(paymentId);
    await settle();
    expect(receivedFor(paymentId)).toEqual([]);
    await advance(2 * 60_000);
    expect(await arrived(paymentId, 2)).toEqual(['PAYMENT_RESULT', 'CAPTURE_RESULT']);
  });

  it('notification badSignature: arrives with a signature the merchant must reject', async () => {
    await rule({ effect: { notification: { badSignature: true } }, times: 1 });
    const paymentId = await newPayment();
    await authorize(paymentId);
    await settle();
    const [n] = receivedFor(paymentId);
    expect(verifyLikeAnSdk({ method: 'POST', path: '/antom/notify', headers: n!.headers, body: n!.body, publicKey: sandboxPublicKey, timeHeader: 'request-time' }).ok).toBe(false);
  });

  it('notification captureFirst: the capture result arrives before the payment result', async () => {
    await rule({ effect: { notification: { captureFirst: true } } });
    const paymentId = await newPayment();
    await authorize(paymentId);
    await settle();
    expect(receivedFor(paymentId)).toEqual([]);
    await advance(1_000);
    expect(await arrived(paymentId, 2)).toEqual(['CAPTURE_RESULT', 'PAYMENT_RESULT']);
  });

  it('captureFirst does not hold a declined payment result (there is no capture)', async () => {
    await rule({ effect: { notification: { captureFirst: true } } });
    const paymentId = await newPayment();
    await authorize(paymentId, 'decline');
    await settle();
    expect(typesFor(paymentId)).toEqual(['PAYMENT_RESULT']);
  });
});
