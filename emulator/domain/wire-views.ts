import {
  formatAntomTime,
  resultOf,
  type AntomResult,
  type CaptureResultNotification,
  type InquiryPaymentResponse,
  type PaymentResultInfo,
  type PaymentResultNotification,
  type RefundResultNotification,
  type ResultCode,
  type Transaction,
} from '../../protocol/index.js';
import type { PaymentRecord, TransactionRecord } from './records.js';

/** Turns stored records into wire bodies (protocol §4, §7, §8, §9). Pure. */

const amountOf = (record: { amountValue: number; currency: string }) => ({
  currency: record.currency,
  value: String(record.amountValue),
});

function resultFor(code: string, message: string): AntomResult {
  try {
    return resultOf(code as ResultCode, message);
  } catch {
    return { resultCode: code, resultStatus: 'F', resultMessage: message };
  }
}

export function paymentResultInfo(payment: PaymentRecord): PaymentResultInfo | undefined {
  if (!payment.cardBrand) return undefined;
  const info: PaymentResultInfo = {
    cardBrand: payment.cardBrand,
    issuingCountry: 'KR',
    paymentMethodRegion: 'KR',
    funding: 'CREDIT',
  };
  if (payment.cardNo) {
    info.cardNo = payment.cardNo;
    info.lastFour = payment.cardNo.slice(-4);
  }
  return info;
}

export function transactionView(t: TransactionRecord): Transaction {
  const view: Transaction = {
    transactionType: t.type,
    transactionStatus: t.status,
    transactionResult: resultFor(t.resultCode, t.resultMessage),
    transactionId: t.transactionId,
    transactionRequestId: t.requestId,
    transactionAmount: amountOf(t),
  };
  view.transactionTime = formatAntomTime(t.createdAt);
  return view;
}

export function inquiryPaymentView(payment: PaymentRecord, transactions: readonly TransactionRecord[]): InquiryPaymentResponse {
  const view: InquiryPaymentResponse = {
    result: resultOf('SUCCESS'),
    paymentStatus: payment.status,
    paymentResultCode: payment.resultCode,
    paymentResultMessage: payment.resultMessage,
    paymentId: payment.paymentId,
    paymentRequestId: payment.paymentRequestId,
    paymentAmount: amountOf(payment),
    paymentCreateTime: formatAntomTime(payment.createdAt),
    paymentMethodType: 'CARD',
  };
  if (payment.status === 'SUCCESS' && payment.paidAt !== null) view.paymentTime = formatAntomTime(payment.paidAt);
  const info = paymentResultInfo(payment);
  if (info) view.paymentResultInfo = info;
  if (transactions.length > 0) view.transactions = transactions.map(transactionView);
  return view;
}

export function paymentResultNotification(payment: PaymentRecord): PaymentResultNotification {
  const body: PaymentResultNotification = {
    notifyType: 'PAYMENT_RESULT',
    result: resultFor(payment.resultCode, payment.resultMessage),
    paymentRequestId: payment.paymentRequestId,
    paymentId: payment.paymentId,
    paymentAmount: amountOf(payment),
    paymentCreateTime: formatAntomTime(payment.createdAt),
  };
  if (payment.status === 'SUCCESS' && payment.paidAt !== null) body.paymentTime = formatAntomTime(payment.paidAt);
  const info = paymentResultInfo(payment);
  if (info) body.paymentResultInfo = info;
  return body;
}

export function captureResultNotification(capture: TransactionRecord): CaptureResultNotification {
  return {
    notifyType: 'CAPTURE_RESULT',
    result: resultFor(capture.resultCode, capture.resultMessage),
    captureRequestId: capture.requestId,
    captureId: capture.transactionId,
    paymentId: capture.paymentId,
    captureAmount: amountOf(capture),
    captureTime: formatAntomTime(capture.createdAt),
  };
}

export function refundResultNotification(refund: TransactionRecord): RefundResultNotification {
  return {
    notifyType: 'REFUND_RESULT',
    result: resultFor(refund.resultCode, refund.resultMessage),
    refundStatus: refund.status === 'FAIL' ? 'FAIL' : 'SUCCESS',
    refundRequestId: refund.requestId,
    refundId: refund.transactionId,
    paymentId: refund.paymentId,
    refundAmount: amountOf(refund),
    refundTime: formatAntomTime(refund.createdAt),
  };
}

export function refundView(refund: TransactionRecord) {
  return {
    refundRequestId: refund.requestId,
    refundId: refund.transactionId,
    paymentId: refund.paymentId,
    refundAmount: amountOf(refund),
    refundTime: formatAntomTime(refund.createdAt),
  };
}
