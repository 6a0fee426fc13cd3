import { z } from 'zod';
import { resultSchema, text } from './common.js';

/** cancel (protocol §5): paymentId or paymentRequestId. */
export const cancelRequestSchema = z
  .object({
    paymentId: text(64).optional(),
    paymentRequestId: text(64).optional(),
  })
  .refine((r) => r.paymentId !== undefined || r.paymentRequestId !== undefined, {
    error: 'one of paymentId or paymentRequestId is required.',
    path: ['paymentId'],
  });
export type CancelRequest = z.input<typeof cancelRequestSchema>;

export const cancelResponseSchema = z.object({
  result: resultSchema,
  paymentId: z.string().optional(),
  paymentRequestId: z.string().optional(),
  cancelTime: z.string().optional(),
});
export type CancelResponse = z.infer<typeof cancelResponseSchema>;
