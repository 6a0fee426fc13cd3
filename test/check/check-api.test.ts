import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { AntomClient, antomNotificationPlugin } from '../../client/index.js';
import { startSandbox, type RunningSandbox } from '../../emulator/index.js';
import type { CheckReport } from '../../emulator/check/check-types.js';
import { SandboxControlError } from '../../emulator/sandbox-control.js';
import { startReceiver, type NotificationReceiver } from '../support/notification-receiver.js';
import { DEMO_CLIENT_ID, demoMerchantPrivatePem } from '../support/keys.js';
import { naiveReceiver, NOTIFY_PATH, type Receiver } from './receivers.js';

let sandbox: RunningSandbox;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  // a short delivery timeout, so the hanging endpoint below costs little
  sandbox = await startSandbox({ notifyTimeoutMs: 400 });
});
afterAll(async () => {
  for (const close of closers) await close();
  await sandbox?.close();
});

const runCheck = (body: Record<string, unknown>) => sandbox.control.call<CheckReport>('POST', '/checks', body);

async function refusal(body: unknown): Promise<SandboxControlError> {
  const error = await sandbox.control.call('POST', '/checks', body).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SandboxControlError);
  return error as SandboxControlError;
}

describe('POST /_sandbox/api/checks', () => {
  it('refuses bad input with a 4xx naming the field', async () => {
    expect(await refusal({})).toMatchObject({ statusCode: 400, message: expect.stringContaining('notifyUrl') });
    expect(await refusal({ notifyUrl: 'ftp://x/y' })).toMatchObject({ statusCode: 400, message: expect.stringContaining('notifyUrl') });
    expect(await refusal({ notifyUrl: 'http://127.0.0.1:9/n', clientId: 'SANDBOX_NOBODY' })).toMatchObject({ statusCode: 404, code: 'CLIENT_INVALID', message: expect.stringContaining('SANDBOX_NOBODY') });
    expect(await refusal({ notifyUrl: 'http://127.0.0.1:9/n', only: ['genuine', 'nonsense'] })).toMatchObject({ statusCode: 400, message: expect.stringContaining('"nonsense"') });
    expect(await refusal({ notifyUrl: 'http://127.0.0.1:9/n', withInquiry: 'yes' })).toMatchObject({ statusCode: 400, message: expect.stringContaining('withInquiry') });
    expect(await refusal({ notifyUrl: 'http://127.0.0.1:9/n', inquiryWaitMs: -1 })).toMatchObject({ statusCode: 400, message: expect.stringContaining('inquiryWaitMs') });
  });

  it('lists its cases', async () => {
    const { groups, cases } = await sandbox.control.call<{ groups: string[]; cases: Array<{ id: string; group: string; required: boolean }> }>('GET', '/checks/cases');
    expect(groups).toEqual(['genuine', 'forged', 'tolerated', 'delivery', 'inquiry']);
    expect(cases).toHaveLength(14);
    expect(cases.at(-1)).toMatchObject({ id: 'inquiry-after-notification', group: 'inquiry', required: false });
  });

  it('judges an endpoint that never answers and one that refuses connections as failing every ack case', async () => {
    const hanging: NotificationReceiver = await startReceiver(NOTIFY_PATH, 'hang');
    closers.push(() => hanging.close());
    const report = await runCheck({ notifyUrl: hanging.url, only: 'genuine-capture,forged-unsigned' });
    expect(report.cases.map((c) => [c.id, c.passed])).toEqual([
      ['genuine-capture', false],
      ['forged-unsigned', true],
    ]);
    expect(report.cases[0]!.evidence[0]).toMatchObject({ status: null, error: 'timeout after 400 ms', acknowledged: false });
    expect(report.cases[0]!.evidence[0]!.latencyMs).toBeGreaterThanOrEqual(390);
    expect(report.timeoutMs).toBe(400);

    const refused = await runCheck({ notifyUrl: 'http://127.0.0.1:9/antom/notify', only: ['genuine-refund'] });
    expect(refused.cases[0]).toMatchObject({ passed: false, evidence: [{ status: null, error: expect.stringContaining('ECONNREFUSED') }] });
    expect(refused.summary).toEqual({ passed: 0, failed: 1, reported: 0, ok: false });
  });

  it('sends nothing through the outbox: the synthetic payments are labelled rows, and no notification is queued about them', async () => {
    const naive: Receiver = await naiveReceiver();
    closers.push(() => naive.close());
    const before = (await sandbox.control.notifications()).length;
    const report = await runCheck({ notifyUrl: naive.url, only: ['genuine'] });
    expect(naive.handled).toHaveLength(4);
    await sandbox.control.advanceClock(30 * 24 * 3600_000);
    expect(await sandbox.control.notifications()).toHaveLength(before);
    const ours = (await sandbox.control.payments({ clientId: DEMO_CLIENT_ID })).filter((p) => p.paymentRequestId.includes(report.runId));
    expect(ours.map((p) => p.status).sort()).toEqual(['FAIL', 'FAIL', 'SUCCESS', 'SUCCESS', 'SUCCESS']);
    const detail = await sandbox.control.payment(ours[0]!.paymentId);
    expect(JSON.stringify(detail)).toContain('CHECK_SYNTHETIC');
  });
});

describe('--with-inquiry', () => {
  /** The reference plugin whose handler confirms each payment result with inquiryPayment. */
  async function inquiringReceiver(): Promise<Receiver & { inquired: string[] }> {
    const client = new AntomClient({ gatewayUrl: sandbox.url, clientId: DEMO_CLIENT_ID, privateKey: demoMerchantPrivatePem, antomPublicKey: sandbox.publicKey, retry: false });
    const inquired: string[] = [];
    const app = Fastify();
    await app.register(antomNotificationPlugin, {
      path: NOTIFY_PATH,
      antomPublicKey: sandbox.publicKey,
      clientId: DEMO_CLIENT_ID,
      handler: async (n) => {
        if (n.notifyType !== 'PAYMENT_RESULT' || n.paymentId === undefined) return;
        const truth = await client.inquiryPayment({ paymentId: n.paymentId });
        inquired.push(truth.paymentStatus ?? 'NONE');
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(async () => {
      await app.close();
      await client.close();
    });
    return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${NOTIFY_PATH}`, handled: [], inquired, close: () => app.close() };
  }

  it("reports an integration that confirms with inquiryPayment, which sees the synthetic payments' real state", async () => {
    const receiver = await inquiringReceiver();
    const report = await runCheck({ notifyUrl: receiver.url, withInquiry: true, inquiryWaitMs: 2000 });
    expect(report.summary).toEqual({ passed: 13, failed: 0, reported: 1, ok: true });
    const inquiry = report.cases.at(-1)!;
    expect(inquiry).toMatchObject({ id: 'inquiry-after-notification', required: false, passed: true });
    expect(inquiry.notes.length).toBeGreaterThan(0);
    expect(inquiry.notes[0]).toMatch(/inquiryPayment .*→ SUCCESS/);
    // the payments exist: the declined one inquires as FAIL, the paid ones as SUCCESS
    expect(receiver.inquired).toContain('FAIL');
    expect(receiver.inquired).toContain('SUCCESS');
  });

  it('reports, without failing, an integration that trusts the body', async () => {
    const naive = await naiveReceiver();
    closers.push(() => naive.close());
    const report = await runCheck({ notifyUrl: naive.url, withInquiry: true, inquiryWaitMs: 200, only: ['genuine', 'inquiry'] });
    expect(report.summary).toEqual({ passed: 4, failed: 0, reported: 1, ok: true });
    expect(report.cases.at(-1)!.verdict).toMatch(/^no inquiryPayment call within 200 ms/);
  });
});
