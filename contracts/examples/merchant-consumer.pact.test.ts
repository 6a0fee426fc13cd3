/**
 * An example consumer pact a merchant can copy: a shop's own Antom integration code (here a
 * tiny one, inline) tested against a Pact mock of Antom, then verified against the sandbox with
 *   npx antom-sandbox verify ./pacts
 * Copy it, replace `shopPay` / `shopInquire` with your own integration, keep the provider
 * state names (they are the sandbox's documented list) and the header matchers.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';

const { like, regex, fromProviderState } = MatchersV3;

// --- the merchant's own integration (normally imported from your code) ---------------------
const CLIENT_ID = 'SANDBOX_DEMO_MERCHANT';
const privateKey = createPrivateKey(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'keys', 'demo-merchant-private.pem'), 'utf8'));

async function antomPost(baseUrl: string, api: string, body: unknown): Promise<any> {
  const path = `/ams/api/v1/payments/${api}`;
  const text = JSON.stringify(body);
  const time = String(Date.now());
  const signature = encodeURIComponent(sign('sha256', Buffer.from(`POST ${path}\n${CLIENT_ID}.${time}.${text}`), privateKey).toString('base64'));
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=UTF-8', 'client-id': CLIENT_ID, 'request-time': time, signature: `algorithm=RSA256,keyVersion=1,signature=${signature}` },
    body: text,
  });
  return response.json();
}

async function shopPay(baseUrl: string, orderId: string, won: number): Promise<{ redirectTo: string; paymentId: string }> {
  const answer = await antomPost(baseUrl, 'pay', {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: `pay-${orderId}`,
    order: { orderAmount: { currency: 'KRW', value: String(won) }, referenceOrderId: orderId, orderDescription: 'Order ' + orderId },
    paymentAmount: { currency: 'KRW', value: String(won) },
    paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: true } },
    paymentFactor: { isAuthorization: true },
    paymentRedirectUrl: `https://shop.example/orders/${orderId}`,
  });
  if (answer.result.resultCode !== 'PAYMENT_IN_PROCESS') throw new Error(`pay failed: ${answer.result.resultCode}`);
  return { redirectTo: answer.normalUrl, paymentId: answer.paymentId };
}

async function shopInquire(baseUrl: string, paymentId: string): Promise<'PAID' | 'PENDING' | 'FAILED'> {
  const answer = await antomPost(baseUrl, 'inquiryPayment', { paymentId });
  if (answer.paymentStatus === 'SUCCESS') return 'PAID';
  return answer.paymentStatus === 'PROCESSING' ? 'PENDING' : 'FAILED';
}

// --- the contract ---------------------------------------------------------------------------
const signedRequestHeaders = {
  'client-id': like(CLIENT_ID),
  'request-time': regex(/^(\d{13}|\d{4}-\d\d-\d\dT\S+)$/, '1764579600000'),
  signature: regex(/^algorithm=RSA256,keyVersion=\d+,signature=[A-Za-z0-9%]+$/, 'algorithm=RSA256,keyVersion=1,signature=c2lnbmF0dXJl'),
};
const signedResponseHeaders = {
  'response-time': regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/, '2026-12-01T20:00:00+09:00'),
  signature: regex(/^algorithm=RSA256,keyVersion=\d+,signature=[A-Za-z0-9%]+$/, 'algorithm=RSA256,keyVersion=1,signature=c2lnbmF0dXJl'),
};

const pact = new PactV4({
  consumer: 'example-merchant-shop',
  provider: 'antom',
  dir: join(import.meta.dirname, '..', 'pacts'),
  logLevel: 'error',
});

describe('example merchant shop ↔ Antom (a copyable consumer test)', () => {
  it('starts a card payment and sends the buyer to normalUrl', async () => {
    await pact
      .addInteraction()
      .comment('proves: the shop sends a signed pay request and handles PAYMENT_IN_PROCESS by redirecting to normalUrl')
      .uponReceiving('a pay request from the shop')
      .withRequest('POST', '/ams/api/v1/payments/pay', (b) =>
        b.headers(signedRequestHeaders).jsonBody({
          productCode: 'CASHIER_PAYMENT',
          paymentRequestId: like('pay-ORDER-1'),
          order: { orderAmount: { currency: 'KRW', value: regex(/^[1-9]\d*$/, '46000') }, referenceOrderId: like('ORDER-1'), orderDescription: like('Order ORDER-1') },
          paymentAmount: { currency: 'KRW', value: regex(/^[1-9]\d*$/, '46000') },
          paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: true } },
          paymentFactor: { isAuthorization: true },
          paymentRedirectUrl: like('https://shop.example/orders/ORDER-1'),
        }),
      )
      .willRespondWith(200, (b) =>
        b.headers(signedResponseHeaders).jsonBody({
          result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: like('payment in process') },
          paymentId: like('202612011900000001'),
          normalUrl: regex(/^https?:\/\/\S+$/, 'http://localhost:4180/pages/select/abc'),
        }),
      )
      .executeTest(async (mock) => {
        const started = await shopPay(mock.url, 'ORDER-1', 46000);
        expect(started.redirectTo).toMatch(/^https?:\/\//);
        expect(started.paymentId).toBe('202612011900000001');
      });
  });

  it('sees a captured payment as paid', async () => {
    await pact
      .addInteraction()
      .given('an authorized and captured payment')
      .comment('proves: the shop reads paymentStatus SUCCESS of a captured payment as paid')
      .uponReceiving('an inquiry about a paid order')
      .withRequest('POST', '/ams/api/v1/payments/inquiryPayment', (b) =>
        b.headers(signedRequestHeaders).jsonBody({ paymentId: fromProviderState('${paymentId}', '202612011900000001') }),
      )
      .willRespondWith(200, (b) =>
        b.headers(signedResponseHeaders).jsonBody({
          result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: like('success') },
          paymentStatus: 'SUCCESS',
        }),
      )
      .executeTest(async (mock) => {
        expect(await shopInquire(mock.url, '202612011900000001')).toBe('PAID');
      });
  });
});
