import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Merchant } from '../../services/merchant-registry.js';
import { parseControl } from './control-errors.js';

// built once, not per request
const merchantBodySchema = z.object({
  clientId: z.string().min(1).max(64),
  publicKey: z.string().min(1).max(10_000),
  /** optional: lets the control page start payments as this merchant (never shown back) */
  privateKey: z.string().min(1).max(10_000).nullish(),
  notifyUrl: z.url({ protocol: /^https?$/ }).nullish(),
  name: z.string().max(128).nullish(),
});

/** A merchant as the control API shows it: never its private key, only whether one is held. */
export function merchantView(m: Merchant) {
  return { clientId: m.clientId, name: m.name, notifyUrl: m.notifyUrl, publicKeyPem: m.publicKeyPem, canStartPayments: m.privateKey !== null };
}

/** Registered merchants (design.md "Control API"). */
export async function merchantRoutes(app: FastifyInstance): Promise<void> {
  const { merchants } = app.sandbox;

  app.get('/merchants', async () => ({ merchants: merchants.list().map(merchantView) }));

  app.post('/merchants', async (request, reply) => {
    const body = parseControl(merchantBodySchema, request.body);
    const merchant = merchants.register(body);
    reply.code(201);
    return merchantView(merchant);
  });
}
