/**
 * Virtual time: real time plus an offset that only grows. Every timestamp and every timer of
 * the sandbox reads this clock, so tests advance it instead of sleeping. This file holds the
 * one call to the real clock in the emulator.
 */
export type ClockListener = (now: number) => void;

export class VirtualClock {
  #offsetMs: number;
  readonly #realNow: () => number;
  readonly #listeners = new Set<ClockListener>();

  constructor(options: { offsetMs?: number; realNow?: () => number } = {}) {
    this.#offsetMs = options.offsetMs ?? 0;
    this.#realNow = options.realNow ?? Date.now;
  }

  now(): number {
    return this.#realNow() + this.#offsetMs;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Moves virtual time forward and tells listeners, which run whatever fell due. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The clock only moves forward: ms must be a finite number ≥ 0.');
    this.#offsetMs += Math.floor(ms);
    const now = this.now();
    for (const listener of this.#listeners) listener(now);
    return now;
  }

  onAdvance(listener: ClockListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
