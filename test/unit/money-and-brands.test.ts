import { describe, expect, it } from 'vitest';
import { AntomError, assertSupportedCurrency, findCardBrand, formatAmountForDisplay, normalizeCardBrand, parseAmountValue, formatAntomTime, parseAntomTime } from '../../protocol/index.js';

describe('KRW amounts', () => {
  it('parses whole won', () => {
    expect(parseAmountValue('46000', 'paymentAmount.value')).toBe(46000);
    expect(parseAmountValue('1', 'paymentAmount.value')).toBe(1);
  });

  it.each(['46000.00', '-46000', '046000', '4.6e4', 'abc', '', ' 46000', '0', '99999999999999999999'])('refuses "%s" with PARAM_ILLEGAL naming the field', (value) => {
    try {
      parseAmountValue(value, 'paymentAmount.value');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AntomError);
      expect((error as AntomError).code).toBe('PARAM_ILLEGAL');
      expect((error as AntomError).message).toMatch(/^paymentAmount\.value: /);
    }
  });

  it('supports KRW only, with CURRENCY_NOT_SUPPORT otherwise', () => {
    expect(() => assertSupportedCurrency('KRW')).not.toThrow();
    expect(() => assertSupportedCurrency('USD')).toThrow(expect.objectContaining({ code: 'CURRENCY_NOT_SUPPORT' }));
  });

  it('formats ₩46,000 for people', () => {
    expect(formatAmountForDisplay({ currency: 'KRW', value: '46000' })).toBe('₩46,000');
  });
});

describe('card brands', () => {
  it('knows the Korean issuers and the KB / HANA / NH aliases', () => {
    expect(findCardBrand('HYUNDAI')).toBe('HYUNDAI');
    expect(findCardBrand('kb')).toBe('KOOKMIN');
    expect(findCardBrand('HANA')).toBe('KEBHANA');
    expect(findCardBrand('NH')).toBe('NONGHYUP');
    expect(findCardBrand('VISA')).toBeUndefined();
  });

  it('names the supported brands when one is unknown', () => {
    expect(() => normalizeCardBrand('VISA')).toThrow(/unknown card brand "VISA"; supported: HYUNDAI, SAMSUNG/);
  });
});

describe('times', () => {
  it('writes ISO 8601 with the KST offset and reads any offset', () => {
    const ms = Date.UTC(2026, 10, 23, 18, 46, 4);
    expect(formatAntomTime(ms)).toBe('2026-11-24T03:46:04+09:00');
    expect(parseAntomTime('2026-11-23T18:46:04+00:00')).toBe(ms);
    expect(parseAntomTime('2026-11-24T03:46:04+09:00')).toBe(ms);
    expect(parseAntomTime('2026-11-23 18:46')).toBeUndefined();
  });
});
