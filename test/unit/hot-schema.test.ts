import { describe, expect, it } from 'vitest';
import { hotSchema } from '../../emulator/routes/ams/hot-schema.js';
import { AntomError, parseWire, payRequestSchema } from '../../protocol/index.js';

const validPay = {
  productCode: 'CASHIER_PAYMENT',
  paymentRequestId: 'HOT-1',
  order: { orderAmount: { currency: 'KRW', value: '46000' }, referenceOrderId: 'ORDER-1', orderDescription: 'Jeju green tea set' },
  paymentAmount: { currency: 'KRW', value: '46000' },
  paymentMethod: { paymentMethodType: 'CARD' },
  paymentRedirectUrl: 'https://merchant.example/return',
  extraField: 'stripped or kept exactly as the runtime parser does',
};

function messageOf(schema: typeof payRequestSchema, input: unknown): string {
  try {
    parseWire(schema, input);
  } catch (error) {
    if (error instanceof AntomError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'parsed';
}

describe('hotSchema: the compiled zod parser once a schema is hot', () => {
  it('uses the runtime schema until the threshold, then a compiled one', () => {
    const schema = hotSchema(payRequestSchema, 3);
    expect(schema()).toBe(payRequestSchema);
    expect(schema()).toBe(payRequestSchema);
    const compiled = schema();
    expect(compiled).not.toBe(payRequestSchema);
    expect(schema()).toBe(compiled);
  });

  it('parses valid bodies to the same output and rejects invalid ones with the same PARAM_ILLEGAL message', () => {
    const compiled = hotSchema(payRequestSchema, 1)();
    expect(compiled).not.toBe(payRequestSchema);
    expect(parseWire(compiled, validPay)).toEqual(parseWire(payRequestSchema, validPay));
    const invalid = [
      { ...validPay, paymentRequestId: undefined },
      { ...validPay, paymentAmount: { currency: 'KRW', value: 46000 } },
      { ...validPay, order: { ...validPay.order, referenceOrderId: 'x'.repeat(500) } },
      { ...validPay, paymentRedirectUrl: '' },
      'not an object',
    ];
    for (const input of invalid) {
      const expected = messageOf(payRequestSchema, input);
      expect(expected).toMatch(/^PARAM_ILLEGAL: /);
      expect(messageOf(compiled, input)).toBe(expected);
    }
  });
});
