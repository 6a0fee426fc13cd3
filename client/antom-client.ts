import type { KeyObject } from 'node:crypto';
import { Pool } from 'undici';
import type { z } from 'zod';
import {
  apiPath,
  buildSignedText,
  cancelRequestSchema,
  cancelResponseSchema,
  describeIssue,
  inquiryPaymentRequestSchema,
  inquiryPaymentResponseSchema,
  inquiryRefundRequestSchema,
  inquiryRefundResponseSchema,
  loadPrivateKey,
  loadPublicKey,
  parseSignatureHeader,
  payRequestSchema,
  payResponseSchema,
  refundRequestSchema,
  refundResponseSchema,
  resultOnlyResponseSchema,
  verifyText,
  type AntomApi,
  type CancelRequest,
  type CancelResponse,
  type InquiryPaymentRequest,
  type InquiryPaymentResponse,
  type InquiryRefundRequest,
  type InquiryRefundResponse,
  type PayRequest,
  type PayResponse,
  type RefundRequest,
  type RefundResponse,
  type WireResult,
} from '../protocol/index.js';
import { AntomClientError, errorFromResult, SignatureError, TransportError, UnknownOutcomeError, ValidationError } from './errors.js';
import { signRequest } from './request-signing.js';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from './retry-policy.js';

type KeyInput = string | Buffer | KeyObject;

export interface AntomClientOptions {
  /** e.g. https://open-sea-global.alipay.com, or the sandbox's http://localhost:4180 */
  gatewayUrl: string;
  clientId: string;
  /** the merchant's private key: PEM or bare base64 (PKCS#8 / PKCS#1), or a KeyObject */
  privateKey: KeyInput;
  /** Antom's public key, which signs every response: PEM or bare base64 (SPKI), or a KeyObject */
  antomPublicKey: KeyInput;
  /** use /ams/sandbox/api paths; default: when clientId starts with SANDBOX_, as the official SDKs do */
  sandboxPaths?: boolean;
  /** connect timeout and whole-request timeout (ms) */
  timeouts?: { connectMs?: number; requestMs?: number };
  /** retries on U results and transport errors (same body, same request id); false = none */
  retry?: Partial<RetryPolicy> | false;
  /** keep-alive connections in the pool */
  connections?: number;
  /** the request-time header value; default epoch milliseconds, as the Java and Go SDKs send */
  requestTime?: () => string;
  /** for tests: randomness of the jitter, and the wait between attempts */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** observes every attempt (api, attempt number from 1, the exact body sent) */
  onAttempt?: (attempt: { api: AntomApi; attempt: number; body: string }) => void;
}

/** One signed exchange as it happened, uninterpreted: for tools that show what came back. */
export interface AntomExchange {
  api: AntomApi;
  /** the path that was signed and posted */
  path: string;
  /** the signed headers that were sent */
  requestHeaders: Record<string, string>;
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** the raw response body */
  text: string;
  /** the response signature checked with Antom's public key: undefined when it verifies, else why not */
  signatureProblem: string | undefined;
}

/** One API's wire contract, as the client needs it. */
interface ApiSpec<Req, Res extends { result: WireResult }> {
  api: AntomApi;
  request: z.ZodType<unknown, Req>;
  response: z.ZodType<Res>;
  /** the API's own U answer that is a normal state, returned rather than retried */
  inProcessCode?: string;
}

const PAY: ApiSpec<PayRequest, PayResponse> = { api: 'pay', request: payRequestSchema, response: payResponseSchema, inProcessCode: 'PAYMENT_IN_PROCESS' };
const INQUIRY_PAYMENT: ApiSpec<InquiryPaymentRequest, InquiryPaymentResponse> = { api: 'inquiryPayment', request: inquiryPaymentRequestSchema, response: inquiryPaymentResponseSchema };
const CANCEL: ApiSpec<CancelRequest, CancelResponse> = { api: 'cancel', request: cancelRequestSchema, response: cancelResponseSchema };
const REFUND: ApiSpec<RefundRequest, RefundResponse> = { api: 'refund', request: refundRequestSchema, response: refundResponseSchema, inProcessCode: 'REFUND_IN_PROCESS' };
const INQUIRY_REFUND: ApiSpec<InquiryRefundRequest, InquiryRefundResponse> = { api: 'inquiryRefund', request: inquiryRefundRequestSchema, response: inquiryRefundResponseSchema };

/**
 * The reference Antom client: signs every request, verifies every response signature with
 * Antom's public key and refuses anything unverified (fail closed), returns typed results and
 * throws the errors of errors.ts.
 *
 * Retries: all five calls are idempotent in Antom's contract, so all are retried on U results
 * and transport errors, re-sending the very same body: pay by paymentRequestId and refund by
 * refundRequestId (protocol §6: a repeat returns the stored answer), cancel because a repeated
 * cancel answers the same SUCCESS (§5), inquiries because they only read. A bad response
 * signature is never retried: it is not a transient fault.
 */
export class AntomClient {
  readonly clientId: string;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly privateKey: KeyObject;
  private readonly antomPublicKey: KeyObject;
  private readonly sandboxPaths: boolean;
  private readonly requestTimeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly options: AntomClientOptions;

  constructor(options: AntomClientOptions) {
    const url = URL.canParse(options.gatewayUrl) ? new URL(options.gatewayUrl) : undefined;
    if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
      throw new ValidationError(`gatewayUrl "${options.gatewayUrl}" is not an absolute http(s) URL such as http://localhost:4180.`);
    }
    if (!options.clientId) throw new ValidationError('clientId is required.');
    this.options = options;
    this.clientId = options.clientId;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.privateKey = loadPrivateKey(options.privateKey);
    this.antomPublicKey = loadPublicKey(options.antomPublicKey);
    this.sandboxPaths = options.sandboxPaths ?? options.clientId.startsWith('SANDBOX_');
    this.requestTimeoutMs = options.timeouts?.requestMs ?? 15_000;
    this.retry = options.retry === false ? { ...DEFAULT_RETRY_POLICY, maxRetries: 0 } : { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 10,
      keepAliveTimeout: 30_000,
      connect: { timeout: options.timeouts?.connectMs ?? 5_000 },
      headersTimeout: this.requestTimeoutMs,
      bodyTimeout: this.requestTimeoutMs,
    });
  }

  /** Answers PAYMENT_IN_PROCESS (U) with normalUrl on success: send the buyer there. */
  pay(request: PayRequest): Promise<PayResponse> {
    return this.call(PAY, request);
  }

  /** `result` says whether the inquiry worked; `paymentStatus` says what the payment did. */
  inquiryPayment(request: InquiryPaymentRequest): Promise<InquiryPaymentResponse> {
    return this.call(INQUIRY_PAYMENT, request);
  }

  /** Only before authorization; afterwards DeclinedError ORDER_STATUS_INVALID: refund instead. */
  cancel(request: CancelRequest): Promise<CancelResponse> {
    return this.call(CANCEL, request);
  }

  /** SUCCESS, or REFUND_IN_PROCESS (U) returned as a result: inquire later. */
  refund(request: RefundRequest): Promise<RefundResponse> {
    return this.call(REFUND, request);
  }

  inquiryRefund(request: InquiryRefundRequest): Promise<InquiryRefundResponse> {
    return this.call(INQUIRY_REFUND, request);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async call<Req, Res extends { result: WireResult }>(spec: ApiSpec<Req, Res>, request: Req): Promise<Res> {
    const checked = spec.request.safeParse(request);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ValidationError(`${spec.api}: ${issue ? describeIssue(issue, request) : 'invalid request'}`, { api: spec.api });
    }
    // one body for every attempt: a retry must be the same request, with the same request id
    const body = JSON.stringify(request);
    let lastError: AntomClientError | undefined;
    for (let attempt = 0; attempt <= this.retry.maxRetries; attempt += 1) {
      if (attempt > 0) await (this.options.sleep ?? sleep)(backoffDelayMs(this.retry, attempt - 1, this.options.random));
      this.options.onAttempt?.({ api: spec.api, attempt: attempt + 1, body });
      try {
        const response = await this.send(spec, body);
        if (response.result.resultStatus === 'S' || response.result.resultCode === spec.inProcessCode) return response;
        const error = errorFromResult(spec.api, response.result);
        if (!(error instanceof UnknownOutcomeError)) throw error;
        lastError = error;
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        lastError = error;
      }
    }
    throw lastError!;
  }

  /**
   * One signed POST of `body` (sent as is: no validation, no retry) and the verdict on the
   * response signature, for tools that print what came back (`antom-sandbox call`). Throws
   * only a TransportError when no answer arrives.
   */
  async exchange(api: AntomApi, body: string): Promise<AntomExchange> {
    const path = `${this.basePath}${apiPath(api, this.sandboxPaths)}`;
    const requestHeaders = {
      'content-type': 'application/json; charset=UTF-8',
      ...signRequest({ clientId: this.clientId, privateKey: this.privateKey, path, body, time: this.options.requestTime?.() ?? String(Date.now()) }),
    };
    let statusCode: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const response = await this.pool.request({ path, method: 'POST', headers: requestHeaders, body, signal: AbortSignal.timeout(this.requestTimeoutMs) });
      statusCode = response.statusCode;
      headers = response.headers;
      text = await response.body.text();
    } catch (error) {
      throw new TransportError(`${api}: no answer from ${path}: ${(error as Error).message}`, { api, cause: error });
    }
    let signatureProblem: string | undefined;
    try {
      this.verifyResponse(api, path, headers, text);
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      signatureProblem = error.message;
    }
    return { api, path, requestHeaders, statusCode, headers, text, signatureProblem };
  }

  /** One signed exchange; returns a verified, typed response or throws. */
  private async send<Res extends { result: WireResult }>(spec: ApiSpec<unknown, Res>, body: string): Promise<Res> {
    const { statusCode, text, signatureProblem } = await this.exchange(spec.api, body);
    // Antom answers every business outcome with HTTP 200; anything else is a transport failure
    if (statusCode !== 200) throw new TransportError(`${spec.api}: HTTP ${statusCode} from the gateway.`, { api: spec.api, httpStatus: statusCode });
    if (signatureProblem) throw new SignatureError(signatureProblem, { api: spec.api, side: 'response' });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ValidationError(`${spec.api}: the signed response is not JSON.`, { api: spec.api });
    }
    const envelope = resultOnlyResponseSchema.safeParse(json);
    if (!envelope.success) throw new ValidationError(`${spec.api}: the response has no valid "result" object.`, { api: spec.api });
    // failures carry only what they carry; only a successful answer must match the full shape
    if (envelope.data.result.resultStatus !== 'S' && envelope.data.result.resultCode !== spec.inProcessCode) return json as Res;
    const parsed = spec.response.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ValidationError(`${spec.api}: unexpected response: ${issue ? describeIssue(issue, json) : 'wrong shape'}`, { api: spec.api, result: envelope.data.result });
    }
    return parsed.data;
  }

  /** protocol §2: verify the raw body as received, over the request's method and path. */
  private verifyResponse(api: AntomApi, path: string, headers: Record<string, string | string[] | undefined>, text: string): void {
    const header = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const clientId = header('client-id');
    const time = header('response-time');
    const signatureHeader = header('signature');
    const missing = [!clientId && 'client-id', !time && 'response-time', !signatureHeader && 'signature'].filter(Boolean);
    if (missing.length > 0) throw new SignatureError(`${api}: the response lacks the ${missing.join(', ')} header(s); refusing it.`, { api, side: 'response' });
    if (clientId !== this.clientId) throw new SignatureError(`${api}: the response is for client-id "${clientId}", not "${this.clientId}".`, { api, side: 'response' });
    let signature: string;
    try {
      signature = parseSignatureHeader(signatureHeader!).signature;
    } catch (error) {
      throw new SignatureError(`${api}: ${(error as Error).message}`, { api, side: 'response', cause: error });
    }
    const signed = buildSignedText({ method: 'POST', path, clientId: clientId!, time: time!, body: text });
    if (!verifyText(signed, signature, this.antomPublicKey)) {
      throw new SignatureError(`${api}: the response signature does not verify with Antom's public key; refusing it (is antomPublicKey the gateway's key?).`, { api, side: 'response' });
    }
  }
}
