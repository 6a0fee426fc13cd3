import { formatAntomTime } from '../../../protocol/index.js';
import { notificationStateOf, type NotificationRecord } from '../../domain/notification-records.js';
import { summarizeEvent } from '../../domain/event-summaries.js';
import type { PaymentEvent, PaymentRecord } from '../../domain/records.js';
import { transactionView } from '../../domain/wire-views.js';
import type { SandboxServices } from '../../services/sandbox-services.js';

/** JSON shapes of the control API: records with readable times, never internals like tokens. */
const time = (ms: number | null) => (ms === null ? null : formatAntomTime(ms));

export function paymentSummary(p: PaymentRecord) {
  return {
    paymentId: p.paymentId,
    paymentRequestId: p.paymentRequestId,
    clientId: p.clientId,
    referenceOrderId: p.referenceOrderId,
    orderDescription: p.orderDescription,
    status: p.status,
    resultCode: p.resultCode,
    resultMessage: p.resultMessage,
    amount: { currency: p.currency, value: String(p.amountValue) },
    captureState: p.captureState,
    selectedCardBrand: p.selectedCardBrand,
    cardBrand: p.cardBrand,
    cardNo: p.cardNo,
    createdAt: time(p.createdAt),
    expiresAt: time(p.expiresAt),
    paidAt: time(p.paidAt),
    cancelledAt: time(p.cancelledAt),
    closedAt: time(p.closedAt),
    captureDueAt: time(p.captureDueAt),
    normalUrl: (JSON.parse(p.payResponse) as { normalUrl?: string }).normalUrl ?? null,
    redirectUrl: p.redirectUrl,
    notifyUrl: p.notifyUrl,
  };
}

export function notificationView(services: SandboxServices, n: NotificationRecord) {
  return {
    id: n.id,
    paymentId: n.paymentId,
    clientId: n.clientId,
    notifyType: n.notifyType,
    url: n.url,
    status: n.status,
    /** pending, delivered or failed (FAILED and UNDELIVERABLE): the control page's filter */
    state: notificationStateOf(n.status),
    attempts: n.attempts,
    maxAttempts: services.outbox.maxAttempts,
    nextAttemptAt: n.status === 'PENDING' ? time(n.nextAttemptAt) : null,
    afterId: n.afterId,
    effects: n.effects,
    createdAt: time(n.createdAt),
    finishedAt: time(n.finishedAt),
    body: JSON.parse(n.body) as unknown,
    deliveries: services.notifications.attemptsOf(n.id).map((a) => ({ ...a, at: formatAntomTime(a.at) })),
  };
}

/** A timeline event with its cause and the words the control page shows (English and Korean). */
export function timelineEventView(e: PaymentEvent) {
  return { at: formatAntomTime(e.at), type: e.type, detail: e.detail, cause: e.cause, summary: summarizeEvent(e) };
}

export function paymentDetail(services: SandboxServices, p: PaymentRecord) {
  const store = services.payments.store;
  return {
    ...paymentSummary(p),
    timeline: store.eventsOf(p.paymentId).map(timelineEventView),
    transactions: store.transactionsOf(p.paymentId).map(transactionView),
    notifications: services.notifications.ofPayment(p.paymentId).map((n) => notificationView(services, n)),
  };
}
