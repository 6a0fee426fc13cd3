import { randomBytes } from 'node:crypto';
import type { Agent } from 'undici';
import {
  apiPathForClient,
  buildSignedText,
  formatSignatureHeader,
  parseSignatureHeader,
  signTextAsync,
  verifyText,
  type PayRequest,
} from '../../protocol/index.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { MerchantRegistry } from './merchant-registry.js';
import type { SandboxSigner } from './sandbox-signer.js';

export interface StartPaymentInput {
  clientId: string;
  /** KRW, whole won, digits only */
  amount: string;
  /** absent: the buyer picks a brand on the brand page */
  cardBrand?: string | undefined;
  notifyUrl?: string | undefined;
  redirectUrl?: string | undefined;
  orderDescription?: string | undefined;
  referenceOrderId?: string | undefined;
}

export interface StartedPayment {
  request: { method: 'POST'; url: string; path: string; headers: Record<string, string>; body: PayRequest };
  response: { status: number; headers: Record<string, string>; body: unknown };
  /** the response signature checked with the sandbox's public key, as a merchant's SDK does */
  verified: { ok: boolean; reason?: string };
  paymentId: string | null;
  normalUrl: string | null;
}

/** The sandbox cannot start a payment for this merchant: it does not hold its private key. */
export class NoPrivateKeyError extends Error {}
/** The sandbox's own Antom API did not answer (a scenario fault such as noAnswer, or a timeout). */
export class SelfCallError extends Error {}

const SELF_CALL_TIMEOUT_MS = 10_000;

/**
 * Starts a payment as a merchant would: a real pay body, signed with the merchant's private
 * key, sent over HTTP to the sandbox's own Antom API (so it is verified, bent by scenarios and
 * journaled like any merchant call), and the signed answer verified. The control page uses it.
 */
export class PaymentStarter {
  readonly #merchants: MerchantRegistry;
  readonly #signer: SandboxSigner;
  readonly #clock: VirtualClock;
  /** where the sandbox itself listens (loopback), and the certificate to trust with --tls */
  readonly #selfUrl: () => string;
  readonly #ca: string | undefined;
  /** the public URL, for a default redirect back to the control page */
  readonly #publicUrl: () => string;
  readonly #startedHere = new Set<string>();
  // undici is loaded at the first use, not at start-up (design.md: healthy in ≤ 300 ms)
  #http: Promise<{ agent: Agent; request: typeof import('undici').request }> | undefined;

  constructor(deps: { merchants: MerchantRegistry; signer: SandboxSigner; clock: VirtualClock; selfUrl: () => string; publicUrl: () => string; ca?: string | undefined }) {
    this.#merchants = deps.merchants;
    this.#signer = deps.signer;
    this.#clock = deps.clock;
    this.#selfUrl = deps.selfUrl;
    this.#publicUrl = deps.publicUrl;
    this.#ca = deps.ca;
  }

  /** True once for a pay this starter sent: the payment's first event names the control page. */
  takeStartedHere(clientId: string, paymentRequestId: string): boolean {
    return this.#startedHere.delete(`${clientId}\n${paymentRequestId}`);
  }

  async start(input: StartPaymentInput): Promise<StartedPayment> {
    const merchant = this.#merchants.get(input.clientId);
    if (!merchant) throw new NoPrivateKeyError(`No merchant ${input.clientId}; register it with POST /_sandbox/api/merchants {clientId, publicKey, privateKey}.`);
    if (!merchant.privateKey) {
      throw new NoPrivateKeyError(
        `The sandbox does not hold the private key of ${input.clientId}, so it cannot sign a pay request as that merchant: register the merchant again with POST /_sandbox/api/merchants {clientId, publicKey, privateKey}.`,
      );
    }
    const now = this.#clock.now();
    const id = `PAGE-${now}-${randomBytes(4).toString('hex')}`;
    const amount = { currency: 'KRW', value: input.amount };
    const body: PayRequest = {
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: id,
      order: { orderAmount: amount, referenceOrderId: input.referenceOrderId ?? `ORDER-${id}`, orderDescription: input.orderDescription ?? 'Started from the control page' },
      paymentAmount: amount,
      paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: true, ...(input.cardBrand ? { selectedCardBrand: input.cardBrand } : {}) } },
      paymentFactor: { isAuthorization: true },
      paymentRedirectUrl: input.redirectUrl ?? `${this.#publicUrl()}/_sandbox`,
      ...(input.notifyUrl ? { paymentNotifyUrl: input.notifyUrl } : {}),
      env: { terminalType: 'WEB' },
    };
    const text = JSON.stringify(body);
    const path = apiPathForClient('pay', input.clientId);
    const time = String(now);
    const signature = formatSignatureHeader(await signTextAsync(buildSignedText({ method: 'POST', path, clientId: input.clientId, time, body: text }), merchant.privateKey));
    const headers = { 'content-type': 'application/json; charset=UTF-8', 'client-id': input.clientId, 'request-time': time, signature };
    const url = `${this.#selfUrl()}${path}`;

    const { agent, request } = await this.#httpClient();
    const key = `${input.clientId}\n${id}`;
    this.#startedHere.add(key);
    let status: number;
    let responseHeaders: Record<string, string>;
    let responseText: string;
    try {
      const response = await request(url, { method: 'POST', dispatcher: agent, headers, body: text, signal: AbortSignal.timeout(SELF_CALL_TIMEOUT_MS) });
      status = response.statusCode;
      responseHeaders = flatHeaders(response.headers);
      responseText = await response.body.text();
    } catch (error) {
      const err = error as Error & { code?: string };
      const why = err.name === 'TimeoutError' || err.name === 'AbortError' ? `no answer within ${SELF_CALL_TIMEOUT_MS / 1000} s` : `${err.code ?? err.name}: ${err.message}`;
      throw new SelfCallError(`The sandbox's own pay endpoint ${path} did not answer (${why}); a scenario rule or magic amount (e.g. 9999) may hold it back. The request is in the journal.`);
    } finally {
      this.#startedHere.delete(key);
    }
    let parsed: unknown = responseText;
    try {
      parsed = JSON.parse(responseText);
    } catch {
      // not JSON (e.g. a scenario's HTTP 5xx page): shown as text
    }
    const answer = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { paymentId?: string; normalUrl?: string };
    return {
      request: { method: 'POST', url, path, headers, body },
      response: { status, headers: responseHeaders, body: parsed },
      verified: this.#verify(path, input.clientId, responseHeaders, responseText),
      paymentId: answer.paymentId ?? null,
      normalUrl: answer.normalUrl ?? null,
    };
  }

  async close(): Promise<void> {
    if (this.#http) await (await this.#http).agent.destroy().catch(() => undefined);
  }

  #verify(path: string, clientId: string, headers: Record<string, string>, text: string): { ok: boolean; reason?: string } {
    const time = headers['response-time'];
    const header = headers.signature;
    if (!time || !header) return { ok: false, reason: 'the response has no response-time or signature header' };
    if (headers['client-id'] !== clientId) return { ok: false, reason: `the response is for client-id "${headers['client-id']}"` };
    try {
      const { signature } = parseSignatureHeader(header);
      const ok = verifyText(buildSignedText({ method: 'POST', path, clientId, time, body: text }), signature, this.#signer.publicKey);
      return ok ? { ok } : { ok, reason: "the signature does not verify with the sandbox's public key" };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }

  #httpClient(): Promise<{ agent: Agent; request: typeof import('undici').request }> {
    this.#http ??= import('undici').then(({ Agent, request }) => ({
      agent: new Agent({ keepAliveTimeout: 4_000, connect: this.#ca ? { ca: this.#ca } : {} }),
      request,
    }));
    return this.#http;
  }
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
