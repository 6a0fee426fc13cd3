import type { FastifyInstance } from 'fastify';
import {
  API_PREFIXES,
  cancelRequestSchema,
  captureRequestSchema,
  inquiryPaymentRequestSchema,
  inquiryRefundRequestSchema,
  parseWire,
  payRequestSchema,
  refundRequestSchema,
  type AntomApi,
} from '../../../protocol/index.js';
import { hotSchema } from './hot-schema.js';

/** The six Antom payment APIs, under both prefixes (protocol §1). Each handler: parse, call, reply. */
export async function paymentRoutes(app: FastifyInstance): Promise<void> {
  const { payments } = app.sandbox;
  // the two calls a checkout repeats most (bench/pay, bench/scale) get zod's compiled fast path
  const payRequest = hotSchema(payRequestSchema);
  const inquiryPaymentRequest = hotSchema(inquiryPaymentRequestSchema);
  const handlers: Record<AntomApi, (clientId: string, json: unknown) => unknown> = {
    pay: (clientId, json) => payments.pay(clientId, parseWire(payRequest(), json)),
    inquiryPayment: (clientId, json) => payments.inquiry(clientId, parseWire(inquiryPaymentRequest(), json)),
    cancel: (clientId, json) => payments.cancel(clientId, parseWire(cancelRequestSchema, json)),
    refund: (clientId, json) => payments.refund(clientId, parseWire(refundRequestSchema, json)),
    inquiryRefund: (clientId, json) => payments.inquiryRefund(clientId, parseWire(inquiryRefundRequestSchema, json)),
    capture: (clientId, json) => payments.capture(clientId, parseWire(captureRequestSchema, json).paymentId),
  };
  for (const prefix of API_PREFIXES) {
    for (const [api, handle] of Object.entries(handlers) as Array<[AntomApi, (clientId: string, json: unknown) => unknown]>) {
      app.post(`${prefix}${api}`, { config: { antomApi: api } }, async (request) => handle(request.antom.clientId, request.antom.json));
    }
  }
}
