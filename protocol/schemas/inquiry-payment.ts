import { z } from 'zod';
import { amountSchema, paymentResultInfoSchema, resultSchema, text } from './common.js';

/** inquiryPayment (protocol §7): paymentId or paymentRequestId, paymentId wins. */
export const inquiryPaymentRequestSchema = z
  .object({
    paymentId: text(64).optional(),
    paymentRequestId: text(64).optional(),
  })
  .refine((r) => r.paymentId !== undefined || r.paymentRequestId !== undefined, {
    error: 'one of paymentId or paymentRequestId is required.',
    path: ['paymentId'],
  });
export type InquiryPaymentRequest = z.input<typeof inquiryPaymentRequestSchema>;

export const PAYMENT_STATUSES = ['PROCESSING', 'SUCCESS', 'FAIL', 'CANCELLED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const TRANSACTION_TYPES = ['CAPTURE', 'REFUND', 'CANCEL'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const transactionSchema = z.object({
  transactionType: z.enum(TRANSACTION_TYPES),
  transactionStatus: z.enum(['SUCCESS', 'FAIL', 'PROCESSING']),
  transactionResult: resultSchema,
  transactionId: z.string(),
  transactionRequestId: z.string(),
  transactionAmount: amountSchema,
  transactionTime: z.string().optional(),
});
export type Transaction = z.infer<typeof transactionSchema>;

export const inquiryPaymentResponseSchema = z.object({
  result: resultSchema,
  paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
  paymentResultCode: z.string().optional(),
  paymentResultMessage: z.string().optional(),
  paymentId: z.string().optional(),
  paymentRequestId: z.string().optional(),
  paymentAmount: amountSchema.optional(),
  paymentCreateTime: z.string().optional(),
  paymentTime: z.string().optional(),
  paymentMethodType: z.string().optional(),
  paymentResultInfo: paymentResultInfoSchema.optional(),
  transactions: z.array(transactionSchema).optional(),
});
export type InquiryPaymentResponse = z.infer<typeof inquiryPaymentResponseSchema>;
