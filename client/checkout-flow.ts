import type { AntomNotification, PayRequest } from '../protocol/index.js';
import type { AntomClient } from './antom-client.js';
import { DeclinedError, TransportError, UnknownOutcomeError } from './errors.js';
import { applyOrderEvent, eventsFromInquiry, eventsFromNotification, isSettled, newOrder, type OrderEvent, type OrderState } from './order-state.js';
import { backoffDelayMs, sleep as realSleep, type RetryPolicy } from './retry-policy.js';

export interface CheckoutFlowOptions {
  /** where the buyer lands after the hosted pages (paymentRedirectUrl); {orderId} is replaced */
  redirectUrl: string;
  /** paymentNotifyUrl; absent = the notify URL registered for the merchant */
  notifyUrl?: string;
  /** polling inquiryPayment when no notification arrives */
  poll?: Partial<RetryPolicy>;
  /** the wait between polls; tests pass one that advances the sandbox's virtual clock */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** called whenever an order changes */
  onChange?: (order: OrderState) => void;
}

export interface StartCheckoutInput {
  orderId: string;
  amount: { currency: string; value: string };
  description: string;
  /** open the issuer's page directly, skipping brand selection */
  cardBrand?: string;
}

const DEFAULT_POLL: RetryPolicy = { maxRetries: 20, baseDelayMs: 1_000, maxDelayMs: 30_000 };

/**
 * The correct integration, step by step (issue #6):
 * 1. pay; PAYMENT_IN_PROCESS (U) is the normal answer: send the buyer to normalUrl. A U or
 *    transport failure on pay is never a failure: the order waits and is resolved by inquiry.
 * 2. the result comes from notifyPayment; when none arrives, poll inquiryPayment with backoff.
 * 3. capture is automatic: CAPTURE_RESULT, or a CAPTURE transaction on inquiry.
 * 4. cancel only before authorization; ORDER_STATUS_INVALID after it means "refund instead".
 * Orders live in memory here; a real shop keeps them in its database.
 */
export class CheckoutFlow {
  private readonly orders = new Map<string, OrderState>();
  private readonly byPaymentId = new Map<string, string>();
  private readonly poll: RetryPolicy;

  constructor(private readonly client: AntomClient, private readonly options: CheckoutFlowOptions) {
    this.poll = { ...DEFAULT_POLL, ...options.poll };
  }

  order(orderId: string): OrderState | undefined {
    return this.orders.get(orderId);
  }

  orderOfPayment(paymentId: string): OrderState | undefined {
    const orderId = this.byPaymentId.get(paymentId);
    return orderId === undefined ? undefined : this.orders.get(orderId);
  }

  async startCheckout(input: StartCheckoutInput): Promise<OrderState> {
    if (this.orders.has(input.orderId)) throw new Error(`Order ${input.orderId} exists already.`);
    // one paymentRequestId per order: retries and restarts re-send the same id (protocol §6)
    const paymentRequestId = `${input.orderId}-PAY`;
    this.save(newOrder({ orderId: input.orderId, amount: input.amount, paymentRequestId }));
    const request: PayRequest = {
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId,
      order: { orderAmount: input.amount, referenceOrderId: input.orderId, orderDescription: input.description },
      paymentAmount: input.amount,
      paymentMethod: {
        paymentMethodType: 'CARD',
        paymentMethodMetaData: { requireIssuerAuthentication: true, ...(input.cardBrand ? { selectedCardBrand: input.cardBrand } : {}) },
      },
      paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' },
      paymentRedirectUrl: this.options.redirectUrl.replace('{orderId}', encodeURIComponent(input.orderId)),
      ...(this.options.notifyUrl ? { paymentNotifyUrl: this.options.notifyUrl } : {}),
      env: { terminalType: 'WEB' },
    };
    try {
      const paid = await this.client.pay(request);
      if (paid.paymentId) this.byPaymentId.set(paid.paymentId, input.orderId);
      if (paid.result.resultStatus === 'S') return this.apply(input.orderId, [{ type: 'payAnswered', paymentId: paid.paymentId!, normalUrl: paid.normalUrl }, { type: 'paymentResult', success: true, resultCode: 'SUCCESS', source: 'pay' }]);
      return this.apply(input.orderId, [{ type: 'payAnswered', paymentId: paid.paymentId!, normalUrl: paid.normalUrl }]);
    } catch (error) {
      if (error instanceof UnknownOutcomeError || error instanceof TransportError) return this.apply(input.orderId, [{ type: 'payUnknown' }]);
      if (error instanceof DeclinedError) return this.apply(input.orderId, [{ type: 'paymentResult', success: false, resultCode: error.resultCode ?? 'PROCESS_FAIL', source: 'pay' }]);
      throw error;
    }
  }

  /** Feed every verified notification here (the notification plugin's handler). */
  async handleNotification(notification: AntomNotification): Promise<OrderState | undefined> {
    const paymentId = notification.paymentId;
    const order = paymentId ? this.orderOfPayment(paymentId) : undefined;
    if (!order) return undefined;
    const updated = this.apply(order.orderId, eventsFromNotification(notification));
    // a void that became a refund while the capture was pending: the capture is done now
    if (updated.status === 'REFUND_PENDING' && notification.notifyType === 'CAPTURE_RESULT' && notification.result.resultStatus === 'S') {
      return this.refundInsteadOfVoid(updated.orderId);
    }
    return updated;
  }

  /** One inquiry; applies what it shows. */
  async refresh(orderId: string): Promise<OrderState> {
    const order = this.mustGet(orderId);
    const inquiry = await this.client.inquiryPayment(order.paymentId ? { paymentId: order.paymentId } : { paymentRequestId: order.paymentRequestId });
    if (inquiry.paymentId) this.byPaymentId.set(inquiry.paymentId, orderId);
    const events: OrderEvent[] = [...eventsFromInquiry(inquiry)];
    if (!order.paymentId && inquiry.paymentId) events.unshift({ type: 'payAnswered', paymentId: inquiry.paymentId });
    const updated = this.apply(orderId, events);
    // the same hand-over as on CAPTURE_RESULT, for when that notification was lost
    if (updated.status === 'REFUND_PENDING' && events.some((e) => e.type === 'captureResult' && e.success)) return this.refundInsteadOfVoid(orderId);
    return updated;
  }

  /**
   * The fallback when notifications do not come: inquire with backoff until the order is settled
   * (captured, failed, cancelled, refunded) or the polls run out; returns the last state.
   */
  async pollUntilSettled(orderId: string): Promise<OrderState> {
    let order = this.mustGet(orderId);
    for (let poll = 0; !isSettled(order) && poll <= this.poll.maxRetries; poll += 1) {
      if (poll > 0) await (this.options.sleep ?? realSleep)(Math.max(1, backoffDelayMs(this.poll, poll - 1, this.options.random)));
      try {
        order = await this.refresh(orderId);
      } catch (error) {
        // an unanswered inquiry is just one missed poll
        if (!(error instanceof UnknownOutcomeError || error instanceof TransportError)) throw error;
      }
    }
    return order;
  }

  /**
   * Cancels an order: a void before authorization; after it Antom answers ORDER_STATUS_INVALID
   * (protocol §5) and the flow refunds the full amount instead.
   */
  async cancelOrder(orderId: string): Promise<OrderState> {
    const order = this.mustGet(orderId);
    try {
      await this.client.cancel(order.paymentId ? { paymentId: order.paymentId } : { paymentRequestId: order.paymentRequestId });
      return this.apply(orderId, [{ type: 'cancelled', source: 'cancel' }]);
    } catch (error) {
      if (!(error instanceof DeclinedError && error.resultCode === 'ORDER_STATUS_INVALID')) throw error;
      await this.refresh(orderId);
      const current = this.mustGet(orderId);
      if (current.status === 'FAILED') return current; // nothing was paid: nothing to refund
      this.apply(orderId, [{ type: 'refundRequested', refundRequestId: `${orderId}-REFUND` }]);
      return this.refundInsteadOfVoid(orderId);
    }
  }

  private async refundInsteadOfVoid(orderId: string): Promise<OrderState> {
    const order = this.mustGet(orderId);
    try {
      const refund = await this.client.refund({ refundRequestId: order.refundRequestId!, paymentId: order.paymentId!, refundAmount: order.amount, refundReason: 'order cancelled after authorization' });
      if (refund.result.resultStatus === 'S') return this.apply(orderId, [{ type: 'refundResult', success: true, source: 'refund' }]);
      return order; // REFUND_IN_PROCESS: REFUND_RESULT will settle it
    } catch (error) {
      // PAYMENT_IN_PROCESS: not captured yet; CAPTURE_RESULT triggers the same refund again
      if (error instanceof UnknownOutcomeError || error instanceof TransportError) return order;
      throw error;
    }
  }

  private mustGet(orderId: string): OrderState {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`No order ${orderId}.`);
    return order;
  }

  private apply(orderId: string, events: OrderEvent[]): OrderState {
    const before = this.mustGet(orderId);
    const after = events.reduce(applyOrderEvent, before);
    if (after !== before) this.save(after);
    return after;
  }

  private save(order: OrderState): void {
    this.orders.set(order.orderId, order);
    this.options.onChange?.(order);
  }
}
