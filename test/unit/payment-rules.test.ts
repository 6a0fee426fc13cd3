import { describe, expect, it } from 'vitest';
import { SANDBOX_RULES } from '../../protocol/index.js';
import {
  computeExpiresAt,
  decideCancel,
  decideRefund,
  decideRepeatPay,
  decideRepeatRefund,
  isPastExpiry,
  maskCardNumber,
  nextStatus,
  payFingerprint,
  refundedTotal,
} from '../../emulator/domain/payment-rules.js';
import type { PaymentRecord, TransactionRecord } from '../../emulator/domain/records.js';

const T0 = Date.UTC(2026, 10, 23);
const DAY = 24 * 3600_000;

function payment(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    paymentId: 'P1', clientId: 'C', paymentRequestId: 'R1', referenceOrderId: 'O1', orderDescription: 'd',
    status: 'PROCESSING', resultCode: 'PAYMENT_IN_PROCESS', resultMessage: '', amountValue: 46000, currency: 'KRW',
    createdAt: T0, expiresAt: T0 + SANDBOX_RULES.defaultPaymentExpiryMs, paidAt: null, cancelledAt: null, closedAt: null,
    selectedCardBrand: null, cardBrand: null, cardNo: null, redirectUrl: 'https://m/r', notifyUrl: null, terminalType: null,
    pageToken: 't', captureState: 'NONE', captureDueAt: null, fingerprint: payFingerprint('KRW', 46000, 'CARD'), payResponse: '{}',
    ...overrides,
  };
}
const captured = (overrides: Partial<PaymentRecord> = {}) => payment({ status: 'SUCCESS', resultCode: 'SUCCESS', paidAt: T0, captureState: 'SUCCESS', ...overrides });

function refund(value: number, status: TransactionRecord['status'] = 'SUCCESS'): TransactionRecord {
  return {
    transactionId: `T${value}`, paymentId: 'P1', clientId: 'C', type: 'REFUND', status, resultCode: 'SUCCESS', resultMessage: '',
    requestId: `RF${value}`, amountValue: value, currency: 'KRW', createdAt: T0, referenceRefundId: null, refundReason: null, notifyUrl: null,
  };
}

describe('the payment state machine', () => {
  it.each([
    ['PROCESSING', 'authorize', 'SUCCESS'],
    ['PROCESSING', 'decline', 'FAIL'],
    ['PROCESSING', 'expire', 'FAIL'],
    ['PROCESSING', 'cancel', 'CANCELLED'],
    ['SUCCESS', 'cancel', undefined],
    ['SUCCESS', 'authorize', undefined],
    ['FAIL', 'authorize', undefined],
    ['CANCELLED', 'authorize', undefined],
  ] as const)('%s --%s--> %s', (from, event, to) => {
    expect(nextStatus(from, event)).toBe(to);
  });
});

describe('pay idempotency', () => {
  it('replays the same request', () => {
    expect(decideRepeatPay(payment(), payFingerprint('KRW', 46000, 'CARD'))).toBe('replay');
    expect(decideRepeatPay(captured(), payFingerprint('KRW', 46000, 'CARD'))).toBe('replay');
  });
  it('refuses a different amount, and reuse of a cancelled or closed payment', () => {
    expect(() => decideRepeatPay(payment(), payFingerprint('KRW', 1, 'CARD'))).toThrow(expect.objectContaining({ code: 'REPEAT_REQ_INCONSISTENT' }));
    expect(() => decideRepeatPay(payment({ status: 'CANCELLED' }), payment().fingerprint)).toThrow(expect.objectContaining({ code: 'ORDER_IS_CANCELED' }));
    expect(() => decideRepeatPay(payment({ status: 'FAIL', resultCode: 'ORDER_IS_CLOSED' }), payment().fingerprint)).toThrow(expect.objectContaining({ code: 'ORDER_IS_CLOSED' }));
  });
});

describe('expiry', () => {
  it('defaults to 14 minutes, or paymentExpiryTime when later than now', () => {
    expect(computeExpiresAt(T0, undefined)).toBe(T0 + 14 * 60_000);
    expect(computeExpiresAt(T0, T0 + 5_000)).toBe(T0 + 5_000);
    expect(() => computeExpiresAt(T0, T0)).toThrow(expect.objectContaining({ code: 'PARAM_ILLEGAL' }));
  });
  it('treats a PROCESSING payment past its expiry as closed', () => {
    expect(isPastExpiry(payment(), T0 + 14 * 60_000 - 1)).toBe(false);
    expect(isPastExpiry(payment(), T0 + 14 * 60_000)).toBe(true);
    expect(isPastExpiry(captured(), T0 + DAY)).toBe(false);
  });
});

describe('cancel rules and the void rejection', () => {
  it('cancels a payment in process, replays a cancelled one', () => {
    expect(decideCancel(payment(), false, T0 + 1)).toBe('cancel');
    expect(decideCancel(payment({ status: 'CANCELLED', cancelledAt: T0 }), false, T0 + 1)).toBe('replay');
  });
  it('rejects a void after authorization with ORDER_STATUS_INVALID, saying to refund', () => {
    expect(() => decideCancel(captured(), false, T0 + 1)).toThrow(expect.objectContaining({ code: 'ORDER_STATUS_INVALID', message: expect.stringMatching(/refund/) }));
  });
  it('rejects a failed payment, a payment with refunds, and a cancel after 7 days', () => {
    expect(() => decideCancel(payment({ status: 'FAIL' }), false, T0 + 1)).toThrow(expect.objectContaining({ code: 'ORDER_STATUS_INVALID' }));
    expect(() => decideCancel(captured(), true, T0 + 1)).toThrow(expect.objectContaining({ code: 'PROCESS_FAIL' }));
    expect(() => decideCancel(payment(), false, T0 + 7 * DAY + 1)).toThrow(expect.objectContaining({ code: 'CANCEL_WINDOW_EXCEED' }));
  });
});

describe('refund arithmetic and window', () => {
  it('allows partial refunds while their sum stays within the captured amount', () => {
    expect(() => decideRefund(captured(), [refund(10000)], { value: 36000, currency: 'KRW' }, T0 + 1)).not.toThrow();
    expect(() => decideRefund(captured(), [refund(10000)], { value: 36001, currency: 'KRW' }, T0 + 1)).toThrow(expect.objectContaining({ code: 'REFUND_AMOUNT_EXCEED' }));
  });
  it('does not count failed refunds', () => {
    expect(refundedTotal([refund(10000), refund(5000, 'FAIL'), refund(1000, 'PROCESSING')])).toBe(11000);
  });
  it('answers by payment state', () => {
    expect(() => decideRefund(payment(), [], { value: 1, currency: 'KRW' }, T0)).toThrow(expect.objectContaining({ code: 'PAYMENT_IN_PROCESS' }));
    expect(() => decideRefund(captured({ captureState: 'PENDING' }), [], { value: 1, currency: 'KRW' }, T0)).toThrow(expect.objectContaining({ code: 'PAYMENT_IN_PROCESS' }));
    expect(() => decideRefund(captured({ captureState: 'FAIL' }), [], { value: 1, currency: 'KRW' }, T0)).toThrow(expect.objectContaining({ code: 'ORDER_STATUS_INVALID' }));
    expect(() => decideRefund(payment({ status: 'FAIL' }), [], { value: 1, currency: 'KRW' }, T0)).toThrow(expect.objectContaining({ code: 'ORDER_STATUS_INVALID' }));
    expect(() => decideRefund(payment({ status: 'CANCELLED' }), [], { value: 1, currency: 'KRW' }, T0)).toThrow(expect.objectContaining({ code: 'ORDER_IS_CANCELED' }));
  });
  it('refuses after 365 days and in another currency', () => {
    expect(() => decideRefund(captured(), [], { value: 1, currency: 'KRW' }, T0 + 365 * DAY + 1)).toThrow(expect.objectContaining({ code: 'REFUND_WINDOW_EXCEED' }));
    expect(() => decideRefund(captured(), [], { value: 1, currency: 'USD' }, T0)).toThrow(expect.objectContaining({ code: 'PARAM_ILLEGAL' }));
  });
  it('replays a repeated refundRequestId unless the amount changed', () => {
    expect(decideRepeatRefund(refund(100), { value: 100, currency: 'KRW', paymentId: 'P1' })).toBe('replay');
    expect(() => decideRepeatRefund(refund(100), { value: 101, currency: 'KRW', paymentId: 'P1' })).toThrow(expect.objectContaining({ code: 'REPEAT_REQ_INCONSISTENT' }));
  });
});

describe('card numbers', () => {
  it('masks as Antom shows them', () => {
    expect(maskCardNumber('9490220011669217')).toBe('949022******9217');
  });
});
