import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

/** Every place that writes a timeline event records why; GET /payments/:id says it in words. */
describe('timeline causes and summaries', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const timeline = async (paymentId: string) => (await sandbox.control('GET', `/payments/${paymentId}`)).body.timeline as Array<{ type: string; cause: any; summary: { en: string; ko: string } }>;
  const eventOf = async (paymentId: string, type: string) => (await timeline(paymentId)).find((e) => e.type === type)!;

  async function pay(overrides: Record<string, unknown> = {}) {
    const response = await sandbox.call('pay', payRequest(overrides));
    return { paymentId: response.body.paymentId as string, token: new URL(response.body.normalUrl).searchParams.get('sessionData')! };
  }

  async function buyerPresses(token: string, action: 'approve' | 'decline') {
    const response = await request(`${sandbox.url}/checkout-page/pages/issuer/hyundai/index.html`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sessionData: token, action }).toString(),
    });
    await response.body.text();
    expect(response.statusCode).toBe(303);
  }

  it('a scenario rule that forces a decline although the buyer approved on the issuer page', async () => {
    const rule = await sandbox.control('POST', '/scenarios', { match: { amount: '31337' }, effect: { authorization: { outcome: 'decline', resultCode: 'USER_BALANCE_NOT_ENOUGH' } } });
    const { paymentId, token } = await pay({ paymentAmount: { currency: 'KRW', value: '31337' }, order: { ...payRequest().order, orderAmount: { currency: 'KRW', value: '31337' } } });
    await buyerPresses(token, 'approve');
    const declined = await eventOf(paymentId, 'PAYMENT_DECLINED');
    expect(declined.cause).toEqual({ kind: 'scenario-rule', ruleId: rule.body.id, by: 'buyer', requested: 'approve' });
    expect(declined.summary.en).toBe(`Declined USER_BALANCE_NOT_ENOUGH by scenario rule #${String(rule.body.id).slice(0, 8)}, although the buyer approved`);
    expect(declined.summary.ko).toContain('구매자는 승인함');
    await sandbox.control('DELETE', `/scenarios/${rule.body.id}`);
  });

  it('the merchant creates and cancels; the buyer approves; the automatic capture runs', async () => {
    const { paymentId, token } = await pay();
    expect((await eventOf(paymentId, 'PAYMENT_CREATED')).cause).toEqual({ kind: 'merchant-api', api: 'pay' });
    await buyerPresses(token, 'approve');
    expect((await eventOf(paymentId, 'PAYMENT_AUTHORIZED')).cause).toEqual({ kind: 'buyer' });
    await sandbox.control('POST', '/clock/advance', { ms: 24 * 3600_000 });
    expect(await eventOf(paymentId, 'CAPTURE_SUCCEEDED')).toMatchObject({ cause: { kind: 'auto-capture' }, summary: { en: 'Captured automatically' } });

    const other = await pay();
    await sandbox.call('cancel', { paymentId: other.paymentId });
    expect((await eventOf(other.paymentId, 'PAYMENT_CANCELLED')).cause).toEqual({ kind: 'merchant-api', api: 'cancel' });
  });

  it('magic amount 6006 fails the capture; the control page approved', async () => {
    const { paymentId } = await pay({ paymentAmount: { currency: 'KRW', value: '6006' }, order: { ...payRequest().order, orderAmount: { currency: 'KRW', value: '6006' } } });
    await sandbox.control('POST', `/payments/${paymentId}/authorize`, { outcome: 'approve', origin: 'control-page' });
    expect((await eventOf(paymentId, 'PAYMENT_AUTHORIZED')).cause).toEqual({ kind: 'control-page' });
    await sandbox.control('POST', '/clock/advance', { ms: 24 * 3600_000 });
    expect(await eventOf(paymentId, 'CAPTURE_FAILED')).toMatchObject({ cause: { kind: 'magic-amount', amount: '6006' }, summary: { en: 'Automatic capture failed PROCESS_FAIL by magic amount 6006' } });
  });

  it('magic amount 5051 declines although the control API approved', async () => {
    const { paymentId } = await pay({ paymentAmount: { currency: 'KRW', value: '5051' }, order: { ...payRequest().order, orderAmount: { currency: 'KRW', value: '5051' } } });
    await sandbox.control('POST', `/payments/${paymentId}/authorize`, { outcome: 'approve' });
    expect((await eventOf(paymentId, 'PAYMENT_DECLINED')).summary.en).toBe('Declined USER_BALANCE_NOT_ENOUGH by magic amount 5051, although the control API approved');
  });

  it('expiry by time, and closing now from the control API', async () => {
    const { paymentId } = await pay();
    const closed = await pay();
    await sandbox.control('POST', `/payments/${closed.paymentId}/expire`);
    expect((await eventOf(closed.paymentId, 'PAYMENT_EXPIRED')).cause).toEqual({ kind: 'control-api' });
    await sandbox.control('POST', '/clock/advance', { ms: 30 * 24 * 3600_000 });
    expect((await eventOf(paymentId, 'PAYMENT_EXPIRED')).cause).toEqual({ kind: 'expiry' });
  });

  it('a payment started from the control page says so', async () => {
    const started = await sandbox.control('POST', '/payments', { clientId: 'SANDBOX_DEMO_MERCHANT', amount: '1000' });
    expect(await eventOf(started.body.paymentId, 'PAYMENT_CREATED')).toMatchObject({ cause: { kind: 'control-page', api: 'pay' }, summary: { en: 'Created from the control page; the buyer goes to the brand page' } });
  });
});
