import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../emulator/clock/virtual-clock.js';
import { parseCliOptions } from '../../emulator/cli-options.js';
import { ClientRateLimiter } from '../../emulator/services/rate-limiter.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';
import { stateDigest } from '../support/state-snapshot.js';

/** A clock whose real part stands still: only advance() moves it. */
const frozenClock = () => new VirtualClock({ realNow: () => 1_800_000_000_000 });

describe('the per-client token bucket', () => {
  it('allows a burst of n, then refills n per virtual second', () => {
    const clock = frozenClock();
    const limiter = new ClientRateLimiter(clock, 3);
    expect([1, 2, 3, 4].map(() => limiter.take('A'))).toEqual([true, true, true, false]);
    clock.advance(333);
    expect(limiter.take('A')).toBe(false); // 0.999 of a token
    clock.advance(1);
    expect(limiter.take('A')).toBe(true);
    clock.advance(60_000);
    // never more than a burst of n, however long the client was idle
    expect([1, 2, 3, 4].map(() => limiter.take('A'))).toEqual([true, true, true, false]);
  });

  it('keeps one bucket per client id', () => {
    const limiter = new ClientRateLimiter(frozenClock(), 1);
    expect(limiter.take('A')).toBe(true);
    expect(limiter.take('A')).toBe(false);
    expect(limiter.take('B')).toBe(true);
  });

  it('forgets idle clients past 10,000, so random client ids cannot grow memory', () => {
    const clock = frozenClock();
    const limiter = new ClientRateLimiter(clock, 1);
    for (let i = 0; i < 10_000; i += 1) limiter.take(`C${i}`);
    clock.advance(1_000);
    limiter.take('another');
    expect(limiter.trackedClients).toBe(1);
  });
});

describe('--rate-limit', () => {
  it('is a flag and ANTOM_SANDBOX_RATE_LIMIT, a whole number ≥ 1', () => {
    expect(parseCliOptions(['--rate-limit', '50'], {}).rateLimitPerSecond).toBe(50);
    expect(parseCliOptions([], { ANTOM_SANDBOX_RATE_LIMIT: '7' }).rateLimitPerSecond).toBe(7);
    expect(parseCliOptions([], {}).rateLimitPerSecond).toBeUndefined();
    expect(() => parseCliOptions(['--rate-limit', 'fast'], {})).toThrow('--rate-limit: "fast" is not a whole number.');
    expect(() => parseCliOptions(['--rate-limit', '0'], {})).toThrow('--rate-limit: must be at least 1');
  });
});

describe('a sandbox with --rate-limit 2', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ rateLimitPerSecond: 2 });
  });
  afterAll(() => sandbox.close());

  it('answers a burst beyond the limit with a signed REQUEST_TRAFFIC_EXCEED_LIMIT (U), stores nothing for it, and lets the client in again once the clock moves on', async () => {
    await sandbox.control('POST', '/clock/advance', { ms: 1_000 }); // a full bucket
    const burst = await Promise.all(Array.from({ length: 30 }, () => sandbox.call('inquiryPayment', { paymentId: 'NO_SUCH_PAYMENT' })));
    for (const response of burst) {
      expect(response.status).toBe(200);
      expect(response.verified).toEqual({ ok: true });
    }
    const codes = burst.map((r) => r.body.result.resultCode);
    const limited = burst.filter((r) => r.body.result.resultCode === 'REQUEST_TRAFFIC_EXCEED_LIMIT');
    // 2 from the bucket, plus 2 a second of whatever real time the burst took (slack for a loaded machine)
    expect(codes.filter((c) => c === 'ORDER_NOT_EXIST').length).toBeGreaterThanOrEqual(2);
    expect(limited.length).toBeGreaterThanOrEqual(12);
    expect(limited[0]!.body.result).toEqual({
      resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT',
      resultStatus: 'U',
      resultMessage: expect.stringContaining('SANDBOX_DEMO_MERCHANT'),
    });

    // a limited pay is not a payment
    const pays = await Promise.all(Array.from({ length: 16 }, () => sandbox.call('pay', payRequest())));
    const refused = pays.filter((r) => r.body.result.resultCode === 'REQUEST_TRAFFIC_EXCEED_LIMIT');
    const accepted = pays.filter((r) => r.body.result.resultCode === 'PAYMENT_IN_PROCESS');
    expect(refused.length).toBeGreaterThanOrEqual(6);
    expect(accepted.length + refused.length).toBe(16);
    const stored = (await sandbox.control('GET', '/payments')).body.payments.map((p: { paymentId: string }) => p.paymentId);
    expect(stored.sort()).toEqual(accepted.map((r) => r.body.paymentId).sort());

    // one virtual second later the bucket is full again, whatever real time did
    await sandbox.control('POST', '/clock/advance', { ms: 1_000 });
    const [first, second] = [await sandbox.call('pay', payRequest()), await sandbox.call('pay', payRequest())];
    expect(first.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(second.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    const journal = (await sandbox.control('GET', '/requests?limit=1000')).body.requests;
    expect(journal.filter((e: { resultCode: string }) => e.resultCode === 'REQUEST_TRAFFIC_EXCEED_LIMIT')).toHaveLength(limited.length + refused.length);
  });

  it('does not count requests whose signature fails against the client', async () => {
    await sandbox.control('POST', '/clock/advance', { ms: 1_000 });
    for (let i = 0; i < 5; i += 1) {
      const forged = await sandbox.call('pay', payRequest(), { headers: { signature: 'algorithm=RSA256,keyVersion=1,signature=AAAA' } });
      expect(forged.body.result.resultCode).toBe('INVALID_SIGNATURE');
    }
    expect((await sandbox.call('pay', payRequest())).body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });
});
