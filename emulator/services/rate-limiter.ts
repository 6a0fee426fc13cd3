import type { VirtualClock } from '../clock/virtual-clock.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Idle buckets are dropped past this many clients, so random client ids cannot grow memory. */
const MAX_TRACKED_CLIENTS = 10_000;

/**
 * `--rate-limit`: a token bucket per client id on the virtual clock. Each client may burst up to
 * `perSecond` calls, refilled at `perSecond` per second of virtual time, so a test advances the
 * clock instead of waiting.
 */
export class ClientRateLimiter {
  readonly #clock: VirtualClock;
  readonly #perSecond: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(clock: VirtualClock, perSecond: number) {
    this.#clock = clock;
    this.#perSecond = perSecond;
  }

  /** Takes one token for the client; false when its bucket is empty. */
  take(clientId: string): boolean {
    const now = this.#clock.now();
    const bucket = this.#buckets.get(clientId) ?? this.#newBucket(clientId, now);
    bucket.tokens = Math.min(this.#perSecond, bucket.tokens + ((now - bucket.at) * this.#perSecond) / 1000);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  get trackedClients(): number {
    return this.#buckets.size;
  }

  #newBucket(clientId: string, now: number): Bucket {
    if (this.#buckets.size >= MAX_TRACKED_CLIENTS) this.#dropFullBuckets(now);
    const bucket = { tokens: this.#perSecond, at: now };
    this.#buckets.set(clientId, bucket);
    return bucket;
  }

  // a full bucket holds no information: forgetting it changes no answer
  #dropFullBuckets(now: number): void {
    const fullAfterMs = 1000;
    for (const [id, bucket] of this.#buckets) {
      if (now - bucket.at >= fullAfterMs) this.#buckets.delete(id);
    }
    if (this.#buckets.size >= MAX_TRACKED_CLIENTS) this.#buckets.clear();
  }
}
