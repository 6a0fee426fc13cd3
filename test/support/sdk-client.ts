import type { KeyObject } from 'node:crypto';
import type { ReceivedNotification } from './notification-receiver.js';
import { rawRequest, type RawRequest, type RawResponse } from './sdk-raw-http.js';
import { loadAntomPublicKey, sdkSignatureHeader, verifySdkText, type SdkProfile } from './sdk-profiles.js';

/** the SDK's exception: the call failed inside the SDK, the merchant's code never sees a result */
export class SdkError extends Error {
  override name = 'SdkError';
}

export interface SdkClientConfig {
  /** where the sandbox listens (the SDK's gateway URL; Python's is https://<host>, port 443) */
  origin: string;
  ca?: string;
  clientId: string;
  /** merchantPrivateKey as configured in the SDK (bare base64 in the profile's form) */
  merchantPrivateKey: string;
  /** "Antom public key": the sandbox's, bare base64 SPKI */
  antomPublicKey: string;
  /** what puts the request on the wire: a bare socket by default, or the SDK's own runtime (sdk-python-http.ts) */
  transport?: (request: RawRequest) => Promise<RawResponse>;
}

export interface SdkCallResult {
  body: any;
  /** the signed path the SDK used (and verified the answer over) */
  path: string;
  rawBody: string;
}

/**
 * One official SDK's `execute(request)`, as its profile describes it: the key read its way, the
 * sandbox path for a `SANDBOX_` client id, the request written its way over a bare socket, and
 * the answer accepted only if the SDK would accept it (HTTP 200, headers found its way,
 * signature verified its way).
 */
export class SdkWireClient {
  readonly #privateKey: KeyObject;
  readonly #antomKey: KeyObject;

  constructor(readonly profile: SdkProfile, readonly config: SdkClientConfig) {
    try {
      this.#privateKey = profile.loadPrivateKey(config.merchantPrivateKey);
    } catch (error) {
      throw new SdkError(`${profile.sdk}: cannot read merchantPrivateKey: ${(error as Error).message}`);
    }
    this.#antomKey = loadAntomPublicKey(config.antomPublicKey);
  }

  async execute(api: string, request: unknown, options: { signWith?: KeyObject } = {}): Promise<SdkCallResult> {
    const { profile, config } = this;
    // every SDK swaps /ams/api for /ams/sandbox/api when the client id starts with SANDBOX_
    const path = `/ams/${config.clientId.startsWith('SANDBOX_') ? 'sandbox/' : ''}api/v1/payments/${api}`;
    const body = profile.serialize(request);
    const time = profile.requestTime(new Date());
    const signatureHeader = sdkSignatureHeader(profile, { method: 'POST', path, clientId: config.clientId, time, body, privateKey: options.signWith ?? this.#privateKey });
    const gateway = profile.transport === 'https' ? `https://${new URL(config.origin).hostname}` : config.origin;
    const response = await (config.transport ?? rawRequest)({
      origin: config.origin,
      ...(config.ca ? { ca: config.ca } : {}),
      target: profile.requestTarget === 'absolute' ? `${gateway}${path}` : path,
      headers: profile.headers({ clientId: config.clientId, time, signatureHeader }),
      ...(profile.headerSeparator ? { separator: profile.headerSeparator } : {}),
      body: profile.bodyBytes(body),
    });
    if (response.status !== 200) throw new SdkError(`${profile.sdk}: HTTP ${response.status}`);
    const read = profile.readResponse(response, config.clientId);
    // Java and PHP would return such an answer unverified; the sandbox must always give them one to verify
    if (!read) throw new SdkError(`${profile.sdk}: response headers not found its way: ${response.headerBlock}`);
    const text = `POST ${profile.verifiedPath(path)}\n${read.clientId}.${read.time}.${response.body}`;
    if (!verifySdkText(text, profile.decodeSignature(read.signature), this.#antomKey)) {
      throw new SdkError(`${profile.sdk}: response signature verify failed over "${text.split('\n')[0]}"`);
    }
    return { body: JSON.parse(response.body), path, rawBody: response.body };
  }

  /** the SDK's notification check (its webhook helper, or its verify function where it has none) */
  verifyNotification(notification: ReceivedNotification): boolean {
    const header = (name: string) => {
      const value = notification.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const signature = this.profile.notificationSignature(header('signature') ?? '');
    // the merchant passes its endpoint's path without the query (getRequestURI, r.URL.Path, request.path)
    const path = notification.path.split('?')[0]!;
    const text = `POST ${path}\n${header('client-id')}.${header('request-time')}.${notification.body}`;
    return verifySdkText(text, this.profile.decodeSignature(signature), this.#antomKey);
  }
}
