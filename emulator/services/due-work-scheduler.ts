import type { VirtualClock } from '../clock/virtual-clock.js';

/** Work that falls due at virtual times: expiries, automatic captures, notification attempts. */
export interface DueWorkSource {
  readonly name: string;
  nextDueAt(): number | undefined;
  runDue(now: number): void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * After due work fails (a full or read-only data file), the next run waits this long: work due in
 * the past would otherwise be retried at once, a busy loop of failures and warnings.
 */
export const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * One real timer, set for the earliest virtual due time across sources. Advancing the clock
 * runs due work at once; otherwise it runs when real time reaches it.
 */
export class DueWorkScheduler {
  readonly #clock: VirtualClock;
  readonly #sources: DueWorkSource[] = [];
  readonly #onError: (error: unknown, source: string) => void;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #running = false;
  #stopped = false;
  /** virtual time before which no run starts, after a failed one */
  #backoffUntil = Number.NEGATIVE_INFINITY;

  constructor(clock: VirtualClock, onError: (error: unknown, source: string) => void) {
    this.#clock = clock;
    this.#onError = onError;
    clock.onAdvance(() => this.runNow());
  }

  add(source: DueWorkSource): void {
    this.#sources.push(source);
  }

  /** Cheap: something new falls due at `at`; rearm only if it is earlier than the timer. */
  dueAt(at: number): void {
    if (this.#stopped || at >= this.#timerAt) return;
    this.#arm(at);
  }

  /** Recomputes the earliest due time from every source. */
  poke(): void {
    if (this.#stopped) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const source of this.#sources) {
      try {
        const at = source.nextDueAt();
        if (at !== undefined && at < earliest) earliest = at;
      } catch (error) {
        this.#onError(error, source.name);
      }
    }
    this.#clear();
    if (earliest !== Number.POSITIVE_INFINITY) this.#arm(Math.max(earliest, this.#backoffUntil));
  }

  /** Runs everything due now, then rearms. Re-entrant calls are folded into the running one. */
  runNow(): void {
    if (this.#stopped || this.#running) return;
    this.#running = true;
    try {
      const now = this.#clock.now();
      this.#backoffUntil = Number.NEGATIVE_INFINITY;
      for (const source of this.#sources) {
        try {
          source.runDue(now);
        } catch (error) {
          this.#backoffUntil = now + RETRY_AFTER_FAILURE_MS;
          this.#onError(error, source.name);
        }
      }
    } finally {
      this.#running = false;
    }
    this.poke();
  }

  stop(): void {
    this.#stopped = true;
    this.#clear();
  }

  #arm(at: number): void {
    this.#clear();
    this.#timerAt = at;
    const delay = Math.min(Math.max(at - this.#clock.now(), 0), MAX_TIMER_MS);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.runNow();
    }, delay);
    this.#timer.unref();
  }

  #clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }
}
