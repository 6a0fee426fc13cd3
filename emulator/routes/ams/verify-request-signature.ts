import { buildSignedText, parseSignatureHeader, SignatureHeaderError, verifyTextAsync } from '../../../protocol/index.js';
import { AntomError } from '../../../protocol/index.js';
import type { MerchantRegistry } from '../../services/merchant-registry.js';

export interface VerificationVerdict {
  clientId: string;
  verdict: 'VALID' | 'SKIPPED' | 'INVALID' | 'MISSING' | 'UNKNOWN_CLIENT';
  /** for a failed check: the exact text the sandbox expected the merchant to sign */
  expectedSignedText?: string;
  keyUsed?: string;
  error?: AntomError;
}

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The client id of a request, or '' when absent or not printable ASCII. Antom's client ids are
 * ASCII; anything else would come back in the response's client-id header as bytes an SDK may
 * decode differently from the text the response signature covers.
 */
export function clientIdOf(headers: Headers): string {
  const value = header(headers, 'client-id')?.trim() ?? '';
  return /^[\x21-\x7e]*$/.test(value) ? value : '';
}

/**
 * Checks a request's signature (protocol §2) against the public key registered for its
 * client id. Returns a verdict instead of throwing, so the journal can show why it failed. The
 * RSA check itself runs on libuv's pool (protocol/signing.ts).
 */
export async function verifyRequestSignature(input: {
  method: string;
  path: string;
  headers: Headers;
  rawBody: Buffer;
  merchants: MerchantRegistry;
  acceptAnyClient: boolean;
}): Promise<VerificationVerdict> {
  // Node lower-cases incoming header names, so `Client-Id` and `client-id` both land here
  const rawClientId = header(input.headers, 'client-id')?.trim();
  const clientId = clientIdOf(input.headers);
  const time = header(input.headers, 'request-time')?.trim();
  const signatureHeader = header(input.headers, 'signature');
  if (input.acceptAnyClient) return { clientId: clientId || 'ANONYMOUS_CLIENT', verdict: 'SKIPPED' };
  if (rawClientId && !clientId) {
    return { clientId: '', verdict: 'UNKNOWN_CLIENT', error: new AntomError('CLIENT_INVALID', 'client-id: must be printable ASCII, the client id Antom gave you.') };
  }

  const missing = [!clientId && 'client-id', !time && 'request-time', !signatureHeader && 'signature'].filter(Boolean);
  if (missing.length > 0) {
    return {
      clientId: clientId ?? '',
      verdict: 'MISSING',
      error: new AntomError('INVALID_SIGNATURE', `Missing request header(s): ${missing.join(', ')}. Sign every request (protocol: "<METHOD> <path>\\n<client-id>.<request-time>.<body>").`),
    };
  }
  const merchant = input.merchants.get(clientId!);
  if (!merchant) {
    return {
      clientId: clientId!,
      verdict: 'UNKNOWN_CLIENT',
      error: new AntomError('CLIENT_INVALID', `Client id "${clientId}" is not registered. Register its public key (POST /_sandbox/api/merchants or --merchant), or start with --accept-any-client.`),
    };
  }
  const signedText = buildSignedText({ method: input.method, path: input.path, clientId: clientId!, time: time!, body: input.rawBody });
  let valid = false;
  let problem = 'the signature does not match the public key registered for this client id';
  try {
    valid = await verifyTextAsync(signedText, parseSignatureHeader(signatureHeader!).signature, merchant.publicKey);
  } catch (error) {
    if (!(error instanceof SignatureHeaderError)) throw error;
    problem = error.message;
  }
  if (valid) return { clientId: clientId!, verdict: 'VALID' };
  return {
    clientId: clientId!,
    verdict: 'INVALID',
    expectedSignedText: signedText.toString('utf8'),
    keyUsed: merchant.publicKeyPem,
    error: new AntomError(
      'INVALID_SIGNATURE',
      `Invalid signature: ${problem}. Sign "${input.method} ${input.path}\\n${clientId}.<request-time>.<raw body>" exactly as sent (do not re-serialise the JSON); the request journal shows the expected text.`,
    ),
  };
}
