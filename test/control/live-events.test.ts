import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { payRequestSchema } from '../../protocol/index.js';
import { sseFrame } from '../../emulator/routes/control/events-routes.js';
import { SandboxEvents } from '../../emulator/services/sandbox-events.js';
import { openEventStream, parseFrame } from '../support/event-stream.js';
import { payRequest, startTestSandbox, withSandboxAndReceiver, type TestSandbox } from '../support/sandbox-harness.js';
import type { NotificationReceiver } from '../support/notification-receiver.js';

describe('the live event stream GET /_sandbox/api/events', () => {
  let sandbox: TestSandbox;
  let receiver: NotificationReceiver;
  withSandboxAndReceiver((s, r) => {
    sandbox = s;
    receiver = r;
  });

  it('answers text/event-stream with a retry hint, and pushes a payment event after a signed pay made elsewhere', async () => {
    const stream = await openEventStream(`${sandbox.url}/_sandbox/api/events`);
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(stream.headers['cache-control']).toBe('no-store');
      const first = await stream.next(() => true);
      expect(first.retry).toBe(2000);

      const pay = await sandbox.call('pay', payRequest({ paymentNotifyUrl: receiver.url }));
      const paymentId = pay.body.paymentId as string;
      const created = await stream.nextEvent('payment', (d) => d.paymentId === paymentId);
      expect(created).toMatchObject({ paymentId, clientId: 'SANDBOX_DEMO_MERCHANT', status: 'PROCESSING' });
      expect(Number.isNaN(Date.parse(created.at))).toBe(false);

      const journal = await stream.nextEvent('journal', (d) => d.api === 'pay');
      expect(journal).toMatchObject({ method: 'POST', path: '/ams/api/v1/payments/pay', verdict: 'VALID', resultCode: 'PAYMENT_IN_PROCESS', httpStatus: 200 });
      expect(typeof journal.id).toBe('number');

      await sandbox.control('POST', `/payments/${paymentId}/authorize`, { outcome: 'approve' });
      expect(await stream.nextEvent('payment', (d) => d.paymentId === paymentId && d.status === 'SUCCESS')).toMatchObject({ status: 'SUCCESS' });
      const attempt = await stream.nextEvent('notification', (d) => d.paymentId === paymentId);
      expect(attempt).toMatchObject({ paymentId, notifyType: 'PAYMENT_RESULT', status: 'DELIVERED', attempts: 1 });

      const advanced = await sandbox.control('POST', '/clock/advance', { ms: 60_000 });
      expect(await stream.nextEvent('clock', (d) => d.now === advanced.body.now)).toMatchObject({ offsetMs: advanced.body.offsetMs, iso: advanced.body.iso });

      const rule = await sandbox.control('POST', '/scenarios', { match: { amount: '123' }, effect: { authorization: { outcome: 'decline' } } });
      expect(await stream.nextEvent('scenario', (d) => d.action === 'created')).toEqual({ action: 'created', id: rule.body.id });
      await sandbox.control('DELETE', `/scenarios/${rule.body.id}`);
      expect(await stream.nextEvent('scenario', (d) => d.action === 'deleted')).toEqual({ action: 'deleted', id: rule.body.id });

      await sandbox.control('POST', '/reset', {});
      expect(await stream.nextEvent('reset')).toEqual({});
    } finally {
      stream.close();
    }
  });

  it('a failed pay (rolled back) publishes no payment event', async () => {
    const stream = await openEventStream(`${sandbox.url}/_sandbox/api/events`);
    try {
      const bad = await sandbox.call('pay', payRequest({ paymentAmount: { currency: 'KRW', value: '-1' } }));
      expect(bad.body.result.resultStatus).toBe('F');
      await stream.nextEvent('journal', (d) => d.resultCode === bad.body.result.resultCode);
      expect(stream.frames.filter((f) => f.event === 'payment')).toEqual([]);
    } finally {
      stream.close();
    }
  });

  it('tells of a payment only once its group has committed, and never of one a failed COMMIT took back', async () => {
    const { payments, events, commits, db } = sandbox.app.sandbox;
    const heard: string[] = [];
    const unsubscribe = events.subscribe((event) => {
      if (event.type === 'payment') heard.push(event.data.paymentId);
    });
    try {
      const pay = (id: string) => payments.pay('SANDBOX_DEMO_MERCHANT', payRequestSchema.parse(payRequest({ paymentRequestId: id })));
      const kept = pay(`LIVE-COMMITTED-${Date.now()}`);
      expect(db.inTransaction).toBe(true); // its group is still open
      await Promise.resolve();
      expect(heard).toEqual([]);
      await commits.durable();
      await vi.waitFor(() => expect(heard).toEqual([kept.paymentId]));

      // a group whose COMMIT fails: the pay in it was never stored, so the stream says nothing of it
      const lost = pay(`LIVE-ROLLED-BACK-${Date.now()}`);
      // checked at COMMIT (the pragma lasts until the transaction ends): the whole group fails there
      db.pragma('defer_foreign_keys = ON');
      db.prepare("INSERT INTO transactions (transaction_id, payment_id, client_id, type, status, result_code, result_message, request_id, amount_value, currency, created_at) VALUES ('T-ORPHAN', 'NO-SUCH-PAYMENT', 'C', 'CAPTURE', 'SUCCESS', 'SUCCESS', 'success', 'R', 1, 'KRW', 0)").run();
      await expect(commits.durable()).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
      expect(payments.store.get(lost.paymentId!)).toBeUndefined();
      // the next commit is heard, the lost one never is
      const after = pay(`LIVE-AFTER-${Date.now()}`);
      await commits.durable();
      await vi.waitFor(() => expect(heard).toEqual([kept.paymentId, after.paymentId]));
    } finally {
      unsubscribe();
    }
  });

  it('leaves no subscriber behind after 100 connects and disconnects', async () => {
    const events = sandbox.app.sandbox.events;
    const before = events.subscriberCount;
    for (let i = 0; i < 100; i += 1) {
      const stream = await openEventStream(`${sandbox.url}/_sandbox/api/events`);
      await stream.next((f) => f.retry !== undefined);
      stream.close();
    }
    await vi.waitFor(() => expect(events.subscriberCount).toBe(before), { timeout: 5_000, interval: 20 });
  });

  it('closing the server ends open streams and unsubscribes them', async () => {
    const own = await startTestSandbox();
    const stream = await openEventStream(`${own.url}/_sandbox/api/events`);
    await stream.next((f) => f.retry !== undefined);
    expect(own.app.sandbox.events.subscriberCount).toBe(1);
    await own.close();
    await stream.ended;
    expect(own.app.sandbox.events.subscriberCount).toBe(0);
  });
});

describe('the event bus and the frame format', () => {
  it('frames are one event line and one JSON data line; the parser reads them back', () => {
    const text = sseFrame({ type: 'scenario', data: { action: 'created', id: 'a\nb' } });
    expect(text).toBe('event: scenario\ndata: {"action":"created","id":"a\\nb"}\n\n');
    expect(parseFrame(text.trimEnd())).toMatchObject({ event: 'scenario', data: '{"action":"created","id":"a\\nb"}' });
  });

  it('a throwing subscriber does not stop the others; unsubscribe removes exactly one', () => {
    const bus = new SandboxEvents();
    const seen: string[] = [];
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const offBad = bus.subscribe(() => {
      throw new Error('boom');
    });
    const offGood = bus.subscribe((e) => seen.push(e.type));
    bus.publish('reset', {});
    expect(seen).toEqual(['reset']);
    expect(warn).toHaveBeenCalledTimes(1);
    offBad();
    expect(bus.subscriberCount).toBe(1);
    offGood();
    expect(bus.active).toBe(false);
    warn.mockRestore();
  });
});

describe('the live stream honours --control-token', () => {
  const TOKEN = 'stream-secret';
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ controlToken: TOKEN });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('401 JSON without the token or with a wrong one; opens with the Bearer token or the page cookie', async () => {
    const refused: Array<Record<string, string>> = [{}, { authorization: 'Bearer nope' }, { cookie: 'antom_sandbox_control=nope' }];
    for (const headers of refused) {
      const denied = await openEventStream(`${sandbox.url}/_sandbox/api/events`, headers);
      expect(denied.status).toBe(401);
      expect(denied.headers['content-type']).toMatch(/application\/json/);
      await denied.ended;
    }
    const bearer = await openEventStream(`${sandbox.url}/_sandbox/api/events`, { authorization: `Bearer ${TOKEN}` });
    expect(bearer.status).toBe(200);
    expect((await bearer.next(() => true)).retry).toBe(2000);
    bearer.close();

    const login = await fetch(`${sandbox.url}/_sandbox/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const viaCookie = await openEventStream(`${sandbox.url}/_sandbox/api/events`, { cookie });
    expect(viaCookie.status).toBe(200);
    await sandbox.call('pay', payRequest());
    expect(await viaCookie.nextEvent('payment')).toMatchObject({ status: 'PROCESSING' });
    viaCookie.close();
  });
});

describe('keep-alive pings', () => {
  it('a ": ping" comment arrives on the ping interval (shortened here), with no event in between', async () => {
    const Fastify = (await import('fastify')).default;
    const { eventsRoutes } = await import('../../emulator/routes/control/events-routes.js');
    const app = Fastify();
    app.decorate('sandbox', { events: new SandboxEvents() } as never);
    await app.register(eventsRoutes, { pingIntervalMs: 25 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const stream = await openEventStream(`http://127.0.0.1:${port}/events`);
    try {
      const ping = await stream.next((f) => f.comments.includes('ping'));
      expect(ping.event).toBeUndefined();
    } finally {
      stream.close();
      await app.close();
    }
  });
});
