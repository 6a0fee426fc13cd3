import { z } from 'zod';

/**
 * A time bound in a control API query: epoch milliseconds ("1764979200000") or an ISO 8601
 * date or date-time ("2026-12-06", "2026-12-06T10:00:00+09:00"); parsed to epoch ms.
 */
export const timeBoundSchema = z.string().transform((text, ctx) => {
  const trimmed = text.trim();
  if (/^\d{1,15}$/.test(trimmed)) return Number(trimmed);
  const ms = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is neither epoch milliseconds nor an ISO 8601 date-time (e.g. 2026-12-06T10:00:00+09:00)` });
    return z.NEVER;
  }
  return ms;
});
