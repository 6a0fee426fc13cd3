import {
  AntomError,
  formatAntomTime,
  normalizeCardBrand,
  parseAmountValue,
  resultOf,
  SANDBOX_RULES,
  type CancelResponse,
  type CardBrand,
  type InquiryPaymentResponse,
  type InquiryRefundResponse,
  type NotifyType,
  type ParsedPayRequest,
  type PayResponse,
  type RefundResponse,
} from '../../protocol/index.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import {
  assertAuthorizable,
  decideCancel,
  decideRefund,
  decideRepeatPay,
  decideRepeatRefund,
  isPastExpiry,
  maskCardNumber,
  requestedAuthorization,
} from '../domain/payment-rules.js';
import { checkPayRequest, newPayment } from '../domain/new-payment.js';
import { messageOfCode, newTransaction } from '../domain/new-transaction.js';
import { causeOf, causeOfScheduled, type Actor, type EventCause } from '../domain/event-causes.js';
import type { PaymentRecord, TransactionRecord } from '../domain/records.js';
import {
  captureResultNotification,
  inquiryPaymentView,
  paymentResultNotification,
  refundResultNotification,
  refundView,
} from '../domain/wire-views.js';
import { brandSelectionUrl, issuerPageUrl } from '../pages/page-urls.js';
import type { PaymentStore } from '../storage/payment-store.js';
import type { BrandCatalogue } from './brand-catalogue.js';
import type { DueWorkScheduler, DueWorkSource } from './due-work-scheduler.js';
import { newCaptureRequestId, newPageToken, newPaymentId, newTransactionId } from './ids.js';
import type { MerchantRegistry } from './merchant-registry.js';
import type { NotificationOutbox } from './notification-outbox.js';
import { NO_SCENARIOS, type ScenarioHooks } from './scenario-hooks.js';
import { PaymentChangeFeed } from './payment-change-feed.js';
import { SandboxEvents } from './sandbox-events.js';

export interface PaymentServiceOptions {
  publicUrl: () => string;
  captureDelayMs: number;
}

export interface AuthorizeInput {
  outcome: 'approve' | 'decline' | 'abandon';
  cardBrand?: string | undefined;
  resultCode?: string | undefined;
  cardNumber?: string | undefined;
}

/**
 * The payment domain, orchestrated: each operation reads, applies the pure rules of
 * domain/payment-rules.ts, and writes the state change, its timeline event and its
 * notification in one SQLite transaction.
 */
export class PaymentService {
  readonly #store: PaymentStore;
  readonly #clock: VirtualClock;
  readonly #outbox: NotificationOutbox;
  readonly #merchants: MerchantRegistry;
  readonly #brands: BrandCatalogue;
  readonly #options: PaymentServiceOptions;
  scenarios: ScenarioHooks = NO_SCENARIOS;
  /** true for a pay the control page sent (it goes through the Antom API like any other) */
  startedFromPage: (clientId: string, paymentRequestId: string) => boolean = () => false;
  #scheduler: DueWorkScheduler | undefined;
  readonly #feed: PaymentChangeFeed;
  #depth = 0;

  constructor(deps: {
    store: PaymentStore;
    clock: VirtualClock;
    outbox: NotificationOutbox;
    merchants: MerchantRegistry;
    brands: BrandCatalogue;
    options: PaymentServiceOptions;
    events?: SandboxEvents;
  }) {
    this.#store = deps.store;
    this.#feed = new PaymentChangeFeed(deps.events ?? new SandboxEvents(), deps.store);
    this.#clock = deps.clock;
    this.#outbox = deps.outbox;
    this.#merchants = deps.merchants;
    this.#brands = deps.brands;
    this.#options = deps.options;
  }

  get store(): PaymentStore {
    return this.#store;
  }

  /** Expiries and automatic captures fall due on the virtual clock. */
  attach(scheduler: DueWorkScheduler): void {
    this.#scheduler = scheduler;
    const expiries: DueWorkSource = {
      name: 'payment-expiry',
      nextDueAt: () => this.#store.nextExpiryAt(),
      runDue: (now) => {
        for (const p of this.#store.dueForExpiry(now)) this.#tx(() => this.#expire(this.#store.get(p.paymentId)!));
      },
    };
    const captures: DueWorkSource = {
      name: 'automatic-capture',
      nextDueAt: () => this.#store.nextCaptureAt(),
      runDue: (now) => {
        for (const p of this.#store.dueForCapture(now)) this.#tx(() => this.#capture(this.#store.get(p.paymentId)!));
      },
    };
    scheduler.add(expiries);
    scheduler.add(captures);
  }

  // ---- pay (protocol §4, §6) ----

  pay(clientId: string, request: ParsedPayRequest): PayResponse {
    const terms = checkPayRequest(request);
    return this.#tx(() => {
      const now = this.#clock.now();
      const existing = this.#store.getByRequestId(clientId, request.paymentRequestId);
      if (existing) {
        const current = this.#expireIfDue(existing, now);
        decideRepeatPay(current, terms.fingerprint);
        return JSON.parse(current.payResponse) as PayResponse;
      }
      const paymentId = newPaymentId(now);
      const pageToken = newPageToken(now);
      const publicUrl = this.#options.publicUrl();
      const normalUrl = terms.brand ? issuerPageUrl(publicUrl, pageToken, terms.brand) : brandSelectionUrl(publicUrl, pageToken);
      const { payment, response } = newPayment({ clientId, request, terms, paymentId, pageToken, normalUrl, now });
      this.#store.insert(payment);
      const cause: EventCause = { kind: this.startedFromPage(clientId, request.paymentRequestId) ? 'control-page' : 'merchant-api', api: 'pay' };
      this.#addEvent(paymentId, now, 'PAYMENT_CREATED', { normalUrl, selectedCardBrand: terms.brand ?? null }, cause);
      this.#scheduler?.dueAt(payment.expiresAt);
      return response;
    });
  }

  // ---- inquiryPayment (protocol §7) ----

  inquiry(clientId: string, ids: { paymentId?: string | undefined; paymentRequestId?: string | undefined }): InquiryPaymentResponse {
    const payment = this.#find(clientId, ids);
    return inquiryPaymentView(payment, this.#store.transactionsOf(payment.paymentId));
  }

  // ---- cancel (protocol §5) ----

  cancel(clientId: string, ids: { paymentId?: string | undefined; paymentRequestId?: string | undefined }): CancelResponse {
    return this.#tx(() => {
      const payment = this.#find(clientId, ids);
      const now = this.#clock.now();
      const hasRefunds = this.#store.transactionsOf(payment.paymentId).some((t) => t.type === 'REFUND');
      const decision = decideCancel(payment, hasRefunds, now);
      if (decision === 'cancel') {
        this.#store.update(payment.paymentId, {
          status: 'CANCELLED',
          resultCode: 'ORDER_IS_CANCELED',
          resultMessage: 'The payment was cancelled by the merchant.',
          cancelledAt: now,
        });
        this.#store.insertTransaction(
          newTransaction(payment, { transactionId: newTransactionId(now), type: 'CANCEL', status: 'SUCCESS', resultCode: 'SUCCESS', requestId: `cancel-${payment.paymentId}`, amountValue: payment.amountValue, now }),
        );
        this.#addEvent(payment.paymentId, now, 'PAYMENT_CANCELLED', undefined, { kind: 'merchant-api', api: 'cancel' });
      }
      const cancelledAt = decision === 'cancel' ? now : payment.cancelledAt!;
      return {
        result: resultOf('SUCCESS'),
        paymentId: payment.paymentId,
        paymentRequestId: payment.paymentRequestId,
        cancelTime: formatAntomTime(cancelledAt),
      };
    });
  }

  // ---- refund and inquiryRefund (protocol §8) ----

  refund(
    clientId: string,
    request: { refundRequestId: string; paymentId: string; refundAmount: { currency: string; value: string }; referenceRefundId?: string | undefined; refundReason?: string | undefined; refundNotifyUrl?: string | undefined },
  ): RefundResponse {
    const value = parseAmountValue(request.refundAmount.value, 'refundAmount.value');
    const currency = request.refundAmount.currency;
    return this.#tx(() => {
      const now = this.#clock.now();
      const existing = this.#store.transactionByRequest(clientId, 'REFUND', request.refundRequestId);
      if (existing) {
        decideRepeatRefund(existing, { value, currency, paymentId: request.paymentId });
        return { result: resultOf('SUCCESS'), ...refundView(existing) };
      }
      const payment = this.#expireIfDue(this.#find(clientId, { paymentId: request.paymentId }), now);
      const transactions = this.#store.transactionsOf(payment.paymentId);
      decideRefund(payment, transactions, { value, currency }, now);
      const refund: TransactionRecord = {
        ...newTransaction(payment, { transactionId: newTransactionId(now), type: 'REFUND', status: 'SUCCESS', resultCode: 'SUCCESS', requestId: request.refundRequestId, amountValue: value, now }),
        referenceRefundId: request.referenceRefundId ?? null,
        refundReason: request.refundReason ?? null,
        notifyUrl: request.refundNotifyUrl ?? null,
      };
      this.#store.insertTransaction(refund);
      this.#addEvent(payment.paymentId, now, 'REFUND_SUCCEEDED', { refundId: refund.transactionId, amount: value }, { kind: 'merchant-api', api: 'refund' });
      this.#notify(payment, 'REFUND_RESULT', refundResultNotification(refund), refund.notifyUrl);
      return { result: resultOf('SUCCESS'), ...refundView(refund) };
    });
  }

  inquiryRefund(clientId: string, ids: { refundId?: string | undefined; refundRequestId?: string | undefined }): InquiryRefundResponse {
    const refund = ids.refundId !== undefined ? this.#store.transactionById(ids.refundId) : this.#store.transactionByRequest(clientId, 'REFUND', ids.refundRequestId!);
    if (!refund || refund.type !== 'REFUND' || refund.clientId !== clientId) {
      throw new AntomError(SANDBOX_RULES.unknownRefundCode, 'The refund does not exist.');
    }
    return {
      result: resultOf('SUCCESS'),
      ...refundView(refund),
      refundStatus: refund.status,
    };
  }

  // ---- capture: this method captures automatically (protocol §5) ----

  capture(clientId: string, paymentId: string): never {
    this.#find(clientId, { paymentId });
    const { code, message } = SANDBOX_RULES.manualCaptureRejected;
    throw new AntomError(code, message);
  }

  // ---- the buyer at the issuer (hosted pages and the control API) ----

  /** `actor`: who pressed the button (the buyer on the hosted issuer page unless told otherwise) */
  authorize(paymentId: string, input: AuthorizeInput, actor: Actor = 'buyer'): PaymentRecord {
    const brand = input.cardBrand === undefined ? undefined : normalizeCardBrand(input.cardBrand, 'cardBrand');
    const requested = requestedAuthorization(input.outcome, input.resultCode);
    return this.#tx(() => {
      const now = this.#clock.now();
      const found = this.#store.get(paymentId);
      if (!found) throw new AntomError('ORDER_NOT_EXIST', `No payment ${paymentId}.`);
      const payment = this.#expireIfDue(found, now);
      assertAuthorizable(payment);
      const effective = this.scenarios.authorizationOutcome(payment, requested);
      const cause = causeOf(actor, effective.forcedBy, input.outcome);
      if (effective.outcome === 'abandon') {
        this.#addEvent(paymentId, now, 'BUYER_ABANDONED', undefined, cause);
        return payment;
      }
      const cardBrand: CardBrand = brand ?? (payment.selectedCardBrand as CardBrand | null) ?? 'HYUNDAI';
      const cardNumber = input.cardNumber?.replace(/\D/g, '') || this.#brands.get(cardBrand).testCardNumber;
      if (effective.outcome === 'approve') {
        const changes: Partial<PaymentRecord> = {
          status: 'SUCCESS',
          resultCode: 'SUCCESS',
          resultMessage: 'success',
          paidAt: now,
          cardBrand,
          cardNo: maskCardNumber(cardNumber),
          captureState: 'PENDING',
          captureDueAt: now + this.#options.captureDelayMs,
        };
        this.#store.update(paymentId, changes);
        this.#addEvent(paymentId, now, 'PAYMENT_AUTHORIZED', { cardBrand }, cause);
        const updated = { ...payment, ...changes };
        this.#notify(updated, 'PAYMENT_RESULT', paymentResultNotification(updated));
        this.#scheduler?.dueAt(changes.captureDueAt!);
        return updated;
      }
      const changes: Partial<PaymentRecord> = {
        status: 'FAIL',
        resultCode: effective.resultCode,
        resultMessage: resultOf(effective.resultCode).resultMessage,
        cardBrand,
        cardNo: maskCardNumber(cardNumber),
        closedAt: now,
      };
      this.#store.update(paymentId, changes);
      this.#addEvent(paymentId, now, 'PAYMENT_DECLINED', { cardBrand, resultCode: effective.resultCode }, cause);
      const updated = { ...payment, ...changes };
      this.#notify(updated, 'PAYMENT_RESULT', paymentResultNotification(updated));
      return updated;
    });
  }

  /** Closes a PROCESSING payment now (control API), as if its expiry time had come. */
  expireNow(paymentId: string, actor: Actor = 'control-api'): PaymentRecord {
    return this.#tx(() => {
      const payment = this.#store.get(paymentId);
      if (!payment) throw new AntomError('ORDER_NOT_EXIST', `No payment ${paymentId}.`);
      if (payment.status !== 'PROCESSING') throw new AntomError('ORDER_STATUS_INVALID', `The payment is ${payment.status}, not PROCESSING.`);
      return this.#expire(payment, { kind: actor });
    });
  }

  // ---- internals ----

  /** A store transaction; the payments it changed are published after the outermost one commits. */
  #tx<T>(work: () => T): T {
    this.#depth += 1;
    let result: T;
    try {
      result = this.#store.transaction(work);
    } catch (error) {
      if (this.#depth === 1) this.#feed.discard();
      throw error;
    } finally {
      this.#depth -= 1;
    }
    if (this.#depth === 0) this.#feed.publishOnceCommitted();
    return result;
  }

  /** Writes a timeline event; the stream hears of the payment once the transaction commits. */
  #addEvent(paymentId: string, at: number, type: string, detail: Record<string, unknown> | undefined, cause: EventCause): void {
    this.#store.addEvent(paymentId, at, type, detail, cause);
    this.#feed.changed(paymentId, at);
  }

  #find(clientId: string, ids: { paymentId?: string | undefined; paymentRequestId?: string | undefined }): PaymentRecord {
    const payment = ids.paymentId !== undefined ? this.#store.get(ids.paymentId) : this.#store.getByRequestId(clientId, ids.paymentRequestId!);
    // another merchant's payment does not exist for this one
    if (!payment || payment.clientId !== clientId) throw new AntomError('ORDER_NOT_EXIST');
    return this.#expireIfDue(payment, this.#clock.now());
  }

  /** A payment past its expiry is closed on read, even if the timer has not run yet. */
  #expireIfDue(payment: PaymentRecord, now: number): PaymentRecord {
    if (!isPastExpiry(payment, now)) return payment;
    return this.#tx(() => this.#expire(payment));
  }

  #expire(payment: PaymentRecord, cause: EventCause = { kind: 'expiry' }): PaymentRecord {
    if (payment.status !== 'PROCESSING') return payment;
    const now = this.#clock.now();
    const changes: Partial<PaymentRecord> = {
      status: 'FAIL',
      resultCode: SANDBOX_RULES.expiredPaymentCode,
      resultMessage: 'The buyer did not complete the payment before it expired.',
      closedAt: now,
    };
    this.#store.update(payment.paymentId, changes);
    this.#addEvent(payment.paymentId, now, 'PAYMENT_EXPIRED', undefined, cause);
    const updated = { ...payment, ...changes };
    this.#notify(updated, 'PAYMENT_RESULT', paymentResultNotification(updated));
    return updated;
  }

  #capture(payment: PaymentRecord): void {
    if (payment.captureState !== 'PENDING') return;
    const now = this.#clock.now();
    // a delayed capture was decided when it first fell due: keep that decision, do not ask again
    const delayed = this.#store.eventsOf(payment.paymentId).find((e) => e.type === 'CAPTURE_DELAYED');
    const outcome = delayed ? (delayed.detail!.outcome as ReturnType<ScenarioHooks['captureOutcome']>) : this.scenarios.captureOutcome(payment);
    const cause = causeOfScheduled('auto-capture', outcome.forcedBy);
    if (!delayed && outcome.delayMs && outcome.delayMs > 0) {
      // a scenario holds the capture back: CAPTURE_IN_PROCESS until then
      const dueAt = (payment.captureDueAt ?? now) + outcome.delayMs;
      this.#store.update(payment.paymentId, { captureDueAt: dueAt });
      this.#addEvent(payment.paymentId, now, 'CAPTURE_DELAYED', { until: formatAntomTime(dueAt), outcome: { ...outcome, delayMs: 0 } }, cause);
      this.#scheduler?.dueAt(dueAt);
      return;
    }
    const succeeded = outcome.outcome === 'success';
    const resultCode = succeeded ? 'SUCCESS' : outcome.resultCode;
    const capture: TransactionRecord = {
      ...newTransaction(payment, { transactionId: newTransactionId(now), type: 'CAPTURE', status: succeeded ? 'SUCCESS' : 'FAIL', resultCode, requestId: newCaptureRequestId(now), amountValue: payment.amountValue, now }),
      resultMessage: succeeded ? 'success' : (outcome.resultMessage ?? messageOfCode(resultCode)),
    };
    this.#store.insertTransaction(capture);
    this.#store.update(payment.paymentId, { captureState: succeeded ? 'SUCCESS' : 'FAIL', captureDueAt: null });
    this.#addEvent(payment.paymentId, now, succeeded ? 'CAPTURE_SUCCEEDED' : 'CAPTURE_FAILED', { captureId: capture.transactionId, resultCode }, cause);
    // protocol order: the capture result follows the payment result's acknowledgement
    const paymentNotification = this.#outbox.latestOf(payment.paymentId, 'PAYMENT_RESULT');
    this.#notify(payment, 'CAPTURE_RESULT', captureResultNotification(capture), null, paymentNotification ?? null);
  }

  #notify(payment: PaymentRecord, type: NotifyType, body: Parameters<NotificationOutbox['enqueue']>[0]['body'], url?: string | null, afterId?: string | null): string {
    const target = url ?? (type === 'REFUND_RESULT' ? null : payment.notifyUrl) ?? this.#merchants.get(payment.clientId)?.notifyUrl ?? null;
    return this.#outbox.enqueue({
      paymentId: payment.paymentId,
      clientId: payment.clientId,
      url: target,
      body,
      afterId: afterId ?? null,
      effects: this.scenarios.notificationEffects(payment, type) ?? null,
    });
  }
}
