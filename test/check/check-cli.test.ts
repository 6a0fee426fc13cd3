import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../emulator/check/check-types.js';
import { runCli, spawnSandbox, type SandboxProcess } from '../support/cli-process.js';

const SANDBOX_PUBLIC_KEY = join(import.meta.dirname, '..', '..', 'fixtures', 'keys', 'sandbox-public.pem');
const children: ChildProcess[] = [];
const sandboxes: SandboxProcess[] = [];

/** A merchant endpoint in its own process; resolves with its URL once it listens. */
async function spawnReceiver(mode: 'reference' | 'naive' | 'reserialising'): Promise<string> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'receiver-process.mjs'), mode, SANDBOX_PUBLIC_KEY], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the receiver exited (${code}):\n${output}`)));
  });
}

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  for (const sandbox of sandboxes) {
    sandbox.child.kill('SIGTERM');
    await sandbox.exited;
  }
});

describe('antom-sandbox check through the real CLI, against a receiver in another process', () => {
  it('passes the reference client with exit 0, running its own sandbox in-process', async () => {
    const notifyUrl = await spawnReceiver('reference');
    const { code, stdout, stderr } = await runCli(['check', '--notify-url', notifyUrl]);
    expect(stderr).toBe('');
    expect(stdout).toContain(`antom-sandbox check: ${notifyUrl} as SANDBOX_DEMO_MERCHANT`);
    expect(stdout).toMatch(/^13 passed, 0 failed, 0 reported \(13 cases, \d+ ms\): OK$/m);
    expect(stdout).not.toContain('FAIL ');
    expect(code).toBe(0);
  });

  it('fails a naive receiver with exit 1 against a running sandbox with a control token, and writes JUnit XML', async () => {
    const sandbox = await spawnSandbox(['--data', ':memory:', '--control-token', 'secret-check-token']);
    sandboxes.push(sandbox);
    const notifyUrl = await spawnReceiver('naive');
    const out = join(mkdtempSync(join(tmpdir(), 'antom-check-')), 'check.xml');
    const { code, stdout } = await runCli(['check', '--notify-url', notifyUrl, '--url', sandbox.url, '--report', 'junit', '--out', out], { ANTOM_SANDBOX_CONTROL_TOKEN: 'secret-check-token' });
    expect(stdout).toMatch(/^8 passed, 5 failed, 0 reported \(13 cases, \d+ ms\): FAILED$/m);
    expect(code).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="antom-sandbox check" tests="13" failures="5" skipped="0"/);
    expect(xml.match(/<failure /g)).toHaveLength(5);
    expect(xml).toContain('name="forged-unsigned: a PAYMENT_RESULT S without a signature header is not acknowledged"');
    // the synthetic payments live in that sandbox, under the merchant, labelled
    const listed = await fetch(`${sandbox.url}/_sandbox/api/payments?clientId=SANDBOX_DEMO_MERCHANT`, { headers: { authorization: 'Bearer secret-check-token' } });
    const { payments } = (await listed.json()) as { payments: Array<{ paymentRequestId: string }> };
    expect(payments.map((p) => p.paymentRequestId.replace(/-[0-9a-f]{8}-/, '-<run>-')).sort()).toEqual(
      ['captured', 'declined', 'forged', 'reordered', 'repeated'].map((role) => `antom-sandbox-check-<run>-${role}`),
    );
  });

  it('prints JSON for --report json, with --only, and fails a re-serialising receiver on the pretty JSON case', async () => {
    const notifyUrl = await spawnReceiver('reserialising');
    const { code, stdout } = await runCli(['check', '--notify-url', notifyUrl, '--report', 'json', '--only', 'forged,tolerated']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as CheckReport;
    expect(report.cases.filter((c) => !c.passed).map((c) => c.id)).toEqual(['tolerated-pretty-json']);
    expect(report.summary).toEqual({ passed: 6, failed: 1, reported: 0, ok: false });
  });

  it('says what is wrong with exit 2: no --notify-url, an unknown case, a wrong token, no sandbox', async () => {
    const missing = await runCli(['check']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--notify-url is required');

    const sandbox = await spawnSandbox(['--data', ':memory:', '--control-token', 'right']);
    sandboxes.push(sandbox);
    const unknown = await runCli(['check', '--notify-url', 'http://127.0.0.1:9/n', '--url', sandbox.url, '--only', 'forged,nope'], { ANTOM_SANDBOX_CONTROL_TOKEN: 'right' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('only: no case or group "nope"');

    const wrongToken = await runCli(['check', '--notify-url', 'http://127.0.0.1:9/n', '--url', sandbox.url, '--control-token', 'wrong']);
    expect(wrongToken.code).toBe(2);
    expect(wrongToken.stderr).toContain('--control-token');

    sandbox.child.kill('SIGTERM');
    await sandbox.exited;
    const gone = await runCli(['check', '--notify-url', 'http://127.0.0.1:9/n', '--url', sandbox.url]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(`no sandbox answers at ${sandbox.url}`);
  });
});
