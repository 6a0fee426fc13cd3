import { sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';

/**
 * The one signing scheme of requests, responses and notifications (protocol §2):
 *   <METHOD> <path>\n<client-id>.<time>.<body>
 * signed with RSA PKCS#1 v1.5 over SHA-256, base64, then URL-encoded in the header.
 * Everything here takes raw bytes and KeyObjects, nothing else: verify the raw body as it
 * arrived, never JSON that was parsed and serialised again.
 */
export interface SignedTextParts {
  method: string;
  path: string;
  clientId: string;
  time: string;
  body: string | Buffer;
}

export function buildSignedText(parts: SignedTextParts): Buffer {
  const head = Buffer.from(`${parts.method.toUpperCase()} ${parts.path}\n${parts.clientId}.${parts.time}.`, 'utf8');
  const body = typeof parts.body === 'string' ? Buffer.from(parts.body, 'utf8') : parts.body;
  return Buffer.concat([head, body]);
}

/** Signs synchronously; returns the standard base64 signature (not URL-encoded). */
export function signText(text: Buffer, privateKey: KeyObject): string {
  return cryptoSign('sha256', text, privateKey).toString('base64');
}

/** Signs on libuv's thread pool, so several signatures proceed on several cores. */
export function signTextAsync(text: Buffer, privateKey: KeyObject): Promise<string> {
  return new Promise((resolve, reject) => {
    cryptoSign('sha256', text, privateKey, (error, signature) => {
      if (error) reject(error);
      else resolve(signature.toString('base64'));
    });
  });
}

export function verifyText(text: Buffer, base64Signature: string, publicKey: KeyObject): boolean {
  const signature = Buffer.from(base64Signature, 'base64');
  if (signature.length === 0) return false;
  try {
    return cryptoVerify('sha256', text, publicKey, signature);
  } catch {
    return false;
  }
}

/**
 * Verifies on libuv's thread pool, like `signTextAsync`: the event loop only hands the work over
 * (bench/pay: the event loop's time per pay fell by a quarter when the check moved here). False
 * for a malformed signature, as `verifyText`.
 */
export function verifyTextAsync(text: Buffer, base64Signature: string, publicKey: KeyObject): Promise<boolean> {
  const signature = Buffer.from(base64Signature, 'base64');
  if (signature.length === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      cryptoVerify('sha256', text, publicKey, signature, (error, valid) => resolve(!error && valid));
    } catch {
      resolve(false);
    }
  });
}

export interface SignatureHeader {
  algorithm: string;
  keyVersion: string | undefined;
  /** standard base64, URL-decoded */
  signature: string;
}

export class SignatureHeaderError extends Error {
  override name = 'SignatureHeaderError';
}

/**
 * Parses `algorithm=RSA256,keyVersion=1,signature=<url-encoded base64>` tolerantly: keys in any
 * order and case, spaces around separators, percent escapes in either case, or a signature
 * that was never URL-encoded at all.
 */
export function parseSignatureHeader(header: string): SignatureHeader {
  const fields = new Map<string, string>();
  for (const item of header.split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim().toLowerCase();
    const value = item.slice(eq + 1).trim();
    if (key) fields.set(key, value);
  }
  const raw = fields.get('signature');
  if (!raw) throw new SignatureHeaderError('The signature header has no "signature=" item.');
  let signature: string;
  try {
    signature = decodeURIComponent(raw);
  } catch {
    throw new SignatureHeaderError('The signature item is not valid URL-encoded base64.');
  }
  // a '+' that reached us unencoded may have been turned into a space on the way
  signature = signature.replace(/ /g, '+');
  const algorithm = fields.get('algorithm') ?? 'RSA256';
  if (algorithm.toUpperCase() !== 'RSA256') {
    throw new SignatureHeaderError(`Unsupported signature algorithm "${algorithm}"; use RSA256.`);
  }
  return { algorithm: 'RSA256', keyVersion: fields.get('keyversion'), signature };
}

/** Writes the header exactly in the order the Java SDK reads (it takes the third item). */
export function formatSignatureHeader(base64Signature: string, keyVersion = '1'): string {
  return `algorithm=RSA256,keyVersion=${keyVersion},signature=${encodeURIComponent(base64Signature)}`;
}

/** Headers a signed message carries, lower case as the Python SDK expects them. */
export interface SignedHeaders {
  'client-id': string;
  signature: string;
  [timeHeader: string]: string;
}

/** Signs a message and returns its headers; for tests and the reference client alike. */
export function signedHeadersForTest(options: {
  method?: string;
  path: string;
  clientId: string;
  time: string;
  body: string | Buffer;
  privateKey: KeyObject;
  timeHeader?: 'request-time' | 'response-time';
}): SignedHeaders {
  const text = buildSignedText({
    method: options.method ?? 'POST',
    path: options.path,
    clientId: options.clientId,
    time: options.time,
    body: options.body,
  });
  return {
    'client-id': options.clientId,
    [options.timeHeader ?? 'request-time']: options.time,
    signature: formatSignatureHeader(signText(text, options.privateKey)),
  };
}
