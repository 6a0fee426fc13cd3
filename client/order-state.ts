import type { AntomNotification, InquiryPaymentResponse } from '../protocol/index.js';

/**
 * The state of one merchant order, as a pure function of what the merchant has learnt. Antom's
 * signals arrive late, twice or out of order (a CAPTURE_RESULT can overtake PAYMENT_RESULT;
 * polling and notifications overlap), so every event may arrive at any time and an order
 * never moves backwards.
 */
export type OrderStatus =
  | 'CREATED' // pay not answered yet
  | 'PAY_UNKNOWN' // pay got no usable answer: inquire by paymentRequestId, never call it failed
  | 'AWAITING_BUYER' // PAYMENT_IN_PROCESS: the buyer is on normalUrl
  | 'PAID' // authorized (PAYMENT_RESULT S); capture is automatic
  | 'CAPTURED' // CAPTURE_RESULT S, or a CAPTURE transaction in SUCCESS
  | 'CAPTURE_FAILED'
  | 'FAILED' // declined, risk-rejected, closed
  | 'CANCELLED' // voided before authorization
  | 'REFUND_PENDING' // a void after authorization became a refund that is not done yet
  | 'REFUNDED';

export interface OrderState {
  orderId: string;
  status: OrderStatus;
  amount: { currency: string; value: string };
  paymentRequestId: string;
  paymentId?: string;
  normalUrl?: string;
  resultCode?: string;
  cardBrand?: string;
  refundRequestId?: string;
  /** what changed the order, oldest first, for the shop's page and for debugging */
  history: Array<{ status: OrderStatus; source: string }>;
}

export type OrderEvent =
  | { type: 'payAnswered'; paymentId: string; normalUrl?: string }
  | { type: 'payUnknown' }
  | { type: 'paymentResult'; success: boolean; resultCode: string; cardBrand?: string; source: string }
  | { type: 'captureResult'; success: boolean; resultCode: string; source: string }
  | { type: 'cancelled'; source: string }
  | { type: 'refundRequested'; refundRequestId: string }
  | { type: 'refundResult'; success: boolean; source: string };

/** How far along each status is; an event that would lower it is ignored. */
const RANK: Record<OrderStatus, number> = {
  CREATED: 0,
  PAY_UNKNOWN: 1,
  AWAITING_BUYER: 2,
  PAID: 3,
  CAPTURE_FAILED: 4,
  CAPTURED: 4,
  FAILED: 5,
  CANCELLED: 5,
  REFUND_PENDING: 6,
  REFUNDED: 7,
};

export function newOrder(input: { orderId: string; amount: { currency: string; value: string }; paymentRequestId: string }): OrderState {
  return { ...input, status: 'CREATED', history: [{ status: 'CREATED', source: 'order' }] };
}

function moveTo(order: OrderState, status: OrderStatus, source: string, patch: Partial<OrderState> = {}): OrderState {
  if (RANK[status] < RANK[order.status] || (status === order.status && Object.keys(patch).length === 0)) return order;
  // a final failure cannot follow an authorization, and a capture cannot follow a failure
  if ((status === 'FAILED' || status === 'CANCELLED') && RANK[order.status] >= RANK.PAID) return order;
  if ((status === 'CAPTURED' || status === 'CAPTURE_FAILED' || status === 'PAID') && (order.status === 'FAILED' || order.status === 'CANCELLED')) return order;
  const history = status === order.status ? order.history : [...order.history, { status, source }];
  return { ...order, ...patch, status, history };
}

export function applyOrderEvent(order: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'payAnswered':
      return moveTo(order, 'AWAITING_BUYER', 'pay', { paymentId: event.paymentId, normalUrl: event.normalUrl });
    case 'payUnknown':
      return moveTo(order, 'PAY_UNKNOWN', 'pay');
    case 'paymentResult':
      return event.success
        ? moveTo(order, 'PAID', event.source, event.cardBrand ? { cardBrand: event.cardBrand } : {})
        : moveTo(order, 'FAILED', event.source, { resultCode: event.resultCode });
    case 'captureResult':
      // a capture implies the authorization, even when its notification overtook PAYMENT_RESULT
      return event.success ? moveTo(order, 'CAPTURED', event.source) : moveTo(order, 'CAPTURE_FAILED', event.source, { resultCode: event.resultCode });
    case 'cancelled':
      return moveTo(order, 'CANCELLED', event.source);
    case 'refundRequested':
      return moveTo(order, 'REFUND_PENDING', 'cancel', { refundRequestId: event.refundRequestId });
    case 'refundResult':
      return event.success ? moveTo(order, 'REFUNDED', event.source) : order;
  }
}

/** Events a verified notification carries. */
export function eventsFromNotification(notification: AntomNotification): OrderEvent[] {
  const source = `notification ${notification.notifyType}`;
  const success = notification.result.resultStatus === 'S';
  switch (notification.notifyType) {
    case 'PAYMENT_RESULT':
      // U in a PAYMENT_RESULT is not a result yet (protocol §3): wait for more
      if (notification.result.resultStatus === 'U') return [];
      return [{ type: 'paymentResult', success, resultCode: notification.result.resultCode, cardBrand: notification.paymentResultInfo?.cardBrand, source }];
    case 'CAPTURE_RESULT':
      if (notification.result.resultStatus === 'U') return [];
      return [{ type: 'captureResult', success, resultCode: notification.result.resultCode, source }];
    case 'REFUND_RESULT':
      return [{ type: 'refundResult', success: notification.refundStatus === 'SUCCESS', source }];
  }
}

/** Events an inquiryPayment answer carries; PROCESSING carries none. */
export function eventsFromInquiry(inquiry: InquiryPaymentResponse): OrderEvent[] {
  const source = 'inquiryPayment';
  const events: OrderEvent[] = [];
  switch (inquiry.paymentStatus) {
    case 'SUCCESS':
      events.push({ type: 'paymentResult', success: true, resultCode: inquiry.paymentResultCode ?? 'SUCCESS', cardBrand: inquiry.paymentResultInfo?.cardBrand, source });
      break;
    case 'FAIL':
      events.push({ type: 'paymentResult', success: false, resultCode: inquiry.paymentResultCode ?? 'PROCESS_FAIL', source });
      break;
    case 'CANCELLED':
      events.push({ type: 'cancelled', source });
      break;
    default:
      break;
  }
  const capture = inquiry.transactions?.find((t) => t.transactionType === 'CAPTURE' && t.transactionStatus !== 'PROCESSING');
  if (capture) events.push({ type: 'captureResult', success: capture.transactionStatus === 'SUCCESS', resultCode: capture.transactionResult.resultCode, source });
  return events;
}

/** True once nothing more is expected from Antom about this order's payment. */
export function isSettled(order: OrderState): boolean {
  return ['CAPTURED', 'CAPTURE_FAILED', 'FAILED', 'CANCELLED', 'REFUNDED'].includes(order.status);
}
