import { z } from 'zod';
import { amountSchema, httpUrl, resultSchema, text } from './common.js';

/** refund (protocol §8) */
export const refundRequestSchema = z.object({
  refundRequestId: text(64),
  paymentId: text(64),
  refundAmount: amountSchema,
  referenceRefundId: z.string().max(64).optional(),
  refundReason: z.string().max(256).optional(),
  refundNotifyUrl: httpUrl(1024).optional(),
});
export type RefundRequest = z.input<typeof refundRequestSchema>;

export const refundResponseSchema = z.object({
  result: resultSchema,
  refundRequestId: z.string().optional(),
  refundId: z.string().optional(),
  paymentId: z.string().optional(),
  refundAmount: amountSchema.optional(),
  refundTime: z.string().optional(),
});
export type RefundResponse = z.infer<typeof refundResponseSchema>;

/** inquiryRefund: refundId or refundRequestId, refundId wins. */
export const inquiryRefundRequestSchema = z
  .object({
    refundId: text(64).optional(),
    refundRequestId: text(64).optional(),
  })
  .refine((r) => r.refundId !== undefined || r.refundRequestId !== undefined, {
    error: 'one of refundId or refundRequestId is required.',
    path: ['refundId'],
  });
export type InquiryRefundRequest = z.input<typeof inquiryRefundRequestSchema>;

export const REFUND_STATUSES = ['SUCCESS', 'PROCESSING', 'FAIL'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const inquiryRefundResponseSchema = z.object({
  result: resultSchema,
  refundId: z.string().optional(),
  refundRequestId: z.string().optional(),
  paymentId: z.string().optional(),
  refundAmount: amountSchema.optional(),
  refundStatus: z.enum(REFUND_STATUSES).optional(),
  refundTime: z.string().optional(),
});
export type InquiryRefundResponse = z.infer<typeof inquiryRefundResponseSchema>;
