import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieValueFor } from '../../emulator/routes/control/control-auth.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';
import { stateDigest } from '../support/state-snapshot.js';
import { asHeaderValue, brokenJson, CONTROL_ROUTES, fuzzParameters, nastyString, percentEncode, propertyTimeoutMs, seed } from './fuzz-settings.js';

const TOKEN = 'fuzz-control-token';
const GOOD_COOKIE = `antom_sandbox_control=${cookieValueFor(TOKEN)}`;

/** The control page's own routes, which read the cookie and a form body; they answer HTML. */
const PAGE_ROUTES: ReadonlyArray<[string, string]> = [
  ['GET', '/_sandbox'],
  ['POST', '/_sandbox/login'],
  ['POST', '/_sandbox/logout'],
  ['GET', '/_sandbox/health'],
];

/** Percent-escapes that are not UTF-8, or not escapes at all. */
const badEscape = fc.constantFrom('%', '%E0', '%ZZ', '%00', '%C0%AF', '%FF%FE', '%2F..%2F', '%E0%80', '%u0041', '%%');

interface HeaderChoice {
  value: string;
  valid: boolean;
  /** several cookies at once: which one counts is the server's reading, not checked here */
  mixed?: boolean;
}
/** Values for the headers the control plane reads; `valid` marks the only ones that authenticate. */
const authorization: fc.Arbitrary<HeaderChoice> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ value: `Bearer ${TOKEN}`, valid: true }) },
  { weight: 1, arbitrary: fc.constantFrom(`bearer   ${TOKEN}  `, `BEARER ${TOKEN}`).map((value) => ({ value, valid: true })) },
  { weight: 3, arbitrary: fc.oneof(nastyString, badEscape).map((s) => ({ value: `Bearer ${s}`, valid: false })) },
  { weight: 2, arbitrary: fc.constantFrom('Bearer', 'Bearer ', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, `Token ${TOKEN}`, `${TOKEN}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${cookieValueFor(TOKEN)}`).map((value) => ({ value, valid: false })) },
  { weight: 1, arbitrary: nastyString.map((value) => ({ value, valid: false })) },
);
const cookie: fc.Arbitrary<HeaderChoice> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ value: GOOD_COOKIE, valid: true }) },
  { weight: 3, arbitrary: fc.oneof(badEscape, nastyString).map((s) => ({ value: `antom_sandbox_control=${s}`, valid: false })) },
  { weight: 2, arbitrary: fc.constantFrom(`antom_sandbox_control=${TOKEN}`, 'antom_sandbox_control', 'antom_sandbox_control=', ';;=;', '=%E0', `${GOOD_COOKIE.toUpperCase()}`, `x${GOOD_COOKIE}`).map((value) => ({ value, valid: false })) },
  // several cookies: the first one named antom_sandbox_control counts
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.constant(GOOD_COOKIE), badEscape.map((s) => `antom_sandbox_control=${s}`), nastyString.map((s) => `${s}=${s}`)), { minLength: 2, maxLength: 6 }).map((parts) => ({ value: parts.join('; '), valid: false, mixed: true })) },
);
const otherHeaders = fc.dictionary(
  fc.constantFrom('content-type', 'accept', 'accept-encoding', 'accept-language', 'origin', 'referer', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'if-none-match', 'range', 'cache-control', 'client-id', 'signature', 'request-time'),
  fc.oneof(nastyString, badEscape, fc.constantFrom('application/json', 'application/json; charset=latin1', 'text/html', '*/*', 'gzip, br', 'bytes=0-1,-1', 'null', 'https://evil.example')),
  { maxKeys: 5 },
);

describe(`fuzzing the control plane's headers, cookies, methods and escapes (seed ${seed})`, () => {
  const sandboxes: Record<'open' | 'token', TestSandbox> = {} as never;
  let paymentId: string;
  beforeAll(async () => {
    sandboxes.open = await startTestSandbox({ captureDelayMs: 30 * 24 * 3600_000 });
    sandboxes.token = await startTestSandbox({ captureDelayMs: 30 * 24 * 3600_000, controlToken: TOKEN });
    paymentId = (await sandboxes.token.call('pay', payRequest())).body.paymentId;
  });
  afterAll(async () => {
    await sandboxes.open?.close();
    await sandboxes.token?.close();
  });

  const call = fc.record({
    withToken: fc.boolean(),
    route: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CONTROL_ROUTES).map(([m, p]): [string, string] => [m, `/_sandbox/api${p}`]) }, { weight: 1, arbitrary: fc.constantFrom(...PAGE_ROUTES) }),
    oddMethod: fc.option(fc.constantFrom('PUT', 'PATCH', 'OPTIONS', 'HEAD', 'DELETE', 'PROPFIND', 'PURGE', 'SEARCH', 'REPORT', 'MKCOL', 'LOCK'), { freq: 4 }),
    id: fc.oneof(fc.constant('EXISTING'), nastyString.map((s) => percentEncode(s.slice(0, 100))), badEscape),
    query: fc.option(fc.tuple(fc.constantFrom('limit', 'clientId', 'status', 'x'), fc.oneof(badEscape, nastyString.map((s) => percentEncode(s.slice(0, 50))))).map(([k, v]) => `${k}=${v}`), { freq: 3 }),
    authorization: fc.option(authorization, { freq: 2 }),
    cookie: fc.option(cookie, { freq: 2 }),
    headers: otherHeaders,
    body: fc.oneof(fc.constant(undefined), fc.constant('{}'), fc.constant('{"ms":1}'), fc.constant(`token=${TOKEN}`), badEscape.map((s) => `token=${s}`), brokenJson.map((s) => s.slice(0, 2_000))),
  });

  it(
    'answers every request below 500, and without a valid token no control call gets through or changes state',
    async () => {
      let checked = 0;
      let authenticated = 0;
      await fc.assert(
        fc.asyncProperty(call, async (c) => {
          const sandbox = c.withToken ? sandboxes.token : sandboxes.open;
          const method = c.oddMethod ?? c.route[0];
          const path = `${c.route[1].replace(':id', c.id === 'EXISTING' ? paymentId : c.id || 'x')}${c.query ? `?${c.query}` : ''}`;
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(c.headers)) headers[name] = asHeaderValue(value);
          if (c.authorization) headers.authorization = asHeaderValue(c.authorization.value);
          if (c.cookie) headers.cookie = asHeaderValue(c.cookie.value);
          const hasBody = c.body !== undefined && method !== 'GET' && method !== 'HEAD';
          const credentialed = Boolean(c.authorization?.valid) || Boolean(c.cookie?.valid);

          await sandbox.app.sandbox.outbox.settle();
          const before = stateDigest(sandbox.app);
          const response = await request(`${sandbox.url}${path}`, { method: method as 'POST', headers, body: hasBody ? c.body : undefined, headersTimeout: 20_000, bodyTimeout: 20_000 });
          const answer = await response.body.text();
          const context = `${method} ${path.slice(0, 200)} ${JSON.stringify(headers).slice(0, 400)} → ${response.statusCode} ${answer.slice(0, 200)}`;
          expect(response.statusCode, context).toBeGreaterThanOrEqual(200);
          expect(response.statusCode, context).toBeLessThan(500);
          const controlApi = c.route[1].startsWith('/_sandbox/api/');
          if (c.withToken && controlApi && !credentialed && !c.cookie?.mixed) {
            expect(response.statusCode, `got past the token: ${context}`).toBeGreaterThanOrEqual(400);
            await sandbox.app.sandbox.outbox.settle();
            expect(stateDigest(sandbox.app), `an unauthenticated call changed state: ${context}`).toBe(before);
          }
          if (c.withToken && controlApi && credentialed && response.statusCode !== 401) authenticated += 1;
          checked += 1;
        }),
        fuzzParameters,
      );
      console.info(`fuzz (seed ${seed}): ${checked} control-plane requests with hostile headers, ${authenticated} of them authenticated with the token`);
      expect(checked).toBeGreaterThan(0);
      expect(authenticated, 'the valid credentials never got through: the property checked refusals only').toBeGreaterThan(0);
      for (const sandbox of Object.values(sandboxes)) {
        const health = await request(`${sandbox.url}/_sandbox/health`);
        expect(health.statusCode).toBe(200);
        await health.body.dump();
      }
    },
    propertyTimeoutMs,
  );
});
