import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PAYMENT_STATUSES } from '../../../protocol/index.js';
import { controlErrorHandler, ControlError, parseControl } from './control-errors.js';
import { paymentDetail, paymentSummary } from './control-views.js';
import { requireControlToken } from './control-auth.js';
import { timeBoundSchema } from './control-query.js';
import { eventsRoutes } from './events-routes.js';
import { exportRoutes } from './export-routes.js';
import { merchantRoutes } from './merchant-routes.js';
import { notificationRoutes } from './notification-routes.js';
import { paymentStartRoutes } from './payment-start-routes.js';
import { scenarioRoutes } from './scenario-routes.js';
import { checkRoutes } from './check-routes.js';

// built once, not per request
const paymentListQuerySchema = z.object({
  q: z.string().trim().max(128).optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
  clientId: z.string().max(64).optional(),
  from: timeBoundSchema.optional(),
  to: timeBoundSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const authorizeBodySchema = z.object({
  outcome: z.enum(['approve', 'decline', 'abandon']),
  cardBrand: z.string().max(32).optional(),
  resultCode: z.string().max(64).optional(),
  cardNumber: z.string().max(32).optional(),
  /** who pressed the button, for the timeline's cause (the control page says so) */
  origin: z.enum(['control-api', 'control-page']).default('control-api'),
});
const expireBodySchema = z.object({ origin: z.enum(['control-api', 'control-page']).default('control-api') });
const clockAdvanceSchema = z.object({ ms: z.number().int().min(0).max(400 * 24 * 3600_000) });

/** The control API under /_sandbox/api (design.md "Control API"). */
export async function controlApiPlugin(app: FastifyInstance): Promise<void> {
  const services = app.sandbox;
  const { payments, clock, signer } = services;
  app.setErrorHandler(controlErrorHandler);
  app.addHook('onRequest', requireControlToken(services.config.controlToken));
  await app.register(scenarioRoutes);
  await app.register(checkRoutes);
  await app.register(eventsRoutes);
  await app.register(notificationRoutes);
  await app.register(merchantRoutes);
  await app.register(paymentStartRoutes);
  await app.register(exportRoutes);

  app.get('/keys', async () => ({ publicKeyPem: signer.publicKeyPem, publicKeyBase64: signer.publicKeyBase64 }));

  app.get('/payments', async (request) => {
    const query = parseControl(paymentListQuerySchema, request.query);
    return { payments: payments.store.list(query).map(paymentSummary) };
  });

  app.get('/payments/:paymentId', async (request) => {
    const { paymentId } = request.params as { paymentId: string };
    const payment = payments.store.get(paymentId);
    if (!payment) throw new ControlError(404, 'ORDER_NOT_EXIST', `No payment ${paymentId}.`);
    return paymentDetail(services, payment);
  });

  app.post('/payments/:paymentId/authorize', async (request) => {
    const { paymentId } = request.params as { paymentId: string };
    const { origin, ...body } = parseControl(authorizeBodySchema, request.body);
    const payment = payments.authorize(paymentId, body, origin);
    return paymentDetail(services, payment);
  });

  app.post('/payments/:paymentId/expire', async (request) => {
    const { paymentId } = request.params as { paymentId: string };
    const { origin } = parseControl(expireBodySchema, request.body);
    return paymentDetail(services, payments.expireNow(paymentId, origin));
  });

  app.get('/clock', async () => ({ now: clock.now(), iso: new Date(clock.now()).toISOString(), offsetMs: clock.offsetMs }));

  app.post('/clock/advance', async (request) => {
    const { ms } = parseControl(clockAdvanceSchema, request.body);
    const now = clock.advance(ms);
    return { now, iso: new Date(now).toISOString(), offsetMs: clock.offsetMs };
  });

  app.post('/reset', async () => {
    await services.outbox.settle();
    payments.store.clearAll();
    services.scenarios.clear();
    services.journal.clear();
    services.scheduler.poke();
    services.events.publish('reset', {});
    return { reset: true };
  });

  // unknown control paths answer JSON 404, never an Antom body
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No control route ${request.method} ${request.url}.` } }));
}
