import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliOptions } from '../../emulator/cli-options.js';
import { buildSandbox } from '../../emulator/index.js';
import { listPresets } from '../../emulator/services/scenario-presets.js';
import { controlCall, signedCall } from '../support/antom-http.js';
import { spawnSandbox, type SandboxProcess } from '../support/cli-process.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'antom-scenarios-'));

describe('scenario presets (fixtures/scenarios/*.json)', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('every preset file is valid and listed by the API', async () => {
    const presets = listPresets();
    expect(presets.length).toBeGreaterThanOrEqual(5);
    for (const p of presets) expect(p.rules.length, p.name).toBeGreaterThan(0);
    const listed = await sandbox.control('GET', '/scenarios/presets');
    expect(listed.body.presets.map((p: { name: string }) => p.name)).toEqual(presets.map((p) => p.name));
  });

  it('loading flaky-gateway: 503, then a dropped connection, then pay works', async () => {
    const loaded = await sandbox.control('POST', '/scenarios/presets/flaky-gateway');
    expect(loaded.status).toBe(201);
    expect(loaded.body.rules.map((r: { source: string; remaining: number }) => [r.source, r.remaining])).toEqual([
      ['preset:flaky-gateway', 1],
      ['preset:flaky-gateway', 1],
    ]);
    expect((await sandbox.call('pay', payRequest())).status).toBe(503);
    await expect(sandbox.call('pay', payRequest())).rejects.toMatchObject({ name: 'SocketError' });
    expect((await sandbox.call('pay', payRequest())).body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });

  it('an unknown preset is a 404 naming the ones there are', async () => {
    const missing = await sandbox.control('POST', '/scenarios/presets/../../etc');
    expect(missing.status).toBe(404);
    const unknown = await sandbox.control('POST', '/scenarios/presets/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('flaky-gateway');
  });

  it('reset clears the rules', async () => {
    await sandbox.control('POST', '/scenarios/presets/slow-gateway');
    await sandbox.control('POST', '/reset');
    expect((await sandbox.control('GET', '/scenarios')).body.rules).toEqual([]);
  });
});

describe('--scenarios and persistence', () => {
  const running: SandboxProcess[] = [];
  afterAll(() => {
    for (const p of running) p.child.kill('SIGKILL');
  });

  const file = join(dir, 'rules.json');
  writeFileSync(file, JSON.stringify({ rules: [{ match: { api: 'pay' }, effect: { resultCode: 'RISK_REJECT' }, times: 1 }] }));

  it('rules survive a restart with their uses left; the --scenarios file replaces its own rules, not adds', async () => {
    const data = join(dir, 'persist.db');
    const first = await buildSandbox({ data, logLevel: 'silent', scenarios: file });
    first.sandbox.scenarios.add({ match: {}, effect: { latencyMs: 5 }, times: 3 });
    const ruleId = first.sandbox.scenarios.list().find((r) => r.source === 'api')!.id;
    // two uses of the api rule (the startup rule only matches pay)
    expect(first.sandbox.scenarios.apiFault('inquiryPayment', 'SANDBOX_DEMO_MERCHANT', {})).toEqual(expect.objectContaining({ latencyMs: 5 }));
    expect(first.sandbox.scenarios.apiFault('cancel', 'SANDBOX_DEMO_MERCHANT', {})).toEqual(expect.objectContaining({ latencyMs: 5 }));
    await first.close();

    const second = await buildSandbox({ data, logLevel: 'silent', scenarios: file });
    const rules = second.sandbox.scenarios.list();
    expect(rules.map((r) => [r.source, r.remaining])).toEqual([
      ['api', 1],
      ['startup', 1],
    ]);
    expect(rules[0]!.id).toBe(ruleId);
    await second.close();
  });

  it('a bad --scenarios file stops start-up with a sentence naming the field', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ rules: [{ effect: { httpStatus: 418 } }] }));
    await expect(buildSandbox({ data: ':memory:', scenarios: bad })).rejects.toThrow(/rules\[0\]\.effect\.httpStatus/);
    await expect(buildSandbox({ data: ':memory:', scenarios: join(dir, 'missing.json') })).rejects.toThrow(/cannot read/);
  });

  it('the CLI loads --scenarios and honours --journal-limit', async () => {
    const cli = await spawnSandbox(['--data', ':memory:', '--scenarios', file, '--journal-limit', '2']);
    running.push(cli);
    expect((await signedCall(cli.url, 'pay', payRequest())).result.resultCode).toBe('RISK_REJECT');
    expect((await signedCall(cli.url, 'pay', payRequest())).result.resultCode).toBe('PAYMENT_IN_PROCESS');
    await signedCall(cli.url, 'pay', payRequest());
    const journal = await controlCall(cli.url, 'GET', '/requests');
    expect(journal).toMatchObject({ limit: 2, size: 2 });
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('--journal-limit must be a whole number', () => {
    expect(() => parseCliOptions(['--journal-limit', 'lots'], {})).toThrow('--journal-limit: "lots" is not a whole number.');
    expect(parseCliOptions([], { ANTOM_SANDBOX_JOURNAL_LIMIT: '7' }).journalLimit).toBe(7);
  });
});
