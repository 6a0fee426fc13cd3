import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../emulator/index.js';
import type { CheckReport } from '../../emulator/check/check-types.js';
import { formatTextReport } from '../../emulator/check/report-text.js';
import { DEMO_CLIENT_ID } from '../support/keys.js';
import { naiveReceiver, referenceReceiver, reserialisingReceiver, type Receiver } from './receivers.js';

const FORGED = ['forged-unsigned', 'forged-other-key', 'forged-signature-of-other-body', 'forged-tampered-amount', 'forged-wrong-client-id'];
const ALL = [
  'genuine-payment-success',
  'genuine-payment-failure',
  'genuine-capture',
  'genuine-refund',
  ...FORGED,
  'tolerated-signature-header',
  'tolerated-pretty-json',
  'delivery-duplicate',
  'delivery-capture-first',
];

let sandbox: RunningSandbox;
const receivers: Receiver[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await sandbox?.close();
});

// a failing assertion shows the text report a merchant would read
async function check(receiver: Receiver): Promise<CheckReport> {
  receivers.push(receiver);
  const report = await sandbox.control.call<CheckReport>('POST', '/checks', { notifyUrl: receiver.url });
  return report;
}

const failedIds = (report: CheckReport) => report.cases.filter((c) => !c.passed).map((c) => c.id);

describe('antom-sandbox check against three merchant endpoints', () => {
  it("scores the reference client's notification plugin full marks, and its handler sees only genuine notifications", async () => {
    const receiver = await referenceReceiver(sandbox.publicKey, DEMO_CLIENT_ID);
    const report = await check(receiver);
    expect(report.cases.map((c) => c.id)).toEqual(ALL);
    expect(failedIds(report), formatTextReport(report)).toEqual([]);
    expect(report.summary).toEqual({ passed: ALL.length, failed: 0, reported: 0, ok: true });
    // 4 genuine + 2 tolerated + 2 repeated + 2 reordered deliveries reached the handler; no forgery did
    expect(receiver.handled).toHaveLength(10);
    expect(receiver.handled.filter((n) => n.notifyType === 'PAYMENT_RESULT' && (n.paymentRequestId.endsWith('-forged') || n.paymentAmount.value !== '46000'))).toEqual([]);
    // the forged ones were refused with the plugin's 401, and the evidence says so
    const unsigned = report.cases.find((c) => c.id === 'forged-unsigned')!;
    expect(unsigned.evidence[0]).toMatchObject({ status: 401, acknowledged: false });
    expect(unsigned.evidence[0]!.sent.headers).not.toHaveProperty('signature');
  });

  it('fails a naive receiver (acks everything) on exactly the forged cases', async () => {
    const report = await check(await naiveReceiver());
    expect(failedIds(report), formatTextReport(report)).toEqual(FORGED);
    expect(report.summary).toMatchObject({ passed: ALL.length - FORGED.length, failed: FORGED.length, ok: false });
    for (const id of FORGED) expect(report.cases.find((c) => c.id === id)!.verdict).toMatch(/^ACKNOWLEDGED a forged notification/);
  });

  it('fails a receiver that verifies re-serialised JSON on the pretty-printed case only', async () => {
    const report = await check(await reserialisingReceiver(sandbox.publicKey, DEMO_CLIENT_ID));
    expect(failedIds(report), formatTextReport(report)).toEqual(['tolerated-pretty-json']);
    const pretty = report.cases.find((c) => c.id === 'tolerated-pretty-json')!;
    expect(pretty.verdict).toContain('raw body');
    expect(pretty.evidence[0]!.sent.body).toContain('\n  "notifyType"');
    expect(pretty.evidence[0]!.status).toBe(401);
  });
});
