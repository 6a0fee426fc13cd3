import { z } from 'zod';

/** A required string of at most `max` characters (protocol sizes are maxima). */
export const text = (max: number) => z.string().min(1).max(max);

/** Booleans arrive as JSON booleans or as the strings "true"/"false" (protocol §4). */
export const wireBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const amountSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code such as "KRW".' }),
  value: z.string().max(20),
});

export const httpUrl = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    }, { error: 'must be an absolute http(s) URL.' });

export const resultSchema = z.object({
  resultCode: z.string(),
  resultStatus: z.enum(['S', 'F', 'U']),
  resultMessage: z.string(),
});
export type WireResult = z.infer<typeof resultSchema>;

/** Every response carries a result; the rest depends on the API and the outcome. */
export const resultOnlyResponseSchema = z.object({ result: resultSchema });

export const paymentResultInfoSchema = z.object({
  cardBrand: z.string().optional(),
  cardNo: z.string().optional(),
  issuingCountry: z.string().optional(),
  paymentMethodRegion: z.string().optional(),
  funding: z.string().optional(),
  lastFour: z.string().optional(),
});
export type PaymentResultInfo = z.infer<typeof paymentResultInfoSchema>;
