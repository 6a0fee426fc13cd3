import type { KeyObject } from 'node:crypto';
import { buildSignedText, formatSignatureHeader, signText } from '../protocol/index.js';

/** The three headers that make an Antom request signed (protocol §2). */
export interface SignedRequestHeaders {
  'client-id': string;
  'request-time': string;
  signature: string;
}

/**
 * Signs one request as a merchant: `POST <path>\n<client-id>.<request-time>.<body>` with the
 * merchant's private key. The reference client signs every call here, and `antom-sandbox sign`
 * prints the same headers for curl users, so there is one merchant-side signer.
 */
export function signRequest(input: { clientId: string; privateKey: KeyObject; path: string; body: string; time: string }): SignedRequestHeaders {
  const text = buildSignedText({ method: 'POST', path: input.path, clientId: input.clientId, time: input.time, body: input.body });
  return {
    'client-id': input.clientId,
    'request-time': input.time,
    signature: formatSignatureHeader(signText(text, input.privateKey)),
  };
}
