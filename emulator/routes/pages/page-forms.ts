import { z } from 'zod';
import { DECLINE_CODES, fieldPath } from '../../../protocol/index.js';
import { PageError } from './page-errors.js';

/** A blank form field means "not given". */
const optionalField = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** The page token: its creation time and 192 random bits (services/ids.ts); anything longer cannot be one. */
const token = z.string().min(1).max(128);

export const pageQuerySchema = z.object({
  sessionData: token,
  lang: z.string().max(16).optional(),
});
export type PageQuery = z.output<typeof pageQuerySchema>;

/**
 * The issuer page form. `sessionData` travels in the body, not only the URL: the unguessable
 * token is what binds a post to one payment, so a cross-site form without it gets nowhere.
 */
export const issuerFormSchema = z.object({
  sessionData: token,
  action: z.enum(['approve', 'decline', 'cancel']),
  resultCode: optionalField(z.enum(DECLINE_CODES)),
  method: optionalField(z.enum(['appCard', 'password'])),
  cardNumber: optionalField(
    z
      .string()
      .max(32)
      .transform((v) => v.replace(/[\s-]/g, ''))
      .refine((v) => /^\d{12,19}$/.test(v), 'must be 12 to 19 digits'),
  ),
  cardPassword: optionalField(z.string().regex(/^\d{2}$/, 'must be 2 digits')),
  lang: optionalField(z.string().max(16)),
});
export type IssuerForm = z.output<typeof issuerFormSchema>;

/** The token of a page request; a missing or malformed one is the buyer's 400, named. */
export function parsePageQuery(query: unknown): PageQuery {
  const parsed = pageQuerySchema.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new PageError(400, 'missingToken', `${fieldPath(issue.path) || 'query'}: ${issue.message}`);
}

export function parseIssuerForm(body: unknown): IssuerForm {
  const parsed = issuerFormSchema.safeParse(body !== null && typeof body === 'object' ? body : {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = fieldPath(issue.path) || 'form';
  // the token is what the buyer cannot fix by editing the form
  if (field === 'sessionData') throw new PageError(400, 'missingToken', `${field}: ${issue.message}`);
  throw new PageError(400, 'badForm', `${field}: ${issue.message}`);
}
