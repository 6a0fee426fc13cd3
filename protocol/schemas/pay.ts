import { z } from 'zod';
import { amountSchema, httpUrl, paymentResultInfoSchema, resultSchema, text, wireBoolean } from './common.js';

const cardOptions = {
  requireIssuerAuthentication: wireBoolean.optional(),
  selectedCardBrand: z.string().max(64).optional(),
};

/** pay for South Korean issuer-authenticated cards (protocol §4); unknown fields are accepted. */
export const payRequestSchema = z.object({
  productCode: z.literal('CASHIER_PAYMENT', { error: 'must be "CASHIER_PAYMENT".' }),
  paymentRequestId: text(64),
  order: z.object({
    orderAmount: amountSchema,
    referenceOrderId: text(64),
    orderDescription: text(256),
    buyer: z
      .object({
        referenceBuyerId: z.string().max(64).optional(),
        buyerEmail: z.string().max(64).optional(),
        buyerPhoneNo: z.string().max(24).optional(),
        buyerName: z.unknown().optional(),
      })
      .optional(),
    goods: z.array(z.record(z.string(), z.unknown())).max(100).optional(),
  }),
  paymentAmount: amountSchema,
  paymentMethod: z.object({
    paymentMethodType: z.literal('CARD', { error: 'must be "CARD" for South Korean cards.' }),
    paymentMethodMetaData: z.object(cardOptions).optional(),
    ...cardOptions,
  }),
  paymentFactor: z
    .object({
      isAuthorization: wireBoolean.optional(),
      captureMode: z.enum(['AUTOMATIC', 'MANUAL']).optional(),
    })
    .optional(),
  paymentRedirectUrl: httpUrl(2048),
  paymentNotifyUrl: httpUrl(2048).optional(),
  paymentExpiryTime: z.string().max(64).optional(),
  settlementStrategy: z.object({ settlementCurrency: z.string().max(3).optional() }).optional(),
  env: z
    .object({
      terminalType: z.enum(['WEB', 'WAP', 'APP', 'MINI_APP']).optional(),
      osType: z.string().max(32).optional(),
      clientIp: z.string().max(64).optional(),
    })
    .optional(),
});
export type PayRequest = z.input<typeof payRequestSchema>;
export type ParsedPayRequest = z.output<typeof payRequestSchema>;

export const redirectActionFormSchema = z.object({
  method: z.literal('GET'),
  redirectUrl: z.string(),
});

export const payResponseSchema = z.object({
  result: resultSchema,
  paymentRequestId: z.string().optional(),
  paymentId: z.string().optional(),
  paymentAmount: amountSchema.optional(),
  paymentCreateTime: z.string().optional(),
  paymentTime: z.string().optional(),
  normalUrl: z.string().optional(),
  redirectActionForm: redirectActionFormSchema.optional(),
  paymentActionForm: z.string().optional(),
  paymentResultInfo: paymentResultInfoSchema.optional(),
});
export type PayResponse = z.infer<typeof payResponseSchema>;
