import { afterEach, describe, expect, it } from 'vitest';
import { ANTOM_RETRY_SCHEDULE_MS } from '../../emulator/index.js';
import { refusedUrl, startReceiver, type NotificationReceiver, type ReceiverMode } from '../support/notification-receiver.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

/** protocol §9: up to 8 deliveries spaced 0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h, 15 h, on the virtual clock. */
describe('notification retries', () => {
  const open: Array<TestSandbox | NotificationReceiver> = [];
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.close();
  });

  async function declinedPaymentNotifying(sandbox: TestSandbox, url: string): Promise<string> {
    const pay = await sandbox.call('pay', payRequest({ paymentNotifyUrl: url }));
    await sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'decline', resultCode: 'DO_NOT_HONOR' });
    await sandbox.app.sandbox.outbox.settle();
    const [notification] = sandbox.app.sandbox.notifications.ofPayment(pay.body.paymentId);
    return notification!.id;
  }

  async function advance(sandbox: TestSandbox, ms: number) {
    await sandbox.control('POST', '/clock/advance', { ms });
    await sandbox.app.sandbox.outbox.settle();
  }

  const failingEndpoints: Array<[string, ReceiverMode | 'refused']> = [
    ['an HTTP 500', 'http500'],
    ['a 200 with the wrong body', 'wrongBody'],
    ['no answer (timeout)', 'hang'],
    ['a refused connection', 'refused'],
  ];

  it.each(failingEndpoints)('retries %s at the schedule, and stops after 8 deliveries', async (_name, mode) => {
    const sandbox = await startTestSandbox({ notifyTimeoutMs: 300 });
    open.push(sandbox);
    let url: string;
    let receiver: NotificationReceiver | undefined;
    if (mode === 'refused') {
      url = await refusedUrl();
    } else {
      receiver = await startReceiver('/notify', mode);
      open.push(receiver);
      url = receiver.url;
    }
    const id = await declinedPaymentNotifying(sandbox, url);
    const store = sandbox.app.sandbox.notifications;
    expect(store.get(id)!.attempts).toBe(1);

    for (let attempt = 1; attempt < 8; attempt += 1) {
      const due = store.get(id)!.nextAttemptAt!;
      const untilDue = due - sandbox.app.sandbox.clock.now();
      expect(untilDue).toBeGreaterThan(ANTOM_RETRY_SCHEDULE_MS[attempt]! - 5_000);
      await advance(sandbox, untilDue - 1_000);
      expect(store.get(id)!.attempts, `attempt ${attempt + 1} came early`).toBe(attempt);
      await advance(sandbox, 1_000);
      expect(store.get(id)!.attempts).toBe(attempt + 1);
    }
    const final = store.get(id)!;
    expect(final.status).toBe('FAILED');
    await advance(sandbox, 48 * 3600_000);
    expect(store.get(id)!.attempts).toBe(8);

    const attempts = store.attemptsOf(id);
    expect(attempts).toHaveLength(8);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    gaps.forEach((gap, i) => expect(Math.abs(gap - ANTOM_RETRY_SCHEDULE_MS[i + 1]!)).toBeLessThan(2_000));
    expect(attempts.every((a) => !a.ok)).toBe(true);
    if (mode === 'http500') expect(attempts[0]).toMatchObject({ httpStatus: 500, responseExcerpt: 'oops' });
    if (mode === 'hang') expect(attempts[0]!.error).toMatch(/timeout after 300 ms/);
    if (mode === 'refused') expect(attempts[0]!.error).toMatch(/ECONNREFUSED/);
    if (receiver) expect(receiver.received).toHaveLength(8);
  });

  it('sends once with --notify-retries none', async () => {
    const sandbox = await startTestSandbox({ notifyRetries: 'none' });
    const receiver = await startReceiver('/notify', 'http500');
    open.push(sandbox, receiver);
    const id = await declinedPaymentNotifying(sandbox, receiver.url);
    await advance(sandbox, 48 * 3600_000);
    expect(sandbox.app.sandbox.notifications.get(id)).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(receiver.received).toHaveLength(1);
  });

  it('redelivers on request, records the attempt, and a later success marks it delivered', async () => {
    const sandbox = await startTestSandbox({ notifyRetries: 'none' });
    const receiver = await startReceiver('/notify', 'http500');
    open.push(sandbox, receiver);
    const id = await declinedPaymentNotifying(sandbox, receiver.url);
    receiver.mode = 'ack';
    const redelivered = await sandbox.control('POST', `/notifications/${id}/redeliver`);
    expect(redelivered.status).toBe(200);
    expect(redelivered.body.deliveries).toHaveLength(2);
    expect(redelivered.body.deliveries[1]).toMatchObject({ attempt: 2, httpStatus: 200, ok: true });
    expect(redelivered.body.status).toBe('DELIVERED');
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    const listed = await sandbox.control('GET', `/notifications?paymentId=${redelivered.body.paymentId}`);
    expect(listed.body.notifications).toHaveLength(1);
  });

  it('delivers the capture result only after the payment result is acknowledged', async () => {
    const sandbox = await startTestSandbox();
    const receiver = await startReceiver('/notify', 'http500');
    open.push(sandbox, receiver);
    const pay = await sandbox.call('pay', payRequest({ paymentNotifyUrl: receiver.url }));
    await sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'approve' });
    await sandbox.app.sandbox.outbox.settle();
    await advance(sandbox, 1_000); // the capture happens; its notification must wait
    expect(receiver.received.map((n) => n.json.notifyType)).toEqual(['PAYMENT_RESULT']);
    receiver.mode = 'ack';
    await advance(sandbox, 2 * 60_000);
    const all = await receiver.waitFor(3);
    expect(all.map((n) => n.json.notifyType)).toEqual(['PAYMENT_RESULT', 'PAYMENT_RESULT', 'CAPTURE_RESULT']);
  });
});
