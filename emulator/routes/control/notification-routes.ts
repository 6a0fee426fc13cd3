import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NOTIFICATION_STATES, type NotificationState, type NotificationStatus } from '../../domain/notification-records.js';
import type { SandboxServices } from '../../services/sandbox-services.js';
import { ControlError, parseControl } from './control-errors.js';
import { notificationView } from './control-views.js';

const STORED_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'UNDELIVERABLE'] as const satisfies readonly NotificationStatus[];
export const MAX_REDELIVER = 100;

// built once, not per request
const notificationListQuerySchema = z.object({
  paymentId: z.string().max(128).optional(),
  // the page's views (pending, failed, delivered) or one stored status
  status: z.enum([...(Object.keys(NOTIFICATION_STATES) as NotificationState[]), ...STORED_STATUSES]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const redeliverBodySchema = z.object({ ids: z.array(z.string().min(1).max(128)).min(1).max(MAX_REDELIVER) });

function storedStatusesOf(status: string | undefined): readonly string[] | undefined {
  if (status === undefined) return undefined;
  return status in NOTIFICATION_STATES ? NOTIFICATION_STATES[status as NotificationState] : [status];
}

export interface RedeliveryResult {
  id: string;
  ok: boolean;
  status: string | null;
  error?: string;
}

/** Sends one notification again now; `ok` is whether that attempt was acknowledged. */
export async function redeliverOne(services: SandboxServices, id: string): Promise<RedeliveryResult> {
  const before = services.notifications.get(id);
  if (!before) return { id, ok: false, status: null, error: `No notification ${id}.` };
  const delivery = services.outbox.redeliver(id);
  if (!delivery) return { id, ok: false, status: before.status, error: 'The notification has no notify URL; set paymentNotifyUrl or the merchant notifyUrl.' };
  await delivery;
  const after = services.notifications.get(id)!;
  const last = services.notifications.attemptsOf(id).at(-1);
  if (last?.ok) return { id, ok: true, status: after.status };
  const why = last ? (last.error ?? `HTTP ${last.httpStatus ?? '?'}: the answer was not the acknowledgement`) : 'not attempted';
  return { id, ok: false, status: after.status, error: why };
}

/** The notification outbox (design.md "Control API"): list, one, redeliver one or many. */
export async function notificationRoutes(app: FastifyInstance): Promise<void> {
  const services = app.sandbox;

  app.get('/notifications', async (request) => {
    const query = parseControl(notificationListQuerySchema, request.query);
    const list = services.notifications.list({ paymentId: query.paymentId, status: storedStatusesOf(query.status), limit: query.limit });
    return { notifications: list.map((n) => notificationView(services, n)) };
  });

  app.get('/notifications/:id', async (request) => {
    const { id } = request.params as { id: string };
    const notification = services.notifications.get(id);
    if (!notification) throw new ControlError(404, 'NOT_FOUND', `No notification ${id}.`);
    return notificationView(services, notification);
  });

  // registered before /notifications/:id/redeliver: "redeliver" is not an id
  app.post('/notifications/redeliver', async (request) => {
    const { ids } = parseControl(redeliverBodySchema, request.body);
    const unique = [...new Set(ids)];
    return { results: await Promise.all(unique.map((id) => redeliverOne(services, id))) };
  });

  app.post('/notifications/:id/redeliver', async (request) => {
    const { id } = request.params as { id: string };
    const result = await redeliverOne(services, id);
    if (result.status === null) throw new ControlError(404, 'NOT_FOUND', result.error!);
    if (!result.ok && services.notifications.get(id)!.url === null) throw new ControlError(409, 'UNDELIVERABLE', result.error!);
    return notificationView(services, services.notifications.get(id)!);
  });
}
