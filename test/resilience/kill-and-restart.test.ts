import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { controlCall, signedCall } from '../support/antom-http.js';
import { spawnSandbox, type SandboxProcess } from '../support/cli-process.js';
import { startReceiver, type NotificationReceiver } from '../support/notification-receiver.js';
import { payRequest } from '../support/sandbox-harness.js';
import { verifyLikeAnSdk } from '../support/independent-verifier.js';
import { sandboxPublicKey } from '../support/keys.js';

const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUNDS = 4;

/** mulberry32: a small seeded generator, so a failing run can be replayed with CRASH_SEED. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Calls that got an answer before the kill: each must be in storage after the restart. */
interface Ledger {
  paid: Map<string, string>; // paymentId → paymentRequestId
  authorized: Map<string, 'approve' | 'decline'>;
  refunds: Map<string, { paymentId: string; refundId: string }>; // refundRequestId → ids
  /** authorizations sent but never answered (the kill came first): they may or may not have happened */
  unanswered: Set<string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`crash safety: SIGKILL at random moments (CRASH_SEED=${SEED})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'antom-kill-'));
  const data = join(dir, 'sandbox.db');
  const running: SandboxProcess[] = [];
  let receiver: NotificationReceiver;
  afterAll(async () => {
    for (const p of running) p.child.kill('SIGKILL');
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const sandbox = await spawnSandbox(['--data', data, '--notify-timeout', '2000', '--log-level', 'error']);
    running.push(sandbox);
    return sandbox;
  };

  /** One random operation of the stream; records it only once it has an answer. */
  async function step(url: string, random: () => number, ledger: Ledger, tag: string): Promise<void> {
    const roll = random();
    const processing = [...ledger.paid.keys()].filter((id) => !ledger.authorized.has(id) && !ledger.unanswered.has(id));
    const approved = [...ledger.authorized].filter(([, o]) => o === 'approve').map(([id]) => id);
    if (roll < 0.4 || processing.length === 0) {
      const request = payRequest({ paymentNotifyUrl: receiver.url, paymentRequestId: `KILL-${tag}-${Math.floor(random() * 1e9)}` });
      const answer = await signedCall(url, 'pay', request);
      expect(answer.result.resultCode, JSON.stringify(answer)).toBe('PAYMENT_IN_PROCESS');
      ledger.paid.set(answer.paymentId, request.paymentRequestId);
    } else if (roll < 0.7) {
      const paymentId = processing[Math.floor(random() * processing.length)]!;
      const outcome = random() < 0.7 ? 'approve' : 'decline';
      ledger.authorized.set(paymentId, outcome); // reserved now, so no other worker picks it
      try {
        const answer = await controlCall(url, 'POST', `/payments/${paymentId}/authorize`, outcome === 'approve' ? { outcome, cardBrand: 'HYUNDAI' } : { outcome, resultCode: 'DO_NOT_HONOR' });
        expect(answer.status, JSON.stringify(answer)).toBe(outcome === 'approve' ? 'SUCCESS' : 'FAIL');
      } catch (error) {
        // no answer: it may or may not have happened, so it is neither checked nor authorized again
        ledger.authorized.delete(paymentId);
        ledger.unanswered.add(paymentId);
        throw error;
      }
    } else if (roll < 0.8) {
      await controlCall(url, 'POST', '/clock/advance', { ms: 1_000 }); // automatic captures fall due
    } else if (approved.length > 0) {
      const paymentId = approved[Math.floor(random() * approved.length)]!;
      const refundRequestId = `KILL-RF-${tag}-${Math.floor(random() * 1e9)}`;
      const answer = await signedCall(url, 'refund', { refundRequestId, paymentId, refundAmount: { currency: 'KRW', value: '1000' }, refundNotifyUrl: receiver.url });
      // not yet captured → PAYMENT_IN_PROCESS (U, refund later), which stores nothing
      if (answer.result.resultCode === 'SUCCESS') ledger.refunds.set(refundRequestId, { paymentId, refundId: answer.refundId });
      else expect(answer.result.resultCode, JSON.stringify(answer)).toBe('PAYMENT_IN_PROCESS');
    }
  }

  async function checkStored(url: string, ledger: Ledger): Promise<void> {
    for (const [paymentId, paymentRequestId] of ledger.paid) {
      const stored = await controlCall(url, 'GET', `/payments/${paymentId}`);
      expect(stored.paymentRequestId, `answered pay ${paymentId} lost`).toBe(paymentRequestId);
      const outcome = ledger.authorized.get(paymentId);
      if (outcome) expect(stored.status, `answered authorize of ${paymentId} lost`).toBe(outcome === 'approve' ? 'SUCCESS' : 'FAIL');
    }
    for (const [refundRequestId, { refundId }] of ledger.refunds) {
      const refund = await signedCall(url, 'inquiryRefund', { refundRequestId });
      expect(refund.result.resultCode, `answered refund ${refundRequestId} lost`).toBe('SUCCESS');
      expect(refund.refundId).toBe(refundId);
    }
  }

  it('keeps every answered pay, authorization and refund, and delivers every notification at least once', async () => {
    receiver = await startReceiver('/notify', 'ack');
    const random = seeded(SEED);
    const ledger: Ledger = { paid: new Map(), authorized: new Map(), refunds: new Map(), unanswered: new Set() };
    let sandbox = await start();
    let answered = 0;

    for (let round = 0; round < ROUNDS; round += 1) {
      // in odd rounds the merchant's endpoint never answers, so deliveries are in flight at the kill
      receiver.mode = round % 2 ? 'hang' : 'ack';
      // a stream of calls from three clients at once; SIGKILL lands at a random moment among them
      let stop = false;
      let roundAnswers = 0;
      let failure: unknown;
      const workers = Array.from({ length: 3 }, async (_, w) => {
        while (!stop && failure === undefined) {
          try {
            await step(sandbox.url, random, ledger, `${round}-${w}`);
            roundAnswers += 1;
          } catch (error) {
            if (!stop) failure = error; // after the kill, calls fail: that is the point
          }
        }
      });
      const killAfterMs = 100 + Math.floor(random() * 600);
      const started = Date.now();
      while ((Date.now() - started < killAfterMs || roundAnswers < 5) && failure === undefined) await sleep(5);
      if (failure !== undefined) throw failure;
      sandbox.child.kill('SIGKILL');
      stop = true;
      expect((await sandbox.exited).signal).toBe('SIGKILL');
      await Promise.all(workers);
      answered += roundAnswers;

      sandbox = await start();
      await checkStored(sandbox.url, ledger);
    }

    // every notification owed for an answered call arrives at least once: move the clock past
    // the lease of deliveries cut by a kill and past the retry schedule's first steps
    const owed = new Set<string>();
    for (const [paymentId, outcome] of ledger.authorized) {
      owed.add(`PAYMENT_RESULT:${paymentId}`);
      if (outcome === 'approve') owed.add(`CAPTURE_RESULT:${paymentId}`);
    }
    // one REFUND_RESULT per refund, several per payment: keyed by the refund id
    for (const { refundId } of ledger.refunds.values()) owed.add(`REFUND_RESULT:${refundId}`);
    receiver.mode = 'ack';
    const paymentIds = [...new Set([...ledger.authorized.keys(), ...[...ledger.refunds.values()].map((r) => r.paymentId)])];
    const keyOf = (n: { notifyType?: string; paymentId?: string; refundId?: string } | undefined) => `${n?.notifyType}:${n?.notifyType === 'REFUND_RESULT' ? n.refundId : n?.paymentId}`;
    // counted twice: at the receiver (a request it acknowledged, whose signature verifies with the
    // sandbox key: a hung request was seen, not acknowledged) and in the sandbox's record (DELIVERED)
    const receiverPath = new URL(receiver.url).pathname;
    const missing = async () => {
      const delivered = new Set<string>();
      for (const paymentId of paymentIds) {
        const { notifications } = await controlCall(sandbox.url, 'GET', `/notifications?paymentId=${paymentId}`);
        for (const n of notifications as Array<{ status: string; body: { notifyType: string; paymentId: string; refundId?: string } }>) if (n.status === 'DELIVERED') delivered.add(keyOf(n.body));
      }
      const acknowledged = receiver.received.filter((n) => n.acknowledged && verifyLikeAnSdk({ method: 'POST', path: receiverPath, headers: n.headers, body: n.body, publicKey: sandboxPublicKey, timeHeader: 'request-time' }).ok);
      const seen = new Set(acknowledged.map((n) => keyOf(n.json)));
      return [...owed].filter((key) => !delivered.has(key) || !seen.has(key));
    };
    let left = await missing();
    for (const ms of [3 * 60_000, 11 * 60_000, 11 * 60_000, 61 * 60_000]) {
      if (left.length === 0) break;
      await controlCall(sandbox.url, 'POST', '/clock/advance', { ms });
      const deadline = Date.now() + 15_000;
      while ((left = await missing()).length > 0 && Date.now() < deadline) await sleep(100);
    }
    expect(left, `notifications never delivered (CRASH_SEED=${SEED})`).toEqual([]);
    const acknowledgedAtReceiver = receiver.received.filter((n) => n.acknowledged).length;
    console.info(`crash safety (CRASH_SEED=${SEED}): ${ROUNDS} kills, ${answered} answered calls, ${ledger.paid.size} payments, ${ledger.authorized.size} authorizations, ${ledger.refunds.size} refunds, ${owed.size} notifications owed, ${receiver.received.length} deliveries received, ${acknowledgedAtReceiver} acknowledged by the receiver`);
    expect(acknowledgedAtReceiver).toBeGreaterThanOrEqual(owed.size);
    expect(answered).toBeGreaterThanOrEqual(ROUNDS * 5);
    expect(ledger.authorized.size).toBeGreaterThan(0);

    sandbox.child.kill('SIGTERM');
    expect((await sandbox.exited).code).toBe(0);
  }, 180_000);
});
