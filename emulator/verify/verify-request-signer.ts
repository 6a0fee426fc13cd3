import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { buildSignedText, formatSignatureHeader, signedPathOf, signText } from '../../protocol/index.js';

/** The parts of Express's request that Pact's verification proxy hands to a request filter. */
export type ProxiedRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

/**
 * A Pact `requestFilter` that re-signs every replayed request with a real merchant key.
 *
 * A pact can only pin the *format* of the `signature` header: the value recorded by the consumer
 * was made at another time, over another body. So, just before the verifier's request reaches
 * the sandbox, this replaces `client-id`, `request-time` and `signature` with a fresh signature
 * over the exact bytes Pact's proxy will forward (protocol §2). The sandbox then checks the
 * signature as it checks any merchant's, instead of being started with --accept-any-client.
 */
export function createRequestSigner(options: { clientId: string; privateKey: KeyObject; now?: () => number }) {
  const now = options.now ?? Date.now;
  return (req: ProxiedRequest, _res: unknown, next: () => void): void => {
    // only Antom API calls are signed; provider-state and message set-up calls pass through
    const path = signedPathOf(req.originalUrl ?? req.url ?? '/');
    if (!path.startsWith('/ams/')) return next();
    const body = forwardedBody(req.body);
    const time = String(now());
    const text = buildSignedText({ method: req.method ?? 'POST', path, clientId: options.clientId, time, body });
    req.headers['client-id'] = options.clientId;
    req.headers['request-time'] = time;
    req.headers.signature = formatSignatureHeader(signText(text, options.privateKey));
    // the proxy forwards the body it re-serialised; keep the length header true to it
    req.headers['content-length'] = String(body.length);
    next();
  };
}

/** The bytes Pact's proxy forwards (its parseBody): the raw buffer, or parsed JSON serialised again. */
function forwardedBody(body: unknown): Buffer {
  if (!body) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'object') return Buffer.from(JSON.stringify(body));
  return Buffer.alloc(0);
}
