import { z } from 'zod';
import { amountSchema, resultSchema, text } from './common.js';

/** capture: accepted on the wire, refused for this method (protocol §5, captured automatically). */
export const captureRequestSchema = z.object({
  captureRequestId: text(64),
  paymentId: text(64),
  captureAmount: amountSchema,
  isLastCapture: z.unknown().optional(),
});
export type CaptureRequest = z.input<typeof captureRequestSchema>;

export const captureResponseSchema = z.object({
  result: resultSchema,
  captureRequestId: z.string().optional(),
  captureId: z.string().optional(),
  paymentId: z.string().optional(),
  captureAmount: amountSchema.optional(),
  captureTime: z.string().optional(),
});
export type CaptureResponse = z.infer<typeof captureResponseSchema>;
