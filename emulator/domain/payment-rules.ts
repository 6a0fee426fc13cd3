import {
  AntomError,
  DECLINE_CODES,
  SANDBOX_RULES,
  type DeclineCode,
  type PaymentStatus,
} from '../../protocol/index.js';
import type { PaymentRecord, TransactionRecord } from './records.js';

/**
 * The payment state machine and the business rules of protocol §5–§8, as plain functions:
 * no SQL, no Fastify, no clock of their own (time is passed in).
 */
export type PaymentEventName = 'authorize' | 'decline' | 'expire' | 'cancel';

const TRANSITIONS: Readonly<Record<PaymentStatus, Partial<Record<PaymentEventName, PaymentStatus>>>> = {
  PROCESSING: { authorize: 'SUCCESS', decline: 'FAIL', expire: 'FAIL', cancel: 'CANCELLED' },
  SUCCESS: {},
  FAIL: {},
  CANCELLED: {},
};

/** The status after an event, or undefined when the event is not allowed in that status. */
export function nextStatus(status: PaymentStatus, event: PaymentEventName): PaymentStatus | undefined {
  return TRANSITIONS[status][event];
}

export function payFingerprint(currency: string, value: number, paymentMethodType: string): string {
  return `${currency}|${value}|${paymentMethodType}`;
}

/** protocol §6: what a repeated pay with a known paymentRequestId gets. */
export function decideRepeatPay(existing: PaymentRecord, fingerprint: string): 'replay' {
  if (existing.fingerprint !== fingerprint) {
    throw new AntomError(
      'REPEAT_REQ_INCONSISTENT',
      `paymentRequestId "${existing.paymentRequestId}" was already used with a different amount, currency or payment method.`,
    );
  }
  if (existing.status === 'CANCELLED') {
    throw new AntomError('ORDER_IS_CANCELED', `The payment of paymentRequestId "${existing.paymentRequestId}" was cancelled; use a new paymentRequestId.`);
  }
  if (existing.status === 'FAIL') {
    throw new AntomError(SANDBOX_RULES.reusedFailedPaymentCode, `The payment of paymentRequestId "${existing.paymentRequestId}" is closed (${existing.resultCode}); use a new paymentRequestId.`);
  }
  return 'replay';
}

/** When an unfinished payment closes: paymentExpiryTime if given, else 14 minutes after creation. */
export function computeExpiresAt(createdAt: number, requestedExpiry: number | undefined): number {
  if (requestedExpiry === undefined) return createdAt + SANDBOX_RULES.defaultPaymentExpiryMs;
  if (requestedExpiry <= createdAt) {
    throw new AntomError('PARAM_ILLEGAL', 'paymentExpiryTime: must be later than now.');
  }
  return requestedExpiry;
}

/** A PROCESSING payment past its expiry is closed, whether or not the timer has run yet. */
export function isPastExpiry(payment: Pick<PaymentRecord, 'status' | 'expiresAt'>, now: number): boolean {
  return payment.status === 'PROCESSING' && now >= payment.expiresAt;
}

export type AuthorizationOutcome =
  | { outcome: 'approve' }
  | { outcome: 'decline'; resultCode: DeclineCode }
  | { outcome: 'abandon' };

/** What the buyer (or the control API) asked the issuer for; a decline without a code is DO_NOT_HONOR. */
export function requestedAuthorization(outcome: AuthorizationOutcome['outcome'], resultCode: string | undefined): AuthorizationOutcome {
  if (outcome !== 'decline') return { outcome };
  const code = resultCode ?? 'DO_NOT_HONOR';
  if (!isDeclineCode(code)) throw new AntomError('PARAM_ILLEGAL', `resultCode: "${code}" is not an issuer decline code.`);
  return { outcome: 'decline', resultCode: code };
}

export function isDeclineCode(code: string): code is DeclineCode {
  return (DECLINE_CODES as readonly string[]).includes(code);
}

/** The buyer at the issuer: only a PROCESSING payment can be authorized or declined. */
export function assertAuthorizable(payment: PaymentRecord): void {
  if (payment.status === 'PROCESSING') return;
  const reasons: Record<Exclude<PaymentStatus, 'PROCESSING'>, string> = {
    SUCCESS: 'The payment is already authorized.',
    FAIL: `The payment is closed (${payment.resultCode}).`,
    CANCELLED: 'The payment was cancelled by the merchant.',
  };
  throw new AntomError('ORDER_STATUS_INVALID', reasons[payment.status]);
}

/** protocol §5: cancel before authorization only; a void after authorization is rejected. */
export function decideCancel(payment: PaymentRecord, hasRefunds: boolean, now: number): 'cancel' | 'replay' {
  if (payment.status === 'CANCELLED') return 'replay';
  if (now - payment.createdAt > SANDBOX_RULES.cancelWindowMs) {
    throw new AntomError('CANCEL_WINDOW_EXCEED');
  }
  if (hasRefunds) {
    throw new AntomError('PROCESS_FAIL', 'The payment has refunds and cannot be cancelled.');
  }
  if (payment.status === 'SUCCESS') {
    const { code, message } = SANDBOX_RULES.voidAfterAuthorization;
    throw new AntomError(code, message);
  }
  if (payment.status === 'FAIL') {
    throw new AntomError('ORDER_STATUS_INVALID', `The payment is closed (${payment.resultCode}) and cannot be cancelled.`);
  }
  return 'cancel';
}

/** protocol §8: whether a new refund of `value` is allowed now. */
export function decideRefund(
  payment: PaymentRecord,
  refunds: readonly TransactionRecord[],
  refund: { value: number; currency: string },
  now: number,
): void {
  if (payment.status === 'CANCELLED') throw new AntomError('ORDER_IS_CANCELED', 'The payment was cancelled; nothing to refund.');
  if (payment.status === 'FAIL') throw new AntomError('ORDER_STATUS_INVALID', `The payment failed (${payment.resultCode}); nothing to refund.`);
  if (payment.status === 'PROCESSING' || payment.captureState === 'PENDING' || payment.captureState === 'NONE') {
    throw new AntomError('PAYMENT_IN_PROCESS', 'The payment is not captured yet; refund after the capture completes.');
  }
  if (payment.captureState === 'FAIL') {
    throw new AntomError(SANDBOX_RULES.refundWithoutCaptureCode, 'The automatic capture of this payment failed; nothing was captured to refund.');
  }
  if (refund.currency !== payment.currency) {
    throw new AntomError('PARAM_ILLEGAL', `refundAmount.currency: must be the payment currency ${payment.currency}.`);
  }
  if (now - (payment.paidAt ?? payment.createdAt) > SANDBOX_RULES.refundWindowMs) {
    throw new AntomError('REFUND_WINDOW_EXCEED');
  }
  const refunded = refundedTotal(refunds);
  if (refunded + refund.value > payment.amountValue) {
    throw new AntomError(
      'REFUND_AMOUNT_EXCEED',
      `Refunds would total ${refunded + refund.value} ${payment.currency}, more than the captured ${payment.amountValue} (already refunded: ${refunded}).`,
    );
  }
}

/** The sum of refunds that succeeded or are still in process (both hold back captured money). */
export function refundedTotal(transactions: readonly TransactionRecord[]): number {
  return transactions
    .filter((t) => t.type === 'REFUND' && t.status !== 'FAIL')
    .reduce((sum, t) => sum + t.amountValue, 0);
}

/** protocol §6: a repeated refundRequestId replays, unless its amount changed. */
export function decideRepeatRefund(existing: TransactionRecord, refund: { value: number; currency: string; paymentId: string }): 'replay' {
  if (existing.amountValue !== refund.value || existing.currency !== refund.currency || existing.paymentId !== refund.paymentId) {
    throw new AntomError(
      'REPEAT_REQ_INCONSISTENT',
      `refundRequestId "${existing.requestId}" was already used with a different payment or amount.`,
    );
  }
  return 'replay';
}

/** Masks a card number as Antom shows it: first six, stars, last four. */
export function maskCardNumber(cardNumber: string): string {
  if (cardNumber.length < 10) return `${'*'.repeat(Math.max(cardNumber.length - 4, 0))}${cardNumber.slice(-4)}`;
  return `${cardNumber.slice(0, 6)}${'*'.repeat(cardNumber.length - 10)}${cardNumber.slice(-4)}`;
}
