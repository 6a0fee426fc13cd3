import { describe, expect, it } from 'vitest';
import { CARD_BRANDS } from '../../protocol/index.js';
import type { PaymentRecord } from '../../emulator/domain/records.js';
import {
  brandColours,
  brandSelectionModel,
  isRepeatOfOutcome,
  issuerModel,
  noticeModel,
  paymentNoticeKind,
  safeLink,
} from '../../emulator/routes/pages/page-models.js';
import { BrandCatalogue } from '../../emulator/services/brand-catalogue.js';

const brands = BrandCatalogue.fromFile();
const NOW = 1_800_000_000_000;

function payment(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    paymentId: 'P1', clientId: 'C', paymentRequestId: 'R1', referenceOrderId: 'O1', orderDescription: 'Jeju <b>tea</b> & "cups"',
    status: 'PROCESSING', resultCode: 'PAYMENT_IN_PROCESS', resultMessage: '', amountValue: 46000, currency: 'KRW',
    createdAt: NOW - 1000, expiresAt: NOW + 60_000, paidAt: null, cancelledAt: null, closedAt: null, selectedCardBrand: null,
    cardBrand: null, cardNo: null, redirectUrl: 'https://shop.example/return?o=1', notifyUrl: null, terminalType: 'WAP',
    pageToken: 'tok/en+=', captureState: 'NONE', captureDueAt: null, fingerprint: '', payResponse: '{}',
    ...overrides,
  };
}

describe('paymentNoticeKind', () => {
  it.each<[Partial<PaymentRecord>, string | undefined]>([
    [{}, undefined],
    [{ expiresAt: NOW }, 'expired'],
    [{ status: 'SUCCESS', resultCode: 'SUCCESS' }, 'alreadyPaid'],
    [{ status: 'CANCELLED', resultCode: 'ORDER_IS_CANCELED' }, 'cancelled'],
    [{ status: 'FAIL', resultCode: 'ORDER_IS_CLOSED' }, 'expired'],
    [{ status: 'FAIL', resultCode: 'DO_NOT_HONOR' }, 'declined'],
  ])('%j → %s', (overrides, kind) => {
    expect(paymentNoticeKind(payment(overrides), NOW)).toBe(kind);
  });
});

describe('isRepeatOfOutcome', () => {
  const paid = payment({ status: 'SUCCESS', cardBrand: 'HYUNDAI' });
  const declined = payment({ status: 'FAIL', resultCode: 'USER_BALANCE_NOT_ENOUGH', cardBrand: 'HYUNDAI' });
  it('a second approve of a payment this brand approved is a repeat', () => {
    expect(isRepeatOfOutcome(paid, { action: 'approve' }, 'HYUNDAI')).toBe(true);
  });
  it('another brand, another outcome, or a cancel is not', () => {
    expect(isRepeatOfOutcome(paid, { action: 'approve' }, 'SAMSUNG')).toBe(false);
    expect(isRepeatOfOutcome(paid, { action: 'decline', resultCode: 'DO_NOT_HONOR' }, 'HYUNDAI')).toBe(false);
    expect(isRepeatOfOutcome(paid, { action: 'cancel' }, 'HYUNDAI')).toBe(false);
    expect(isRepeatOfOutcome(declined, { action: 'approve' }, 'HYUNDAI')).toBe(false);
  });
  it('a decline repeats only with the same code (DO_NOT_HONOR when none is given)', () => {
    expect(isRepeatOfOutcome(declined, { action: 'decline', resultCode: 'USER_BALANCE_NOT_ENOUGH' }, 'HYUNDAI')).toBe(true);
    expect(isRepeatOfOutcome(declined, { action: 'decline', resultCode: 'RISK_REJECT' }, 'HYUNDAI')).toBe(false);
    expect(isRepeatOfOutcome(payment({ status: 'FAIL', resultCode: 'DO_NOT_HONOR', cardBrand: 'BC' }), { action: 'decline' }, 'BC')).toBe(true);
  });
});

describe('safeLink and brandColours', () => {
  it.each([
    ['https://shop.example/a?b=1', 'https://shop.example/a?b=1'],
    ['http://127.0.0.1:3000/return', 'http://127.0.0.1:3000/return'],
    ['javascript:alert(1)', undefined],
    ['data:text/html,<script>', undefined],
    ['not a url', undefined],
    ['', undefined],
    [null, undefined],
  ])('safeLink(%j) → %j', (input, expected) => {
    expect(safeLink(input)).toBe(expected);
  });

  it('picks dark text on light brand colours and white on dark ones', () => {
    expect(brandColours('#ffbc00')).toEqual({ color: '#ffbc00', onColor: '#111111' });
    expect(brandColours('#1a1a1a')).toEqual({ color: '#1a1a1a', onColor: '#ffffff' });
    expect(brandColours('#FFF')).toEqual({ color: '#fff', onColor: '#111111' });
  });

  it('never passes a colour that is not plain hex into the style block', () => {
    expect(brandColours('red;}</style><script>')).toEqual({ color: '#444444', onColor: '#ffffff' });
  });
});

describe('brandSelectionModel', () => {
  it('lists every brand of the catalogue with its name, code and a link bound to the token', () => {
    const model = brandSelectionModel({ payment: payment(), merchantName: 'Demo Shop', brands: brands.all(), lang: 'ko', token: 'tok/en+=' });
    expect(model.brands.map((b) => b.code)).toEqual([...CARD_BRANDS]);
    expect(model.brands[0]).toEqual({
      code: 'HYUNDAI',
      name: '현대카드',
      otherName: 'Hyundai Card',
      href: '/checkout-page/pages/issuer/hyundai/index.html?sessionData=tok%2Fen%2B%3D&lang=ko',
    });
    expect(model.brands.find((b) => b.code === 'KOOKMIN')?.name).toBe('KB국민카드');
    expect(model.order).toEqual({ merchantName: 'Demo Shop', orderDescription: 'Jeju <b>tea</b> & "cups"', amount: '₩46,000' });
    expect(model.brandStyles).toHaveLength(CARD_BRANDS.length);
    expect(model.languages.map((l) => [l.code, l.current])).toEqual([['ko', true], ['en', false]]);
    expect(model.languages[1]!.href).toBe('/checkout-page/pages/payment/index.html?sessionData=tok%2Fen%2B%3D&lang=en');
  });

  it('speaks English with English names first', () => {
    const model = brandSelectionModel({ payment: payment(), merchantName: 'Demo Shop', brands: brands.all(), lang: 'en', token: 't' });
    expect(model.brands[0]).toMatchObject({ name: 'Hyundai Card', otherName: '현대카드' });
    expect(model.t.chooseCard).toBe('Choose the card to pay with');
  });
});

describe('issuerModel', () => {
  it('shows the brand, the test card as a hint, every decline code, and a way back to the brand list', () => {
    const model = issuerModel({ payment: payment(), merchantName: 'Demo Shop', brand: brands.get('HYUNDAI'), lang: 'ko', token: 't' });
    expect(model.brand).toMatchObject({ code: 'HYUNDAI', name: '현대카드', testCardNumber: '9490220011669217', testCardDisplay: '9490 2200 1166 9217' });
    expect(model.formAction).toBe('/checkout-page/pages/issuer/hyundai/index.html');
    expect(model.declineOptions.map((o) => o.code)).toContain('USER_BALANCE_NOT_ENOUGH');
    expect(model.otherCardHref).toBe('/checkout-page/pages/payment/index.html?sessionData=t&lang=ko');
    expect(model.title).toBe('현대카드 · 카드 인증');
  });

  it('offers no other card when the merchant chose the brand in pay', () => {
    const model = issuerModel({ payment: payment({ selectedCardBrand: 'KOOKMIN' }), merchantName: 'M', brand: brands.get('KOOKMIN'), lang: 'en', token: 't' });
    expect(model.otherCardHref).toBeUndefined();
    expect(model.brand.name).toBe('KB Kookmin Card');
  });
});

describe('noticeModel', () => {
  it('links back to the merchant only over http(s)', () => {
    expect(noticeModel({ kind: 'expired', lang: 'en', returnUrl: 'https://shop.example/r' })).toMatchObject({ heading: 'Payment expired', returnHref: 'https://shop.example/r' });
    expect(noticeModel({ kind: 'expired', lang: 'en', returnUrl: 'javascript:alert(1)' }).returnHref).toBeUndefined();
  });

  it('has language links only when it knows the token', () => {
    expect(noticeModel({ kind: 'unknownToken', lang: 'ko' }).languages).toEqual([]);
    expect(noticeModel({ kind: 'cancelled', lang: 'ko', token: 't', path: '/p' }).languages).toHaveLength(2);
  });
});
