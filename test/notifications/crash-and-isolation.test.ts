import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { payRequestSchema } from '../../protocol/index.js';
import { controlCall, signedCall } from '../support/antom-http.js';
import { spawnSandbox, type SandboxProcess } from '../support/cli-process.js';
import { startReceiver, type NotificationReceiver } from '../support/notification-receiver.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

describe('notification outbox durability and isolation', () => {
  const cleanup: Array<() => unknown> = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it('after SIGKILL with deliveries in flight, a restart on the same file delivers every notification', async () => {
    const receiver = await startReceiver('/notify', 'hang');
    cleanup.push(() => receiver.close());
    const data = join(mkdtempSync(join(tmpdir(), 'antom-crash-')), 'sandbox.db');
    const first: SandboxProcess = await spawnSandbox(['--data', data, '--notify-timeout', '60000']);
    cleanup.push(() => first.child.kill('SIGKILL'));

    const paymentIds: string[] = [];
    for (let i = 0; i < 5; i += 1) paymentIds.push((await signedCall(first.url, 'pay', payRequest({ paymentNotifyUrl: receiver.url }))).paymentId);
    for (const id of paymentIds.slice(0, 3)) await controlCall(first.url, 'POST', `/payments/${id}/authorize`, { outcome: 'approve' });
    await controlCall(first.url, 'POST', `/payments/${paymentIds[3]}/authorize`, { outcome: 'decline', resultCode: 'DO_NOT_HONOR' });
    await receiver.waitFor(4); // four PAYMENT_RESULT attempts are hanging in flight
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    receiver.mode = 'ack';
    const second = await spawnSandbox(['--data', data, '--notify-timeout', '60000']);
    cleanup.push(() => second.child.kill('SIGKILL'));
    await controlCall(second.url, 'POST', '/clock/advance', { ms: 3 * 60_000 });
    // 4 hung + 4 resent payment results + 3 capture results (at-least-once, as with Antom)
    const received = await receiver.waitFor(11);
    const byType = (type: string) => new Set(received.filter((n) => n.json.notifyType === type).map((n) => n.json.paymentId));
    expect(byType('PAYMENT_RESULT')).toEqual(new Set(paymentIds.slice(0, 4)));
    expect(byType('CAPTURE_RESULT')).toEqual(new Set(paymentIds.slice(0, 3)));
    for (const id of paymentIds.slice(0, 4)) {
      const detail = await controlCall(second.url, 'GET', `/payments/${id}`);
      for (const n of detail.notifications) expect(n.status, `${id} ${n.notifyType}`).toBe('DELIVERED');
    }
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('keeps answering pay while 1,000 deliveries hang on an endpoint that never answers', async () => {
    const receiver: NotificationReceiver = await startReceiver('/never', 'hang');
    const sandbox: TestSandbox = await startTestSandbox();
    cleanup.push(() => receiver.close(), () => sandbox.close());
    const { payments, notifications } = sandbox.app.sandbox;
    for (let i = 0; i < 1_000; i += 1) {
      const pay = payments.pay('SANDBOX_DEMO_MERCHANT', payRequestSchema.parse(payRequest({ paymentNotifyUrl: receiver.url })));
      payments.authorize(pay.paymentId!, { outcome: 'decline', resultCode: 'DO_NOT_HONOR' });
    }
    expect(notifications.countByStatus().PENDING).toBe(1_000);
    await receiver.waitFor(200); // deliveries are in flight and hanging
    for (let i = 0; i < 20; i += 1) {
      const pay = await sandbox.call('pay', payRequest());
      expect(pay.verified.ok).toBe(true);
      expect(pay.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    }
    expect(notifications.countByStatus().PENDING).toBe(1_000);
  });
});
