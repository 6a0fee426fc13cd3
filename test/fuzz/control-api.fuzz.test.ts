import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';
import { stateDigest } from '../support/state-snapshot.js';
import { brokenJson, CONTROL_ROUTES, expandMarkers, fuzzParameters, jsonValue, nastyString, propertyTimeoutMs, seed } from './fuzz-settings.js';

/** Bodies close to valid ones, so the fuzz reaches past the first check. */
const nearlyValid: Record<string, fc.Arbitrary<unknown>> = {
  '/merchants': fc.record({ clientId: fc.oneof(fc.string(), nastyString), publicKey: fc.oneof(fc.string(), nastyString, fc.constant('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA')), notifyUrl: fc.option(fc.oneof(fc.webUrl(), nastyString)) }, { requiredKeys: [] }),
  '/payments/:id/authorize': fc.record({ outcome: fc.oneof(fc.constantFrom('approve', 'decline', 'abandon'), nastyString), cardBrand: fc.oneof(fc.constantFrom('HYUNDAI', 'hyundai', 'NOPE'), nastyString), resultCode: fc.oneof(fc.constantFrom('DO_NOT_HONOR', 'SUCCESS', 'PROCESS_FAIL'), nastyString) }, { requiredKeys: [] }),
  '/clock/advance': fc.record({ ms: fc.oneof(fc.integer({ min: -10, max: 1_000 }), fc.double(), jsonValue) }, { requiredKeys: [] }),
  '/scenarios': fc.record({ match: fc.oneof(fc.record({ api: fc.constantFrom('pay', 'refund', 'nope'), paymentRequestId: fc.oneof(fc.constantFrom('(a+)+$', '[', '^FUZZ-'), nastyString), amount: fc.oneof(fc.constant('46000'), nastyString) }, { requiredKeys: [] }), jsonValue), effect: fc.oneof(fc.record({ latencyMs: fc.integer({ min: -1, max: 10 }), httpStatus: fc.constantFrom(500, 503, 418), resultCode: fc.oneof(fc.constant('RISK_REJECT'), nastyString) }, { requiredKeys: [] }), jsonValue), times: fc.oneof(fc.nat(5), jsonValue) }, { requiredKeys: [] }),
};

describe(`fuzzing the control API (seed ${seed})`, () => {
  let sandbox: TestSandbox;
  let paymentId: string;

  beforeAll(async () => {
    // a capture delay of 30 days: nothing falls due by real time while the fuzz runs
    sandbox = await startTestSandbox({ captureDelayMs: 30 * 24 * 3600_000 });
    paymentId = (await sandbox.call('pay', payRequest())).body.paymentId;
  });
  afterAll(() => sandbox?.close());

  const call = fc.record({
    route: fc.constantFrom(...CONTROL_ROUTES),
    id: fc.oneof({ weight: 2, arbitrary: fc.constant('EXISTING') }, { weight: 3, arbitrary: nastyString.map((s) => s.slice(0, 300)) }),
    query: fc.option(fc.dictionary(fc.constantFrom('status', 'clientId', 'limit', 'paymentId', 'verdict', 'x'), fc.oneof(fc.constantFrom('1', '0', '-1', '1001', 'PROCESSING', 'nope'), nastyString.map((s) => s.slice(0, 300)))), { freq: 2 }),
    body: fc.oneof(
      { weight: 3, arbitrary: fc.constant('nearlyValid').chain(() => fc.constantFrom(...Object.keys(nearlyValid))).chain((k) => nearlyValid[k]!.map((v) => ({ json: v }))) },
      { weight: 2, arbitrary: jsonValue.map((v) => ({ json: v })) },
      { weight: 1, arbitrary: brokenJson.map((text) => ({ text })) },
      { weight: 1, arbitrary: fc.constant({ none: true }) },
    ),
    contentType: fc.oneof({ weight: 5, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', '') }),
  });

  it(
    'answers every call 2xx/4xx with JSON, never a 5xx, and a refused call stores nothing',
    async () => {
      let checked = 0;
      await fc.assert(
        fc.asyncProperty(call, async (c) => {
          const [method, template] = c.route;
          const id = c.id === 'EXISTING' ? paymentId : encodeURIComponent(c.id.replace(/[\uD800-\uDFFF]/g, '?'));
          let path = `/_sandbox/api${template.replace(':id', id || 'x')}`;
          if (c.query) path += `?${new URLSearchParams(Object.entries(c.query).map(([k, v]): [string, string] => [k, v.replace(/[\uD800-\uDFFF]/g, '?')])).toString()}`;
          const text = 'none' in c.body ? undefined : 'text' in c.body ? c.body.text : expandMarkers(JSON.stringify(c.body.json) ?? 'null');
          const headers: Record<string, string> = {};
          if (text !== undefined && c.contentType) headers['content-type'] = c.contentType;

          await sandbox.app.sandbox.outbox.settle();
          const before = stateDigest(sandbox.app);
          const response = await request(`${sandbox.url}${path}`, { method: method as 'POST', headers, body: method === 'GET' ? undefined : text, headersTimeout: 20_000, bodyTimeout: 20_000 });
          const answer = await response.body.text();
          const context = `${method} ${path.slice(0, 200)} → ${response.statusCode} ${answer.slice(0, 300)}`;
          expect(response.statusCode, context).toBeGreaterThanOrEqual(200);
          expect(response.statusCode, context).toBeLessThan(500);
          expect(String(response.headers['content-type']), context).toMatch(/^application\/json/);
          expect(() => JSON.parse(answer), context).not.toThrow();
          if (response.statusCode >= 400) {
            await sandbox.app.sandbox.outbox.settle();
            expect(stateDigest(sandbox.app), `a refused call changed stored state: ${context}`).toBe(before);
          }
          checked += 1;
        }),
        fuzzParameters,
      );
      expect(checked).toBeGreaterThan(0);
      console.info(`fuzz (seed ${seed}): ${checked} control API calls checked`);
      const health = await request(`${sandbox.url}/_sandbox/health`);
      expect(health.statusCode).toBe(200);
      await health.body.dump();
    },
    propertyTimeoutMs,
  );
});
