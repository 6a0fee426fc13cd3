import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_ID, demoMerchantPrivateKey, sandboxPublicKey } from '../support/keys.js';
import { signLikeAnSdk, verifyLikeAnSdk } from '../support/independent-verifier.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

/** Requests shaped as the official Java, Go and Python SDKs send them. */
describe('requests as the official SDKs send them', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it('accepts an epoch-milliseconds request-time (Java, Go)', async () => {
    const response = await sandbox.call('pay', payRequest(), { time: String(Date.now()) });
    expect(response.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });

  it('accepts an ISO 8601 request-time and a pretty-printed body (Python)', async () => {
    const body = JSON.stringify(payRequest(), null, 4);
    const response = await sandbox.call('pay', undefined, { rawBody: body, time: '2026-11-23T18:46:04+00:00' });
    expect(response.verified.ok).toBe(true);
    expect(response.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });

  it('accepts capitalised header names and spaces in the signature header', async () => {
    const path = '/ams/api/v1/payments/pay';
    const body = JSON.stringify(payRequest());
    const time = String(Date.now());
    const signature = signLikeAnSdk({ path, clientId: DEMO_CLIENT_ID, time, body, privateKey: demoMerchantPrivateKey }).replace(/,/g, ', ');
    const response = await request(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=UTF-8', 'Client-Id': DEMO_CLIENT_ID, 'Request-Time': time, Signature: signature },
      body,
    });
    const text = await response.body.text();
    expect(JSON.parse(text).result.resultCode).toBe('PAYMENT_IN_PROCESS');
    // the answer's headers are lower case, as the Python SDK looks them up
    expect(Object.keys(response.headers)).toEqual(expect.arrayContaining(['client-id', 'response-time', 'signature']));
    expect(verifyLikeAnSdk({ method: 'POST', path, headers: response.headers, body: text, publicKey: sandboxPublicKey }).ok).toBe(true);
  });

  it('accepts booleans as strings', async () => {
    const response = await sandbox.call('pay', payRequest({
      paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: 'true' } },
      paymentFactor: { isAuthorization: 'true', captureMode: 'AUTOMATIC' },
    }));
    expect(response.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });

  it('accepts requireIssuerAuthentication and selectedCardBrand directly on paymentMethod (SDK models)', async () => {
    const response = await sandbox.call('pay', payRequest({
      paymentMethod: { paymentMethodType: 'CARD', requireIssuerAuthentication: true, selectedCardBrand: 'SAMSUNG' },
    }));
    expect(response.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(response.body.normalUrl).toContain('/issuer/samsung/');
  });

  it('answers under the /ams/sandbox/api prefix, signing over that path', async () => {
    const pay = await sandbox.call('pay', payRequest(), { sandboxPrefix: true });
    expect(pay.verified.ok).toBe(true);
    expect(pay.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    const inquiry = await sandbox.call('inquiryPayment', { paymentRequestId: pay.body.paymentRequestId }, { sandboxPrefix: true });
    expect(inquiry.verified.ok).toBe(true);
    expect(inquiry.body.paymentId).toBe(pay.body.paymentId);
  });

  it('accepts unknown fields the SDKs send', async () => {
    const response = await sandbox.call('pay', payRequest({ settlementStrategy: { settlementCurrency: 'KRW' }, creditPayPlan: { installmentNum: '3' }, merchantRegion: 'KR' }));
    expect(response.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });
});
