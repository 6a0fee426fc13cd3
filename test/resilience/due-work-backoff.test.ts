import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../emulator/clock/virtual-clock.js';
import { DueWorkScheduler, RETRY_AFTER_FAILURE_MS } from '../../emulator/services/due-work-scheduler.js';

describe('due work that keeps failing (a full or read-only data file)', () => {
  it(`is retried every ${RETRY_AFTER_FAILURE_MS} ms, not in a busy loop, and runs once it can`, async () => {
    const clock = new VirtualClock({});
    const errors: string[] = [];
    const scheduler = new DueWorkScheduler(clock, (error) => errors.push(String(error)));
    let failing = true;
    let runs = 0;
    let done = false;
    const dueAt = clock.now() - 1; // overdue: without the back-off every rearm fires at once
    scheduler.add({
      name: 'outbox',
      nextDueAt: () => (done ? undefined : dueAt),
      runDue: () => {
        runs += 1;
        if (failing) throw new Error('SQLITE_FULL: database or disk is full');
        done = true;
      },
    });
    const started = performance.now();
    scheduler.poke();
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_FAILURE_MS * 2.5));
    // a busy loop ran hundreds of times in this window (measured: 218 in 500 ms)
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(runs).toBeLessThanOrEqual(4);
    expect(errors).toHaveLength(runs);

    failing = false;
    while (!done && performance.now() - started < RETRY_AFTER_FAILURE_MS * 6) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(true);
    scheduler.stop();
  });
});
