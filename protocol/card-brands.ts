import { paramIllegal } from './antom-error.js';

/** Korean issuer brand codes as in the official SDKs' CardBrand enum (protocol §4). */
export const CARD_BRANDS = [
  'HYUNDAI', 'SAMSUNG', 'SHINHAN', 'KOOKMIN', 'LOTTE', 'BC', 'KEBHANA', 'NONGHYUP', 'WOORI', 'CITI',
  'KAKAOBANK', 'TOSSBANK', 'KBANK', 'IBK_BC', 'SUHYEOP', 'JEONBUKBANK', 'GWANGJUBANK', 'JEJUBANK',
  'KDBBANK', 'POST', 'SAEMAUL', 'SHINHYEOP', 'SAVINGBANK',
] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/** [sandbox choice] common short names merchants use for three issuers */
export const CARD_BRAND_ALIASES: Readonly<Record<string, CardBrand>> = {
  KB: 'KOOKMIN',
  HANA: 'KEBHANA',
  NH: 'NONGHYUP',
};

export function isCardBrand(code: string): code is CardBrand {
  return (CARD_BRANDS as readonly string[]).includes(code);
}

/** Returns the canonical brand for a code or alias (case-insensitive), or undefined. */
export function findCardBrand(input: string): CardBrand | undefined {
  const code = input.trim().toUpperCase();
  if (isCardBrand(code)) return code;
  return CARD_BRAND_ALIASES[code];
}

export function normalizeCardBrand(input: string, field = 'paymentMethod.paymentMethodMetaData.selectedCardBrand'): CardBrand {
  const brand = findCardBrand(input);
  if (!brand) {
    throw paramIllegal(field, `unknown card brand "${input}"; supported: ${CARD_BRANDS.join(', ')} (aliases: KB, HANA, NH).`);
  }
  return brand;
}
