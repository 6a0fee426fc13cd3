import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { payRequest, startTestSandbox, type AntomCallResult, type TestSandbox } from '../support/sandbox-harness.js';
import { stateDigest } from '../support/state-snapshot.js';

/** Bad input: the right Antom code at HTTP 200 (413 when oversized), signed, and nothing stored changes. */
describe('bad input', () => {
  let sandbox: TestSandbox;
  let before: string;
  let existingPaymentId: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    existingPaymentId = (await sandbox.call('pay', payRequest())).body.paymentId;
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    before = stateDigest(sandbox.app);
  });
  afterEach(() => {
    expect(stateDigest(sandbox.app)).toBe(before);
  });

  const expectResult = (response: AntomCallResult, code: string, message?: RegExp) => {
    expect(response.status).toBe(200);
    expect(response.verified).toEqual({ ok: true });
    expect(response.body.result.resultCode).toBe(code);
    expect(response.body.result.resultStatus).toBe(code === 'UNKNOWN_EXCEPTION' ? 'U' : 'F');
    if (message) expect(response.body.result.resultMessage).toMatch(message);
  };

  it('a bad signature → INVALID_SIGNATURE', async () => {
    const body = JSON.stringify(payRequest());
    const response = await sandbox.call('pay', undefined, { rawBody: body, headers: { signature: 'algorithm=RSA256,keyVersion=1,signature=AAAA' } });
    expectResult(response, 'INVALID_SIGNATURE', /expected text|journal/);
  });

  it('a body changed after signing → INVALID_SIGNATURE', async () => {
    const request = payRequest();
    const signed = await sandbox.call('inquiryPayment', { paymentId: existingPaymentId });
    expect(signed.body.result.resultCode).toBe('SUCCESS');
    const response = await sandbox.call('pay', request, { headers: { 'request-time': '1' } });
    expectResult(response, 'INVALID_SIGNATURE');
  });

  it('an unsigned request → INVALID_SIGNATURE naming the missing headers', async () => {
    expectResult(await sandbox.call('pay', payRequest(), { unsigned: true }), 'INVALID_SIGNATURE', /client-id, request-time, signature/);
  });

  it('an unknown client id → CLIENT_INVALID', async () => {
    expectResult(await sandbox.call('pay', payRequest(), { clientId: 'SANDBOX_NOBODY' }), 'CLIENT_INVALID', /SANDBOX_NOBODY/);
  });

  const requiredPayFields = [
    'productCode',
    'paymentRequestId',
    'order',
    'order.orderAmount',
    'order.orderAmount.currency',
    'order.orderAmount.value',
    'order.referenceOrderId',
    'order.orderDescription',
    'paymentAmount',
    'paymentAmount.currency',
    'paymentAmount.value',
    'paymentMethod',
    'paymentMethod.paymentMethodType',
    'paymentRedirectUrl',
  ];
  it.each(requiredPayFields)('pay without %s → PARAM_ILLEGAL naming it', async (field) => {
    const request = payRequest();
    const path = field.split('.');
    let holder: Record<string, unknown> = request;
    for (const key of path.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
    delete holder[path.at(-1)!];
    const response = await sandbox.call('pay', request);
    expectResult(response, 'PARAM_ILLEGAL', new RegExp(`^${field.replace(/\./g, '\\.')}: required parameter is missing`));
  });

  it.each(['refundRequestId', 'paymentId', 'refundAmount'])('refund without %s → PARAM_ILLEGAL naming it', async (field) => {
    const request: Record<string, unknown> = { refundRequestId: 'RF-x', paymentId: existingPaymentId, refundAmount: { currency: 'KRW', value: '1' } };
    delete request[field];
    expectResult(await sandbox.call('refund', request), 'PARAM_ILLEGAL', new RegExp(`^${field}:`));
  });

  it('inquiry without any id → PARAM_ILLEGAL', async () => {
    expectResult(await sandbox.call('inquiryPayment', {}), 'PARAM_ILLEGAL', /paymentId/);
  });

  it('malformed JSON → PARAM_ILLEGAL', async () => {
    expectResult(await sandbox.call('pay', undefined, { rawBody: '{"productCode": "CASHIER_PAYMENT",' }), 'PARAM_ILLEGAL', /JSON/);
  });

  it('a JSON array body → PARAM_ILLEGAL', async () => {
    expectResult(await sandbox.call('pay', undefined, { rawBody: '[1,2]' }), 'PARAM_ILLEGAL', /object/);
  });

  it('a wrong content type → MEDIA_TYPE_NOT_ACCEPTABLE', async () => {
    expectResult(await sandbox.call('pay', payRequest(), { headers: { 'content-type': 'text/plain' } }), 'MEDIA_TYPE_NOT_ACCEPTABLE');
  });

  it('a 2 MB body → HTTP 413 with a signed Antom result', async () => {
    const request = payRequest({ padding: 'x'.repeat(2 * 1024 * 1024) });
    const response = await sandbox.call('pay', request);
    expect(response.status).toBe(413);
    expect(response.verified.ok).toBe(true);
    expect(response.body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
  });

  it.each([
    ['decimals', '46000.00'],
    ['a minus sign', '-46000'],
    ['leading zeros', '046000'],
    ['letters', '46k'],
  ])('a KRW amount with %s → PARAM_ILLEGAL naming paymentAmount.value', async (_what, value) => {
    const request = payRequest({ paymentAmount: { currency: 'KRW', value } });
    expectResult(await sandbox.call('pay', request), 'PARAM_ILLEGAL', /^paymentAmount\.value: /);
  });

  it('mismatched currencies → PARAM_ILLEGAL naming order.orderAmount.currency', async () => {
    const request = payRequest({ order: { ...payRequest().order, orderAmount: { currency: 'USD', value: '46000' } } });
    expectResult(await sandbox.call('pay', request), 'PARAM_ILLEGAL', /^order\.orderAmount\.currency: /);
  });

  it('a currency other than KRW → CURRENCY_NOT_SUPPORT', async () => {
    const base = payRequest();
    const request = { ...base, paymentAmount: { currency: 'USD', value: '100' }, order: { ...base.order, orderAmount: { currency: 'USD', value: '100' } } };
    expectResult(await sandbox.call('pay', request), 'CURRENCY_NOT_SUPPORT');
  });

  it('an unknown brand → PARAM_ILLEGAL naming the supported ones', async () => {
    const request = payRequest({ paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { selectedCardBrand: 'VISA' } } });
    expectResult(await sandbox.call('pay', request), 'PARAM_ILLEGAL', /selectedCardBrand: unknown card brand "VISA"; supported: HYUNDAI/);
  });

  it('captureMode MANUAL → PARAM_ILLEGAL', async () => {
    const request = payRequest({ paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' } });
    expectResult(await sandbox.call('pay', request), 'PARAM_ILLEGAL', /captureMode/);
  });

  it('a field too long → PARAM_ILLEGAL naming it', async () => {
    const request = payRequest({ paymentRequestId: 'x'.repeat(65) });
    expectResult(await sandbox.call('pay', request), 'PARAM_ILLEGAL', /^paymentRequestId: longer than 64/);
  });

  it('a wrong type → PARAM_ILLEGAL naming the field', async () => {
    const request = payRequest({ paymentRedirectUrl: 42 });
    expectResult(await sandbox.call('pay', request), 'PARAM_ILLEGAL', /^paymentRedirectUrl: /);
  });

  it('inquiry of an unknown payment → ORDER_NOT_EXIST', async () => {
    expectResult(await sandbox.call('inquiryPayment', { paymentId: '20261123119000000000000000' }), 'ORDER_NOT_EXIST');
  });

  it('another method on an API path → METHOD_NOT_SUPPORTED, an unknown API → NO_INTERFACE_DEF', async () => {
    expectResult(await sandbox.call('pay', undefined, { method: 'GET', rawBody: '' }), 'METHOD_NOT_SUPPORTED');
    expectResult(await sandbox.call('notAnApi', {}, { path: '/ams/api/v1/payments/notAnApi' }), 'NO_INTERFACE_DEF');
  });
});
