import { generateKeyPair, type KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { buildSignedText, formatAntomTime, formatSignatureHeader, parseSignatureHeader, signTextAsync } from '../../protocol/index.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import { notificationSignedPath } from '../services/notification-outbox.js';
import type { SandboxSigner } from '../services/sandbox-signer.js';
import type { DeliveryPlan, SignaturePlan } from './check-cases.js';
import type { DeliveryEvidence } from './check-types.js';
import { isExactAcknowledgement } from './check-verdict.js';

const RESPONSE_CHARS = 2_000;

let strangerKey: Promise<KeyObject> | undefined;

/** A key nobody registered, made once per process (the "signed by another key" forgery). */
function stranger(): Promise<KeyObject> {
  strangerKey ??= new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, _publicKey, privateKey) => (error ? reject(error) : resolve(privateKey))),
  );
  return strangerKey;
}

/** `signature=…, keyVersion=1, algorithm=RSA256`: what a tolerant parser must still read. */
function reorderedHeader(standard: string): string {
  const { signature, keyVersion } = parseSignatureHeader(standard);
  return `signature=${encodeURIComponent(signature)}, keyVersion=${keyVersion ?? '1'}, algorithm=RSA256`;
}

export interface SenderDeps {
  signer: SandboxSigner;
  clock: VirtualClock;
  http: { request: typeof import('undici').request; dispatcher: Dispatcher };
  timeoutMs: number;
}

/** Signs a planned delivery as the plan says, with the sandbox's own signer for Antom's key. */
async function signatureFor(deps: SenderDeps, plan: SignaturePlan, parts: { path: string; clientId: string; time: string; body: string }): Promise<string> {
  const signed = { method: 'POST', path: parts.path, time: parts.time, clientId: plan.clientId ?? parts.clientId, body: plan.body ?? parts.body };
  const standard = plan.key === 'sandbox' ? await deps.signer.signatureHeader(signed) : formatSignatureHeader(await signTextAsync(buildSignedText(signed), await stranger()));
  return plan.header === 'reordered' ? reorderedHeader(standard) : standard;
}

/** Sends one delivery to the merchant's endpoint and records what was sent and what came back. */
export async function sendDelivery(deps: SenderDeps, notifyUrl: string, plan: DeliveryPlan): Promise<DeliveryEvidence> {
  const url = new URL(notifyUrl);
  const time = formatAntomTime(deps.clock.now());
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=UTF-8',
    'client-id': plan.clientId,
    'request-time': time,
  };
  if (plan.signature) headers.signature = await signatureFor(deps, plan.signature, { path: notificationSignedPath(url), clientId: plan.clientId, time, body: plan.body });
  const sent = { method: 'POST' as const, url: notifyUrl, headers, body: plan.body };
  const started = performance.now();
  try {
    const response = await deps.http.request(url, {
      method: 'POST',
      dispatcher: deps.http.dispatcher,
      headers,
      body: plan.body,
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    const text = await response.body.text();
    const latencyMs = Math.round(performance.now() - started);
    const acknowledged = response.statusCode === 200 && isExactAcknowledgement(text);
    return { sent, status: response.statusCode, responseBody: text.slice(0, RESPONSE_CHARS), latencyMs, error: null, acknowledged };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    const err = error as Error & { code?: string };
    const reason = err.name === 'TimeoutError' || err.name === 'AbortError' ? `timeout after ${deps.timeoutMs} ms` : `${err.code ?? err.name}: ${err.message}`;
    return { sent, status: null, responseBody: null, latencyMs, error: reason, acknowledged: false };
  }
}
