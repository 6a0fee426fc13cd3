import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

describe('idempotency (protocol §6)', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it('answers the same pay with the same paymentId and URLs', async () => {
    const request = payRequest();
    const first = await sandbox.call('pay', request);
    const second = await sandbox.call('pay', request);
    expect(second.verified.ok).toBe(true);
    expect(second.body.paymentId).toBe(first.body.paymentId);
    expect(second.body.normalUrl).toBe(first.body.normalUrl);
    expect(second.body).toEqual(first.body);
    const list = await sandbox.control('GET', '/payments');
    expect(list.body.payments.filter((p: { paymentRequestId: string }) => p.paymentRequestId === request.paymentRequestId)).toHaveLength(1);
  });

  it('refuses a changed amount with REPEAT_REQ_INCONSISTENT', async () => {
    const request = payRequest();
    await sandbox.call('pay', request);
    const changed = await sandbox.call('pay', { ...request, paymentAmount: { currency: 'KRW', value: '47000' }, order: { ...request.order, orderAmount: { currency: 'KRW', value: '47000' } } });
    expect(changed.body.result).toMatchObject({ resultCode: 'REPEAT_REQ_INCONSISTENT', resultStatus: 'F' });
  });

  it('answers ORDER_IS_CANCELED for the id of a cancelled payment', async () => {
    const request = payRequest();
    const pay = await sandbox.call('pay', request);
    await sandbox.call('cancel', { paymentId: pay.body.paymentId });
    expect((await sandbox.call('pay', request)).body.result.resultCode).toBe('ORDER_IS_CANCELED');
  });

  it('answers ORDER_IS_CLOSED for the id of an expired payment', async () => {
    const request = payRequest({ paymentExpiryTime: new Date(Date.now() + 5 * 60_000 + sandboxOffset()).toISOString().replace('Z', '+00:00') });
    const pay = await sandbox.call('pay', request);
    expect(pay.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    await sandbox.control('POST', '/clock/advance', { ms: 5 * 60_000 + 1_000 });
    expect((await sandbox.call('pay', request)).body.result.resultCode).toBe('ORDER_IS_CLOSED');
  });

  it('replays a refund with the same refundRequestId and refuses a changed amount', async () => {
    const pay = await sandbox.call('pay', payRequest());
    await sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'approve' });
    await sandbox.control('POST', '/clock/advance', { ms: 1_000 });
    const refund = { refundRequestId: `RF-${pay.body.paymentId}`, paymentId: pay.body.paymentId, refundAmount: { currency: 'KRW', value: '20000' } };
    const first = await sandbox.call('refund', refund);
    const second = await sandbox.call('refund', refund);
    expect(second.body).toEqual(first.body);
    const changed = await sandbox.call('refund', { ...refund, refundAmount: { currency: 'KRW', value: '20001' } });
    expect(changed.body.result.resultCode).toBe('REPEAT_REQ_INCONSISTENT');
    const detail = await sandbox.control('GET', `/payments/${pay.body.paymentId}`);
    expect(detail.body.transactions.filter((t: { transactionType: string }) => t.transactionType === 'REFUND')).toHaveLength(1);
  });

  function sandboxOffset(): number {
    return sandbox.app.sandbox.clock.offsetMs;
  }
});
