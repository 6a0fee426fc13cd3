/**
 * pay (protocol §4): what the reference client relies on. A card payment never succeeds at pay
 * time: the answer is PAYMENT_IN_PROCESS (U) with a normalUrl to send the buyer to.
 */
import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import type { PayRequest } from '../../protocol/index.js';
import { amount, antomTime, clientFor, id, referenceClientPact, sandboxPath, signedRequestHeaders, signedResponseHeaders } from './pact-support.js';

const { like, regex } = MatchersV3;
const pact = referenceClientPact();
const PATH = sandboxPath('pay');

// each interaction its own paymentRequestId: the provider replays the stored answer of a repeat (§6)
const requestIdFor = (brand?: string) => (brand ? `PAY-REQ-${brand}-0001` : 'PAY-REQ-0001');

function payRequest(brand?: string): PayRequest {
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: requestIdFor(brand),
    order: { orderAmount: { currency: 'KRW', value: '46000' }, referenceOrderId: 'ORDER-0001', orderDescription: 'Jeju green tea set' },
    paymentAmount: { currency: 'KRW', value: '46000' },
    paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: brand ? { requireIssuerAuthentication: true, selectedCardBrand: brand } : { requireIssuerAuthentication: true } },
    paymentFactor: { isAuthorization: true },
    paymentRedirectUrl: 'https://merchant.example/return',
  };
}

/** The request as a contract: ids and texts by type, amounts by format, the rest exact. */
function payRequestContract(brand?: string) {
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: id(requestIdFor(brand)),
    order: { orderAmount: amount('46000'), referenceOrderId: like('ORDER-0001'), orderDescription: like('Jeju green tea set') },
    paymentAmount: amount('46000'),
    paymentMethod: {
      paymentMethodType: 'CARD',
      paymentMethodMetaData: brand ? { requireIssuerAuthentication: true, selectedCardBrand: brand } : { requireIssuerAuthentication: true },
    },
    paymentFactor: { isAuthorization: true },
    paymentRedirectUrl: regex(/^https?:\/\/\S+$/, 'https://merchant.example/return'),
  };
}

function inProcessResponse(normalUrl: ReturnType<typeof regex>, brand?: string) {
  return {
    result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: like('payment in process') },
    paymentRequestId: id(requestIdFor(brand)),
    paymentId: id('20261201190000000001'),
    paymentAmount: amount('46000'),
    paymentCreateTime: antomTime(),
    normalUrl,
    redirectActionForm: { method: 'GET', redirectUrl: normalUrl },
  };
}

describe('pay → PAYMENT_IN_PROCESS with normalUrl', () => {
  it('without selectedCardBrand: normalUrl opens the card-brand selection page', async () => {
    const normalUrl = regex(/^https?:\/\/[^/\s]+\/checkout-page\/pages\/payment\/index\.html\?\S+$/, 'http://localhost:4180/checkout-page/pages/payment/index.html?sessionData=abc');
    const body = inProcessResponse(normalUrl);
    await pact
      .addInteraction()
      .comment('proves: a card pay never succeeds at once; it answers PAYMENT_IN_PROCESS (U) and a normalUrl to the brand selection page, and the client treats that as success')
      .uponReceiving('pay without a selected card brand')
      .withRequest('POST', PATH, (b) => b.headers(signedRequestHeaders).jsonBody(payRequestContract()))
      .willRespondWith(200, (b) => b.headers(signedResponseHeaders(PATH, body)).jsonBody(body))
      .executeTest(async (mock) => {
        const client = clientFor(mock.url);
        try {
          const answer = await client.pay(payRequest());
          expect(answer.result.resultCode).toBe('PAYMENT_IN_PROCESS');
          expect(answer.normalUrl).toContain('/checkout-page/pages/payment/');
          expect(answer.paymentId).toBe('20261201190000000001');
        } finally {
          await client.close();
        }
      });
  });

  it('with selectedCardBrand: normalUrl opens that issuer’s authentication page', async () => {
    const normalUrl = regex(/^https?:\/\/[^/\s]+\/checkout-page\/pages\/issuer\/hyundai\/index\.html\?\S+$/, 'http://localhost:4180/checkout-page/pages/issuer/hyundai/index.html?sessionData=abc');
    const body = inProcessResponse(normalUrl, 'HYUNDAI');
    await pact
      .addInteraction()
      .comment('proves: with selectedCardBrand, normalUrl skips brand selection and opens that issuer’s authentication page')
      .uponReceiving('pay with selectedCardBrand HYUNDAI')
      .withRequest('POST', PATH, (b) => b.headers(signedRequestHeaders).jsonBody(payRequestContract('HYUNDAI')))
      .willRespondWith(200, (b) => b.headers(signedResponseHeaders(PATH, body)).jsonBody(body))
      .executeTest(async (mock) => {
        const client = clientFor(mock.url);
        try {
          const answer = await client.pay(payRequest('HYUNDAI'));
          expect(answer.result.resultStatus).toBe('U');
          expect(answer.normalUrl).toMatch(/\/issuer\/hyundai\//);
        } finally {
          await client.close();
        }
      });
  });
});
