import { describe, expect, it } from 'vitest';
import {
  AntomClientError,
  applyOrderEvent,
  backoffDelayMs,
  DeclinedError,
  errorFromResult,
  eventsFromInquiry,
  newOrder,
  SignatureError,
  UnknownOutcomeError,
  ValidationError,
  type OrderEvent,
  type OrderStatus,
} from '../../client/index.js';

describe('errorFromResult maps a wire result to the class callers branch on', () => {
  it.each([
    ['UNKNOWN_EXCEPTION', 'U', UnknownOutcomeError],
    ['REQUEST_TRAFFIC_EXCEED_LIMIT', 'U', UnknownOutcomeError],
    ['PARAM_ILLEGAL', 'F', ValidationError],
    ['INVALID_SIGNATURE', 'F', SignatureError],
    ['CLIENT_INVALID', 'F', SignatureError],
    ['ORDER_STATUS_INVALID', 'F', DeclinedError],
    ['RISK_REJECT', 'F', DeclinedError],
  ] as const)('%s (%s)', (code, status, type) => {
    const error = errorFromResult('pay', { resultCode: code, resultStatus: status, resultMessage: 'm' });
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(AntomClientError);
    expect(error).toMatchObject({ resultCode: code, resultStatus: status, api: 'pay' });
  });
});

describe('backoffDelayMs', () => {
  const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 500 };
  it('grows exponentially up to the ceiling, scaled by the jitter', () => {
    expect([0, 1, 2, 3, 4].map((i) => backoffDelayMs(policy, i, () => 0.999))).toEqual([99, 199, 399, 499, 499]);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
  });
});

describe('order state', () => {
  const start = () => newOrder({ orderId: 'O1', amount: { currency: 'KRW', value: '100' }, paymentRequestId: 'O1-PAY' });
  const run = (events: OrderEvent[]): OrderStatus => events.reduce(applyOrderEvent, start()).status;
  const paid: OrderEvent = { type: 'paymentResult', success: true, resultCode: 'SUCCESS', source: 't' };
  const declined: OrderEvent = { type: 'paymentResult', success: false, resultCode: 'DO_NOT_HONOR', source: 't' };
  const captured: OrderEvent = { type: 'captureResult', success: true, resultCode: 'SUCCESS', source: 't' };

  it.each<[string, OrderEvent[], OrderStatus]>([
    ['pay answered in process', [{ type: 'payAnswered', paymentId: 'P' }], 'AWAITING_BUYER'],
    ['U on pay is not a failure', [{ type: 'payUnknown' }], 'PAY_UNKNOWN'],
    ['paid then captured', [paid, captured], 'CAPTURED'],
    ['capture overtaking the payment result', [captured, paid], 'CAPTURED'],
    ['a duplicate payment result after capture', [paid, captured, paid], 'CAPTURED'],
    ['a decline', [declined], 'FAILED'],
    ['a late decline cannot undo an authorization', [paid, declined], 'PAID'],
    ['a late cancel cannot undo an authorization', [paid, { type: 'cancelled', source: 't' }], 'PAID'],
    ['a capture cannot follow a failure', [declined, captured], 'FAILED'],
    ['void turned refund', [paid, { type: 'refundRequested', refundRequestId: 'R' }, captured, { type: 'refundResult', success: true, source: 't' }], 'REFUNDED'],
  ])('%s', (_name, events, expected) => {
    expect(run(events)).toBe(expected);
  });

  it('reads a SUCCESS inquiry with a CAPTURE transaction as paid and captured', () => {
    const events = eventsFromInquiry({
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
      paymentStatus: 'SUCCESS',
      transactions: [
        {
          transactionType: 'CAPTURE',
          transactionStatus: 'SUCCESS',
          transactionResult: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
          transactionId: 'T',
          transactionRequestId: 'TR',
          transactionAmount: { currency: 'KRW', value: '100' },
        },
      ],
    });
    expect(events.map((e) => e.type)).toEqual(['paymentResult', 'captureResult']);
    expect(run(events)).toBe('CAPTURED');
  });
});
