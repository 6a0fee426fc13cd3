import { describe, expect, it } from 'vitest';
import { INQUIRY_CASE, OTHER_CLIENT_ID, planCases, selectCases } from '../../emulator/check/check-cases.js';
import { describeAnswer, isExactAcknowledgement, judgeCase, summarize } from '../../emulator/check/check-verdict.js';
import { inquiriesAbout, inquiryVerdict } from '../../emulator/check/inquiry-watch.js';
import { buildSyntheticPayments, SYNTHETIC_DESCRIPTION, syntheticNotifications } from '../../emulator/check/synthetic-payments.js';
import type { JournalEntry } from '../../emulator/services/request-journal.js';
import { notificationSchema } from '../../protocol/index.js';
import { delivery } from './sample-report.js';

const payments = buildSyntheticPayments('SANDBOX_SHOP', 'run1', Date.UTC(2026, 11, 6));
const notifications = syntheticNotifications(payments);
const cases = planCases('SANDBOX_SHOP', notifications);

describe('synthetic payments', () => {
  it('are labelled with the run and their role, under the merchant', () => {
    expect(payments.map((p) => p.payment.paymentRequestId)).toEqual(['captured', 'declined', 'repeated', 'reordered', 'forged'].map((r) => `antom-sandbox-check-run1-${r}`));
    for (const { payment } of payments) expect(payment).toMatchObject({ clientId: 'SANDBOX_SHOP', orderDescription: SYNTHETIC_DESCRIPTION, captureDueAt: null });
    expect(payments.map((p) => p.payment.status)).toEqual(['SUCCESS', 'FAIL', 'SUCCESS', 'SUCCESS', 'FAIL']);
  });

  it('give bodies that are valid Antom notifications (protocol schemas)', () => {
    for (const [name, body] of Object.entries(notifications)) expect(notificationSchema.safeParse(body).success, name).toBe(true);
    expect(notifications.paymentFailure).toMatchObject({ notifyType: 'PAYMENT_RESULT', result: { resultCode: 'DO_NOT_HONOR', resultStatus: 'F' } });
    expect(notifications.forgedSuccess).toMatchObject({ result: { resultStatus: 'S' }, paymentRequestId: 'antom-sandbox-check-run1-forged' });
    expect(notifications.refund).toMatchObject({ notifyType: 'REFUND_RESULT', refundAmount: { currency: 'KRW', value: '10000' } });
  });
});

describe('the case table', () => {
  it('expects acks for genuine, tolerated and delivery cases and rejections for every forgery', () => {
    for (const c of cases) expect(c.expect, c.id).toBe(c.group === 'forged' ? 'reject' : 'ack');
    expect(cases.every((c) => c.required)).toBe(true);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('forges each notification in exactly one way', () => {
    const byId = Object.fromEntries(cases.map((c) => [c.id, c.deliveries[0]!]));
    expect(byId['forged-unsigned']!.signature).toBeNull();
    expect(byId['forged-other-key']!.signature).toMatchObject({ key: 'stranger', header: 'standard' });
    expect(byId['forged-signature-of-other-body']!.signature!.body).toBe(JSON.stringify(notifications.forgedFailure));
    const tampered = byId['forged-tampered-amount']!;
    expect(JSON.parse(tampered.body)).toEqual({ ...notifications.paymentSuccess, paymentAmount: { currency: 'KRW', value: '100' } });
    expect(tampered.signature!.body).toBe(JSON.stringify(notifications.paymentSuccess));
    expect(byId['forged-wrong-client-id']).toMatchObject({ clientId: OTHER_CLIENT_ID, signature: { key: 'sandbox' } });
    expect(byId['tolerated-signature-header']!.signature!.header).toBe('reordered');
    expect(byId['tolerated-pretty-json']!.body).toBe(JSON.stringify(notifications.repeatedPayment, null, 2));
    const capturedFirst = cases.find((c) => c.id === 'delivery-capture-first')!.deliveries.map((d) => JSON.parse(d.body).notifyType);
    expect(capturedFirst).toEqual(['CAPTURE_RESULT', 'PAYMENT_RESULT']);
  });

  it('selects by case id or group and names what does not exist', () => {
    expect(selectCases(cases, undefined).cases).toHaveLength(cases.length);
    expect(selectCases(cases, ['forged']).cases.map((c) => c.id)).toHaveLength(5);
    expect(selectCases(cases, ['genuine-refund', 'tolerated']).cases.map((c) => c.id)).toEqual(['genuine-refund', 'tolerated-signature-header', 'tolerated-pretty-json']);
    expect(selectCases(cases, ['forged', 'nope', 'inquiry']).unknown).toEqual(['nope']);
  });
});

describe('verdicts', () => {
  it('counts only the exact acknowledgement body, whitespace aside', () => {
    expect(isExactAcknowledgement('{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}')).toBe(true);
    expect(isExactAcknowledgement('{ "result" : { "resultStatus":"S", "resultMessage":"success", "resultCode":"SUCCESS" } }\n')).toBe(true);
    for (const wrong of [
      '{"result":{"resultCode":"SUCCESS","resultStatus":"S"}}',
      '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"OK"}}',
      '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success","extra":1}}',
      '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"ok":true}',
      '"success"',
      'SUCCESS',
      '[]',
      '',
    ]) {
      expect(isExactAcknowledgement(wrong), wrong).toBe(false);
    }
    expect(isExactAcknowledgement(null)).toBe(false);
  });

  const genuine = cases.find((c) => c.id === 'delivery-duplicate')!;
  const forged = cases.find((c) => c.id === 'forged-unsigned')!;
  const refused = delivery({ status: 401, responseBody: '{"error":"bad"}', acknowledged: false, latencyMs: 3 });
  const timedOut = delivery({ status: null, responseBody: null, error: 'timeout after 5000 ms', acknowledged: false, latencyMs: 5001 });

  it('passes an ack case only when every delivery was acknowledged, and says which was not', () => {
    expect(judgeCase(genuine, [delivery(), delivery()])).toEqual({ passed: true, verdict: 'acknowledged (200 ack, 12 ms; then 200 ack, 12 ms)' });
    const second = judgeCase(genuine, [delivery(), refused]);
    expect(second.passed).toBe(false);
    expect(second.verdict).toMatch(/^delivery 2 of 2 was answered HTTP 401, not 200 \(200 ack, 12 ms; then 401 \{"error":"bad"\}, 3 ms\): Antom delivers at least once/);
    expect(judgeCase(genuine, [timedOut, delivery()]).verdict).toMatch(/^delivery 1 of 2 got no answer \(timeout after 5000 ms\)/);
    const wrongBody = judgeCase(cases[0]!, [delivery({ responseBody: 'OK', acknowledged: false })]);
    expect(wrongBody.verdict).toMatch(/^was answered 200 without the exact acknowledgement body/);
  });

  it('passes a reject case when nothing was acknowledged, whatever the status', () => {
    expect(judgeCase(forged, [refused])).toEqual({ passed: true, verdict: 'not acknowledged (401 {"error":"bad"}, 3 ms)' });
    expect(judgeCase(forged, [delivery({ responseBody: '{"ok":true}', acknowledged: false })]).passed).toBe(true);
    expect(judgeCase(forged, [timedOut]).passed).toBe(true);
    expect(judgeCase(forged, [delivery()]).verdict).toMatch(/^ACKNOWLEDGED a forged notification \(200 ack, 12 ms\): refuse a notification without a signature header/);
  });

  it('shortens long answers and summarises required and reported cases apart', () => {
    expect(describeAnswer(delivery({ status: 500, responseBody: `x\n${'y'.repeat(300)}`, acknowledged: false }))).toBe(`500 x ${'y'.repeat(118)}…, 12 ms`);
    expect(summarize([{ required: true, passed: true }, { required: true, passed: false }, { required: false, passed: false }])).toEqual({ passed: 1, failed: 1, reported: 1, ok: false });
    expect(summarize([{ required: true, passed: true }, { required: false, passed: false }])).toMatchObject({ ok: true });
  });
});

describe('--with-inquiry', () => {
  const entry = (id: number, overrides: Partial<JournalEntry>): JournalEntry => ({
    id,
    at: '2026-12-06T10:00:00+09:00',
    method: 'POST',
    path: '/ams/sandbox/api/v1/payments/inquiryPayment',
    api: 'inquiryPayment',
    clientId: 'SANDBOX_SHOP',
    verdict: 'VALID',
    expectedSignedText: null,
    key: null,
    requestHeaders: {},
    requestBody: '{"paymentId":"P1"}',
    httpStatus: 200,
    responseBody: '{}',
    resultCode: 'SUCCESS',
    fault: null,
    durationMs: 1,
    ...overrides,
  });

  it("finds the merchant's inquiryPayment calls about the notified payments after the mark", () => {
    const entries = [
      entry(1, {}),
      entry(5, {}),
      entry(6, { clientId: 'SANDBOX_OTHER' }),
      entry(7, { api: 'pay' }),
      entry(8, { requestBody: '{"paymentId":"P10"}' }),
      entry(9, { requestBody: '{"paymentRequestId":"R1"}' }),
    ];
    expect(inquiriesAbout(entries, 'SANDBOX_SHOP', ['P1', 'R1'], 1).map((e) => e.id)).toEqual([5, 9]);
  });

  it('reports, never fails: trusting the body is said plainly', () => {
    expect(inquiryVerdict([], 10, 3000)).toMatchObject({ passed: false, verdict: expect.stringMatching(/no inquiryPayment call within 3000 ms.*trusts the notification body/) });
    const seen = inquiryVerdict([entry(2, {})], 10, 3000);
    expect(seen).toMatchObject({ passed: true, verdict: 'the integration called inquiryPayment 1 time(s) about the notified payments' });
    expect(seen.notes[0]).toContain('POST /ams/sandbox/api/v1/payments/inquiryPayment {"paymentId":"P1"} → SUCCESS');
    expect(inquiryVerdict([], 0, 3000).verdict).toMatch(/no genuine notification was sent/);
    expect(INQUIRY_CASE.required).toBe(false);
  });
});

describe('the README', () => {
  it('documents every case of the table', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { caseTable } = await import('../../emulator/check/check-runner.js');
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Check your notification endpoint'), readme.indexOf('## Contracts (Pact)'));
    for (const c of caseTable()) expect(section, c.id).toContain(`\`${c.id}\``);
  });
});
