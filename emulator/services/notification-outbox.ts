import { performance } from 'node:perf_hooks';
import type { Agent } from 'undici';
import { formatAntomTime, SANDBOX_RULES, type AntomNotification } from '../../protocol/index.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { NotificationEffects, NotificationRecord } from '../domain/notification-records.js';
import type { NotificationStore } from '../storage/notification-store.js';
import type { DueWorkScheduler, DueWorkSource } from './due-work-scheduler.js';
import { newNotificationId } from './ids.js';
import type { SandboxEvents } from './sandbox-events.js';
import type { SandboxSigner } from './sandbox-signer.js';

/** protocol §9: delays before each of Antom's up to 8 deliveries (0 s, 2 min, 10 min, …, 15 h). */
export const ANTOM_RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  2 * 60_000,
  10 * 60_000,
  10 * 60_000,
  60 * 60_000,
  2 * 60 * 60_000,
  6 * 60 * 60_000,
  15 * 60 * 60_000,
];

export interface OutboxOptions {
  retries: 'antom' | 'none';
  timeoutMs: number;
  /** deliveries in flight at once across all payments */
  concurrency?: number;
}

export interface EnqueueInput {
  paymentId: string;
  clientId: string;
  url: string | null;
  body: AntomNotification;
  afterId?: string | null;
  effects?: NotificationEffects | null;
}

const EXCERPT_CHARS = 500;

/**
 * The durable notification outbox. `enqueue` is synchronous SQL, called inside the same
 * transaction as the state change that causes the notification; delivery happens later,
 * driven by the scheduler, and every attempt is recorded.
 */
export class NotificationOutbox implements DueWorkSource {
  readonly name = 'notifications';
  readonly #store: NotificationStore;
  readonly #clock: VirtualClock;
  readonly #signer: SandboxSigner;
  readonly #options: Required<OutboxOptions>;
  // undici is loaded at the first delivery, not at start-up (design.md: healthy in ≤ 300 ms)
  #http: Promise<{ agent: Agent; request: typeof import('undici').request }> | undefined;
  readonly #inFlight = new Map<string, Promise<void>>();
  #scheduler: DueWorkScheduler | undefined;
  #closed = false;
  /** the live stream hears of each recorded attempt */
  events: SandboxEvents | undefined;
  /** resolves once the state a notification tells of is committed (storage/commit-group.ts) */
  durable: () => Promise<void> = () => Promise.resolve();

  constructor(store: NotificationStore, clock: VirtualClock, signer: SandboxSigner, options: OutboxOptions) {
    this.#store = store;
    this.#clock = clock;
    this.#signer = signer;
    this.#options = { concurrency: 256, ...options };
  }

  attach(scheduler: DueWorkScheduler): void {
    this.#scheduler = scheduler;
    scheduler.add(this);
  }

  get maxAttempts(): number {
    return this.#options.retries === 'none' ? 1 : ANTOM_RETRY_SCHEDULE_MS.length;
  }

  enqueue(input: EnqueueInput): string {
    const now = this.#clock.now();
    const id = newNotificationId(now);
    const effects = input.effects ?? null;
    const status = input.url === null ? 'UNDELIVERABLE' : effects?.drop ? 'FAILED' : 'PENDING';
    // captureFirst: a successful payment result is parked (no due time) until the capture
    // result is written; then it waits for that one instead of the reverse
    const parked = status === 'PENDING' && effects?.captureFirst === true && input.body.notifyType === 'PAYMENT_RESULT' && input.body.result.resultStatus === 'S';
    const held = input.afterId ? this.#store.get(input.afterId) : undefined;
    const overtakes = input.body.notifyType === 'CAPTURE_RESULT' && held?.effects?.captureFirst === true && held.status === 'PENDING' && held.nextAttemptAt === null;
    const nextAttemptAt = now + Math.max(0, effects?.delayMs ?? 0);
    this.#store.insert({
      id,
      paymentId: input.paymentId,
      clientId: input.clientId,
      notifyType: input.body.notifyType,
      url: input.url,
      body: JSON.stringify(input.body),
      status,
      nextAttemptAt: status === 'PENDING' && !parked ? nextAttemptAt : null,
      afterId: overtakes ? null : (input.afterId ?? null),
      effects,
      createdAt: now,
    });
    if (overtakes) {
      const releaseAt = now + Math.max(0, held.effects?.delayMs ?? 0);
      this.#store.update(held.id, { afterId: id, nextAttemptAt: releaseAt });
    }
    if (status === 'PENDING' && !parked) this.#scheduler?.dueAt(nextAttemptAt);
    return id;
  }

  /** The id of the newest notification of a type for a payment (capture waits for it). */
  latestOf(paymentId: string, notifyType: string): string | undefined {
    return this.#store.ofPayment(paymentId).filter((n) => n.notifyType === notifyType).at(-1)?.id;
  }

  nextDueAt(): number | undefined {
    return this.#store.nextDueAt();
  }

  runDue(now: number): void {
    const room = this.#options.concurrency - this.#inFlight.size;
    if (room <= 0 || this.#closed) return;
    for (const notification of this.#store.due(now, room + this.#inFlight.size)) {
      if (this.#inFlight.has(notification.id)) continue;
      if (this.#inFlight.size >= this.#options.concurrency) break;
      this.#start(notification);
    }
  }

  /** Sends a notification now, whatever its status; the attempt is recorded like any other. */
  redeliver(id: string): Promise<void> | undefined {
    const notification = this.#store.get(id);
    if (!notification || notification.url === null) return undefined;
    const running = this.#inFlight.get(id);
    if (running) return running;
    return this.#start(notification, { manual: true });
  }

  /** Starts what is due now, then resolves when every delivery in flight has finished. */
  async settle(): Promise<void> {
    // an acknowledged delivery can release one held behind it (capture after payment), so run
    // due work again after each wave until a run starts nothing
    for (;;) {
      if (!this.#closed) this.#scheduler?.runNow();
      if (this.#inFlight.size === 0) return;
      while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight.values()]);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.race([this.#drain(), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    if (this.#http) await (await this.#http).agent.destroy().catch(() => undefined);
  }

  #httpClient(): Promise<{ agent: Agent; request: typeof import('undici').request }> {
    this.#http ??= import('undici').then(({ Agent, request }) => ({ agent: new Agent({ keepAliveTimeout: 4_000, connect: { timeout: 5_000 } }), request }));
    return this.#http;
  }

  async #drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight.values()]);
  }

  #start(notification: NotificationRecord, options: { manual?: boolean } = {}): Promise<void> {
    // a lease: while the attempt runs it is not due again; after a crash the lease lapses and
    // the attempt is repeated (at-least-once, as with Antom)
    if (notification.status === 'PENDING') {
      this.#store.update(notification.id, { nextAttemptAt: this.#clock.now() + this.#options.timeoutMs + 1_000 });
    }
    const work = this.#deliver(notification, options.manual ?? false)
      .catch((error: unknown) => process.emitWarning(`antom-sandbox: delivery of notification ${notification.id} failed: ${String((error as Error)?.stack ?? error)}`))
      .finally(() => {
        this.#inFlight.delete(notification.id);
        this.#scheduler?.poke();
      });
    this.#inFlight.set(notification.id, work);
    return work;
  }

  async #deliver(notification: NotificationRecord, manual: boolean): Promise<void> {
    const attempt = notification.attempts + 1;
    const at = this.#clock.now();
    const effects = notification.effects;
    let outcome: { ok: boolean; httpStatus: number | null; excerpt: string | null; latencyMs: number | null; error: string | null };
    if (!manual && effects?.failFirst && attempt <= effects.failFirst) {
      outcome = { ok: false, httpStatus: null, excerpt: null, latencyMs: 0, error: `scenario: failFirst ${effects.failFirst} (not sent)` };
    } else {
      outcome = await this.#post(notification, Boolean(effects?.badSignature));
      if (effects?.duplicate && outcome.ok) await this.#post(notification, Boolean(effects.badSignature));
    }
    if (this.#closed) return;
    this.#store.addAttempt({
      notificationId: notification.id,
      attempt,
      at,
      httpStatus: outcome.httpStatus,
      responseExcerpt: outcome.excerpt,
      latencyMs: outcome.latencyMs,
      error: outcome.error,
      ok: outcome.ok,
    });
    const finishedAt = this.#clock.now();
    if (outcome.ok) {
      this.#store.update(notification.id, { status: 'DELIVERED', attempts: attempt, nextAttemptAt: null, finishedAt });
    } else if (manual && notification.status !== 'PENDING') {
      this.#store.update(notification.id, { attempts: attempt });
    } else if (attempt >= this.maxAttempts) {
      this.#store.update(notification.id, { status: 'FAILED', attempts: attempt, nextAttemptAt: null, finishedAt });
    } else {
      // the next delivery is spaced from this attempt by the schedule (protocol §9)
      const nextAttemptAt = at + ANTOM_RETRY_SCHEDULE_MS[attempt]!;
      this.#store.update(notification.id, { attempts: attempt, nextAttemptAt });
    }
    if (this.events?.active) {
      const stored = this.#store.get(notification.id);
      if (stored) {
        this.events.publish('notification', {
          id: stored.id,
          paymentId: stored.paymentId,
          notifyType: stored.notifyType,
          status: stored.status,
          attempts: stored.attempts,
          at: new Date(at).toISOString(),
        });
      }
    }
  }

  async #post(notification: NotificationRecord, badSignature: boolean) {
    const url = new URL(notification.url!);
    const time = formatAntomTime(this.#clock.now());
    let signature = await this.#signer.signatureHeader({
      method: 'POST',
      path: notificationSignedPath(url),
      clientId: notification.clientId,
      time,
      body: notification.body,
    });
    if (badSignature) signature = signature.replace(/signature=.{8}/, 'signature=AAAAAAAA');
    const { agent, request } = await this.#httpClient();
    // nobody hears of a state change before it is committed; a failed COMMIT took this one back
    await this.durable();
    const started = performance.now();
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: agent,
        headers: {
          'content-type': 'application/json; charset=UTF-8',
          'client-id': notification.clientId,
          'request-time': time,
          signature,
        },
        body: notification.body,
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      const text = await response.body.text();
      const latencyMs = Math.round(performance.now() - started);
      return { ok: response.statusCode === 200 && isAcknowledgement(text), httpStatus: response.statusCode, excerpt: text.slice(0, EXCERPT_CHARS), latencyMs, error: null };
    } catch (error) {
      const latencyMs = Math.round(performance.now() - started);
      const err = error as Error & { code?: string };
      const reason = err.name === 'TimeoutError' || err.name === 'AbortError' ? `timeout after ${this.#options.timeoutMs} ms` : `${err.code ?? err.name}: ${err.message}`;
      return { ok: false, httpStatus: null, excerpt: null, latencyMs, error: reason };
    }
  }
}

/** protocol §9: only this acknowledgement counts as delivered. */
export function isAcknowledgement(text: string): boolean {
  try {
    const body = JSON.parse(text) as { result?: { resultCode?: unknown; resultStatus?: unknown } };
    return body.result?.resultCode === 'SUCCESS' && body.result.resultStatus === 'S';
  } catch {
    return false;
  }
}

/**
 * The `<path>` a notification is signed over (protocol §2). [sandbox choice] the path without
 * the query string, as servlet getRequestURI() and most frameworks' route paths give it to the
 * merchant's verifier. Exported for `antom-sandbox check`, which signs the same way.
 */
export function notificationSignedPath(url: URL): string {
  return SANDBOX_RULES.notificationSignedPathIncludesQuery ? `${url.pathname}${url.search}` : url.pathname;
}
