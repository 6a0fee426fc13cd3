import type { PaymentStatus, TransactionType } from '../../protocol/index.js';
import type { EventCause } from './event-causes.js';

/** A payment as the sandbox stores it; money is an integer of the smallest unit. */
export interface PaymentRecord {
  paymentId: string;
  clientId: string;
  paymentRequestId: string;
  referenceOrderId: string;
  orderDescription: string;
  status: PaymentStatus;
  resultCode: string;
  resultMessage: string;
  amountValue: number;
  currency: string;
  createdAt: number;
  expiresAt: number;
  paidAt: number | null;
  cancelledAt: number | null;
  closedAt: number | null;
  selectedCardBrand: string | null;
  cardBrand: string | null;
  cardNo: string | null;
  redirectUrl: string;
  notifyUrl: string | null;
  terminalType: string | null;
  pageToken: string;
  /** automatic capture: NONE before authorization, PENDING until it runs, then SUCCESS or FAIL */
  captureState: 'NONE' | 'PENDING' | 'SUCCESS' | 'FAIL';
  captureDueAt: number | null;
  /** what must match for an idempotent repeat of pay: currency, amount, method */
  fingerprint: string;
  /** the original pay answer as JSON, replayed for an idempotent repeat */
  payResponse: string;
}

export type TransactionStatus = 'SUCCESS' | 'FAIL' | 'PROCESSING';

export interface TransactionRecord {
  transactionId: string;
  paymentId: string;
  clientId: string;
  type: TransactionType;
  status: TransactionStatus;
  resultCode: string;
  resultMessage: string;
  requestId: string;
  amountValue: number;
  currency: string;
  createdAt: number;
  referenceRefundId: string | null;
  refundReason: string | null;
  notifyUrl: string | null;
}

export interface PaymentEvent {
  id: number;
  paymentId: string;
  at: number;
  type: string;
  detail: Record<string, unknown> | null;
  /** why it happened; null for events written before migration 3 */
  cause: EventCause | null;
}
