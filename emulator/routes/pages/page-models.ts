import { DECLINE_CODES, formatAmountForDisplay, SANDBOX_RULES, type CardBrand } from '../../../protocol/index.js';
import { isPastExpiry } from '../../domain/payment-rules.js';
import type { PaymentRecord } from '../../domain/records.js';
import { BRAND_SELECTION_PATH, issuerPagePath as issuerPath } from '../../pages/page-urls.js';
import type { BrandInfo } from '../../services/brand-catalogue.js';
import { LANGUAGE_NAMES, PAGE_LANGUAGES, PAGE_TEXT, type NoticeKind, type PageLanguage, type PageText } from './page-text.js';

/**
 * View models of the hosted pages: plain data for the handlebars templates, built by pure
 * functions. Everything a merchant sent (description, names, URLs) is passed as text and
 * escaped by the templates; nothing here builds HTML.
 */

export interface LanguageLink {
  code: PageLanguage;
  label: string;
  href: string;
  current: boolean;
}

export interface BaseModel {
  lang: PageLanguage;
  t: PageText;
  title: string;
  languages: LanguageLink[];
  /** CSS custom properties per brand, for the nonce'd style block (no inline style attributes) */
  brandStyles: Array<{ code: CardBrand; color: string; onColor: string }>;
}

export interface OrderSummary {
  merchantName: string;
  orderDescription: string;
  amount: string;
}

/** The page a payment is on: open for the buyer, or closed for one of these reasons. */
export function paymentNoticeKind(payment: Pick<PaymentRecord, 'status' | 'resultCode' | 'expiresAt'>, now: number): NoticeKind | undefined {
  if (isPastExpiry(payment, now)) return 'expired';
  switch (payment.status) {
    case 'PROCESSING':
      return undefined;
    case 'SUCCESS':
      return 'alreadyPaid';
    case 'CANCELLED':
      return 'cancelled';
    case 'FAIL':
      return payment.resultCode === SANDBOX_RULES.expiredPaymentCode ? 'expired' : 'declined';
  }
}

/** A form post that repeats what already happened (a double click, the back button) is not an error. */
export function isRepeatOfOutcome(
  payment: Pick<PaymentRecord, 'status' | 'resultCode' | 'cardBrand'>,
  form: { action: 'approve' | 'decline' | 'cancel'; resultCode?: string | undefined },
  brand: CardBrand,
): boolean {
  if (payment.cardBrand !== brand) return false;
  if (form.action === 'approve') return payment.status === 'SUCCESS';
  if (form.action === 'decline') return payment.status === 'FAIL' && payment.resultCode === (form.resultCode ?? 'DO_NOT_HONOR');
  return false;
}

/** Only http(s) URLs become links: a `javascript:` URL must never be clickable. */
export function safeLink(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** The text colour readable on a brand colour (WCAG relative luminance); unknown colours fall back to grey. */
export function brandColours(color: string): { color: string; onColor: string } {
  if (!HEX_COLOUR.test(color)) return { color: '#444444', onColor: '#ffffff' };
  const hex = color.length === 4 ? color.slice(1).split('').map((c) => c + c).join('') : color.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const channel = parseInt(hex.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // contrast with white vs with near-black (#111, luminance ~0.0056)
  const onColor = (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.0556) ? '#ffffff' : '#111111';
  return { color: color.toLowerCase(), onColor };
}

function languageLinks(path: string, token: string, lang: PageLanguage): LanguageLink[] {
  return PAGE_LANGUAGES.map((code) => ({
    code,
    label: LANGUAGE_NAMES[code],
    href: `${path}?${new URLSearchParams({ sessionData: token, lang: code }).toString()}`,
    current: code === lang,
  }));
}

function summary(payment: PaymentRecord, merchantName: string, lang: PageLanguage): OrderSummary {
  return {
    merchantName,
    orderDescription: payment.orderDescription,
    amount: formatAmountForDisplay({ currency: payment.currency, value: String(payment.amountValue) }, lang === 'ko' ? 'ko-KR' : 'en-US'),
  };
}

export interface BrandButton {
  code: CardBrand;
  name: string;
  otherName: string;
  href: string;
}

export interface BrandSelectionModel extends BaseModel {
  order: OrderSummary;
  brands: BrandButton[];
}

export function brandSelectionModel(input: { payment: PaymentRecord; merchantName: string; brands: readonly BrandInfo[]; lang: PageLanguage; token: string }): BrandSelectionModel {
  const { payment, lang, token } = input;
  const t = PAGE_TEXT[lang];
  return {
    lang,
    t,
    title: t.htmlTitleSelection,
    languages: languageLinks(BRAND_SELECTION_PATH, token, lang),
    brandStyles: input.brands.map((b) => ({ code: b.code, ...brandColours(b.color) })),
    order: summary(payment, input.merchantName, lang),
    brands: input.brands.map((b) => ({
      code: b.code,
      name: lang === 'ko' ? b.nameKo : b.nameEn,
      otherName: lang === 'ko' ? b.nameEn : b.nameKo,
      href: `${issuerPath(b.code)}?${new URLSearchParams({ sessionData: token, lang }).toString()}`,
    })),
  };
}

export interface IssuerModel extends BaseModel {
  order: OrderSummary;
  brand: { code: CardBrand; name: string; otherName: string; testCardNumber: string; testCardDisplay: string };
  formAction: string;
  token: string;
  declineOptions: Array<{ code: string; label: string }>;
  /** a link back to the brand list, only when the merchant did not fix the brand */
  otherCardHref: string | undefined;
}

export function issuerModel(input: { payment: PaymentRecord; merchantName: string; brand: BrandInfo; lang: PageLanguage; token: string }): IssuerModel {
  const { payment, brand, lang, token } = input;
  const t = PAGE_TEXT[lang];
  return {
    lang,
    t,
    title: `${lang === 'ko' ? brand.nameKo : brand.nameEn} · ${t.htmlTitleIssuer}`,
    languages: languageLinks(issuerPath(brand.code), token, lang),
    brandStyles: [{ code: brand.code, ...brandColours(brand.color) }],
    order: summary(payment, input.merchantName, lang),
    brand: {
      code: brand.code,
      name: lang === 'ko' ? brand.nameKo : brand.nameEn,
      otherName: lang === 'ko' ? brand.nameEn : brand.nameKo,
      testCardNumber: brand.testCardNumber,
      testCardDisplay: brand.testCardNumber.replace(/(\d{4})(?=\d)/g, '$1 '),
    },
    formAction: issuerPath(brand.code),
    token,
    declineOptions: DECLINE_CODES.map((code) => ({ code, label: t.declineCodes[code] })),
    otherCardHref: payment.selectedCardBrand ? undefined : `${BRAND_SELECTION_PATH}?${new URLSearchParams({ sessionData: token, lang }).toString()}`,
  };
}

export interface NoticeModel extends BaseModel {
  kind: NoticeKind;
  heading: string;
  message: string;
  detail: string | undefined;
  returnHref: string | undefined;
}

/** A page that explains why nothing can be done here; `detail` is shown as text (e.g. a result code). */
export function noticeModel(input: { kind: NoticeKind; lang: PageLanguage; token?: string | undefined; path?: string | undefined; detail?: string | undefined; returnUrl?: string | null | undefined }): NoticeModel {
  const t = PAGE_TEXT[input.lang];
  const notice = t.notices[input.kind];
  return {
    lang: input.lang,
    t,
    title: notice.title,
    languages: input.token && input.path ? languageLinks(input.path, input.token, input.lang) : [],
    brandStyles: [],
    kind: input.kind,
    heading: notice.title,
    message: notice.message,
    detail: input.detail,
    returnHref: safeLink(input.returnUrl),
  };
}
