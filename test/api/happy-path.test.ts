import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

describe('the whole happy path by API alone', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it('pays, authorizes, captures, rejects the void, refunds, and refuses an over-refund', async () => {
    const request = payRequest();
    const pay = await sandbox.call('pay', request);
    expect(pay.status).toBe(200);
    expect(pay.verified).toEqual({ ok: true });
    expect(pay.body.result).toEqual({ resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'payment in process' });
    expect(pay.body.paymentId).toMatch(/^\d{8}\d+$/);
    expect(pay.body.paymentId.length).toBeLessThanOrEqual(64);
    expect(pay.body.normalUrl).toMatch(new RegExp(`^http://localhost:\\d+/checkout-page/pages/payment/index\\.html\\?sessionData=`));
    expect(pay.body.redirectActionForm).toEqual({ method: 'GET', redirectUrl: pay.body.normalUrl });
    expect(JSON.parse(pay.body.paymentActionForm)).toMatchObject({ method: 'GET', redirectUrl: pay.body.normalUrl });
    expect(pay.body.paymentAmount).toEqual({ currency: 'KRW', value: '46000' });
    const paymentId: string = pay.body.paymentId;

    const processing = await sandbox.call('inquiryPayment', { paymentId });
    expect(processing.verified.ok).toBe(true);
    expect(processing.body.paymentStatus).toBe('PROCESSING');
    expect(processing.body.paymentTime).toBeUndefined();

    const authorized = await sandbox.control('POST', `/payments/${paymentId}/authorize`, { outcome: 'approve', cardBrand: 'HYUNDAI' });
    expect(authorized.status).toBe(200);
    expect(authorized.body.status).toBe('SUCCESS');

    const beforeCapture = await sandbox.call('inquiryPayment', { paymentId });
    expect(beforeCapture.body.paymentStatus).toBe('SUCCESS');
    expect(beforeCapture.body.transactions).toBeUndefined();

    await sandbox.control('POST', '/clock/advance', { ms: 1_000 });
    const captured = await sandbox.call('inquiryPayment', { paymentId });
    expect(captured.verified.ok).toBe(true);
    expect(captured.body).toMatchObject({
      result: { resultCode: 'SUCCESS', resultStatus: 'S' },
      paymentStatus: 'SUCCESS',
      paymentResultCode: 'SUCCESS',
      paymentId,
      paymentRequestId: request.paymentRequestId,
      paymentMethodType: 'CARD',
      paymentResultInfo: { cardBrand: 'HYUNDAI', cardNo: '949022******9217', issuingCountry: 'KR', paymentMethodRegion: 'KR', lastFour: '9217' },
    });
    expect(captured.body.paymentTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(captured.body.transactions).toHaveLength(1);
    expect(captured.body.transactions[0]).toMatchObject({
      transactionType: 'CAPTURE',
      transactionStatus: 'SUCCESS',
      transactionResult: { resultCode: 'SUCCESS', resultStatus: 'S' },
      transactionAmount: { currency: 'KRW', value: '46000' },
    });

    const cancel = await sandbox.call('cancel', { paymentId });
    expect(cancel.verified.ok).toBe(true);
    expect(cancel.body.result.resultCode).toBe('ORDER_STATUS_INVALID');
    expect(cancel.body.result.resultStatus).toBe('F');
    expect(cancel.body.result.resultMessage).toMatch(/refund/i);

    const refund = await sandbox.call('refund', { refundRequestId: `RF-${paymentId}-1`, paymentId, refundAmount: { currency: 'KRW', value: '10000' } });
    expect(refund.verified.ok).toBe(true);
    expect(refund.body).toMatchObject({ result: { resultCode: 'SUCCESS', resultStatus: 'S' }, paymentId, refundAmount: { currency: 'KRW', value: '10000' } });
    expect(refund.body.refundId).toBeTruthy();
    expect(refund.body.refundTime).toBeTruthy();

    const overRefund = await sandbox.call('refund', { refundRequestId: `RF-${paymentId}-2`, paymentId, refundAmount: { currency: 'KRW', value: '36001' } });
    expect(overRefund.verified.ok).toBe(true);
    expect(overRefund.body.result).toMatchObject({ resultCode: 'REFUND_AMOUNT_EXCEED', resultStatus: 'F' });

    const inquiryRefund = await sandbox.call('inquiryRefund', { refundId: refund.body.refundId });
    expect(inquiryRefund.verified.ok).toBe(true);
    expect(inquiryRefund.body).toMatchObject({ result: { resultCode: 'SUCCESS' }, refundStatus: 'SUCCESS', refundAmount: { currency: 'KRW', value: '10000' } });

    const rest = await sandbox.call('refund', { refundRequestId: `RF-${paymentId}-3`, paymentId, refundAmount: { currency: 'KRW', value: '36000' } });
    expect(rest.body.result.resultCode).toBe('SUCCESS');

    const detail = await sandbox.control('GET', `/payments/${paymentId}`);
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'PAYMENT_CREATED',
      'PAYMENT_AUTHORIZED',
      'CAPTURE_SUCCEEDED',
      'REFUND_SUCCEEDED',
      'REFUND_SUCCEEDED',
    ]);
    expect(detail.body.transactions.map((t: { transactionType: string }) => t.transactionType)).toEqual(['CAPTURE', 'REFUND', 'REFUND']);
  });

  it('cancels a payment still in process, and the buyer can no longer complete it', async () => {
    const pay = await sandbox.call('pay', payRequest());
    const cancel = await sandbox.call('cancel', { paymentRequestId: pay.body.paymentRequestId });
    expect(cancel.body).toMatchObject({ result: { resultCode: 'SUCCESS', resultStatus: 'S' }, paymentId: pay.body.paymentId });
    expect(cancel.body.cancelTime).toBeTruthy();
    const again = await sandbox.call('cancel', { paymentId: pay.body.paymentId });
    expect(again.body).toEqual(cancel.body);
    const authorize = await sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'approve' });
    expect(authorize.status).toBe(409);
    const inquiry = await sandbox.call('inquiryPayment', { paymentId: pay.body.paymentId });
    expect(inquiry.body.paymentStatus).toBe('CANCELLED');
    expect(inquiry.body.transactions[0]).toMatchObject({ transactionType: 'CANCEL', transactionStatus: 'SUCCESS' });
  });

  it('declines with the chosen code and refuses refunds and cancels of a failed payment', async () => {
    const pay = await sandbox.call('pay', payRequest());
    await sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'decline', resultCode: 'USER_BALANCE_NOT_ENOUGH' });
    const inquiry = await sandbox.call('inquiryPayment', { paymentId: pay.body.paymentId });
    expect(inquiry.body).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'USER_BALANCE_NOT_ENOUGH' });
    expect((await sandbox.call('cancel', { paymentId: pay.body.paymentId })).body.result.resultCode).toBe('ORDER_STATUS_INVALID');
    const refund = await sandbox.call('refund', { refundRequestId: `RF-${pay.body.paymentId}`, paymentId: pay.body.paymentId, refundAmount: { currency: 'KRW', value: '1' } });
    expect(refund.body.result.resultCode).toBe('ORDER_STATUS_INVALID');
  });

  it('expires an unfinished payment after 14 minutes of virtual time', async () => {
    const pay = await sandbox.call('pay', payRequest());
    await sandbox.control('POST', '/clock/advance', { ms: 13 * 60_000 });
    expect((await sandbox.call('inquiryPayment', { paymentId: pay.body.paymentId })).body.paymentStatus).toBe('PROCESSING');
    await sandbox.control('POST', '/clock/advance', { ms: 60_000 });
    const detail = await sandbox.control('GET', `/payments/${pay.body.paymentId}`);
    expect(detail.body).toMatchObject({ status: 'FAIL', resultCode: 'ORDER_IS_CLOSED' });
    expect(detail.body.timeline.at(-1).type).toBe('PAYMENT_EXPIRED');
  });

  it('answers refund of an authorized but not yet captured payment with PAYMENT_IN_PROCESS, and capture with ORDER_STATUS_INVALID', async () => {
    const pay = await sandbox.call('pay', payRequest());
    await sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'approve' });
    const refund = await sandbox.call('refund', { refundRequestId: `RF-${pay.body.paymentId}`, paymentId: pay.body.paymentId, refundAmount: { currency: 'KRW', value: '1' } });
    expect(refund.body.result).toMatchObject({ resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U' });
    const capture = await sandbox.call('capture', { captureRequestId: 'C-1', paymentId: pay.body.paymentId, captureAmount: { currency: 'KRW', value: '46000' } });
    expect(capture.verified.ok).toBe(true);
    expect(capture.body.result.resultCode).toBe('ORDER_STATUS_INVALID');
    expect(capture.body.result.resultMessage).toMatch(/captured automatically/);
  });

  it('opens the issuer page directly when a card brand is selected, and accepts the KB alias', async () => {
    const pay = await sandbox.call('pay', payRequest({ paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: true, selectedCardBrand: 'KB' } } }));
    expect(pay.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(pay.body.normalUrl).toMatch(/\/checkout-page\/pages\/issuer\/kookmin\/index\.html\?sessionData=/);
  });
});
