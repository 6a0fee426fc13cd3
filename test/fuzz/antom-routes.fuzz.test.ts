import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_CODES } from '../../protocol/index.js';
import { signLikeAnSdk, verifyLikeAnSdk } from '../support/independent-verifier.js';
import { DEMO_CLIENT_ID, demoMerchantPrivateKey, sandboxPublicKey } from '../support/keys.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';
import { stateDigest } from '../support/state-snapshot.js';
import { asHeaderValue, brokenJson, expandMarkers, fuzzParameters, jsonValue, nastyString, percentEncode, propertyTimeoutMs, seed } from './fuzz-settings.js';

const APIS = ['pay', 'inquiryPayment', 'cancel', 'refund', 'inquiryRefund', 'capture'] as const;
const PREFIXES = ['/ams/api/v1/payments/', '/ams/sandbox/api/v1/payments/'];

type Json = Record<string, unknown>;

/** A path into a JSON object, and what to do there. */
type Mutation = { kind: 'delete' | 'replace' | 'add'; at: number; value: unknown; key: string };

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value as Json).flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function mutate(body: Json, mutation: Mutation): Json {
  if (body === null || typeof body !== 'object') return body;
  const copy = structuredClone(body);
  const all = paths(copy).filter((p) => p.length > 0);
  if (all.length === 0) return copy;
  const path = all[mutation.at % all.length]!;
  let holder: Json = copy;
  for (const key of path.slice(0, -1)) holder = holder[key] as Json;
  const last = path.at(-1)!;
  if (mutation.kind === 'delete') delete holder[last];
  else if (mutation.kind === 'replace') holder[last] = mutation.value;
  else holder[mutation.key] = mutation.value;
  return copy;
}

const headerFault = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.constantFrom('client-id', 'request-time', 'signature', 'content-type').map((name) => ({ kind: 'drop' as const, name })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('client-id', 'request-time', 'signature', 'content-type'), nastyString).map(([name, value]) => ({ kind: 'set' as const, name, value })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'signOtherBody' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flipSignatureByte' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicateClientId' as const }) },
);

describe(`fuzzing the Antom API (seed ${seed})`, () => {
  let sandbox: TestSandbox;
  const bases: Record<(typeof APIS)[number], () => Json> = {} as never;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const processing = (await sandbox.call('pay', payRequest())).body;
    const captured = (await sandbox.call('pay', payRequest())).body;
    await sandbox.control('POST', `/payments/${captured.paymentId}/authorize`, { outcome: 'approve', cardBrand: 'HYUNDAI' });
    await sandbox.control('POST', '/clock/advance', { ms: 1_000 });
    const refund = (await sandbox.call('refund', { refundRequestId: 'FUZZ-REFUND-0', paymentId: captured.paymentId, refundAmount: { currency: 'KRW', value: '1000' } })).body;
    expect(refund.result.resultCode).toBe('SUCCESS');
    let n = 0;
    bases.pay = () => payRequest({ paymentNotifyUrl: undefined });
    bases.inquiryPayment = () => (n++ % 2 ? { paymentId: processing.paymentId } : { paymentRequestId: captured.paymentRequestId });
    bases.cancel = () => ({ paymentId: processing.paymentId, paymentRequestId: processing.paymentRequestId });
    bases.refund = () => ({ refundRequestId: `FUZZ-REFUND-${++n}`, paymentId: captured.paymentId, refundAmount: { currency: 'KRW', value: '1' }, refundReason: 'fuzz' });
    bases.inquiryRefund = () => (n++ % 2 ? { refundId: refund.refundId } : { refundRequestId: 'FUZZ-REFUND-0' });
    bases.capture = () => ({ paymentId: captured.paymentId, captureRequestId: `FUZZ-CAPTURE-${++n}`, captureAmount: { currency: 'KRW', value: '46000' } });
  });
  afterAll(() => sandbox?.close());

  const body = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constantFrom<Mutation['kind']>('delete', 'replace', 'add'), at: fc.nat(), value: jsonValue, key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'paymentId', 'prototype')) }).map((m) => ({ mutation: m as Mutation })) },
    { weight: 1, arbitrary: fc.array(fc.record({ kind: fc.constantFrom<Mutation['kind']>('delete', 'replace', 'add'), at: fc.nat(), value: jsonValue, key: fc.string({ maxLength: 8 }) }), { minLength: 2, maxLength: 6 }).map((ms) => ({ mutations: ms as Mutation[] })) },
    { weight: 2, arbitrary: jsonValue.map((value) => ({ value })) },
    { weight: 1, arbitrary: brokenJson.map((text) => ({ text })) },
    { weight: 2, arbitrary: fc.constant({ valid: true }) },
  );

  const call = fc.record({
    api: fc.constantFrom(...APIS),
    prefix: fc.constantFrom(...PREFIXES),
    unknownApi: fc.option(nastyString.map((s) => percentEncode(s.slice(0, 200))), { freq: 12 }),
    method: fc.oneof({ weight: 12, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') }),
    body,
    headers: headerFault,
  });

  it(
    'answers every call with a well-formed, signed Antom result, never a 5xx, and a rejected call stores nothing',
    async () => {
      let checked = 0;
      await fc.assert(
        fc.asyncProperty(call, async (c) => {
          const base = bases[c.api]();
          let text: string;
          if ('text' in c.body) text = c.body.text;
          else if ('value' in c.body) text = JSON.stringify(c.body.value) ?? 'null';
          else if ('mutation' in c.body) text = JSON.stringify(mutate(base, c.body.mutation));
          else if ('mutations' in c.body) text = JSON.stringify(c.body.mutations.reduce(mutate, base));
          else text = JSON.stringify(base);
          text = expandMarkers(text);
          // magic amount 9999 never answers, on purpose (a timeout scenario): not a finding
          fc.pre(!/"9999"/.test(text));
          const path = `${c.prefix}${c.unknownApi ?? c.api}`;
          const time = String(Date.now());
          const headers: Record<string, string | string[]> = {
            'content-type': 'application/json; charset=UTF-8',
            'client-id': DEMO_CLIENT_ID,
            'request-time': time,
            signature: signLikeAnSdk({ method: c.method, path, clientId: DEMO_CLIENT_ID, time, body: text, privateKey: demoMerchantPrivateKey }),
          };
          const h = c.headers;
          if (h.kind === 'drop') delete headers[h.name];
          if (h.kind === 'set') headers[h.name] = asHeaderValue(h.value);
          if (h.kind === 'signOtherBody') headers.signature = signLikeAnSdk({ method: c.method, path, clientId: DEMO_CLIENT_ID, time, body: `${text} `, privateKey: demoMerchantPrivateKey });
          if (h.kind === 'flipSignatureByte') headers.signature = String(headers.signature).replace(/signature=(.)/, (_m, ch: string) => `signature=${ch === 'A' ? 'B' : 'A'}`);
          if (h.kind === 'duplicateClientId') headers['client-id'] = [DEMO_CLIENT_ID, 'SANDBOX_OTHER'];

          const before = stateDigest(sandbox.app);
          const response = await request(`${sandbox.url}${path}`, {
            method: c.method as 'POST',
            headers,
            body: c.method === 'GET' ? undefined : text,
            headersTimeout: 20_000,
            bodyTimeout: 20_000,
          });
          const answer = await response.body.text();
          const context = `${c.method} ${path} → ${response.statusCode} ${answer.slice(0, 300)}`;
          expect(response.statusCode, context).toBe(200);
          const parsed = JSON.parse(answer) as { result?: { resultCode?: string; resultStatus?: string; resultMessage?: unknown } };
          const result = parsed.result;
          expect(result, context).toBeDefined();
          expect(Object.hasOwn(RESULT_CODES, result!.resultCode!), context).toBe(true);
          expect(result!.resultStatus, context).toBe(RESULT_CODES[result!.resultCode as keyof typeof RESULT_CODES].status);
          expect(typeof result!.resultMessage, context).toBe('string');
          expect(result!.resultCode, context).not.toBe('UNKNOWN_EXCEPTION'); // an unexpected error inside the sandbox
          expect(verifyLikeAnSdk({ method: c.method, path, headers: response.headers, body: answer, publicKey: sandboxPublicKey }), context).toEqual({ ok: true });
          if (result!.resultStatus === 'F') expect(stateDigest(sandbox.app), `a rejected call changed stored state: ${context}`).toBe(before);
          checked += 1;
        }),
        fuzzParameters,
      );
      expect(checked).toBeGreaterThan(0);
      console.info(`fuzz (seed ${seed}): ${checked} Antom API calls checked`);
      // the sandbox is still up and still takes a good payment
      const health = await request(`${sandbox.url}/_sandbox/health`);
      expect(health.statusCode).toBe(200);
      await health.body.dump();
      expect((await sandbox.call('pay', payRequest())).body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    },
    propertyTimeoutMs,
  );
});
