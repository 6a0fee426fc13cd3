import type { KeyObject } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { AntomClient } from '../antom-client.js';
import { CheckoutFlow } from '../checkout-flow.js';
import { antomNotificationPlugin } from '../notification-plugin.js';
import { isSettled } from '../order-state.js';
import { ITEM, orderPage, productPage } from './shop-pages.js';

export interface DemoShopOptions {
  gatewayUrl: string;
  clientId: string;
  privateKey: string | KeyObject;
  antomPublicKey: string | KeyObject;
  /** the shop's own base URL as the buyer's browser and the sandbox reach it */
  shopUrl: () => string;
  /** fall back to inquiryPayment when a page asks about an unsettled order this long after the last inquiry */
  inquiryFallbackMs?: number;
}

/**
 * A one-item merchant web app built only on client/: it sells through the checkout flow,
 * receives notifications through the plugin and shows the order's state.
 */
export async function buildDemoShop(options: DemoShopOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const client = new AntomClient({ gatewayUrl: options.gatewayUrl, clientId: options.clientId, privateKey: options.privateKey, antomPublicKey: options.antomPublicKey });
  // made on first use: the shop's URL is known only once it listens
  let checkout: CheckoutFlow | undefined;
  const flow = () =>
    (checkout ??= new CheckoutFlow(client, {
      redirectUrl: `${options.shopUrl()}/orders/{orderId}`,
      notifyUrl: `${options.shopUrl()}/antom/notify`,
    }));
  const lastInquiry = new Map<string, number>();
  let counter = 0;
  app.addHook('onClose', () => client.close());
  // the shop's forms (buy, cancel) carry no fields; accept their content type and ignore it
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  await app.register(antomNotificationPlugin, {
    path: '/antom/notify',
    antomPublicKey: options.antomPublicKey,
    clientId: options.clientId,
    handler: (notification) => flow().handleNotification(notification),
  });

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(productPage()));

  app.post('/orders', async (_request, reply) => {
    counter += 1;
    const orderId = `DEMO-${Date.now().toString(36).toUpperCase()}-${counter}`;
    const order = await flow().startCheckout({ orderId, amount: ITEM.amount, description: ITEM.name });
    // PAYMENT_IN_PROCESS: the buyer continues on Antom's hosted pages
    return reply.redirect(order.status === 'AWAITING_BUYER' && order.normalUrl ? order.normalUrl : `/orders/${orderId}`, 303);
  });

  app.get('/orders/:orderId', async (request, reply) => {
    const { orderId } = request.params as { orderId: string };
    let order = flow().order(orderId);
    if (!order) return reply.code(404).type('text/plain').send('No such order.');
    // the buyer is back from the hosted pages (paymentRedirectUrl): the redirect itself proves
    // nothing, so ask Antom rather than trust it
    if (!isSettled(order)) {
      lastInquiry.set(orderId, Date.now());
      order = await flow().refresh(orderId).catch(() => order!);
    }
    return reply.type('text/html; charset=utf-8').send(orderPage(order));
  });

  app.get('/orders/:orderId/state', async (request, reply) => {
    const { orderId } = request.params as { orderId: string };
    let order = flow().order(orderId);
    if (!order) return reply.code(404).send({ error: 'No such order.' });
    // notifications are the source; an inquiry now and then covers a lost one
    const fallbackMs = options.inquiryFallbackMs ?? 5_000;
    if (!isSettled(order) && Date.now() - (lastInquiry.get(orderId) ?? 0) >= fallbackMs) {
      lastInquiry.set(orderId, Date.now());
      order = await flow().refresh(orderId).catch(() => order!);
    }
    return order;
  });

  app.post('/orders/:orderId/cancel', async (request, reply) => {
    const { orderId } = request.params as { orderId: string };
    if (!flow().order(orderId)) return reply.code(404).type('text/plain').send('No such order.');
    await flow().cancelOrder(orderId);
    return reply.redirect(`/orders/${encodeURIComponent(orderId)}`, 303);
  });
  return app;
}
