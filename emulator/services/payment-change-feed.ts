import type { PaymentStore } from '../storage/payment-store.js';
import type { SandboxEvents } from './sandbox-events.js';

/**
 * What the live stream hears of payments: each payment a transaction changed, once its group has
 * committed (storage/commit-group.ts), and never one that a failed COMMIT took back. Nothing is
 * collected while nobody listens.
 */
export class PaymentChangeFeed {
  readonly #events: SandboxEvents;
  readonly #store: PaymentStore;
  /** payments changed by the transaction in progress, and when */
  readonly #changed = new Map<string, string>();

  constructor(events: SandboxEvents, store: PaymentStore) {
    this.#events = events;
    this.#store = store;
  }

  changed(paymentId: string, at: number): void {
    if (this.#events.active) this.#changed.set(paymentId, new Date(at).toISOString());
  }

  /** The transaction was rolled back: what it changed never happened. */
  discard(): void {
    this.#changed.clear();
  }

  /** The outermost transaction ended: publish what it changed once its group commits. */
  publishOnceCommitted(): void {
    if (this.#changed.size === 0) return;
    const changed = [...this.#changed];
    this.#changed.clear();
    this.#store.durable().then(
      () => this.#publish(changed),
      () => undefined,
    );
  }

  #publish(changed: Array<[paymentId: string, at: string]>): void {
    for (const [paymentId, at] of changed) {
      const payment = this.#store.get(paymentId);
      if (payment) this.#events.publish('payment', { paymentId, clientId: payment.clientId, status: payment.status, at });
    }
  }
}
