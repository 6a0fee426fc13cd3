import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { harOf } from '../../domain/journal-formats.js';
import { transactionView } from '../../domain/wire-views.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import { ControlError } from './control-errors.js';
import { notificationView, paymentSummary, timelineEventView } from './control-views.js';

const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Downloads: one payment with everything hanging off it, and the request journal as HAR. */
export async function exportRoutes(app: FastifyInstance): Promise<void> {
  const services = app.sandbox;

  app.get('/payments/:paymentId/export', async (request, reply) => {
    const { paymentId } = request.params as { paymentId: string };
    const payment = services.payments.store.get(paymentId);
    if (!payment) throw new ControlError(404, 'ORDER_NOT_EXIST', `No payment ${paymentId}.`);
    reply.header('content-disposition', `attachment; filename="payment-${paymentId.replace(/[^\w.-]/g, '_')}.json"`);
    return {
      payment: paymentSummary(payment),
      events: services.payments.store.eventsOf(paymentId).map(timelineEventView),
      transactions: services.payments.store.transactionsOf(paymentId).map(transactionView),
      // each with its delivery attempts (`deliveries`)
      notifications: services.notifications.ofPayment(paymentId).map((n) => notificationView(services, n)),
    };
  });

  app.get('/requests.har', async (_request, reply) => {
    reply.header('content-disposition', 'attachment; filename="antom-sandbox-requests.har"');
    reply.type('application/json; charset=utf-8');
    return harOf(services.journal.list().reverse(), services.publicUrl(), VERSION);
  });
}
