import type { DeclineCode } from '../../../protocol/index.js';

/** The hosted pages speak Korean (the buyers' language, and the default) and English. */
export const PAGE_LANGUAGES = ['ko', 'en'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: PageLanguage = 'ko';

export const LANGUAGE_NAMES: Readonly<Record<PageLanguage, string>> = { ko: '한국어', en: 'English' };

export function isPageLanguage(value: unknown): value is PageLanguage {
  return typeof value === 'string' && (PAGE_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The page language: an explicit `?lang=` (the switch on the page) wins, then the first
 * supported language of Accept-Language by quality, then Korean.
 */
export function pickLanguage(explicit: unknown, acceptLanguage: string | undefined): PageLanguage {
  if (typeof explicit === 'string' && isPageLanguage(explicit.toLowerCase())) return explicit.toLowerCase() as PageLanguage;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    // a stable sort keeps the header's order among equal qualities
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) if (isPageLanguage(entry.primary)) return entry.primary;
  return DEFAULT_LANGUAGE;
}

export type NoticeKind =
  | 'missingToken'
  | 'unknownToken'
  | 'unknownPage'
  | 'badForm'
  | 'wrongBrand'
  | 'alreadyPaid'
  | 'declined'
  | 'expired'
  | 'cancelled'
  | 'error';

interface NoticeText {
  title: string;
  message: string;
}

export interface PageText {
  htmlTitleSelection: string;
  htmlTitleIssuer: string;
  merchant: string;
  order: string;
  amount: string;
  chooseCard: string;
  chooseCardHint: string;
  issuerAuthentication: string;
  sandboxBadge: string;
  stepAuthenticate: string;
  methodAppCard: string;
  methodPassword: string;
  cardNumber: string;
  cardNumberHint: string;
  cardPassword: string;
  cardPasswordHint: string;
  approve: string;
  stepOutcome: string;
  declineWith: string;
  decline: string;
  cancel: string;
  otherCard: string;
  backToMerchant: string;
  languageSwitch: string;
  declineCodes: Readonly<Record<DeclineCode, string>>;
  notices: Readonly<Record<NoticeKind, NoticeText>>;
}

const KO: PageText = {
  htmlTitleSelection: '카드 선택',
  htmlTitleIssuer: '카드 인증',
  merchant: '가맹점',
  order: '주문',
  amount: '결제 금액',
  chooseCard: '결제할 카드를 선택하세요',
  chooseCardHint: '카드사를 선택하면 카드사 인증 화면으로 이동합니다.',
  issuerAuthentication: '카드사 본인 인증',
  sandboxBadge: '테스트 환경 (antom-sandbox)',
  stepAuthenticate: '1. 인증 방법',
  methodAppCard: '앱카드 인증',
  methodPassword: '카드 번호와 비밀번호',
  cardNumber: '카드 번호',
  cardNumberHint: '테스트 카드 번호',
  cardPassword: '카드 비밀번호 앞 2자리',
  cardPasswordHint: '아무 숫자 2자리',
  approve: '인증하고 결제하기',
  stepOutcome: '2. 다른 결과 시험하기',
  declineWith: '거절 사유',
  decline: '카드사 거절',
  cancel: '취소하고 가맹점으로 돌아가기',
  otherCard: '다른 카드 선택',
  backToMerchant: '가맹점으로 돌아가기',
  languageSwitch: '언어',
  declineCodes: {
    DO_NOT_HONOR: '카드사 승인 거절 (DO_NOT_HONOR)',
    USER_BALANCE_NOT_ENOUGH: '잔액 부족 (USER_BALANCE_NOT_ENOUGH)',
    INVALID_AMOUNT: '금액 오류 (INVALID_AMOUNT)',
    RISK_REJECT: '위험 거래 거절 (RISK_REJECT)',
    CARD_NOT_SUPPORTED: '지원하지 않는 카드 (CARD_NOT_SUPPORTED)',
    INVALID_CARD_NUMBER: '카드 번호 오류 (INVALID_CARD_NUMBER)',
    USER_AMOUNT_EXCEED_LIMIT: '한도 초과 (USER_AMOUNT_EXCEED_LIMIT)',
  },
  notices: {
    missingToken: { title: '잘못된 주소', message: '결제 주소에 sessionData가 없습니다. 가맹점에서 받은 주소 그대로 열어 주세요.' },
    unknownToken: { title: '유효하지 않은 결제 링크', message: '이 결제 링크를 찾을 수 없습니다. 주소가 잘렸거나 위조되었을 수 있습니다.' },
    unknownPage: { title: '페이지를 찾을 수 없습니다', message: '이 주소에는 결제 페이지가 없습니다.' },
    badForm: { title: '입력 오류', message: '보낸 양식을 처리할 수 없습니다.' },
    wrongBrand: { title: '다른 카드사의 결제', message: '이 결제는 다른 카드사로 진행되어야 합니다.' },
    alreadyPaid: { title: '이미 결제되었습니다', message: '이 결제는 이미 승인되었습니다. 다시 결제되지 않습니다.' },
    declined: { title: '결제가 거절되었습니다', message: '이 결제는 이미 종료되었습니다. 다시 시도하려면 가맹점에서 새로 결제해 주세요.' },
    expired: { title: '결제 시간이 만료되었습니다', message: '결제 가능 시간이 지나 이 결제는 종료되었습니다. 가맹점에서 새로 결제해 주세요.' },
    cancelled: { title: '취소된 결제입니다', message: '가맹점이 이 결제를 취소했습니다. 더 이상 진행할 수 없습니다.' },
    error: { title: '일시적인 오류', message: '요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.' },
  },
};

const EN: PageText = {
  htmlTitleSelection: 'Choose a card',
  htmlTitleIssuer: 'Card authentication',
  merchant: 'Merchant',
  order: 'Order',
  amount: 'Amount',
  chooseCard: 'Choose the card to pay with',
  chooseCardHint: 'You will be taken to the card issuer to authenticate.',
  issuerAuthentication: 'Issuer authentication',
  sandboxBadge: 'Test environment (antom-sandbox)',
  stepAuthenticate: '1. Authenticate',
  methodAppCard: 'App card',
  methodPassword: 'Card number and password',
  cardNumber: 'Card number',
  cardNumberHint: 'Test card number',
  cardPassword: 'First 2 digits of the card password',
  cardPasswordHint: 'any 2 digits',
  approve: 'Authenticate and pay',
  stepOutcome: '2. Try another outcome',
  declineWith: 'Decline reason',
  decline: 'Issuer declines',
  cancel: 'Cancel and return to the merchant',
  otherCard: 'Choose another card',
  backToMerchant: 'Return to the merchant',
  languageSwitch: 'Language',
  declineCodes: {
    DO_NOT_HONOR: 'Declined by the issuer (DO_NOT_HONOR)',
    USER_BALANCE_NOT_ENOUGH: 'Insufficient balance (USER_BALANCE_NOT_ENOUGH)',
    INVALID_AMOUNT: 'Invalid amount (INVALID_AMOUNT)',
    RISK_REJECT: 'Rejected for risk (RISK_REJECT)',
    CARD_NOT_SUPPORTED: 'Card not supported (CARD_NOT_SUPPORTED)',
    INVALID_CARD_NUMBER: 'Invalid card number (INVALID_CARD_NUMBER)',
    USER_AMOUNT_EXCEED_LIMIT: 'Over the card limit (USER_AMOUNT_EXCEED_LIMIT)',
  },
  notices: {
    missingToken: { title: 'Incomplete address', message: 'The payment address has no sessionData. Open the address exactly as the merchant gave it.' },
    unknownToken: { title: 'Invalid payment link', message: 'This payment link does not exist. It may have been cut short or forged.' },
    unknownPage: { title: 'Page not found', message: 'There is no payment page at this address.' },
    badForm: { title: 'Invalid form', message: 'The submitted form could not be processed.' },
    wrongBrand: { title: 'Another issuer', message: 'This payment must be completed with another card issuer.' },
    alreadyPaid: { title: 'Already paid', message: 'This payment is already authorized. It will not be charged again.' },
    declined: { title: 'Payment declined', message: 'This payment has ended. Start a new payment at the merchant to try again.' },
    expired: { title: 'Payment expired', message: 'The time to complete this payment has passed and it is closed. Start a new payment at the merchant.' },
    cancelled: { title: 'Payment cancelled', message: 'The merchant cancelled this payment. It can no longer be completed.' },
    error: { title: 'Temporary error', message: 'The request could not be processed. Please try again shortly.' },
  },
};

export const PAGE_TEXT: Readonly<Record<PageLanguage, PageText>> = { ko: KO, en: EN };
