import type { AntomNotification } from '../../protocol/index.js';
import { maskCardNumber, payFingerprint } from '../domain/payment-rules.js';
import type { PaymentRecord, TransactionRecord } from '../domain/records.js';
import { captureResultNotification, paymentResultNotification, refundResultNotification } from '../domain/wire-views.js';
import { newCaptureRequestId, newPageToken, newPaymentId, newTransactionId } from '../services/ids.js';
import type { PaymentStore } from '../storage/payment-store.js';

/**
 * The payments a check run notifies about. They are real rows under the merchant (so an
 * integration that calls inquiryPayment after a notification finds them), written in their
 * final state straight to the store: no timer and no outbox entry, so the sandbox never sends
 * anything about them on its own. Each is labelled: paymentRequestId and referenceOrderId
 * `antom-sandbox-check-<runId>-<role>`, the order description below, and a CHECK_SYNTHETIC
 * event on its timeline.
 */
export const SYNTHETIC_PREFIX = 'antom-sandbox-check-';
export const SYNTHETIC_DESCRIPTION = 'antom-sandbox check: synthetic payment, not a real order';

/**
 * captured: paid, captured and partly refunded (PAYMENT_RESULT S, CAPTURE_RESULT, REFUND_RESULT);
 * declined: PAYMENT_RESULT F; repeated: the duplicate and the tolerated-format cases;
 * reordered: CAPTURE_RESULT before PAYMENT_RESULT; forged: declined in the sandbox, so a
 * forged success about it is a lie an inquiry would expose.
 */
export const SYNTHETIC_ROLES = ['captured', 'declined', 'repeated', 'reordered', 'forged'] as const;
export type SyntheticRole = (typeof SYNTHETIC_ROLES)[number];

const AMOUNT = 46_000;
const REFUND_AMOUNT = 10_000;
const TEST_CARD = '9490220011669217';

export interface SyntheticPayment {
  role: SyntheticRole;
  payment: PaymentRecord;
  capture: TransactionRecord | null;
  refund: TransactionRecord | null;
}

/** The notification bodies a run sends, built by the same wire views as the outbox's. */
export interface SyntheticNotifications {
  paymentSuccess: AntomNotification;
  capture: AntomNotification;
  refund: AntomNotification;
  paymentFailure: AntomNotification;
  repeatedPayment: AntomNotification;
  reorderedPayment: AntomNotification;
  reorderedCapture: AntomNotification;
  /** what a forger would claim: the declined `forged` payment as a success */
  forgedSuccess: AntomNotification;
  /** the `forged` payment's genuine result (F): its signature is lifted onto the forged body */
  forgedFailure: AntomNotification;
}

function transaction(payment: PaymentRecord, type: 'CAPTURE' | 'REFUND', requestId: string, amountValue: number, now: number): TransactionRecord {
  return {
    transactionId: newTransactionId(now),
    paymentId: payment.paymentId,
    clientId: payment.clientId,
    type,
    status: 'SUCCESS',
    resultCode: 'SUCCESS',
    resultMessage: 'success',
    requestId,
    amountValue,
    currency: payment.currency,
    createdAt: now,
    referenceRefundId: null,
    refundReason: type === 'REFUND' ? 'antom-sandbox check' : null,
    notifyUrl: null,
  };
}

/** Builds the records of one run (pure apart from fresh random ids). */
export function buildSyntheticPayments(clientId: string, runId: string, now: number): SyntheticPayment[] {
  return SYNTHETIC_ROLES.map((role) => {
    const requestId = `${SYNTHETIC_PREFIX}${runId}-${role}`;
    const declined = role === 'declined' || role === 'forged';
    const payment: PaymentRecord = {
      paymentId: newPaymentId(now),
      clientId,
      paymentRequestId: requestId,
      referenceOrderId: requestId,
      orderDescription: SYNTHETIC_DESCRIPTION,
      status: declined ? 'FAIL' : 'SUCCESS',
      resultCode: declined ? 'DO_NOT_HONOR' : 'SUCCESS',
      resultMessage: declined ? 'The issuer declined the payment.' : 'success',
      amountValue: AMOUNT,
      currency: 'KRW',
      createdAt: now,
      expiresAt: now,
      paidAt: declined ? null : now,
      cancelledAt: null,
      closedAt: declined ? now : null,
      selectedCardBrand: 'HYUNDAI',
      cardBrand: 'HYUNDAI',
      cardNo: maskCardNumber(TEST_CARD),
      redirectUrl: 'http://localhost/antom-sandbox-check',
      notifyUrl: null,
      terminalType: 'WEB',
      pageToken: newPageToken(now),
      captureState: declined ? 'NONE' : 'SUCCESS',
      captureDueAt: null,
      fingerprint: payFingerprint('KRW', AMOUNT, 'CARD'),
      payResponse: '{}',
    };
    const capture = declined ? null : transaction(payment, 'CAPTURE', newCaptureRequestId(now), AMOUNT, now);
    const refund = role === 'captured' ? transaction(payment, 'REFUND', `${requestId}-refund`, REFUND_AMOUNT, now) : null;
    return { role, payment, capture, refund };
  });
}

/** The bodies Antom would send about these payments (protocol §9). */
export function syntheticNotifications(payments: readonly SyntheticPayment[]): SyntheticNotifications {
  const of = (role: SyntheticRole) => payments.find((p) => p.role === role)!;
  const captured = of('captured');
  const reordered = of('reordered');
  const forged = of('forged').payment;
  return {
    paymentSuccess: paymentResultNotification(captured.payment),
    capture: captureResultNotification(captured.capture!),
    refund: refundResultNotification(captured.refund!),
    paymentFailure: paymentResultNotification(of('declined').payment),
    repeatedPayment: paymentResultNotification(of('repeated').payment),
    reorderedPayment: paymentResultNotification(reordered.payment),
    reorderedCapture: captureResultNotification(reordered.capture!),
    forgedSuccess: paymentResultNotification({ ...forged, status: 'SUCCESS', resultCode: 'SUCCESS', resultMessage: 'success', paidAt: forged.createdAt }),
    forgedFailure: paymentResultNotification(forged),
  };
}

/** Writes a run's payments in one transaction, each with its label on the timeline. */
export function storeSyntheticPayments(store: PaymentStore, payments: readonly SyntheticPayment[], runId: string, now: number): void {
  store.transaction(() => {
    for (const { role, payment, capture, refund } of payments) {
      store.insert(payment);
      store.addEvent(payment.paymentId, now, 'CHECK_SYNTHETIC', { runId, role, note: SYNTHETIC_DESCRIPTION });
      if (capture) store.insertTransaction(capture);
      if (refund) store.insertTransaction(refund);
    }
  });
}
