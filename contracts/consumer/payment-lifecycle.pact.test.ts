/**
 * inquiryPayment, cancel, refund and inquiryRefund (protocol §5, §7, §8) against the provider
 * states the sandbox documents. Every paymentId comes from the state (fromProviderState).
 */
import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { DeclinedError } from '../../client/index.js';
import { amount, antomTime, clientFor, id, referenceClientPact, sandboxPath, signedRequestHeaders, signedResponseHeaders } from './pact-support.js';

const { like, regex, eachLike, fromProviderState } = MatchersV3;
const pact = referenceClientPact();
const PAYMENT_ID = '20261201190000000001';
const paymentIdFromState = () => fromProviderState('${paymentId}', PAYMENT_ID);
const success = () => ({ resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: like('success') });

type Client = ReturnType<typeof clientFor>;

/** Runs one interaction with the reference client against the mock. */
async function exchange(
  state: string,
  description: string,
  proves: string,
  api: string,
  request: { example: Record<string, unknown>; contract: Record<string, unknown> },
  response: Record<string, unknown>,
  check: (call: (fn: (client: Client) => Promise<unknown>) => Promise<unknown>) => Promise<void>,
): Promise<void> {
  const path = sandboxPath(api);
  await pact
    .addInteraction()
    .given(state)
    .comment(`proves: ${proves}`)
    .uponReceiving(description)
    .withRequest('POST', path, (b) => b.headers(signedRequestHeaders).jsonBody(request.contract))
    .willRespondWith(200, (b) => b.headers(signedResponseHeaders(path, response)).jsonBody(response))
    .executeTest(async (mock) => {
      const client = clientFor(mock.url);
      try {
        await check((fn) => fn(client));
      } finally {
        await client.close();
      }
    });
}

const byPaymentId = { example: { paymentId: PAYMENT_ID }, contract: { paymentId: paymentIdFromState() } };

const paymentCore = {
  paymentId: id(PAYMENT_ID),
  paymentRequestId: id('PAY-REQ-0001'),
  paymentAmount: amount('46000'),
  paymentCreateTime: antomTime(),
  paymentMethodType: 'CARD',
};

describe('inquiryPayment', () => {
  it('while PROCESSING: the buyer has not authenticated yet', async () => {
    const response = { result: success(), paymentStatus: 'PROCESSING', paymentResultCode: 'PAYMENT_IN_PROCESS', ...paymentCore };
    await exchange('a payment in process', 'an inquiry about a payment in process', 'result S means the inquiry worked; paymentStatus PROCESSING means the buyer has not finished: keep waiting', 'inquiryPayment', byPaymentId, response, async (call) => {
      const answer: any = await call((c) => c.inquiryPayment({ paymentId: PAYMENT_ID }));
      expect(answer.paymentStatus).toBe('PROCESSING');
    });
  });

  it('after SUCCESS: automatic capture shows as a CAPTURE transaction', async () => {
    const response = {
      result: success(),
      paymentStatus: 'SUCCESS',
      paymentResultCode: 'SUCCESS',
      ...paymentCore,
      paymentTime: antomTime(),
      paymentResultInfo: { cardBrand: regex(/^[A-Z_]+$/, 'HYUNDAI'), issuingCountry: 'KR', paymentMethodRegion: 'KR', lastFour: regex(/^\d{4}$/, '9217') },
      transactions: eachLike({
        transactionType: 'CAPTURE',
        transactionStatus: 'SUCCESS',
        transactionResult: success(),
        transactionId: id('20261201190000000002'),
        transactionRequestId: id('CAPTURE-0001'),
        transactionAmount: amount('46000'),
        transactionTime: antomTime(),
      }),
    };
    await exchange('an authorized and captured payment', 'an inquiry about a captured payment', 'an approved payment is captured automatically: SUCCESS with a CAPTURE transaction for the full amount', 'inquiryPayment', byPaymentId, response, async (call) => {
      const answer: any = await call((c) => c.inquiryPayment({ paymentId: PAYMENT_ID }));
      expect(answer.paymentStatus).toBe('SUCCESS');
      const capture = answer.transactions.find((t: any) => t.transactionType === 'CAPTURE');
      expect(capture.transactionStatus).toBe('SUCCESS');
      expect(capture.transactionAmount).toEqual(answer.paymentAmount);
    });
  });

  it('after FAIL: the decline code is in paymentResultCode', async () => {
    const response = { result: success(), paymentStatus: 'FAIL', paymentResultCode: regex(/^[A-Z_]+$/, 'DO_NOT_HONOR'), ...paymentCore };
    await exchange('a failed payment', 'an inquiry about a declined payment', 'a decline is paymentStatus FAIL with the issuer code in paymentResultCode, while result stays S', 'inquiryPayment', byPaymentId, response, async (call) => {
      const answer: any = await call((c) => c.inquiryPayment({ paymentId: PAYMENT_ID }));
      expect(answer.result.resultStatus).toBe('S');
      expect(answer.paymentStatus).toBe('FAIL');
      expect(answer.paymentResultCode).toBe('DO_NOT_HONOR');
    });
  });

  it('after a cancel: CANCELLED', async () => {
    const response = { result: success(), paymentStatus: 'CANCELLED', ...paymentCore };
    await exchange('a cancelled payment', 'an inquiry about a cancelled payment', 'a cancelled payment reads CANCELLED', 'inquiryPayment', byPaymentId, response, async (call) => {
      const answer: any = await call((c) => c.inquiryPayment({ paymentId: PAYMENT_ID }));
      expect(answer.paymentStatus).toBe('CANCELLED');
    });
  });
});

describe('cancel', () => {
  it('before authorization → SUCCESS with cancelTime', async () => {
    const response = { result: success(), paymentId: id(PAYMENT_ID), cancelTime: antomTime() };
    await exchange('a payment in process', 'a cancel before authorization', 'a payment still in PROCESSING can be cancelled: SUCCESS with cancelTime', 'cancel', byPaymentId, response, async (call) => {
      const answer: any = await call((c) => c.cancel({ paymentId: PAYMENT_ID }));
      expect(answer.result.resultCode).toBe('SUCCESS');
      expect(answer.cancelTime).toMatch(/^\d{4}-/);
    });
  });

  it('after authorization → ORDER_STATUS_INVALID (F): a void is rejected, refund instead', async () => {
    const response = { result: { resultCode: 'ORDER_STATUS_INVALID', resultStatus: 'F', resultMessage: like('The payment is authorized: it cannot be cancelled; refund it instead.') } };
    await exchange('an authorized payment awaiting capture', 'a cancel after authorization', 'void rejection: once authorized, cancel answers ORDER_STATUS_INVALID (F) and the client raises DeclinedError (refund instead)', 'cancel', byPaymentId, response, async (call) => {
      const error = await call((c) => c.cancel({ paymentId: PAYMENT_ID })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeclinedError);
      expect((error as DeclinedError).resultCode).toBe('ORDER_STATUS_INVALID');
    });
  });
});

describe('refund and inquiryRefund', () => {
  it('a partial refund of a captured payment → SUCCESS', async () => {
    const request = {
      example: { refundRequestId: 'REFUND-REQ-0001', paymentId: PAYMENT_ID, refundAmount: { currency: 'KRW', value: '10000' } },
      contract: { refundRequestId: id('REFUND-REQ-0001'), paymentId: paymentIdFromState(), refundAmount: amount('10000') },
    };
    const response = { result: success(), refundRequestId: id('REFUND-REQ-0001'), refundId: id('20261201190000000003'), paymentId: id(PAYMENT_ID), refundAmount: amount('10000'), refundTime: antomTime() };
    await exchange('an authorized and captured payment', 'a partial refund', 'a captured payment can be partly refunded: SUCCESS with refundId and the refunded amount', 'refund', request, response, async (call) => {
      const answer: any = await call((c) => c.refund(request.example as never));
      expect(answer.result.resultCode).toBe('SUCCESS');
      expect(answer.refundAmount).toEqual({ currency: 'KRW', value: '10000' });
    });
  });

  it('inquiryRefund of a refund → SUCCESS', async () => {
    const request = { example: { refundId: '20261201190000000003' }, contract: { refundId: fromProviderState('${refundId}', '20261201190000000003') } };
    const response = { result: success(), refundId: id('20261201190000000003'), refundRequestId: id('REFUND-REQ-0001'), refundStatus: 'SUCCESS', refundAmount: amount('10000') };
    await exchange('a captured payment with a refund', 'an inquiry about a refund', 'inquiryRefund by refundId answers refundStatus SUCCESS and the amount', 'inquiryRefund', request, response, async (call) => {
      const answer: any = await call((c) => c.inquiryRefund(request.example as never));
      expect(answer.refundStatus).toBe('SUCCESS');
    });
  });
});
