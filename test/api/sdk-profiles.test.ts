import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../emulator/index.js';
import { startReceiver, type NotificationReceiver } from '../support/notification-receiver.js';
import { payRequest } from '../support/sandbox-harness.js';
import { SdkError, SdkWireClient } from '../support/sdk-client.js';
import { SDK_PROFILES, type PrivateKeyForm } from '../support/sdk-profiles.js';

/**
 * The whole payment lifecycle through each official SDK's wire profile (test/support/sdk-profiles.ts),
 * against a real sandbox: requests written the way that SDK writes them, answers and
 * notifications accepted only the way that SDK accepts them.
 */
const keysDir = join(import.meta.dirname, '..', '..', 'fixtures', 'keys');
const KEY_FILES: Record<PrivateKeyForm, string> = {
  'PKCS#8 base64': 'demo-merchant-private-pkcs8.base64',
  'PKCS#1 base64': 'demo-merchant-private-pkcs1.base64',
};
const merchantKey = (form: PrivateKeyForm) => readFileSync(join(keysDir, KEY_FILES[form]), 'utf8').trim();
const otherForm = (form: PrivateKeyForm): PrivateKeyForm => (form === 'PKCS#8 base64' ? 'PKCS#1 base64' : 'PKCS#8 base64');

describe.each(SDK_PROFILES)('the $sdk SDK, as its source shows it on the wire', (profile) => {
  let sandbox: RunningSandbox;
  let receiver: NotificationReceiver;
  let sdk: SdkWireClient;
  /** the payment taken through authorization, capture and refund */
  let paymentId: string;
  let refundId: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ tls: profile.transport === 'https' });
    receiver = await startReceiver('/antom/notify?shop=1');
    sdk = new SdkWireClient(profile, {
      origin: sandbox.url,
      clientId: sandbox.demoMerchant.clientId,
      merchantPrivateKey: merchantKey(profile.privateKeyForm),
      antomPublicKey: (await sandbox.control.keys()).publicKeyBase64,
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  /** Java's HTTP client sends ISO-8859-1, so its profile keeps the order text in Latin-1 */
  const description = profile.sdk === 'Java' ? 'Jeju green tea set' : 'Jeju green tea set 제주 녹차 <gift> & co/ltd';
  /** waits on the receiver (no sleeps) until `count` notifications of the payment arrived */
  const notificationsFor = async (id: string, count: number) => {
    for (;;) {
      const mine = receiver.received.filter((n) => n.json?.paymentId === id);
      if (mine.length >= count) return mine;
      await receiver.waitFor(receiver.received.length + 1);
    }
  };

  it('pay: PAYMENT_IN_PROCESS, the answer verified its way, the journal shows the sandbox path VALID', async () => {
    const request = payRequest({ paymentNotifyUrl: receiver.url, order: { orderAmount: { currency: 'KRW', value: '46000' }, referenceOrderId: `O-${profile.sdk}`, orderDescription: description } });
    const pay = await sdk.execute('pay', request);
    expect(pay.path).toBe('/ams/sandbox/api/v1/payments/pay');
    expect(pay.body.result).toEqual({ resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'payment in process' });
    expect(pay.body.normalUrl).toContain('/checkout-page/pages/payment/');
    paymentId = pay.body.paymentId;
    const { requests } = await sandbox.control.call<{ requests: Array<Record<string, unknown>> }>('GET', '/requests?limit=1');
    expect(requests[0]).toMatchObject({ path: '/ams/sandbox/api/v1/payments/pay', api: 'pay', verdict: 'VALID', clientId: 'SANDBOX_DEMO_MERCHANT' });
    const detail = await sandbox.control.payment(paymentId);
    expect(detail.orderDescription).toBe(description);
  });

  it('pay with a card brand, inquiryPayment, and cancel before authorization', async () => {
    const pay = await sdk.execute('pay', payRequest({ paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: true, selectedCardBrand: 'KB' } } }));
    expect(pay.body.normalUrl).toMatch(/\/checkout-page\/pages\/issuer\/kookmin\//);
    const inquiry = await sdk.execute('inquiryPayment', { paymentRequestId: pay.body.paymentRequestId });
    expect(inquiry.body).toMatchObject({ result: { resultCode: 'SUCCESS' }, paymentStatus: 'PROCESSING', paymentId: pay.body.paymentId });
    const cancel = await sdk.execute('cancel', { paymentId: pay.body.paymentId });
    expect(cancel.body).toMatchObject({ result: { resultCode: 'SUCCESS', resultStatus: 'S' }, paymentId: pay.body.paymentId });
    expect((await sdk.execute('inquiryPayment', { paymentId: pay.body.paymentId })).body.paymentStatus).toBe('CANCELLED');
  });

  it('authorization: the PAYMENT_RESULT notification passes its check, and a tampered one does not', async () => {
    await sandbox.control.authorize(paymentId, { outcome: 'approve', cardBrand: 'HYUNDAI' });
    const [notification] = await notificationsFor(paymentId, 1);
    expect(notification!.json).toMatchObject({ notifyType: 'PAYMENT_RESULT', result: { resultCode: 'SUCCESS' }, paymentId });
    expect(sdk.verifyNotification(notification!)).toBe(true);
    expect(sdk.verifyNotification({ ...notification!, body: notification!.body.replace('46000', '46001') })).toBe(false);
    expect((await sdk.execute('inquiryPayment', { paymentId })).body.paymentStatus).toBe('SUCCESS');
  });

  it('cancel after authorization and capture are refused, signed; the automatic capture notifies', async () => {
    const cancel = await sdk.execute('cancel', { paymentId });
    expect(cancel.body.result).toMatchObject({ resultCode: 'ORDER_STATUS_INVALID', resultStatus: 'F' });
    const capture = await sdk.execute('capture', { captureRequestId: `C-${profile.sdk}`, paymentId, captureAmount: { currency: 'KRW', value: '46000' } });
    expect(capture.body.result).toMatchObject({ resultCode: 'ORDER_STATUS_INVALID', resultStatus: 'F' });
    await sandbox.control.advanceClock(1_000);
    const notifications = await notificationsFor(paymentId, 2);
    const captured = notifications.find((n) => n.json.notifyType === 'CAPTURE_RESULT');
    expect(captured).toBeDefined();
    expect(sdk.verifyNotification(captured!)).toBe(true);
    const inquiry = await sdk.execute('inquiryPayment', { paymentId });
    expect(inquiry.body.transactions).toEqual([expect.objectContaining({ transactionType: 'CAPTURE', transactionStatus: 'SUCCESS' })]);
  });

  it('refund and inquiryRefund', async () => {
    const refund = await sdk.execute('refund', { refundRequestId: `RF-${profile.sdk}-${paymentId}`, paymentId, refundAmount: { currency: 'KRW', value: '10000' } });
    expect(refund.body).toMatchObject({ result: { resultCode: 'SUCCESS', resultStatus: 'S' }, refundAmount: { currency: 'KRW', value: '10000' } });
    refundId = refund.body.refundId;
    const inquiry = await sdk.execute('inquiryRefund', { refundId });
    expect(inquiry.body).toMatchObject({ result: { resultCode: 'SUCCESS' }, refundStatus: 'SUCCESS', refundId });
  });

  it('RISK_REJECT from magic amount 11, answered and signed', async () => {
    const amount = { currency: 'KRW', value: '11' };
    const pay = await sdk.execute('pay', payRequest({ paymentAmount: amount, order: { orderAmount: amount, referenceOrderId: 'O-11', orderDescription: 'risk' } }));
    expect(pay.body.result).toMatchObject({ resultCode: 'RISK_REJECT', resultStatus: 'F' });
  });

  it('a request signed with the wrong key: INVALID_SIGNATURE, in an answer the SDK still verifies', async () => {
    const wrongKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const pay = await sdk.execute('pay', payRequest(), { signWith: wrongKey });
    expect(pay.body.result).toMatchObject({ resultCode: 'INVALID_SIGNATURE', resultStatus: 'F' });
    const { requests } = await sandbox.control.call<{ requests: Array<Record<string, string>> }>('GET', '/requests?limit=1');
    expect(requests[0]!.expectedSignedText).toMatch(/^POST \/ams\/sandbox\/api\/v1\/payments\/pay\nSANDBOX_DEMO_MERCHANT\./);
  });

  it('an answer whose signature was corrupted (scenario badSignature) fails inside the SDK', async () => {
    await sandbox.use({ effect: { badSignature: true }, times: 1 });
    await expect(sdk.execute('inquiryPayment', { paymentId })).rejects.toThrow(/response signature verify failed/);
    expect((await sdk.execute('inquiryPayment', { paymentId })).body.paymentStatus).toBe('SUCCESS');
  });

  it(`reads its merchant key only as ${profile.privateKeyForm}${profile.sdk === '.NET' ? ' (or PKCS#1)' : ''}`, () => {
    const config = { ...sdk.config, merchantPrivateKey: merchantKey(otherForm(profile.privateKeyForm)) };
    if (profile.sdk === '.NET') expect(() => new SdkWireClient(profile, config)).not.toThrow();
    else expect(() => new SdkWireClient(profile, config)).toThrow(SdkError);
  });
});

describe('what the sandbox cannot make work for an SDK', () => {
  it('Java: a non-Latin-1 character in the body fails as INVALID_SIGNATURE, as it would at Antom (the SDK signs UTF-8, sends ISO-8859-1)', async () => {
    const sandbox = await startSandbox();
    try {
      const java = SDK_PROFILES.find((p) => p.sdk === 'Java')!;
      const sdk = new SdkWireClient(java, { origin: sandbox.url, clientId: sandbox.demoMerchant.clientId, merchantPrivateKey: merchantKey('PKCS#8 base64'), antomPublicKey: (await sandbox.control.keys()).publicKeyBase64 });
      const pay = await sdk.execute('pay', payRequest({ order: { orderAmount: { currency: 'KRW', value: '46000' }, referenceOrderId: 'O-KO', orderDescription: '제주 녹차' } }));
      expect(pay.body.result.resultCode).toBe('INVALID_SIGNATURE');
    } finally {
      await sandbox.close();
    }
  });
});
