import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { antomNotificationPlugin, AntomClient, CheckoutFlow, type OrderState, type OrderStatus } from '../../client/index.js';
import { startSandbox, type RunningSandbox } from '../../emulator/index.js';
import type { AntomNotification } from '../../protocol/index.js';
import { refusedUrl } from '../support/notification-receiver.js';

let sandbox: RunningSandbox;
let client: AntomClient;
let shop: FastifyInstance;
let notifyUrl: string;
let flow: CheckoutFlow;
const received: AntomNotification[] = [];
const waiters: Array<{ orderId: string; status: OrderStatus; resolve: (o: OrderState) => void }> = [];
let orderCounter = 0;

/** Resolves when the order reaches the status; notifications arrive on their own, no sleeping. */
function waitForStatus(orderId: string, status: OrderStatus): Promise<OrderState> {
  const current = flow.order(orderId);
  if (current?.status === status) return Promise.resolve(current);
  return new Promise((resolve) => waiters.push({ orderId, status, resolve }));
}

function newFlow(overrides: { notifyUrl?: string } = {}): CheckoutFlow {
  return new CheckoutFlow(client, {
    redirectUrl: 'http://shop.example/orders/{orderId}',
    notifyUrl: overrides.notifyUrl ?? notifyUrl,
    // polling waits on the sandbox's virtual clock instead of real time
    sleep: async (ms) => void (await sandbox.control.advanceClock(ms)),
    onChange: (order) => {
      for (const w of [...waiters]) {
        if (w.orderId === order.orderId && w.status === order.status) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(order);
        }
      }
    },
  });
}

const nextOrderId = () => `ORD-${process.pid}-${++orderCounter}`;
const amount = { currency: 'KRW', value: '46000' };

beforeAll(async () => {
  sandbox = await startSandbox();
  client = new AntomClient({
    gatewayUrl: sandbox.url,
    clientId: sandbox.demoMerchant.clientId,
    privateKey: sandbox.demoMerchant.privateKey,
    antomPublicKey: sandbox.publicKey,
    sleep: async () => undefined,
  });
  shop = Fastify();
  await shop.register(antomNotificationPlugin, {
    path: '/antom/notify',
    antomPublicKey: sandbox.publicKey,
    clientId: sandbox.demoMerchant.clientId,
    handler: async (notification) => {
      received.push(notification);
      await flow.handleNotification(notification);
    },
  });
  await shop.listen({ port: 0, host: '127.0.0.1' });
  notifyUrl = `http://127.0.0.1:${(shop.server.address() as AddressInfo).port}/antom/notify`;
  flow = newFlow();
});
afterEach(() => {
  received.length = 0;
});
afterAll(async () => {
  await shop.close();
  await client.close();
  await sandbox.close();
});

describe('the checkout flow against a real sandbox', () => {
  it('pay → PAYMENT_IN_PROCESS → normalUrl; PAYMENT_RESULT then CAPTURE_RESULT settle the order as captured', async () => {
    const orderId = nextOrderId();
    const started = await flow.startCheckout({ orderId, amount, description: 'Jeju green tea set' });
    expect(started.status).toBe('AWAITING_BUYER');
    expect(started.normalUrl).toContain(sandbox.url.split(':').pop()!);

    const paid = waitForStatus(orderId, 'PAID');
    await sandbox.control.authorize(started.paymentId!, { outcome: 'approve', cardBrand: 'SAMSUNG' });
    expect((await paid).cardBrand).toBe('SAMSUNG');

    const captured = waitForStatus(orderId, 'CAPTURED');
    await sandbox.control.advanceClock(1_000);
    const order = await captured;
    expect(order.history.map((h) => `${h.status} ${h.source}`)).toEqual([
      'CREATED order',
      'AWAITING_BUYER pay',
      'PAID notification PAYMENT_RESULT',
      'CAPTURED notification CAPTURE_RESULT',
    ]);
    expect(received.map((n) => n.notifyType)).toEqual(['PAYMENT_RESULT', 'CAPTURE_RESULT']);
  });

  it('a declined payment ends FAILED with the issuer code, from the notification', async () => {
    const orderId = nextOrderId();
    const started = await flow.startCheckout({ orderId, amount, description: 'tea' });
    const failed = waitForStatus(orderId, 'FAILED');
    await sandbox.control.authorize(started.paymentId!, { outcome: 'decline', resultCode: 'USER_BALANCE_NOT_ENOUGH' });
    expect((await failed).resultCode).toBe('USER_BALANCE_NOT_ENOUGH');
  });

  it('recovers by polling inquiryPayment when the notification is lost', async () => {
    const lostFlow = newFlow({ notifyUrl: await refusedUrl() });
    const orderId = nextOrderId();
    const started = await lostFlow.startCheckout({ orderId, amount, description: 'tea' });
    await sandbox.control.authorize(started.paymentId!, { outcome: 'approve' });
    const settled = await lostFlow.pollUntilSettled(orderId);
    expect(settled.status).toBe('CAPTURED');
    expect(settled.history.filter((h) => h.source === 'inquiryPayment').map((h) => h.status)).toEqual(['PAID', 'CAPTURED']);
    const notifications = await sandbox.control.notifications(started.paymentId!);
    expect(notifications.length).toBeGreaterThan(0);
    expect(notifications.every((n) => n.status !== 'DELIVERED')).toBe(true);
  });

  it('cancels an order before authorization: a void', async () => {
    const orderId = nextOrderId();
    await flow.startCheckout({ orderId, amount, description: 'tea' });
    const cancelled = await flow.cancelOrder(orderId);
    expect(cancelled.status).toBe('CANCELLED');
    expect((await sandbox.control.payment(cancelled.paymentId!)).status).toBe('CANCELLED');
  });

  it('turns a rejected void after capture into a full refund', async () => {
    const orderId = nextOrderId();
    const started = await flow.startCheckout({ orderId, amount, description: 'tea' });
    await sandbox.control.authorize(started.paymentId!, { outcome: 'approve' });
    const captured = waitForStatus(orderId, 'CAPTURED');
    await sandbox.control.advanceClock(1_000);
    await captured;
    const refunded = await flow.cancelOrder(orderId);
    expect(refunded.status).toBe('REFUNDED');
    const inquiry = await client.inquiryRefund({ refundRequestId: refunded.refundRequestId! });
    expect(inquiry).toMatchObject({ refundStatus: 'SUCCESS', refundAmount: amount });
  });

  it('a void after authorization but before capture waits for CAPTURE_RESULT, then refunds', async () => {
    const orderId = nextOrderId();
    const started = await flow.startCheckout({ orderId, amount, description: 'tea' });
    const paid = waitForStatus(orderId, 'PAID');
    await sandbox.control.authorize(started.paymentId!, { outcome: 'approve' });
    await paid;
    const pending = await flow.cancelOrder(orderId);
    expect(pending.status).toBe('REFUND_PENDING');
    const refunded = waitForStatus(orderId, 'REFUNDED');
    await sandbox.control.advanceClock(1_000);
    expect((await refunded).refundRequestId).toBe(`${orderId}-REFUND`);
  });

  it('a pending void-turned-refund completes by polling when CAPTURE_RESULT is lost', async () => {
    const lostFlow = newFlow({ notifyUrl: await refusedUrl() });
    const orderId = nextOrderId();
    const started = await lostFlow.startCheckout({ orderId, amount, description: 'tea' });
    await sandbox.control.authorize(started.paymentId!, { outcome: 'approve' });
    expect((await lostFlow.cancelOrder(orderId)).status).toBe('REFUND_PENDING');
    const settled = await lostFlow.pollUntilSettled(orderId);
    expect(settled.status).toBe('REFUNDED');
    expect((await client.inquiryRefund({ refundRequestId: `${orderId}-REFUND` })).refundStatus).toBe('SUCCESS');
  });
});
