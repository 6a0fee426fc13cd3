import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { controlCall, signedCall } from '../support/antom-http.js';
import { spawnSandbox, type SandboxProcess } from '../support/cli-process.js';
import { payRequest, startTestSandbox } from '../support/sandbox-harness.js';
import { mountSmallFilesystem, signedExchange, type SmallFilesystem } from '../support/small-filesystem.js';

const NOBODY = { uid: 65534, gid: 65534 };

/** A pay whose rows take some room, so the disk fills in tens of calls, not thousands. */
const bulkyPay = (id: string) => payRequest({ paymentRequestId: id, order: { ...payRequest().order, referenceOrderId: `ORDER-${id}`, orderDescription: '제주 녹차 세트 '.repeat(28) } });

async function healthy(url: string): Promise<boolean> {
  const response = await request(`${url}/_sandbox/health`, { headersTimeout: 5_000, bodyTimeout: 5_000 });
  await response.body.dump();
  return response.statusCode === 200;
}

// a tmpfs needs root; where it cannot be mounted the tests say so loudly instead of passing
const probe = mountSmallFilesystem(1024 * 1024);
const cannotMount = typeof probe === 'string' ? probe : undefined;
if (typeof probe !== 'string') probe.unmount();
if (cannotMount) console.warn(`\n!!! test/resilience/hostile-disk.test.ts SKIPPED: ${cannotMount}. The full-disk and read-only cases are NOT tested on this machine. !!!\n`);

describe.skipIf(cannotMount !== undefined)('hostile disks at run time (a real tmpfs, the real CLI)', () => {
  const cleanup: Array<() => void> = [];
  afterAll(() => {
    for (const step of cleanup.reverse()) step();
  });
  const mount = (size: number, owner?: { uid: number; gid: number }) => {
    const fs = mountSmallFilesystem(size, owner) as SmallFilesystem;
    cleanup.push(() => fs.unmount());
    return fs;
  };
  const start = async (data: string, user?: { uid: number; gid: number }) => {
    const sandbox = await spawnSandbox(['--data', data, '--log-level', 'warn'], {}, user);
    cleanup.push(() => sandbox.child.kill('SIGKILL'));
    return sandbox;
  };

  it('full disk: the call that cannot be stored answers a signed UNKNOWN_EXCEPTION at HTTP 200, nothing is half-written, the server keeps answering and recovers when space returns', async () => {
    const fs = mount(8 * 1024 * 1024);
    const data = join(fs.dir, 'sandbox.db');
    let sandbox: SandboxProcess = await start(data);
    fs.fill(400 * 1024);

    const stored = new Map<string, string>(); // paymentRequestId → paymentId, answered PAYMENT_IN_PROCESS
    const refused: string[] = [];
    for (let i = 0; refused.length < 3; i += 1) {
      expect(i, 'the disk never filled up').toBeLessThan(2_000);
      const request = bulkyPay(`FULL-${i}`);
      const answer = await signedExchange(sandbox.url, 'pay', request);
      expect(answer.status).toBe(200);
      expect(answer.signed, JSON.stringify(answer.json)).toBe(true);
      if (answer.json.result.resultCode === 'PAYMENT_IN_PROCESS') stored.set(request.paymentRequestId, answer.json.paymentId);
      else {
        expect(answer.json.result).toMatchObject({ resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U' });
        expect(answer.json.result.resultMessage).toContain('the disk holding the data file is full (SQLITE_FULL)');
        refused.push(request.paymentRequestId);
      }
    }
    console.info(`full disk: ${stored.size} pays stored, then UNKNOWN_EXCEPTION (U) with ${fs.free()} bytes free`);
    expect(stored.size).toBeGreaterThan(0);

    // still answering, reads work, and nothing of a refused call was stored
    expect(await healthy(sandbox.url)).toBe(true);
    for (const [paymentRequestId, paymentId] of stored) {
      const inquiry = await signedCall(sandbox.url, 'inquiryPayment', { paymentRequestId });
      expect(inquiry.result.resultCode, paymentRequestId).toBe('SUCCESS');
      expect(inquiry.paymentId).toBe(paymentId);
    }
    for (const paymentRequestId of refused) {
      const inquiry = await signedCall(sandbox.url, 'inquiryPayment', { paymentRequestId });
      expect(inquiry.result.resultCode, `refused ${paymentRequestId} was half-written`).toBe('ORDER_NOT_EXIST');
    }
    // the control API says why, without a stack trace, and keeps no rule it could not store; a small
    // write can still fit in WAL space a failed one left, so rules are added until one does not fit
    let storedRules = 0;
    let ruleAnswer: { status: number; json: any } | undefined;
    for (let i = 0; i < 200; i += 1) {
      const rule = await request(`${sandbox.url}/_sandbox/api/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ description: `${i} ${'x'.repeat(200)}`, match: { clientId: 'NOBODY' }, effect: { latencyMs: 1 } }) });
      ruleAnswer = { status: rule.statusCode, json: await rule.body.json() };
      if (rule.statusCode !== 201) break;
      storedRules += 1;
    }
    expect(ruleAnswer!.status, JSON.stringify(ruleAnswer!.json)).toBe(503);
    expect(ruleAnswer!.json.error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', message: expect.stringContaining('SQLITE_FULL') });
    expect((await controlCall(sandbox.url, 'GET', '/scenarios')).rules).toHaveLength(storedRules);
    // the virtual clock still moves (its offset is saved again at the next advance that can write)
    const clockBefore = (await controlCall(sandbox.url, 'GET', '/clock')).now as number;
    const advanced = await controlCall(sandbox.url, 'POST', '/clock/advance', { ms: 60_000 });
    expect(advanced.now).toBeGreaterThanOrEqual(clockBefore + 60_000);
    expect(sandbox.output()).toContain('the clock offset could not be saved: the disk holding the data file is full (SQLITE_FULL)');
    expect(await healthy(sandbox.url)).toBe(true);

    // space returns: the refused call goes through on retry, new ones too
    fs.unfill();
    const retried = await signedExchange(sandbox.url, 'pay', bulkyPay(refused[0]!));
    expect(retried.json.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(retried.signed).toBe(true);
    expect((await signedCall(sandbox.url, 'pay', bulkyPay('FULL-AFTER'))).result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(sandbox.output()).not.toMatch(/at PaymentService|SqliteError: /); // one sentence per refused call, no stack

    // and the file is whole: a restart finds every answered payment
    sandbox.child.kill('SIGTERM');
    expect((await sandbox.exited).code).toBe(0);
    const db = new Database(data, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    sandbox = await start(data);
    for (const [paymentRequestId, paymentId] of [...stored, [refused[0]!, retried.json.paymentId] as [string, string]]) {
      const inquiry = await signedCall(sandbox.url, 'inquiryPayment', { paymentRequestId });
      expect(inquiry.paymentId, `${paymentRequestId} lost across the restart`).toBe(paymentId);
    }
  }, 120_000);

  it('read-only at run time, as a non-root user: the running sandbox keeps its open data file, answers every call, loses nothing', async () => {
    // SQLite holds the data file and its WAL open: permissions taken away after start do not reach
    // those descriptors, so writes go on and stay durable (a read-only start is issue #16's)
    const fs = mount(8 * 1024 * 1024, NOBODY);
    const data = join(fs.dir, 'sandbox.db');
    const sandbox = await start(data, NOBODY);
    expect((await signedCall(sandbox.url, 'pay', bulkyPay('RO-BEFORE'))).result.resultCode).toBe('PAYMENT_IN_PROCESS');
    for (const file of readdirSync(fs.dir)) chmodSync(join(fs.dir, file), 0o444);
    chmodSync(fs.dir, 0o555);
    for (let i = 0; i < 3; i += 1) {
      const answer = await signedExchange(sandbox.url, 'pay', bulkyPay(`RO-${i}`));
      expect(answer.status).toBe(200);
      expect(answer.signed).toBe(true);
      expect(answer.json.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    }
    expect(await healthy(sandbox.url)).toBe(true);
    sandbox.child.kill('SIGKILL');
    await sandbox.exited;
    const db = new Database(data, { readonly: true });
    const ids = (db.prepare('SELECT payment_request_id AS id FROM payments ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id);
    db.close();
    expect(ids).toEqual(['RO-0', 'RO-1', 'RO-2', 'RO-BEFORE']);
  }, 60_000);
});

describe('a data file that refuses writes (SQLITE_READONLY) under a running sandbox', () => {
  it('answers a signed UNKNOWN_EXCEPTION (U) naming the cause, keeps answering reads and health, and recovers', async () => {
    // the connection itself made read-only (PRAGMA query_only): SQLite then refuses every write
    // with SQLITE_READONLY, the error a data file that became read-only gives
    const dir = mkdtempSync(join(tmpdir(), 'antom-readonly-'));
    const sandbox = await startTestSandbox({ data: join(dir, 'sandbox.db') });
    try {
      expect((await signedCall(sandbox.url, 'pay', bulkyPay('QO-BEFORE'))).result.resultCode).toBe('PAYMENT_IN_PROCESS');
      sandbox.app.sandbox.db.pragma('query_only = ON');
      const answer = await signedExchange(sandbox.url, 'pay', bulkyPay('QO-REFUSED'));
      expect(answer.status).toBe(200);
      expect(answer.signed).toBe(true);
      expect(answer.json.result).toMatchObject({ resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U', resultMessage: expect.stringContaining('read-only (SQLITE_READONLY)') });
      const rule = await request(`${sandbox.url}/_sandbox/api/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ effect: { latencyMs: 1 } }) });
      expect(rule.statusCode).toBe(503);
      expect(((await rule.body.json()) as any).error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', message: expect.stringContaining('read-only') });
      expect(await healthy(sandbox.url)).toBe(true);
      expect((await signedCall(sandbox.url, 'inquiryPayment', { paymentRequestId: 'QO-BEFORE' })).result.resultCode).toBe('SUCCESS');
      expect((await signedCall(sandbox.url, 'inquiryPayment', { paymentRequestId: 'QO-REFUSED' })).result.resultCode).toBe('ORDER_NOT_EXIST');
      expect((await controlCall(sandbox.url, 'GET', '/scenarios')).rules).toEqual([]);

      sandbox.app.sandbox.db.pragma('query_only = OFF');
      expect((await signedCall(sandbox.url, 'pay', bulkyPay('QO-REFUSED'))).result.resultCode).toBe('PAYMENT_IN_PROCESS');
    } finally {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
