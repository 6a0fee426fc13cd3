import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationStateOf } from '../../emulator/domain/notification-records.js';
import { startReceiver, type NotificationReceiver } from '../support/notification-receiver.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

describe('all notifications: pending, failed, delivered; bulk redeliver', () => {
  let sandbox: TestSandbox;
  let receiver: NotificationReceiver;
  const ids: Record<'failing' | 'unsendable' | 'delayed' | 'delivered', string> = { failing: '', unsendable: '', delayed: '', delivered: '' };

  async function paidNotification(overrides: Record<string, unknown>): Promise<string> {
    const pay = await sandbox.call('pay', payRequest(overrides));
    await sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'decline' });
    await sandbox.app.sandbox.outbox.settle();
    return sandbox.app.sandbox.notifications.ofPayment(pay.body.paymentId)[0]!.id;
  }

  beforeAll(async () => {
    // one delivery per notification: a failure is final at once
    sandbox = await startTestSandbox({ notifyRetries: 'none' });
    receiver = await startReceiver('/notify', 'http500');
    ids.failing = await paidNotification({ paymentNotifyUrl: receiver.url });
    ids.unsendable = await paidNotification({});
    // magic amount 7005: every notification of the payment waits 5 virtual minutes
    ids.delayed = await paidNotification({ paymentNotifyUrl: receiver.url, paymentAmount: { currency: 'KRW', value: '7005' }, order: { ...payRequest().order, orderAmount: { currency: 'KRW', value: '7005' } } });
    receiver.mode = 'ack';
    ids.delivered = await paidNotification({ paymentNotifyUrl: receiver.url });
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  const listed = async (query: string) => ((await sandbox.control('GET', `/notifications${query}`)).body.notifications as Array<{ id: string; state: string; status: string }>).map((n) => n.id);

  it('status=pending|failed|delivered map the stored statuses; each view carries its state', async () => {
    expect(await listed('?status=pending')).toEqual([ids.delayed]);
    expect(await listed('?status=delivered')).toEqual([ids.delivered]);
    expect((await listed('?status=failed')).sort()).toEqual([ids.failing, ids.unsendable].sort());
    expect(await listed('?status=UNDELIVERABLE')).toEqual([ids.unsendable]);
    const all = (await sandbox.control('GET', '/notifications')).body.notifications as Array<{ id: string; state: string; status: string }>;
    expect(all).toHaveLength(4);
    for (const n of all) expect(n.state).toBe(notificationStateOf(n.status as never));
    expect((await sandbox.control('GET', '/notifications?status=lost')).status).toBe(400);
  });

  it('redelivers several at once and says per id how it went', async () => {
    const answer = await sandbox.control('POST', '/notifications/redeliver', { ids: [ids.failing, ids.unsendable, 'NO-SUCH-ID', ids.failing] });
    expect(answer.status).toBe(200);
    expect(answer.body.results).toEqual([
      { id: ids.failing, ok: true, status: 'DELIVERED' },
      { id: ids.unsendable, ok: false, status: 'UNDELIVERABLE', error: expect.stringContaining('no notify URL') },
      { id: 'NO-SUCH-ID', ok: false, status: null, error: 'No notification NO-SUCH-ID.' },
    ]);
    expect(await listed('?status=delivered')).toContain(ids.failing);
    receiver.mode = 'http500';
    const failed = await sandbox.control('POST', '/notifications/redeliver', { ids: [ids.delivered] });
    expect(failed.body.results).toEqual([{ id: ids.delivered, ok: false, status: 'DELIVERED', error: expect.stringContaining('HTTP 500') }]);
    receiver.mode = 'ack';
  });

  it('the body must be 1 to 100 ids', async () => {
    for (const body of [{}, { ids: [] }, { ids: Array.from({ length: 101 }, (_, i) => `N${i}`) }, { ids: [3] }]) {
      const answer = await sandbox.control('POST', '/notifications/redeliver', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(/^ids/);
    }
  });

  it('the single redeliver keeps its contract: 404 unknown, 409 without URL', async () => {
    expect((await sandbox.control('POST', '/notifications/NOPE/redeliver')).status).toBe(404);
    expect((await sandbox.control('POST', `/notifications/${ids.unsendable}/redeliver`)).body.error.code).toBe('UNDELIVERABLE');
  });
});
