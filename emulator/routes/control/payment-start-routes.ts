import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CARD_BRANDS, findCardBrand } from '../../../protocol/index.js';
import { effectName } from '../../domain/magic-amount-names.js';
import { NoPrivateKeyError, SelfCallError } from '../../services/payment-starter.js';
import { ControlError, parseControl } from './control-errors.js';

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

// built once, not per request
const startPaymentSchema = z.object({
  clientId: z.string().min(1).max(64),
  amount: z.string().regex(/^(0|[1-9]\d{0,15})$/, 'KRW in whole won: digits only, no sign, decimals or leading zeros'),
  cardBrand: z
    .string()
    .max(32)
    .refine((brand) => findCardBrand(brand) !== undefined, `not a card brand; use one of ${CARD_BRANDS.join(', ')}`)
    .transform((brand) => findCardBrand(brand)!)
    .optional(),
  notifyUrl: httpUrl.optional(),
  redirectUrl: httpUrl.optional(),
  orderDescription: z.string().min(1).max(256).optional(),
  referenceOrderId: z.string().min(1).max(64).optional(),
});

/**
 * Starting a payment from the control page (issue 17): the sandbox signs a real pay request
 * as the merchant and sends it to its own Antom API; and the magic amounts the page offers.
 */
export async function paymentStartRoutes(app: FastifyInstance): Promise<void> {
  const { starter, merchants, scenarios } = app.sandbox;

  app.post('/payments', async (request, reply) => {
    const input = parseControl(startPaymentSchema, request.body);
    if (!merchants.get(input.clientId)) throw new ControlError(404, 'NOT_FOUND', `clientId: no merchant ${input.clientId}; register it with POST /_sandbox/api/merchants {clientId, publicKey, privateKey}.`);
    try {
      const started = await starter.start(input);
      reply.code(started.paymentId ? 201 : 200);
      return started;
    } catch (error) {
      if (error instanceof NoPrivateKeyError) throw new ControlError(409, 'NO_PRIVATE_KEY', error.message);
      if (error instanceof SelfCallError) throw new ControlError(502, 'NO_ANSWER', error.message);
      throw error;
    }
  });

  app.get('/magic-amounts', async () => ({
    currency: 'KRW',
    amounts: scenarios.magicAmounts.map((m) => ({
      amount: m.amount,
      name: effectName(m.effect, m.oncePer),
      description: m.description,
      // a fault of pay itself means no payment page to open
      startsPayment: !(m.match.api === 'pay' && (m.effect.resultCode !== undefined || m.effect.noAnswer || m.effect.dropConnection || m.effect.httpStatus !== undefined)),
      match: m.match,
      effect: m.effect,
      ...(m.oncePer ? { oncePer: m.oncePer } : {}),
    })),
  }));
}
