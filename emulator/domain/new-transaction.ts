import { resultOf } from '../../protocol/index.js';
import type { PaymentRecord, TransactionRecord } from './records.js';

/**
 * A cancel, capture or refund of a payment (protocol §5, §8), as a record: the payment's merchant
 * and currency, the catalogue's message of its result code, no refund details yet (a refund adds
 * them). The id and the time are passed in.
 */
export function newTransaction(
  payment: PaymentRecord,
  t: { transactionId: string; type: TransactionRecord['type']; status: TransactionRecord['status']; resultCode: string; requestId: string; amountValue: number; now: number },
): TransactionRecord {
  return {
    transactionId: t.transactionId,
    paymentId: payment.paymentId,
    clientId: payment.clientId,
    type: t.type,
    status: t.status,
    resultCode: t.resultCode,
    resultMessage: messageOfCode(t.resultCode),
    requestId: t.requestId,
    amountValue: t.amountValue,
    currency: payment.currency,
    createdAt: t.now,
    referenceRefundId: null,
    refundReason: null,
    notifyUrl: null,
  };
}

/** The catalogue's message of a result code, or the code itself for one it lacks (a scenario's own code). */
export function messageOfCode(code: string): string {
  try {
    return resultOf(code as never).resultMessage;
  } catch {
    return code;
  }
}
