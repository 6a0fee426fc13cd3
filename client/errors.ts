import type { AntomApi, ResultStatus, WireResult } from '../protocol/index.js';

/**
 * The reference client's error hierarchy: one class per way a caller branches (style.md §8).
 * Every error carries the Antom result code and status when the gateway gave one.
 */
export class AntomClientError extends Error {
  override name = 'AntomClientError';
  readonly api: AntomApi | undefined;
  readonly resultCode: string | undefined;
  readonly resultStatus: ResultStatus | undefined;
  /** the full wire result, when a (verified) response carried one */
  readonly result: WireResult | undefined;

  constructor(message: string, details: { api?: AntomApi; result?: WireResult; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.api = details.api;
    this.result = details.result;
    this.resultCode = details.result?.resultCode;
    this.resultStatus = details.result?.resultStatus;
  }
}

/**
 * A signature failed. `side: 'response'`: the gateway's answer did not verify with Antom's
 * public key, so the client refuses it (fail closed). `side: 'request'`: the gateway rejected
 * our signature (INVALID_SIGNATURE, CLIENT_INVALID, KEY_NOT_FOUND): check the client id and key.
 * `side: 'notification'`: a notification did not verify; do not act on it.
 */
export class SignatureError extends AntomClientError {
  override name = 'SignatureError';
  readonly side: 'request' | 'response' | 'notification';

  constructor(message: string, details: { api?: AntomApi; result?: WireResult; side: 'request' | 'response' | 'notification'; cause?: unknown }) {
    super(message, details);
    this.side = details.side;
  }
}

/** A final business failure (resultStatus F): declined, order invalid, amount exceeded... */
export class DeclinedError extends AntomClientError {
  override name = 'DeclinedError';
}

/**
 * The outcome is unknown (resultStatus U that is not the API's normal "in process" answer, still
 * U after every retry). Never treat it as a failure: inquire, or retry the same request id.
 */
export class UnknownOutcomeError extends AntomClientError {
  override name = 'UnknownOutcomeError';
}

/** A request the client refused to send, a PARAM_ILLEGAL answer, or a response of the wrong shape. */
export class ValidationError extends AntomClientError {
  override name = 'ValidationError';
}

/**
 * No usable answer: connection refused or dropped, timeout, HTTP status other than 200. Like
 * UnknownOutcomeError, the request may or may not have taken effect: retry the same request id.
 */
export class TransportError extends AntomClientError {
  override name = 'TransportError';
  readonly httpStatus: number | undefined;

  constructor(message: string, details: { api?: AntomApi; httpStatus?: number; cause?: unknown } = {}) {
    super(message, details);
    this.httpStatus = details.httpStatus;
  }
}

/** Result codes meaning "the gateway refused our credentials", not a business decline. */
const REQUEST_SIGNATURE_CODES = new Set(['INVALID_SIGNATURE', 'CLIENT_INVALID', 'KEY_NOT_FOUND', 'ACCESS_DENIED']);

/** The one factory from a verified, non-successful wire result to the error a caller branches on. */
export function errorFromResult(api: AntomApi, result: WireResult): AntomClientError {
  const text = `${api}: ${result.resultCode} (${result.resultStatus}): ${result.resultMessage}`;
  if (result.resultStatus === 'U') return new UnknownOutcomeError(text, { api, result });
  if (result.resultCode === 'PARAM_ILLEGAL') return new ValidationError(text, { api, result });
  if (REQUEST_SIGNATURE_CODES.has(result.resultCode)) return new SignatureError(text, { api, result, side: 'request' });
  if (result.resultStatus === 'F') return new DeclinedError(text, { api, result });
  return new AntomClientError(text, { api, result });
}
