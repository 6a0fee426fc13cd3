import { describe, expect, it } from 'vitest';
import { AntomError, SANDBOX_RULES, payRequestSchema, payResponseSchema, type ParsedPayRequest } from '../../protocol/index.js';
import { checkPayRequest, newPayment } from '../../emulator/domain/new-payment.js';
import { payRequest } from '../support/sandbox-harness.js';

const NOW = Date.UTC(2026, 11, 6, 3, 0, 0);

const request = (overrides: Record<string, unknown> = {}): ParsedPayRequest => payRequestSchema.parse(payRequest({ paymentRequestId: 'REQ-1', ...overrides }));

function refusal(work: () => unknown): { code: string; message: string } {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AntomError);
    const result = (error as AntomError).toResult();
    return { code: result.resultCode, message: result.resultMessage };
  }
  throw new Error('expected an AntomError');
}

describe('checkPayRequest', () => {
  it('reads the amount, the brand chosen on the merchant page, the expiry and the replay fingerprint', () => {
    const terms = checkPayRequest(
      request({ paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { selectedCardBrand: 'hyundai' } }, paymentExpiryTime: '2026-12-06T12:30:00+09:00' }),
    );
    expect(terms).toEqual({ value: 46000, currency: 'KRW', brand: 'HYUNDAI', requestedExpiry: Date.parse('2026-12-06T03:30:00Z'), fingerprint: 'KRW|46000|CARD' });
    expect(checkPayRequest(request()).brand).toBeUndefined();
  });

  it.each([
    ['a negative amount', { paymentAmount: { currency: 'KRW', value: '-1' } }, 'PARAM_ILLEGAL', 'paymentAmount.value'],
    ['an order amount in another currency', { order: { orderAmount: { currency: 'USD', value: '46000' }, referenceOrderId: 'O', orderDescription: 'd' } }, 'PARAM_ILLEGAL', 'order.orderAmount.currency'],
    ['isAuthorization false', { paymentFactor: { isAuthorization: false } }, 'PARAM_ILLEGAL', 'paymentFactor.isAuthorization'],
    ['an expiry without an offset', { paymentExpiryTime: '2026-12-06 12:30' }, 'PARAM_ILLEGAL', 'paymentExpiryTime'],
    ['an unknown card brand', { paymentMethod: { paymentMethodType: 'CARD', selectedCardBrand: 'NOPE' } }, 'PARAM_ILLEGAL', 'paymentMethod.selectedCardBrand'],
  ])('refuses %s, naming the field', (_name, overrides, code, field) => {
    const refused = refusal(() => checkPayRequest(request(overrides)));
    expect(refused.code).toBe(code);
    expect(refused.message).toContain(field);
  });

  it('refuses manual capture with the sandbox rule', () => {
    expect(refusal(() => checkPayRequest(request({ paymentFactor: { captureMode: 'MANUAL' } }))).code).toBe(SANDBOX_RULES.manualCaptureModeOnPay.code);
  });
});

describe('newPayment', () => {
  it('creates a PROCESSING payment and the PAYMENT_IN_PROCESS answer stored with it for replays', () => {
    const req = request({ paymentNotifyUrl: 'https://merchant.example/notify', env: { terminalType: 'WAP' } });
    const normalUrl = 'http://localhost:4000/checkout/brand-selection?sessionData=TOKEN';
    const { payment, response } = newPayment({ clientId: 'C1', request: req, terms: checkPayRequest(req), paymentId: 'P1', pageToken: 'TOKEN', normalUrl, now: NOW });
    expect(payResponseSchema.safeParse(response).success).toBe(true);
    expect(response).toMatchObject({ result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U' }, paymentId: 'P1', paymentRequestId: 'REQ-1', normalUrl, paymentAmount: { currency: 'KRW', value: '46000' } });
    expect(JSON.parse(response.paymentActionForm!)).toEqual({ method: 'GET', paymentActionFormType: 'RedirectActionForm', redirectUrl: normalUrl });
    expect(payment).toMatchObject({
      paymentId: 'P1', clientId: 'C1', status: 'PROCESSING', resultCode: 'PAYMENT_IN_PROCESS', amountValue: 46000, currency: 'KRW',
      createdAt: NOW, expiresAt: NOW + SANDBOX_RULES.defaultPaymentExpiryMs, pageToken: 'TOKEN', captureState: 'NONE',
      notifyUrl: 'https://merchant.example/notify', terminalType: 'WAP', fingerprint: 'KRW|46000|CARD', selectedCardBrand: null,
    });
    expect(JSON.parse(payment.payResponse)).toEqual(response);
  });
});
