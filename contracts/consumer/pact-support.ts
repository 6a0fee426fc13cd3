import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { AntomClient } from '../../client/index.js';
import { buildSignedText, formatSignatureHeader, signText } from '../../protocol/index.js';

const { regex, reify } = MatchersV3;

const keysDir = join(import.meta.dirname, '..', '..', 'fixtures', 'keys');
export const CLIENT_ID = 'SANDBOX_DEMO_MERCHANT';
const merchantPrivateKey = createPrivateKey(readFileSync(join(keysDir, 'demo-merchant-private.pem'), 'utf8'));
/** test-only: the fixture key the sandbox signs with, used to make the pact's examples true */
const sandboxPrivateKey = createPrivateKey(readFileSync(join(keysDir, 'sandbox-private.pem'), 'utf8'));
export const sandboxPublicKey = createPublicKey(sandboxPrivateKey);

export const PACT_DIR = join(import.meta.dirname, '..', 'pacts');

/** The one pact of the reference client with Antom; every consumer file adds to it. */
export function referenceClientPact(): PactV4 {
  return new PactV4({ consumer: 'antom-reference-client', provider: 'antom', dir: PACT_DIR, logLevel: 'error' });
}

/** The reference client pointed at a Pact mock server; no retries, so one call is one interaction. */
export function clientFor(mockUrl: string): AntomClient {
  return new AntomClient({ gatewayUrl: mockUrl, clientId: CLIENT_ID, privateKey: merchantPrivateKey, antomPublicKey: sandboxPublicKey, retry: false });
}

// ---- formats an integration may rely on (protocol §2, §4, §10) ----
export const SIGNATURE_FORMAT = /^algorithm=RSA256,keyVersion=\d+,signature=[A-Za-z0-9%]+$/;
export const ANTOM_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/;
/** an amount in the smallest unit: digits, no sign, no decimals, no leading zero */
export const AMOUNT_VALUE = /^(0|[1-9]\d*)$/;
export const ID = /^[A-Za-z0-9_-]{1,64}$/;
const REQUEST_TIME = /^(\d{13}|\d{4}-\d\d-\d\dT\S+)$/;

export const amount = (value: string) => ({ currency: 'KRW', value: regex(AMOUNT_VALUE, value) });
export const antomTime = (example = '2026-12-01T20:00:00+09:00') => regex(ANTOM_TIME, example);
export const id = (example: string) => regex(ID, example);

/** Request headers by format: the provider run replaces them with a fresh real signature. */
export const signedRequestHeaders = {
  'client-id': regex(/^\S{1,64}$/, CLIENT_ID),
  'request-time': regex(REQUEST_TIME, '1764586800000'),
  signature: regex(SIGNATURE_FORMAT, 'algorithm=RSA256,keyVersion=1,signature=c2lnbmF0dXJl'),
};

export const sandboxPath = (api: string) => `/ams/sandbox/api/v1/payments/${api}`;

/** Keys sorted, no spaces: how the Pact mock server writes a JSON body back. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

const EXAMPLE_TIME = '2026-12-01T20:00:00+09:00';

/**
 * Response headers by format, whose *examples* are a true signature of the example body: the
 * reference client verifies every response fail-closed, so the mock must answer with a response
 * it can verify, while the provider is held only to the format (any real signature matches).
 */
export function signedResponseHeaders(path: string, bodyTemplate: unknown) {
  const body = canonicalJson(reify(bodyTemplate as never));
  const text = buildSignedText({ method: 'POST', path, clientId: CLIENT_ID, time: EXAMPLE_TIME, body });
  return {
    'client-id': regex(/^\S{1,64}$/, CLIENT_ID),
    'response-time': regex(ANTOM_TIME, EXAMPLE_TIME),
    signature: regex(SIGNATURE_FORMAT, formatSignatureHeader(signText(text, sandboxPrivateKey))),
  };
}

/** Notification headers by format, with examples that truly sign the example body (§9). */
export const NOTIFY_PATH = '/antom/notify';
export function signedNotificationMetadata(bodyTemplate: unknown) {
  const body = canonicalJson(reify(bodyTemplate as never));
  const text = buildSignedText({ method: 'POST', path: NOTIFY_PATH, clientId: CLIENT_ID, time: EXAMPLE_TIME, body });
  return {
    'client-id': regex(/^\S{1,64}$/, CLIENT_ID),
    'request-time': regex(ANTOM_TIME, EXAMPLE_TIME),
    signature: regex(SIGNATURE_FORMAT, formatSignatureHeader(signText(text, sandboxPrivateKey))),
  };
}
