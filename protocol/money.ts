import { AntomError, paramIllegal } from './antom-error.js';

/** An amount on the wire: `value` is a string of the amount in the currency's smallest unit. */
export interface Amount {
  currency: string;
  value: string;
}

/** Minor-unit digits per currency; KRW has none (protocol §4: "46000" is ₩46,000). */
const MINOR_UNITS: Readonly<Record<string, number>> = { KRW: 0 };

export const SUPPORTED_CURRENCIES = Object.keys(MINOR_UNITS);

/** Largest amount the sandbox stores exactly (SQLite INTEGER and JS safe integers agree). */
const MAX_VALUE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses an amount value: digits only, no sign, no decimals, no leading zeros, > 0.
 * Returns the value as a number of the smallest unit.
 */
export function parseAmountValue(value: string, field: string): number {
  if (!/^\d+$/.test(value)) {
    throw paramIllegal(field, `"${value}" is not an amount: send whole units of the smallest currency unit as digits only (no sign, decimals or spaces), e.g. "46000".`);
  }
  if (value.length > 1 && value.startsWith('0')) {
    throw paramIllegal(field, `"${value}" has leading zeros.`);
  }
  if (BigInt(value) > MAX_VALUE) throw paramIllegal(field, `"${value}" is too large.`);
  const amount = Number(value);
  if (amount <= 0) throw paramIllegal(field, 'the amount must be greater than zero.');
  return amount;
}

export function assertSupportedCurrency(currency: string): void {
  if (!Object.hasOwn(MINOR_UNITS, currency)) {
    throw new AntomError(
      'CURRENCY_NOT_SUPPORT',
      `Currency "${currency}" is not supported for South Korean cards; supported: ${SUPPORTED_CURRENCIES.join(', ')}.`,
    );
  }
}

/** ₩46,000 for KRW; other currencies as "<value> <currency>". */
export function formatAmountForDisplay(amount: Amount, locale = 'ko-KR'): string {
  if (amount.currency === 'KRW') {
    return `₩${Number(amount.value).toLocaleString(locale === 'ko-KR' ? 'ko-KR' : 'en-US')}`;
  }
  return `${amount.value} ${amount.currency}`;
}
