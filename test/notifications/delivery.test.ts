import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxPublicKey } from '../support/keys.js';
import { verifyLikeAnSdk } from '../support/independent-verifier.js';
import { startReceiver, type NotificationReceiver, type ReceivedNotification } from '../support/notification-receiver.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/;

/** protocol §9: every field in every body is a string except objects, arrays and booleans */
function expectOnlyStringScalars(value: unknown, path = 'body'): void {
  if (Array.isArray(value)) return value.forEach((v, i) => expectOnlyStringScalars(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) expectOnlyStringScalars(v, `${path}.${k}`);
    return;
  }
  expect(typeof value === 'string' || typeof value === 'boolean', `${path} is ${typeof value}`).toBe(true);
}

function expectSignedBySandbox(n: ReceivedNotification, receiver: NotificationReceiver) {
  expect(n.headers['content-type']).toMatch(/^application\/json/);
  expect(n.headers['client-id']).toBe('SANDBOX_DEMO_MERCHANT');
  expect(n.headers['request-time']).toMatch(ISO);
  expect(verifyLikeAnSdk({ method: 'POST', path: new URL(receiver.url).pathname, headers: n.headers, body: n.body, publicKey: sandboxPublicKey, timeHeader: 'request-time' })).toEqual({ ok: true });
}

describe('notifications (protocol §9) delivered to a real receiver', () => {
  let sandbox: TestSandbox;
  let receiver: NotificationReceiver;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    receiver = await startReceiver('/antom/notify?shop=1');
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  const settle = () => sandbox.app.sandbox.outbox.settle();

  it('approve → PAYMENT_RESULT S, then CAPTURE_RESULT S, each signed and shaped as §9 says', async () => {
    const start = receiver.received.length;
    const request = payRequest({ paymentNotifyUrl: receiver.url });
    const pay = await sandbox.call('pay', request);
    await sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'approve', cardBrand: 'SHINHAN' });
    const [paymentResult] = (await receiver.waitFor(start + 1)).slice(start);
    await sandbox.control('POST', '/clock/advance', { ms: 1_000 });
    const [, captureResult] = (await receiver.waitFor(start + 2)).slice(start);

    expect(paymentResult!.path).toBe('/antom/notify?shop=1');
    expectSignedBySandbox(paymentResult!, receiver);
    expectOnlyStringScalars(paymentResult!.json);
    expect(Object.keys(paymentResult!.json).sort()).toEqual(['notifyType', 'paymentAmount', 'paymentCreateTime', 'paymentId', 'paymentRequestId', 'paymentResultInfo', 'paymentTime', 'result'].sort());
    expect(paymentResult!.json).toMatchObject({
      notifyType: 'PAYMENT_RESULT',
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
      paymentRequestId: request.paymentRequestId,
      paymentId: pay.body.paymentId,
      paymentAmount: { currency: 'KRW', value: '46000' },
      paymentResultInfo: { cardBrand: 'SHINHAN', issuingCountry: 'KR', paymentMethodRegion: 'KR', funding: 'CREDIT' },
    });
    expect(paymentResult!.json.paymentCreateTime).toMatch(ISO);
    expect(paymentResult!.json.paymentTime).toMatch(ISO);

    expectSignedBySandbox(captureResult!, receiver);
    expectOnlyStringScalars(captureResult!.json);
    expect(Object.keys(captureResult!.json).sort()).toEqual(['captureAmount', 'captureId', 'captureRequestId', 'captureTime', 'notifyType', 'paymentId', 'result'].sort());
    expect(captureResult!.json).toMatchObject({
      notifyType: 'CAPTURE_RESULT',
      result: { resultCode: 'SUCCESS', resultStatus: 'S' },
      paymentId: pay.body.paymentId,
      captureAmount: { currency: 'KRW', value: '46000' },
    });
    expect(captureResult!.json.captureRequestId).toMatch(/^\d+$/);
    expect(captureResult!.json.captureTime).toMatch(ISO);
    const inquiry = await sandbox.call('inquiryPayment', { paymentId: pay.body.paymentId });
    expect(inquiry.body.transactions[0].transactionId).toBe(captureResult!.json.captureId);

    await settle();
    const detail = await sandbox.control('GET', `/payments/${pay.body.paymentId}`);
    expect(detail.body.notifications.map((n: { notifyType: string; status: string }) => [n.notifyType, n.status])).toEqual([
      ['PAYMENT_RESULT', 'DELIVERED'],
      ['CAPTURE_RESULT', 'DELIVERED'],
    ]);
    expect(detail.body.notifications[0].deliveries[0]).toMatchObject({ attempt: 1, httpStatus: 200, ok: true });
  });

  it('decline → PAYMENT_RESULT F with the chosen code, and no capture', async () => {
    const start = receiver.received.length;
    const pay = await sandbox.call('pay', payRequest({ paymentNotifyUrl: receiver.url }));
    await sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'decline', resultCode: 'DO_NOT_HONOR', cardBrand: 'LOTTE' });
    const [declined] = (await receiver.waitFor(start + 1)).slice(start);
    expectSignedBySandbox(declined!, receiver);
    expectOnlyStringScalars(declined!.json);
    expect(declined!.json).toMatchObject({ notifyType: 'PAYMENT_RESULT', result: { resultCode: 'DO_NOT_HONOR', resultStatus: 'F' }, paymentId: pay.body.paymentId });
    expect(declined!.json.paymentTime).toBeUndefined();
    await sandbox.control('POST', '/clock/advance', { ms: 60_000 });
    await settle();
    expect(receiver.received.slice(start).filter((n) => n.json.paymentId === pay.body.paymentId)).toHaveLength(1);
  });

  it('expiry → PAYMENT_RESULT F with ORDER_IS_CLOSED', async () => {
    const start = receiver.received.length;
    const pay = await sandbox.call('pay', payRequest({ paymentNotifyUrl: receiver.url }));
    await sandbox.control('POST', '/clock/advance', { ms: 14 * 60_000 });
    const mine = (await receiver.waitFor(start + 1)).slice(start).find((n) => n.json.paymentId === pay.body.paymentId);
    expect(mine!.json).toMatchObject({ notifyType: 'PAYMENT_RESULT', result: { resultCode: 'ORDER_IS_CLOSED', resultStatus: 'F' } });
    expectSignedBySandbox(mine!, receiver);
  });

  it('refund → REFUND_RESULT at refundNotifyUrl', async () => {
    const refundReceiver = await startReceiver('/refunds');
    try {
      const pay = await sandbox.call('pay', payRequest({ paymentNotifyUrl: receiver.url }));
      await sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'approve' });
      await sandbox.control('POST', '/clock/advance', { ms: 1_000 });
      const refund = await sandbox.call('refund', { refundRequestId: `RF-${pay.body.paymentId}`, paymentId: pay.body.paymentId, refundAmount: { currency: 'KRW', value: '6000' }, refundNotifyUrl: refundReceiver.url });
      const [n] = await refundReceiver.waitFor(1);
      expectSignedBySandbox(n!, refundReceiver);
      expectOnlyStringScalars(n!.json);
      expect(n!.json).toMatchObject({
        notifyType: 'REFUND_RESULT',
        result: { resultCode: 'SUCCESS', resultStatus: 'S' },
        refundStatus: 'SUCCESS',
        refundRequestId: `RF-${pay.body.paymentId}`,
        refundId: refund.body.refundId,
        refundAmount: { currency: 'KRW', value: '6000' },
      });
      expect(n!.json.refundTime).toMatch(ISO);
    } finally {
      await refundReceiver.close();
    }
  });

  it("falls back to the merchant's notify URL, and records UNDELIVERABLE when there is none", async () => {
    const pay = await sandbox.call('pay', payRequest());
    await sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'approve' });
    const detail = await sandbox.control('GET', `/payments/${pay.body.paymentId}`);
    expect(detail.body.notifications[0]).toMatchObject({ notifyType: 'PAYMENT_RESULT', status: 'UNDELIVERABLE', url: null });

    const merchantReceiver = await startReceiver('/default');
    try {
      const { publicKeyPem } = (await sandbox.control('GET', '/merchants')).body.merchants[0];
      await sandbox.control('POST', '/merchants', { clientId: 'SANDBOX_DEMO_MERCHANT', publicKey: publicKeyPem, notifyUrl: merchantReceiver.url });
      const second = await sandbox.call('pay', payRequest());
      await sandbox.control('POST', `/payments/${second.body.paymentId}/authorize`, { outcome: 'approve' });
      const [n] = await merchantReceiver.waitFor(1);
      expect(n!.json.paymentId).toBe(second.body.paymentId);
      expectSignedBySandbox(n!, merchantReceiver);
    } finally {
      await merchantReceiver.close();
    }
  });
});
