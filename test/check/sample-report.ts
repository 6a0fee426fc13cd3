import type { CaseResult, CheckReport, DeliveryEvidence } from '../../emulator/check/check-types.js';

/** A report with every kind of case and a merchant answer full of XML trouble. */
const ACK = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';

export function delivery(overrides: Partial<DeliveryEvidence> = {}): DeliveryEvidence {
  return {
    sent: { method: 'POST', url: 'http://127.0.0.1:3000/antom/notify', headers: { 'client-id': 'SANDBOX_X', 'request-time': '2026-12-06T10:00:00+09:00' }, body: '{"notifyType":"PAYMENT_RESULT"}' },
    status: 200,
    responseBody: ACK,
    latencyMs: 12,
    error: null,
    acknowledged: true,
    ...overrides,
  };
}

export function result(overrides: Partial<CaseResult>): CaseResult {
  return { id: 'genuine-payment-success', title: 'PAYMENT_RESULT S is acknowledged', group: 'genuine', required: true, expect: 'ack', passed: true, verdict: 'acknowledged (200 ack, 12 ms)', evidence: [delivery()], notes: [], ...overrides };
}

export const nasty = 'a <b> & "c" \'d\' \u0000\u0007\u001b[31m \uD800 end';

export const report: CheckReport = {
  notifyUrl: 'http://127.0.0.1:3000/antom/notify?shop=a&b=<c>',
  clientId: 'SANDBOX_X',
  runId: 'abcd1234',
  timeoutMs: 5000,
  startedAt: '2026-12-06T01:00:00.000Z',
  durationMs: 1234,
  cases: [
    result({}),
    result({
      id: 'forged-unsigned',
      title: 'unsigned is not acknowledged',
      group: 'forged',
      expect: 'reject',
      passed: false,
      verdict: `ACKNOWLEDGED a forged notification: ${nasty}`,
      evidence: [delivery({ responseBody: `{"result":"${nasty}"}`, acknowledged: true })],
    }),
    result({ id: 'genuine-refund', title: 'REFUND_RESULT', passed: false, verdict: 'no answer', evidence: [delivery({ status: null, responseBody: null, latencyMs: 5001, error: 'timeout after 5000 ms', acknowledged: false })] }),
    result({ id: 'inquiry-after-notification', title: 'inquiry', group: 'inquiry', required: false, expect: 'observe', passed: false, verdict: 'no inquiryPayment call', evidence: [], notes: ['nothing seen'] }),
  ],
  summary: { passed: 1, failed: 2, reported: 1, ok: false },
};

