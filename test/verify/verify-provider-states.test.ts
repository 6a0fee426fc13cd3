import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandbox, type SandboxApp } from '../../emulator/index.js';
import { createProviderStates, notifyTypeOfDescription, PROVIDER_STATES, type ProviderStates } from '../../emulator/verify/verify-provider-states.js';
import { DEMO_CLIENT_ID, sandboxPublicKey } from '../support/keys.js';
import { verifyLikeAnSdk } from '../support/independent-verifier.js';

let app: SandboxApp;
let states: ProviderStates;

beforeAll(async () => {
  app = await buildSandbox({ data: ':memory:', logLevel: 'silent' });
  states = createProviderStates(app.sandbox, DEMO_CLIENT_ID);
});
afterAll(() => app.close());

const inquire = (paymentId: string) => app.sandbox.payments.inquiry(DEMO_CLIENT_ID, { paymentId });

describe('provider states (created through the domain services)', () => {
  it('are exactly the documented names, each with a handler', () => {
    expect(Object.keys(states.handlers).sort()).toEqual(Object.keys(PROVIDER_STATES).sort());
    expect(Object.keys(PROVIDER_STATES)).toEqual([
      'a payment in process',
      'an authorized payment awaiting capture',
      'an authorized and captured payment',
      'a failed payment',
      'a cancelled payment',
      'a captured payment with a refund',
    ]);
  });

  it.each([
    ['a payment in process', 'PROCESSING', []],
    ['an authorized payment awaiting capture', 'SUCCESS', []],
    ['an authorized and captured payment', 'SUCCESS', ['CAPTURE']],
    ['a failed payment', 'FAIL', []],
    ['a cancelled payment', 'CANCELLED', ['CANCEL']],
    ['a captured payment with a refund', 'SUCCESS', ['CAPTURE', 'REFUND']],
  ] as const)('"%s" → paymentStatus %s with transactions %j', async (name, status, types) => {
    const values = await states.handlers[name]();
    const view = inquire(values.paymentId);
    expect(view.paymentStatus).toBe(status);
    expect((view.transactions ?? []).map((t) => t.transactionType)).toEqual(types);
    expect(states.current()).toEqual(values);
  });

  it('the refund state refunds part of the payment and injects its ids', async () => {
    const values = await states.handlers['a captured payment with a refund']();
    const refund = app.sandbox.payments.inquiryRefund(DEMO_CLIENT_ID, { refundId: values.refundId });
    expect(refund.refundStatus).toBe('SUCCESS');
    expect(refund.refundAmount).toEqual({ currency: 'KRW', value: '10000' });
    expect(refund.refundRequestId).toBe(values.refundRequestId);
  });

  it('serves the state’s notification signed by the sandbox key, as a delivery is', async () => {
    await states.handlers['a failed payment']();
    const n = await states.notificationOf('PAYMENT_RESULT');
    expect(n.body).toMatchObject({ notifyType: 'PAYMENT_RESULT', result: { resultCode: 'DO_NOT_HONOR', resultStatus: 'F' } });
    // signed over POST and '/' (no notify URL is configured for the state's payment)
    const verdict = verifyLikeAnSdk({ method: 'POST', path: '/', headers: n.headers, timeHeader: 'request-time', body: JSON.stringify(n.body), publicKey: sandboxPublicKey });
    expect(verdict.ok, verdict.reason).toBe(true);
    await expect(states.notificationOf('CAPTURE_RESULT')).rejects.toThrow(/has no CAPTURE_RESULT notification/);
  });

  it.each([
    ['a CAPTURE_RESULT notification', 'CAPTURE_RESULT'],
    ['the refund result', 'REFUND_RESULT'],
    ['a PAYMENT_RESULT of a declined payment', 'PAYMENT_RESULT'],
    ['payment notification', 'PAYMENT_RESULT'],
  ] as const)('message "%s" asks for %s', (description, type) => {
    expect(notifyTypeOfDescription(description)).toBe(type);
  });
});
