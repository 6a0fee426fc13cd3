import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TOTAL_PROGRAM_SIZE } from '../../emulator/domain/rule-patterns.js';
import { VirtualClock } from '../../emulator/clock/virtual-clock.js';
import { MAX_RULE_JSON_BYTES, MAX_RULES, scenarioRuleSchema } from '../../emulator/domain/scenario-rules.js';
import { ScenarioEngine } from '../../emulator/services/scenario-engine.js';
import { ScenarioFileError } from '../../emulator/services/scenario-presets.js';
import { openDatabase } from '../../emulator/storage/database.js';
import { PaymentStore } from '../../emulator/storage/payment-store.js';
import { ScenarioStore } from '../../emulator/storage/scenario-store.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

async function postRule(url: string, body: string) {
  const response = await request(`${url}/_sandbox/api/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.statusCode, json: (await response.body.json()) as any };
}

describe('thousands of rules and huge rules are bounded', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox?.close());

  it(`a rule of more than ${MAX_RULE_JSON_BYTES} bytes of JSON → 400 naming the limit, nothing stored`, async () => {
    const huge = await postRule(sandbox.url, JSON.stringify({ effect: { latencyMs: 1 }, description: 'x', match: { clientId: 'A' }, padding: 'y'.repeat(MAX_RULE_JSON_BYTES) }));
    expect(huge.status).toBe(400);
    expect(huge.json.error).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining(`limit of ${MAX_RULE_JSON_BYTES} bytes per rule`) });
    // each field has its own bound too: a 1 MB description is refused by its length, naming the field
    const long = await postRule(sandbox.url, JSON.stringify({ effect: { latencyMs: 1 }, description: 'z'.repeat(300) }));
    expect(long.status).toBe(400);
    expect(long.json.error.message).toMatch(/^description: /);
    expect((await sandbox.control('GET', '/scenarios')).body.rules).toEqual([]);
  });

  it(`${MAX_RULES} rules are kept; one more, or a preset, → 400 naming the limit; a pay still answers quickly`, async () => {
    for (let i = 0; i < MAX_RULES; i += 1) {
      const added = await postRule(sandbox.url, JSON.stringify({ match: { amount: String(100_000 + i), clientId: `C-${i}` }, effect: { latencyMs: 1 } }));
      expect(added.status, JSON.stringify(added.json)).toBe(201);
    }
    const oneMore = await postRule(sandbox.url, JSON.stringify({ effect: { latencyMs: 1 } }));
    expect(oneMore.status).toBe(400);
    expect(oneMore.json.error).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining(`at most ${MAX_RULES} scenario rules`) });
    const preset = await request(`${sandbox.url}/_sandbox/api/scenarios/presets/slow-gateway`, { method: 'POST' });
    expect(preset.statusCode).toBe(400);
    expect(((await preset.body.json()) as any).error.code).toBe('LIMIT_EXCEEDED');
    expect((await sandbox.control('GET', '/scenarios')).body.rules).toHaveLength(MAX_RULES);
    const timings = await timedPays(sandbox, 20);
    console.info(`${MAX_RULES} rules, none matching: pay p50 ${timings[10]!.toFixed(1)} ms, max ${timings.at(-1)!.toFixed(1)} ms`);
    expect(timings[10]!).toBeLessThan(100);
    expect((await sandbox.control('DELETE', '/scenarios')).status).toBe(200);
  }, 120_000);

  it(`the patterns of all rules share a budget of ${MAX_TOTAL_PROGRAM_SIZE} RE2 instructions, which keeps a cold match of all of them bounded`, async () => {
    // the costliest patterns per character: case-folded Unicode classes, unanchored, none matching
    let added = 0;
    let refusal: any;
    for (let i = 0; i < 100 && !refusal; i += 1) {
      const answer = await postRule(sandbox.url, JSON.stringify({ match: { paymentRequestId: `${'(?i)[\\p{L}\\p{N}]{0,100}'.repeat(4)}x${i}` }, effect: { latencyMs: 1 } }));
      if (answer.status === 201) added += 1;
      else refusal = answer;
    }
    expect(refusal?.status).toBe(400);
    expect(refusal.json.error).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining(`at most ${MAX_TOTAL_PROGRAM_SIZE} RE2 instructions`) });
    expect(added).toBeGreaterThan(0);
    // every id is new, so each match builds DFA states afresh (the cold, costly case)
    const timings = await timedPays(sandbox, 20, (i) => [`${'가'.repeat(60)}${i}`, `${'Z9'.repeat(30)}${i}`, `${'a'.repeat(60)}${i}`][i % 3]!);
    console.info(`${added} rules at the pattern budget, cold adversarial ids: pay p50 ${timings[10]!.toFixed(1)} ms, max ${timings.at(-1)!.toFixed(1)} ms`);
    expect(timings[10]!).toBeLessThan(100);
    expect(timings.at(-1)!).toBeLessThan(1_000);
  }, 60_000);
});

/** `count` pays with the given ids (default: 30 a's and a b), their latencies sorted. */
async function timedPays(sandbox: TestSandbox, count: number, idOf = (i: number) => `${'a'.repeat(30)}b${i}`): Promise<number[]> {
  const timings: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = idOf(i);
    const started = performance.now();
    const answer = await sandbox.call('pay', payRequest({ paymentRequestId: id, order: { ...payRequest().order, referenceOrderId: id } }));
    timings.push(performance.now() - started);
    expect(answer.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  }
  return timings.sort((a, b) => a - b);
}

describe('rules stored before the bounds existed', () => {
  it('are kept oldest first within the bounds; the rest are dropped with one warning each', () => {
    const db = openDatabase(':memory:');
    const store = new ScenarioStore(db);
    const clock = new VirtualClock({});
    const rule = (i: number) => ({ id: `OLD-${i}`, rule: scenarioRuleSchema.parse({ match: { amount: String(i) }, effect: { latencyMs: 1 } }), remaining: null, source: 'api', createdAt: 0 });
    for (let i = 0; i < MAX_RULES + 5; i += 1) store.insert(rule(i));
    const warnings: string[] = [];
    const engine = new ScenarioEngine({ store, payments: new PaymentStore(db), clock, warn: (m) => warnings.push(m) });
    expect(engine.list()).toHaveLength(MAX_RULES);
    expect(engine.list().at(-1)!.id).toBe(`OLD-${MAX_RULES - 1}`);
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toContain(`scenario rule OLD-${MAX_RULES} (api) dropped: at most ${MAX_RULES} scenario rules`);
    // dropped from the data file too, so the next start does not warn again
    expect(store.all()).toHaveLength(MAX_RULES);
    db.close();
  });

  it('a --scenarios file beyond the bounds stops start-up with a sentence', () => {
    const db = openDatabase(':memory:');
    const engine = new ScenarioEngine({ store: new ScenarioStore(db), payments: new PaymentStore(db), clock: new VirtualClock({}) });
    const rules = Array.from({ length: MAX_RULES + 1 }, () => scenarioRuleSchema.parse({ effect: { latencyMs: 1 } }));
    expect(() => engine.replaceSource('startup', rules)).toThrow(ScenarioFileError);
    expect(() => engine.replaceSource('startup', rules)).toThrow(`--scenarios: at most ${MAX_RULES} scenario rules`);
    expect(engine.list()).toEqual([]);
    db.close();
  });
});
