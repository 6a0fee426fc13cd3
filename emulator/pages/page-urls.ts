import type { CardBrand } from '../../protocol/index.js';

/** Hosted page addresses, shaped like Antom's checkout pages. The token binds a page to one payment. */
export const BRAND_SELECTION_PATH = '/checkout-page/pages/payment/index.html';
export const ISSUER_PAGE_PATH_PATTERN = '/checkout-page/pages/issuer/:brand/index.html';

export function issuerPagePath(brand: CardBrand): string {
  return `/checkout-page/pages/issuer/${brand.toLowerCase()}/index.html`;
}

export function brandSelectionUrl(publicUrl: string, token: string): string {
  return `${publicUrl}${BRAND_SELECTION_PATH}?sessionData=${encodeURIComponent(token)}`;
}

export function issuerPageUrl(publicUrl: string, token: string, brand: CardBrand): string {
  return `${publicUrl}${issuerPagePath(brand)}?sessionData=${encodeURIComponent(token)}`;
}
