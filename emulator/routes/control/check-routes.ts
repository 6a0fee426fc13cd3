import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ControlError, parseControl } from './control-errors.js';

export const DEFAULT_CHECK_CLIENT_ID = 'SANDBOX_DEMO_MERCHANT';

// built once, not per request
const checkBodySchema = z.object({
  notifyUrl: z.url({ protocol: /^https?$/ }).max(2048),
  clientId: z.string().min(1).max(64).default(DEFAULT_CHECK_CLIENT_ID),
  /** case ids or group names; a comma-separated string is accepted too */
  only: z
    .union([z.array(z.string().min(1).max(64)).max(64), z.string().max(2048)])
    .optional()
    .transform((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v)),
  withInquiry: z.boolean().default(false),
  inquiryWaitMs: z.number().int().min(0).max(60_000).default(3_000),
});

/** `POST /_sandbox/api/checks`: runs `antom-sandbox check` against a merchant's endpoint (issue #20). */
export async function checkRoutes(app: FastifyInstance): Promise<void> {
  const services = app.sandbox;
  app.post('/checks', async (request) => {
    const body = parseControl(checkBodySchema, request.body);
    // loaded at the first check, not at start-up (design.md: healthy in ≤ 300 ms)
    const { CASE_GROUPS, runCheck, unknownCaseNames } = await import('../../check/check-runner.js');
    if (!services.merchants.get(body.clientId)) {
      throw new ControlError(404, 'CLIENT_INVALID', `clientId: no merchant "${body.clientId}" is registered; register it first (POST /_sandbox/api/merchants) or leave clientId out for ${DEFAULT_CHECK_CLIENT_ID}.`);
    }
    const unknown = unknownCaseNames(body.only);
    if (unknown.length > 0) {
      throw new ControlError(400, 'BAD_REQUEST', `only: no case or group ${unknown.map((n) => `"${n}"`).join(', ')}; groups are ${CASE_GROUPS.join(', ')} (GET /_sandbox/api/checks/cases lists the case ids).`);
    }
    return runCheck(services, body);
  });

  app.get('/checks/cases', async () => {
    const { CASE_GROUPS, caseTable } = await import('../../check/check-runner.js');
    return { groups: CASE_GROUPS, cases: caseTable().map(({ id, title, group, required, expect }) => ({ id, title, group, required, expect })) };
  });
}
